"""The checker's layout in every engine: a shown key is readable, with or without CSS field-sizing (WebKit has none),
and on a phone's width nothing scrolls sideways, the checker with its findings included.
"""

from __future__ import annotations

from harness import ACCOUNT_ID, API_KEY, CHECKER_PAGE, DASHBOARD_URL, PAGES
from harness.checker_page import expected_view
from harness.engines.base import Viewport

from .engine_steps import CHECKER, field, fill, open_checker, read, visible, wait_for_view

SHOW_KEY = "[data-cc-field=api_key] button[aria-pressed]"


def test_a_shown_key_is_readable_in_a_box_of_many_lines(tab, server):
    open_checker(tab, server.url(CHECKER_PAGE))
    fill(tab, api_key=API_KEY)
    tab.click(SHOW_KEY)
    box = tab.evaluate(
        """(selector) => {
      const key = document.querySelector(selector)
      const style = getComputedStyle(key)
      return { client: key.clientHeight, scroll: key.scrollHeight, line: parseFloat(style.lineHeight),
               max: style.maxHeight === "none" ? null : parseFloat(style.maxHeight) }
    }""",
        field("api_key"),
    )
    # The box grows with the wrapped key (up to the stylesheet's cap, a screenful of lines), not one line.
    assert box["client"] >= min(box["scroll"], box["max"] or box["scroll"]) - 2, box
    assert box["client"] >= 10 * box["line"], box
    assert read(tab)["fields"]["api_key"]["value"] == API_KEY
    assert visible(tab, field("api_key"))

    # Show key and Copy stay one line high at the box's top, not stretched down its many lines.
    rows = tab.evaluate(
        """() => [...document.querySelectorAll("[data-cc-field=api_key] .cc-row > *")].map((element) => {
      const { top, height } = element.getBoundingClientRect()
      return { tag: element.tagName, top, height }
    })"""
    )
    key, *buttons = rows
    assert [b["tag"] for b in buttons] == ["BUTTON", "BUTTON"], rows
    for button in buttons:
        assert abs(button["top"] - key["top"]) <= 2 and button["height"] <= 3 * box["line"], rows


PHONE: Viewport = {"width": 360, "height": 780}
SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
# The right edge of anything in the checker that sticks out past the page's width, as "tag.class: right".
PAST_THE_EDGE = """(selector) => [...document.querySelector(selector).querySelectorAll("*")]
  .filter((el) => el.checkVisibility() && el.getBoundingClientRect().right > innerWidth + 0.5)
  .map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${Math.round(el.getBoundingClientRect().right)}`)"""


def test_on_a_phone_no_page_and_no_finding_scrolls_sideways(engine, server):
    tab = engine.new_tab(viewport=PHONE)
    try:
        for path in PAGES:
            tab.goto(server.url(path))
            assert tab.evaluate("() => innerWidth") == PHONE["width"], "the window is not a phone's width"
            assert tab.evaluate(SIDEWAYS) <= 0, f"{path} scrolls sideways on a phone"
        # What merchants paste most, each with its finding and its Use button: long values in narrow boxes.
        open_checker(tab, server.url(CHECKER_PAGE))
        fill(tab, api_key="Bearer " + API_KEY, account_id=ACCOUNT_ID, site_id=DASHBOARD_URL)
        assert wait_for_view(
            tab,
            expected_view(
                {"api_key": "Bearer " + API_KEY, "account_id": ACCOUNT_ID, "site_id": DASHBOARD_URL}, server.url()
            ),
        )
        assert tab.evaluate(SIDEWAYS) <= 0, "the checker with findings scrolls sideways on a phone"
        assert tab.evaluate(PAST_THE_EDGE, CHECKER) == []
        tab.click(SHOW_KEY)
        assert tab.evaluate(SIDEWAYS) <= 0, "the shown key scrolls sideways on a phone"
        assert tab.evaluate(PAST_THE_EDGE, CHECKER) == []
    finally:
        tab.close()
