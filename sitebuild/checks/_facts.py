"""The pages against ``validator/facts.py``: what they say about the three values must agree with it.

The checker builds its messages from ``validator.facts``; a writer can still
type a fact by hand on a page. So every line of the pages, of the snippets
they include (the manual checklist) and of the pictures' text is read for a
claim about the key's length, an ID's size, the menu path, whether the key
can be seen again, and where the Account ID and the Site ID are. A claim that
differs from the fact is a problem named by file and line.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from types import ModuleType

from sitebuild.checks._state import Build

#: A rule reads a paragraph: (where the claim starts, what it says against the facts), or (0, "").
Rule = Callable[[str], tuple[int, str]]

#: Markdown and HTML that may sit inside a claim: emphasis, code marks, tags, attribute lists.
_MARKUP = re.compile(r"<[^>]*>|\{[^}]*\}|\*\*|__|`|(?<!\w)[*_](?=\w)|(?<=\w)[*_](?!\w)")
_SNIPPETS = Path("overrides") / "snippets"


def check_facts(build: Build) -> None:
    """Every claim about the values on the pages, the snippets and the pictures agrees with validator/facts.py."""
    facts = build.checker.facts
    rules = _rules(facts)
    for name, lines in _texts(build):
        for n, problem in contradictions(lines, facts, rules):
            build.warn(f"{name}:{n}: {problem}")


def contradictions(lines: list[str], facts: ModuleType, rules: Sequence[Rule] | None = None) -> list[tuple[int, str]]:
    """(line number, what it says against ``facts``) for a file's lines.

    A claim may run over a line break, so each paragraph (lines up to a blank
    one) is read as one text; the line named is the one the claim starts on.
    """
    found = []
    for first, paragraph in _paragraphs(lines):
        text, starts = "", []
        for line in paragraph:
            starts.append(len(text))
            text += _plain(line) + " "
        for rule in rules or _rules(facts):
            at, said = rule(text)
            if said:
                found.append((first + sum(1 for s in starts[1:] if s <= at), said))
    return sorted(found)


def _paragraphs(lines: list[str]) -> Iterator[tuple[int, list[str]]]:
    start, block = 1, list[str]()
    for n, line in enumerate([*lines, ""], 1):
        if line.strip():
            if not block:
                start = n
            block.append(line)
        elif block:
            yield start, block
            block = []


def _plain(line: str) -> str:
    return " ".join(html.unescape(_MARKUP.sub("", line)).split())


def _rules(facts: ModuleType) -> tuple[Rule, ...]:
    key_length = re.compile(
        r"\b(?:about|around|roughly|some|nearly)\s+(\d[\d,]*)\s+(?:characters|chars)\b", re.IGNORECASE
    )
    id_size = re.compile(
        r"\b(\d{2})\s+(letters and digits|letters or digits|digits and letters|hex(?:adecimal)? digits|"
        r"hex characters)\b(?!\s*\(?\s*plus)",
        re.IGNORECASE,
    )
    id_chars = re.compile(r"\bIDs?\s+(?:is|are|has|have|of)\s+(\d{2})\s+characters\b", re.IGNORECASE)
    menu = re.compile(r"\b(Account Settings|API Keys)\s*(>|&gt;|»|›|->|=>|/|\|)\s*(API Keys|Generate API Key)\b")
    seen_again = re.compile(
        r"\bcan\s+(?:see|view|read|copy|find)\b[^.;]{0,80}?\b(?:at any time|any ?time|whenever|again|later)\b",
        re.IGNORECASE,
    )
    negated = re.compile(r"\b(?:nobody|no one|never|not|no)\s*$", re.IGNORECASE)
    account_left = re.compile(r"\bAccount ID\b[^.]{0,80}\b(?:on the left|left side|left-hand)\b", re.IGNORECASE)
    site_home = re.compile(r"\bbetween\s+/dashboard/\s+and\s+/home\b", re.IGNORECASE)

    def the_key_length(text: str) -> tuple[int, str]:
        for m in key_length.finditer(text):
            n = int(m[1].replace(",", ""))
            if n >= 100 and n != facts.KEY_LENGTH_SAID:
                return m.start(), (
                    f"says a key is “{m[0]}”, but validator/facts.py says about "
                    f"{facts.KEY_LENGTH_SAID} (KEY_LENGTH_SAID): say it the same way everywhere"
                )
        return 0, ""

    def the_id_size(text: str) -> tuple[int, str]:
        m = id_size.search(text)
        if m and 30 <= int(m[1]) <= 40:
            return m.start(), (
                f"says an ID is “{m[0]}”; validator/facts.py tells it as {facts.ID_SHAPE} "
                f"(ID_SHAPE): say {facts.ID_LENGTH} characters"
            )
        m = id_chars.search(text)
        if m and int(m[1]) != facts.ID_LENGTH:
            return m.start(), f"says “{m[0]}”, but an ID is {facts.ID_SHAPE} (validator/facts.py ID_SHAPE)"
        return 0, ""

    def the_menu(text: str) -> tuple[int, str]:
        m = menu.search(text)
        if m:
            return m.start(), (
                f"writes the menu as “{m[0]}”: validator/facts.py writes it {facts.NEW_KEY_MENU} "
                f"(menus joined with {facts.MENU_ARROW})"
            )
        return 0, ""

    def shown_once(text: str) -> tuple[int, str]:
        m = next((m for m in seen_again.finditer(text) if not negated.search(text[: m.start()])), None)
        if m and re.search(r"\bkeys?\b", text, re.IGNORECASE):
            return m.start(), (
                f"says “{m[0]}” about the key, but {facts.KEY_SHOWN_ONCE} "
                "(validator/facts.py KEY_SHOWN_ONCE): only its name stays listed"
            )
        return 0, ""

    def where_they_are(text: str) -> tuple[int, str]:
        m = account_left.search(text)
        if m:
            return m.start(), f"says “{m[0]}”, but {facts.ACCOUNT_WHERE} (validator/facts.py ACCOUNT_WHERE)"
        m = site_home.search(text)
        if m:
            return m.start(), (
                f"says the Site ID is “{m[0]}”: it runs from /dashboard/ to the next /, "
                "whatever page the dashboard shows (validator/facts.py SITE_WHERE)"
            )
        return 0, ""

    return (the_key_length, the_id_size, the_menu, shown_once, where_they_are)


def _texts(build: Build) -> Iterator[tuple[str, list[str]]]:
    """(file, its lines): each page, the snippets the pages include, and the text of the pictures."""
    for page in build.pages.values():
        yield page.path, page.source_lines
    snippets = build.root / _SNIPPETS
    for path in sorted(snippets.glob("*")) if snippets.is_dir() else ():
        if path.suffix in (".html", ".md"):
            yield build.relative(path), path.read_text("utf-8").splitlines()
    for path in pictures(build):
        yield build.relative(path), picture_text(path)


def docs_dir(build: Build) -> Path | None:
    """Where the pages are: the folder each collected page's path ends in."""
    for page in build.pages.values():
        if page.path.endswith(page.src_uri):
            return build.root / page.path[: -len(page.src_uri)]
    return None


def pictures(build: Build) -> list[Path]:
    """The SVG pictures among the pages' files."""
    docs = docs_dir(build)
    return sorted(docs.rglob("*.svg")) if docs is not None else []


def picture_text(path: Path) -> list[str]:
    """An SVG's text as a merchant reads it, one line per source line (tags removed, entities decoded)."""
    return [
        html.unescape(re.sub(r"<[^>]*>", "", line))
        if "<text" in line or "<tspan" in line or "<title" in line or "<desc" in line
        else ""
        for line in path.read_text("utf-8").splitlines()
    ]
