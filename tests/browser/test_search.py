"""The site's own search, typed into as a merchant or support does: what an error said finds its entry.

Material's search (lunr, in a worker) splits text at its ``separator``
(mkdocs.yml). Before it was set, “403 stayed one word with its quote and 401
appeared nowhere; these tests fail if either comes back.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from harness.pages import SEARCHES

pytestmark = pytest.mark.browser

_RESULTS = """
() => {
  const meta = document.querySelector(".md-search-result__meta");
  const links = [...document.querySelectorAll(".md-search-result__list a.md-search-result__link")];
  return { meta: meta ? meta.textContent.trim() : "", links: links.map((a) => a.href) };
}
"""


@pytest.fixture(scope="module")
def search_page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(server.url(""))
    yield page
    context.close()


def search(page, text: str) -> list[str]:
    """Type ``text`` into the header's search box, as a person does, and read the results' links."""
    box = page.locator("input.md-search__input")
    box.click()
    box.press("Control+A")
    box.press("Backspace")
    page.keyboard.type(text, delay=20)
    page.wait_for_function(
        """(text) => {
          const meta = document.querySelector(".md-search-result__meta");
          return document.querySelector("input.md-search__input").value === text && meta
            && !/Initializing|Type to start/i.test(meta.textContent);
        }""",
        arg=text,
        timeout=15_000,
    )
    page.wait_for_timeout(300)  # the worker answers the last keystroke
    return page.evaluate(_RESULTS)["links"]


@pytest.mark.parametrize(("text", "answers"), SEARCHES, ids=[q for q, _ in SEARCHES])
def test_what_a_merchant_types_finds_its_entry(search_page, text, answers):
    # Each link is page?h=<words>#section (the theme highlights the words on arrival).
    found = {f"{urlsplit(link).path.removeprefix('/')}#{urlsplit(link).fragment}" for link in search(search_page, text)}
    assert found & answers, f"searching {text!r} found {sorted(found)[:12]}, none of {sorted(answers)}"


def test_a_quote_never_sticks_to_a_word_in_the_index(built_site):
    # “403 must be indexed as 403: the separator splits at curly quotes.
    import json
    import re

    config = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))["config"]
    separator = re.compile(config["separator"])
    for text in ("“403 Forbidden”", "“The provided merchant credentials are invalid”", "(401)", "metaSiteId."):
        tokens = [t for t in separator.split(text) if t]
        assert all(t[0].isalnum() and t[-1].isalnum() for t in tokens), (text, tokens)
