"""Screenshots of the guide's checker with findings shown, for people to look at.

Written to build/screenshots/ (desktop and 360 px, light and dark). The test
also checks what a screenshot cannot: nothing overflows the 360 px viewport.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from harness import ACCOUNT_ID, API_KEY, SITE_ID

from .browser_helpers import checker, fill, wait_ready

pytestmark = pytest.mark.browser

OUT = Path(__file__).resolve().parents[2] / "build" / "screenshots"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "360px": {"width": 360, "height": 780}}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_screenshot_of_the_checker_with_findings(open_tab, server, size, scheme):
    tab = open_tab(viewport=VIEWPORTS[size], color_scheme=scheme)
    page = tab.page
    page.goto(server.url("guide/#check-your-values"))
    wait_ready(page)
    fill(
        page,
        api_key="Bearer " + API_KEY,
        account_id=ACCOUNT_ID,
        site_id=f"https://manage.wix.com/dashboard/{SITE_ID}/home",
    )
    page.get_by_role("button", name=f"Use {SITE_ID}").wait_for()
    page.get_by_role("button", name="Use the corrected key").wait_for()
    box = checker(page)
    # Nothing in the checker is wider than the page: no sideways scrolling at 360 px.
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"
    widest = box.evaluate(
        "(root) => Math.max(...[...root.querySelectorAll('*')].map((el) => el.getBoundingClientRect().right))"
    )
    assert widest <= VIEWPORTS[size]["width"]
    OUT.mkdir(parents=True, exist_ok=True)
    page.get_by_label("Site ID", exact=True).focus()  # a visible focus ring in the picture
    box.screenshot(path=str(OUT / f"checker-{size}-{scheme}.png"))
