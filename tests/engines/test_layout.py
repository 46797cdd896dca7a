"""The checker's layout in every engine: a shown key is readable, with or without CSS field-sizing (WebKit has none)."""

from __future__ import annotations

from harness import API_KEY, CHECKER_PAGE

from .engine_steps import field, fill, open_checker, read, visible

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
