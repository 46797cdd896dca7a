"""The state of one build: the pages collected from the markdown, and the built HTML."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from sitebuild.checks._html import BuiltPage, read_page


@dataclass(frozen=True)
class Example:
    """A value marked ``{ .example ... }`` on a page."""

    where: str  # "docs/guide.md:42"
    value: str
    field: str
    expect: tuple[str, ...]
    suggests: str | None


@dataclass
class Page:
    """What the checks need from one page's markdown, each item with its source line."""

    path: str  # as the writer knows it: docs/guide.md
    src_uri: str  # guide.md
    dest: Path  # built HTML file
    source_lines: list[str]
    examples: list[Example]
    guids: list[tuple[int, str]]
    addresses: list[tuple[int, str]]
    links: list[tuple[int, str]]


@dataclass
class Build:
    """One build's state: made anew at the start of every build, never reused.

    ``report`` receives each problem as it is found (MkDocs: a warning, so a
    strict build prints them all and then stops); ``problems`` keeps them.
    ``checker`` is the ``validator`` package the checks run the pages' values
    through, as the caller imported it for this build.
    """

    root: Path  # the project folder; messages name files relative to it
    site_dir: Path
    report: Callable[[str], None]
    checker: ModuleType
    pages: dict[str, Page] = field(default_factory=dict)  # by src_uri: guide.md
    problems: list[str] = field(default_factory=list)
    _built: dict[Path, BuiltPage] = field(default_factory=dict, repr=False)

    def warn(self, message: str) -> None:
        self.problems.append(message)
        self.report(message)

    def relative(self, path: Path) -> str:
        """``path`` as the writer knows it: relative to the project folder."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def built(self, dest: Path) -> BuiltPage:
        """The ids, examples and entries of a built HTML file, read once per build."""
        if dest not in self._built:
            self._built[dest] = read_page(dest)
        return self._built[dest]

    def html(self) -> dict[str, BuiltPage]:
        """Each collected page's built HTML, by src_uri; pages not (yet) built are left out."""
        return {uri: self.built(p.dest) for uri, p in self.pages.items() if p.dest.is_file()}


def short(value: str, limit: int = 60) -> str:
    """A value as quoted in a message: at most ``limit`` characters."""
    return value if len(value) <= limit else value[: limit - 1] + "…"
