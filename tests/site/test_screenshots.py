"""Every page in headless Chromium at desktop and phone widths, served from a sub-path.

Screenshots go to build/screenshots/ for people to look at; the test asserts
what a phone user would notice: nothing wider than the screen, nothing
fetched from another host.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Request, Response

from harness import PAGES, ROOT, SUBPATH, Nginx, page_name

pytestmark = pytest.mark.browser

SHOTS = ROOT / "build" / "screenshots"
BY_NAME = {page_name(path): path for path in PAGES}


@pytest.fixture(scope="module")
def base_url(built_site):
    """The plain build (no site_url) served by nginx only under a sub-path: a root-absolute URL gets a 404."""
    with Nginx({SUBPATH: built_site}) as server:
        yield server.url(mount=SUBPATH)


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("name", BY_NAME)
def test_page_fits_the_screen_and_loads_only_its_own_files(browser, base_url, name, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    origin = urlsplit(base_url).netloc
    elsewhere: list[str] = []
    missing: list[str] = []  # a root-absolute URL would miss the sub-path and 404

    def on_request(r: Request) -> None:
        if urlsplit(r.url).netloc != origin and not r.url.startswith(("data:", "blob:")):
            elsewhere.append(r.url)

    def on_response(r: Response) -> None:
        if r.status >= 400:
            missing.append(f"{r.status} {r.url}")

    page.on("request", on_request)
    page.on("response", on_response)
    response = page.goto(base_url + BY_NAME[name], wait_until="load")
    assert response.status == 200
    assert page.locator("article h1").count() == 1

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert overflow <= 0, f"{name} is {overflow}px wider than a {width}px screen"
    assert not elsewhere
    assert not missing


@pytest.mark.parametrize("name", ["guide", "troubleshooting"])
def test_dark_palette_at_phone_width(browser, base_url, name):
    context = browser.new_context(viewport={"width": 360, "height": 800}, color_scheme="dark")
    page = context.new_page()
    page.goto(base_url + BY_NAME[name], wait_until="load")
    scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-360-dark.png"), full_page=True)
    context.close()
    assert scheme == "slate"
