"""Fixtures shared by every test folder: the built site, one nginx serving it, and one Chromium, from ``harness``.

nginx serves the site twice: at ``/`` as ``mkdocs build`` makes it, and under
``/help/wix/`` as a sub-path deployment built with its own address. Its
access log holds every request, so tests can check server-side that no
request carried a typed value.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from harness import ROOT, SUBPATH, BuildError, Nginx, build_site, chromium


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


@pytest.fixture(scope="session")
def server(built_site, tmp_path_factory):
    """``/``: the site as ``mkdocs build`` makes it (no site_url). ``/help/wix/``: the
    same site deployed in a sub-path with its address configured.
    """
    with Nginx(built_site) as host:
        try:
            deployed = build_site(tmp_path_factory.mktemp("deployed"), site_url=host.url(mount=SUBPATH))
        except BuildError as error:
            pytest.fail(str(error))
        host.mount(SUBPATH, deployed)
        yield host


@pytest.fixture(scope="session")
def axe_source() -> str:
    return (ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text("utf-8")
