"""The built site served by the real nginx with deploy/nginx.conf.template, and Debian's Chromium
driven by Playwright.

nginx serves the site twice: at ``/`` as ``mkdocs build`` makes it, and under
``/help/wix/`` as a sub-path deployment built with its own address. Its
access log holds every request, so tests can check server-side that no
request carried a typed value.
"""

from __future__ import annotations

import pytest
from browser_helpers import Tab, new_tab

from harness import ROOT, SUBPATH, BuildError, Nginx, build_site


@pytest.fixture(scope="session")
def server(built_site, tmp_path_factory):
    """``/``: the site as ``mkdocs build`` makes it (no site_url). ``/help/wix/``: the
    same site deployed in a sub-path with its address configured."""
    with Nginx(built_site) as host:
        try:
            deployed = build_site(tmp_path_factory.mktemp("deployed"), site_url=host.url(mount=SUBPATH))
        except BuildError as error:
            pytest.fail(str(error))
        host.mount(SUBPATH, deployed)
        yield host


@pytest.fixture
def open_tab(browser):
    """``open_tab(**context_options)`` → a Tab; closed after the test."""
    contexts = []

    def _open(*, init_scripts: tuple[str, ...] = (), **options) -> Tab:
        tab = new_tab(browser, init_scripts=init_scripts, **options)
        contexts.append(tab.context)
        return tab

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    return (ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text("utf-8")
