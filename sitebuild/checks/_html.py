"""What the build's checks read from a built page: ids, examples, entries, moved entries."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path


@dataclass
class Entry:
    """An ``h3`` with an id in the page's content, and its definition-list terms."""

    id: str
    text: str = ""
    parts: list[str] = field(default_factory=list)


@dataclass
class BuiltPage:
    ids: set[str] = field(default_factory=set)
    examples: list[dict[str, str]] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    #: An entry moved to another page leaves a link with its id: id -> that link's href.
    moved: dict[str, str] = field(default_factory=dict)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = BuiltPage()
        self._article = 0  # depth of <article> elements we are inside
        self._capture: str | None = None  # "heading" or "dt"
        self._skip = 0  # inside a heading's permalink
        self._text: list[str] = []
        self._entry: Entry | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        if a.get("id"):
            self.page.ids.add(a["id"])
        if tag == "article":
            self._article += 1
        if not self._article:
            return
        if tag == "code" and "example" in (a.get("class") or "").split():
            self.page.examples.append({k: v or "" for k, v in attrs})
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._entry = None
            if tag == "h3" and a.get("id"):
                self._entry = Entry(a["id"])
                self.page.entries.append(self._entry)
                self._capture, self._text = "heading", []
        elif tag == "dt" and self._entry is not None:
            self._capture, self._text = "dt", []
        elif tag == "a" and "headerlink" in (a.get("class") or "").split():
            self._skip += 1
        elif tag == "a" and "moved-entry" in (a.get("class") or "").split() and a.get("id"):
            self.page.moved[a["id"]] = a.get("href") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._article -= 1
        elif tag == "a" and self._skip:
            self._skip -= 1
        elif (tag == "h3" and self._capture == "heading") or (tag == "dt" and self._capture == "dt"):
            text = " ".join("".join(self._text).split())
            if self._entry is not None:  # a capture is only ever started with its entry
                if self._capture == "heading":
                    self._entry.text = text
                else:
                    self._entry.parts.append(text)
            self._capture = None

    def handle_data(self, data: str) -> None:
        if self._capture and not self._skip:
            self._text.append(data)


def read_page(path: Path) -> BuiltPage:
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8", errors="replace"))
    reader.close()
    return reader.page
