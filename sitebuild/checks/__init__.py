"""The build's checks: the pages' examples, links, troubleshooting entries and published anchors.

One build, one ``Build``: ``start`` makes it at the start of the build,
``collect_page`` adds each page's markdown, and ``check_site`` runs every
check in ``CHECKS`` over the pages and the built HTML. Each problem names the
file and line a writer edits. MkDocs calls these from ``sitebuild/hooks.py``;
``python -m sitebuild check`` collects ``docs/`` itself (``collect_docs``)
and checks a site any generator built (Zensical runs no hooks).

To add a check, write ``def check_something(build: Build) -> None`` in a
module of this package, report each problem with ``build.warn(...)``, and add
the function to ``CHECKS``. The checker is ``build.checker`` (the
``validator`` package the caller gives ``start``), never imported here: under
``mkdocs serve`` each build may bring a newly edited one (``hooks.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from sitebuild.checks._collect import collect_docs, collect_page
from sitebuild.checks._contract import check_contract
from sitebuild.checks._entries import check_entries
from sitebuild.checks._examples import check_examples, check_ids_and_addresses
from sitebuild.checks._facts import check_facts
from sitebuild.checks._links import check_links
from sitebuild.checks._markup import check_checker_markup
from sitebuild.checks._pictures import check_pictures
from sitebuild.checks._state import Build, Page

__all__ = ["CHECKS", "Build", "Page", "check_site", "collect_docs", "collect_page", "start"]

#: Every check of the collected pages and the built site, in the order they report.
CHECKS: tuple[Callable[[Build], None], ...] = (
    check_examples,
    check_ids_and_addresses,
    check_pictures,
    check_facts,
    check_links,
    check_entries,
    check_contract,
    check_checker_markup,
)


def start(root: Path, site_dir: Path, report: Callable[[str], None], checker: ModuleType) -> Build:
    """A new build's state: its problems go to ``report``, the pages' values through ``checker`` (``validator``)."""
    return Build(root, site_dir, report, checker)


def check_site(build: Build) -> list[str]:
    """Run every check once the site is built; returns the problems (each already reported)."""
    for check in CHECKS:
        check(build)
    return build.problems
