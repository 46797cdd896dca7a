"""What the web page's worker asks of the checker, in one call: the page and the Pyodide parity runner share it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from validator._check import check
from validator.catalogue import TROUBLESHOOTING_PAGE


class PageReport(NamedTuple):
    """The page's answer; a tuple, so that Pyodide hands it to JavaScript as an array ``[json, text, page]``."""

    #: The report as JSON, the API key suggestion whole: "use this value" fills the field with it.
    json: str
    #: The report for people and support tickets, linking to ``docs_url``; the key is never in it.
    text: str
    #: The troubleshooting page, relative to the site root.
    page: str


def page_report(values: Mapping[str, str | None], docs_url: str) -> PageReport:
    """Checks the page's fields (``None``: not touched yet); ``docs_url`` is the site's root address."""
    report = check(**values)
    return PageReport(report.to_json(reveal_key=True), report.to_text(docs_url=docs_url), TROUBLESHOOTING_PAGE)
