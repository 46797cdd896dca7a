"""Material's search, typed into as a merchant does, in any engine (``harness.engines.Tab``)."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

SEARCH_BOX = "input.md-search__input"
LOADED = "(box) => document.readyState === 'complete' && !!document.querySelector(box)"
# The results for what the box holds, once the search worker has answered it.
RESULTS = """(text) => {
  const meta = document.querySelector(".md-search-result__meta")
  if (document.querySelector("input.md-search__input").value !== text || !meta) return null
  if (/Initializing|Type to start/i.test(meta.textContent)) return null
  return [...document.querySelectorAll(".md-search-result__list a.md-search-result__link")].map((a) => a.href)
}"""


def search(tab, url: str | None, text: str) -> set[str]:
    """Open ``url`` (or stay on the page), type ``text`` into the header's search box; the results as
    "page/#anchor".
    """
    if url is not None:
        tab.goto(url)
    tab.wait_for(LOADED, SEARCH_BOX, message="a loaded page with the search box")
    tab.click(SEARCH_BOX)
    tab.type(text)
    tab.wait_for(RESULTS, text, timeout=20, message=f"the search's results for {text!r}")
    time.sleep(0.3)  # the worker answers the last keystroke
    links = tab.evaluate(RESULTS, text) or []
    # Each link is page?h=<words>#section (the theme highlights the words on arrival).
    return {f"{urlsplit(link).path.removeprefix('/')}#{urlsplit(link).fragment}" for link in links}
