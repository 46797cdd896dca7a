"""The site's search in every engine: what an error said finds its entry (lunr splits the text at mkdocs.yml's
``separator``, a regular expression each engine runs in the search's worker). The whole list of queries runs in
Chromium (tests/browser/test_search.py); here, one of each kind.
"""

from __future__ import annotations

import pytest

from harness.pages import SEARCHES

from .engine_search import search

#: A status code, Violet Connect's sentence, a field name from Wix's payload, what a pasted key may start with.
ASKED = ("401", "The provided merchant credentials are invalid", "metaSiteId", "Bearer")


@pytest.mark.parametrize(("text", "answers"), [(text, answers) for text, answers in SEARCHES if text in ASKED])
def test_what_a_merchant_types_finds_its_entry(tab, server, text, answers):
    found = search(tab, server.url(""), text)
    assert found & answers, f"{tab.engine}: searching {text!r} found {sorted(found)[:12]}, none of {sorted(answers)}"
