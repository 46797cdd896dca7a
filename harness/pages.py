"""The site's pages, as paths relative to the site root (``tests/hosting`` checks the build makes exactly these)."""

from __future__ import annotations

PAGES = ("", "guide/", "limitations/", "manage-key/", "troubleshooting/")
#: The page that holds the credential checker.
CHECKER_PAGE = "guide/"
#: Where tests deploy the site below a host's root, as the README's example address does.
SUBPATH = "/help/wix/"


def page_name(path: str) -> str:
    """A short name for a page, for file names and test ids: ``guide``, ``start`` for the root."""
    return path.strip("/") or "start"
