"""One browser per engine for the session (Chromium, Firefox ESR, WebKitGTK), each with its own temporary
profile and recording proxy, against tests/conftest.py's nginx.

Every test here is parametrised over the three engines by the ``engine``
fixture, and marked with its engine's name: ``-m "not webkit"`` leaves WebKit out.
pytest runs all of one engine's tests before the next engine starts, so one
browser runs at a time.
"""

from __future__ import annotations

import pytest

from harness.engines import ENGINES, EngineMissing, launch


def _launch(request, name: str, **options):
    # Chromium runs in the suite's Playwright browser: Playwright's sync API allows one driver at a time.
    playwright_browser = request.getfixturevalue("browser") if name == "chromium" else None
    try:
        return launch(name, playwright_browser=playwright_browser, **options)
    except EngineMissing as error:
        pytest.fail(str(error))


@pytest.fixture(scope="session", params=[pytest.param(name, marks=getattr(pytest.mark, name)) for name in ENGINES])
def engine(request):
    """The session's browser of one engine; its ``proxy`` records what its tabs asked for."""
    browser = _launch(request, request.param)
    yield browser
    browser.close()


@pytest.fixture
def fresh_engine(request, engine):
    """A second browser of the same engine with an empty HTTP cache, for a first visit (closed after the test)."""
    browser = _launch(request, engine.name)
    yield browser
    browser.close()


@pytest.fixture
def fresh_non_chromium(request, engine):
    """As ``fresh_engine``, in Firefox and WebKit only: in Chromium the same test is in tests/browser, where
    Playwright does what these drivers cannot (go offline, stop service workers, contexts of one profile).
    """
    if engine.name == "chromium":
        pytest.skip("Chromium's is in tests/browser")
    return request.getfixturevalue("fresh_engine")


@pytest.fixture
def dark_engine(request, engine):
    """A second browser of the same engine on a system set to dark (closed after the test)."""
    browser = _launch(request, engine.name, color_scheme="dark")
    yield browser
    browser.close()


@pytest.fixture
def tab(engine):
    tab = engine.new_tab()
    yield tab
    tab.close()
