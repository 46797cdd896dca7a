"""Fixtures for the validator tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness import ROOT
from sitebuild.runtime import _wheel, stdlib

from .in_pyodide import NPM_PYODIDE


@pytest.fixture(scope="module")
def shipped_stdlib(tmp_path_factory) -> Path:
    """The standard library zip the site ships for this checker (the build's own function, cached)."""
    path = tmp_path_factory.mktemp("stdlib") / "python_stdlib.zip"
    path.write_bytes(stdlib.cut(NPM_PYODIDE, _wheel.build(ROOT / "validator")))
    return path
