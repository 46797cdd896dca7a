"""Fixtures shared by every test folder: the built site and one Chromium, from ``harness``."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness import BuildError, build_site, chromium


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The site as the README's commands build it, once per test run."""
    try:
        return build_site(tmp_path_factory.mktemp("site"))
    except BuildError as error:
        pytest.fail(str(error))


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole run: Playwright's sync API allows one driver at a time."""
    from playwright.sync_api import sync_playwright

    try:
        chromium.executable()
    except chromium.ChromiumMissing as error:
        pytest.fail(str(error))
    with sync_playwright() as playwright:
        browser = chromium.launch(playwright)
        try:
            yield browser
        finally:
            browser.close()
