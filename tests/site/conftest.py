"""Fixtures for the site tests."""

from __future__ import annotations

import pytest

from site_project import Project, copy_project


@pytest.fixture
def project(tmp_path) -> Project:
    return copy_project(tmp_path)
