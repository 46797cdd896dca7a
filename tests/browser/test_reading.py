"""Reading the pages as a merchant does: entry titles stand out, pictures load and fit a phone
in light and dark mode, a dark-mode phone gets the dark page from its first paint, and the 404
page's way into the search works.
"""

from __future__ import annotations

import pytest

from harness import PALETTE_LOG, palette_at_first_paint

pytestmark = pytest.mark.browser


def test_entry_titles_outweigh_their_labels(open_tab, server):
    page = open_tab(viewport={"width": 1280, "height": 900}).page
    page.goto(server.url("troubleshooting/#key-lost"))
    weights = page.evaluate("""() => {
      const title = document.getElementById("key-lost");
      const label = title.nextElementSibling.querySelector("dt");
      const style = (el) => getComputedStyle(el);
      return { title: [parseInt(style(title).fontWeight), parseFloat(style(title).fontSize)],
               label: [parseInt(style(label).fontWeight), parseFloat(style(label).fontSize)] };
    }""")
    assert weights["title"][0] >= weights["label"][0], weights
    assert weights["title"][1] > weights["label"][1] * 1.3, weights


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pictures_load_and_fit_a_phone(open_tab, server, scheme):
    page = open_tab(viewport={"width": 360, "height": 800}, color_scheme=scheme).page
    page.goto(server.url("guide/"))
    for img in page.locator("article img.picture").all():
        img.scroll_into_view_if_needed()
        img.evaluate("(el) => el.decode()")
        box = img.evaluate("""(el) => ({ natural: el.naturalWidth, left: el.getBoundingClientRect().left,
                                          right: el.getBoundingClientRect().right, width: el.clientWidth })""")
        assert box["natural"] > 0, "the picture did not load"
        assert box["left"] >= 0 and box["right"] <= 360, box
        assert box["width"] >= 280, f"too small to read on a phone: {box}"  # the drawings are sized for this
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def _first_paint_shows(page, palette: str) -> None:
    page.locator("[data-md-component=palette] label:not([hidden])").wait_for()  # the theme's bundle has run
    seen = page.evaluate("__schemes")
    shown, later = palette_at_first_paint(seen)
    assert shown == palette, f"the first paint showed {shown!r}: {seen}"
    assert later <= {palette}, f"the palette changed after the first paint: {seen}"


@pytest.mark.parametrize(("scheme", "palette"), [("light", "default"), ("dark", "slate")])
def test_a_first_visit_paints_the_readers_scheme_from_the_start(open_tab, server, scheme, palette):
    # Nothing saved yet: the theme's own script applies only a saved palette, so a dark-mode phone
    # got the light page until the theme's bundle ran and chose dark.
    page = open_tab(viewport={"width": 360, "height": 800}, color_scheme=scheme, init_scripts=(PALETTE_LOG,)).page
    page.goto(server.url("troubleshooting/"))
    _first_paint_shows(page, palette)


def test_the_palette_a_reader_chose_is_painted_from_the_start(open_tab, server):
    # The theme's script ran after the header, as a file fetched while the parser waited: the
    # header could be painted in the light palette first.
    page = open_tab(viewport={"width": 360, "height": 800}, color_scheme="light", init_scripts=(PALETTE_LOG,)).page
    page.goto(server.url("guide/"))
    page.locator("[data-md-component=palette] label:not([hidden])").click()  # "Switch to dark mode"
    page.locator("body[data-md-color-scheme=slate]").wait_for()
    page.goto(server.url("troubleshooting/"))
    _first_paint_shows(page, "slate")


def test_the_404_pages_search_link_opens_the_search(open_tab, server):
    page = open_tab(viewport={"width": 1280, "height": 900}).page
    response = page.goto(server.url("no/such/page/"))
    assert response.status == 404
    page.get_by_text("search this guide").click()
    assert page.evaluate("document.getElementById('__search').checked")
    page.keyboard.type("401", delay=20)
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
