"""Reading the pages as a merchant does: entry titles stand out, pictures load and fit a phone
in light and dark mode, and the 404 page's way into the search works. The reader's palette from
the first paint is tests/engines/test_palette.py, in every engine.
"""

from __future__ import annotations

import pytest

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


def test_the_404_pages_search_link_opens_the_search(open_tab, server):
    page = open_tab(viewport={"width": 1280, "height": 900}).page
    response = page.goto(server.url("no/such/page/"))
    assert response.status == 404
    page.get_by_text("search this guide").click()
    assert page.evaluate("document.getElementById('__search').checked")
    page.keyboard.type("401", delay=20)
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
