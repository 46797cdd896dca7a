"""Build-only checks (issue 3): anchors, the anchor contract, the pages' examples."""

from __future__ import annotations


def check_page_markdown(markdown, page, config) -> None:
    """Placeholder: filled in by the site work."""


def check_site(config) -> None:
    """Placeholder: filled in by the site work."""
