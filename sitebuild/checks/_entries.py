"""Troubleshooting entries: one heading per catalogue entry, each with its three parts, each reachable;
an entry moved to another page leaves a link with its id, which leads to it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sitebuild.checks._links import link_target, linked_anchors
from sitebuild.checks._state import Build, Page

if TYPE_CHECKING:  # for annotations: the checks run the build's own checker (build.checker)
    from validator.catalogue import Entry

#: The three labelled parts of every troubleshooting entry, in order.
ENTRY_PARTS = ("What you see", "Why it happens", "How to fix it")

_HEADING_ID = re.compile(r"^#{1,6}\s.*\{[^}]*#(?P<id>[\w-]+)[^}]*\}\s*$")
# What a moved entry leaves: [Title, now on another page](page.md#id){ #id .moved-entry }
_MOVED_ID = re.compile(r"\{[^}]*#(?P<id>[\w-]+)[^}]*\.moved-entry[^}]*\}")


def check_entries(build: Build) -> None:
    """The troubleshooting page against ``validator/catalogue.py``."""
    catalogue = build.checker.catalogue_dict()
    entries: tuple[Entry, ...] = build.checker.ENTRIES
    uri = catalogue["troubleshooting_page"].rstrip("/") + ".md"
    page = build.pages.get(uri)
    built = build.html().get(uri)
    if page is None or built is None:
        build.warn(f"docs/{uri}: the troubleshooting page is missing; every catalogue entry needs a heading on it")
        return
    anchors = {e.anchor for e in entries}
    codes = {c["anchor"] for c in catalogue["codes"]}

    for entry in entries:
        count = sum(1 for h in built.entries if h.id == entry.anchor)
        if count == 0 and entry.anchor in built.moved:
            _check_moved(build, page, entry, built.moved[entry.anchor], linked_by_findings=entry.anchor in codes)
        elif count == 0:
            build.warn(
                f"{page.path}: no entry heading with id {{#{entry.anchor}}} for the catalogue entry "
                f"“{entry.title}” (validator/catalogue.py): add `### Title {{#{entry.anchor}}}` under a group"
            )
        elif count > 1:
            build.warn(
                f"{_line_of(page, entry.anchor)}: {count} headings have the id {{#{entry.anchor}}}: ids must be unique"
            )
        for old in entry.former_anchors:
            if old not in built.ids:
                build.warn(
                    f"{page.path}: the former anchor #{old} of “{entry.title}” is gone: "
                    f'keep the line <a id="{old}"></a> just before the heading {{#{entry.anchor}}}'
                )
    linked = linked_anchors(build, uri)
    formerly = {e.anchor: set(e.former_anchors) for e in entries}
    for heading in built.entries:
        at = _line_of(page, heading.id)
        if heading.id not in anchors:
            build.warn(
                f"{at}: the entry “{heading.text}” {{#{heading.id}}} is not in validator/catalogue.py: "
                "add it to the catalogue (or make it a group heading, ##)"
            )
            continue
        if heading.parts != list(ENTRY_PARTS):
            got = ", ".join(heading.parts) or "none"
            build.warn(
                f"{at}: the entry {{#{heading.id}}} must have the three parts "
                f"{', '.join(ENTRY_PARTS)} (bold terms of a definition list), in that order; it has: {got}"
            )
        if heading.id not in codes and not ({heading.id} | formerly[heading.id]) & linked:
            build.warn(
                f"{at}: nothing links to the entry {{#{heading.id}}}: no finding reports it, so link it "
                "from a guide step or another entry"
            )


def _check_moved(build: Build, page: Page, entry: Entry, href: str, *, linked_by_findings: bool) -> None:
    """An entry moved to another page: its link left here keeps the id and leads to the entry, whole."""
    line = _source_line(page, entry.anchor)
    at = f"{page.path}:{line}" if line else page.path
    if linked_by_findings:
        build.warn(
            f"{at}: the entry {{#{entry.anchor}}} has moved, but the checker's findings link it on "
            f"{page.path}: an entry with a finding code stays on the troubleshooting page"
        )
        return
    # The markdown link on that line, resolved as every link between pages is.
    targets = [link_target(page, target) for n, target in page.links if n == line]
    target = next((t for t in targets if t), None)
    if target is None or target[1] != entry.anchor:
        build.warn(
            f"{at}: the link left for the moved entry {{#{entry.anchor}}} must lead to the same id "
            f"on its new page (…#{entry.anchor}); it leads to {href}"
        )
        return
    new_page = build.html().get(target[0])
    moved_to = next((e for e in new_page.entries if e.id == entry.anchor), None) if new_page else None
    if moved_to is None:
        build.warn(
            f"{at}: the entry {{#{entry.anchor}}} moved to {href}, but that page has no entry heading "
            f"{{#{entry.anchor}}}: move the heading with its three parts there"
        )
    elif moved_to.parts != list(ENTRY_PARTS):
        build.warn(
            f"{at}: the entry {{#{entry.anchor}}} moved to {href}, where it must keep the three parts "
            f"{', '.join(ENTRY_PARTS)}; it has: {', '.join(moved_to.parts) or 'none'}"
        )


def _line_of(page: Page, anchor: str) -> str:
    """Where the heading with ``anchor`` is written: "docs/troubleshooting.md:92", or the file alone."""
    line = _source_line(page, anchor)
    return f"{page.path}:{line}" if line else page.path


def _source_line(page: Page, anchor: str) -> int | None:
    """The line of the heading, or of the moved entry's link, with ``anchor``."""
    for n, text in enumerate(page.source_lines, 1):
        m = _HEADING_ID.match(text) or _MOVED_ID.search(text)
        if m and m["id"] == anchor:
            return n
    return None
