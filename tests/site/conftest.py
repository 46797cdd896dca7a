"""Fixtures for the site tests."""

from __future__ import annotations

import pytest

from .site_project import BuiltCopy, Project, copy_project
from .writer_mistakes import make_mistakes


@pytest.fixture
def project(tmp_path) -> Project:
    return copy_project(tmp_path)


@pytest.fixture(scope="session")
def broken(tmp_path_factory) -> BuiltCopy:
    """One copy with seven writer's mistakes, built once by MkDocs."""
    p = copy_project(tmp_path_factory.mktemp("writer"))
    lines = make_mistakes(p)
    result = p.build()
    return BuiltCopy(p, lines, result.returncode, result.stdout + result.stderr)
