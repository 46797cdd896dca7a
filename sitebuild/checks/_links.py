"""Links between pages, with the line they are on (MkDocs names only the file; Zensical nothing)."""

from __future__ import annotations

import posixpath
from urllib.parse import urlsplit

from sitebuild.checks._state import Build, Page


def check_links(build: Build) -> None:
    """Every link to another page reaches a page, and the heading or anchor it names."""
    html = build.html()
    for page in build.pages.values():
        for line, target in page.links:
            resolved = link_target(page, target)
            if resolved is None:
                continue
            uri, fragment = resolved
            if uri not in build.pages:
                build.warn(f"{page.path}:{line}: link to {target}: there is no page docs/{uri}")
            elif fragment and uri in html and fragment not in html[uri].ids:
                build.warn(f"{page.path}:{line}: link to {target}: docs/{uri} has no heading or anchor #{fragment}")


def linked_anchors(build: Build, page_uri: str) -> set[str]:
    """The anchors of ``page_uri`` that some page links to."""
    linked = set()
    for page in build.pages.values():
        for _, target in page.links:
            resolved = link_target(page, target)
            if resolved and resolved[0] == page_uri and resolved[1]:
                linked.add(resolved[1])
    return linked


def link_target(page: Page, target: str) -> tuple[str, str] | None:
    """(src_uri of the page linked, fragment) for a link between pages; None for any other link."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or target.startswith("/"):
        return None
    uri = (
        posixpath.normpath(posixpath.join(posixpath.dirname(page.src_uri), parts.path)) if parts.path else page.src_uri
    )
    if not uri.endswith(".md"):
        return None
    return uri, parts.fragment
