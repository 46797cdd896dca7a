"""Fixtures shared by every test folder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests/synthetic.py


def build_site(dest: Path, *, config: Path = ROOT / "mkdocs.yml") -> subprocess.CompletedProcess:
    """The real MkDocs build, strict, into ``dest``."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(dest)],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The site as the README's commands build it, once per test run."""
    dest = tmp_path_factory.mktemp("site")
    result = build_site(dest)
    if result.returncode != 0:
        pytest.fail(f"mkdocs build failed:\n{result.stdout}\n{result.stderr}")
    return dest


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole run: Playwright's sync API allows one driver at a time."""
    from playwright.sync_api import sync_playwright

    from chromium import CHROMIUM, LAUNCH_ARGS

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()
