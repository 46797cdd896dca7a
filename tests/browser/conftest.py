"""The built site served on 127.0.0.1 by harness' server, and Debian's Chromium driven by Playwright.

The server mounts the site twice: at ``/`` as ``mkdocs build`` makes it, and
under ``/help/wix/`` as a sub-path deployment built with its own address. It
logs every request it answers, so tests can check server-side that no request
carried a typed value.
"""

from __future__ import annotations

import pytest
from browser_helpers import Tab, new_tab

from harness import ROOT, BuildError, StaticServer, build_site

SUBPATH = "/help/wix/"


@pytest.fixture(scope="session")
def server(built_site, tmp_path_factory):
    """``/``: the site as ``mkdocs build`` makes it (no site_url). ``/help/wix/``: the
    same site deployed in a sub-path with its address configured."""
    with StaticServer(built_site) as state:
        try:
            deployed = build_site(tmp_path_factory.mktemp("deployed"), site_url=state.url(mount=SUBPATH))
        except BuildError as error:
            pytest.fail(str(error))
        state.mount(SUBPATH, deployed)
        yield state


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
