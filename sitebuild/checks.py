"""Build-only checks (issue 3): the pages' examples, anchors and links.

MkDocs calls ``check_page_markdown`` for every page, then ``check_site`` once
the HTML is written. Every problem is logged as a warning naming the file and
line, so a strict build reports all of them at once and then stops. Zensical
runs no hooks: nothing the published site needs is made here.
"""

from __future__ import annotations

import logging
import posixpath
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from sitebuild import _examples
from sitebuild._html import read_page

log = logging.getLogger("mkdocs.plugins.sitebuild")

CONTRACT = Path(__file__).with_name("published-anchors.txt")
#: The three labelled parts of every troubleshooting entry, in order.
ENTRY_PARTS = ("What you see", "Why it happens", "How to fix it")

# `value`{ .example data-field="site_id" data-expect="site-url" ... }
_EXAMPLE = re.compile(r"(?<!`)`(?P<value>[^`]+)`(?P<space>[ \t]*)\{:?(?P<attrs>[^}\n]*\.example\b[^}\n]*)\}")
_ATTR = re.compile(r'([\w-]+)="([^"]*)"')
_GUID = re.compile(
    r"(?<![0-9A-Za-z])(?:[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}|[0-9A-Fa-f]{32})(?![0-9A-Za-z])"
)
_WIX_ADDRESS = re.compile(r"(?:https?://)?(?:[\w-]+\.)*wix\.com/[^\s`<>\"'()\[\]]*")
_MD_LINK = re.compile(r"\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)|^\s*\[[^\]]+\]:\s*(?P<ref>\S+)", re.M)
_HEADING_ID = re.compile(r"^#{1,6}\s.*\{[^}]*#(?P<id>[\w-]+)[^}]*\}\s*$")


@dataclass(frozen=True)
class _Example:
    where: str  # "docs/guide.md:42"
    value: str
    field: str
    expect: tuple[str, ...]
    suggests: str | None


@dataclass
class _Page:
    path: str  # as the writer knows it: docs/guide.md
    src_uri: str  # guide.md
    dest: Path  # built HTML file
    source_lines: list[str]
    examples: list[_Example]
    guids: list[tuple[int, str]]
    addresses: list[tuple[int, str]]
    links: list[tuple[int, str]]


_pages: dict[str, _Page] = {}
_build: list[object] = [None]  # the config of the build _pages belongs to


def check_page_markdown(markdown, page, config) -> None:
    """Collect the page's examples, IDs, addresses and links; flag bad example syntax."""
    if _build[0] is not config:
        # A new build (mkdocs serve reloads the config): forget an aborted one's pages,
        # and import the checker afresh so edits to validator/ apply while serving.
        _pages.clear()
        _build[0] = config
        for name in [m for m in sys.modules if m == "validator" or m.startswith("validator.")]:
            del sys.modules[name]
    root = Path(config.config_file_path).parent
    src = Path(page.file.abs_src_path)
    path = _relative(src, root)
    source = src.read_text(encoding="utf-8")
    first = _first_line(source, markdown)

    def where(pos: int) -> tuple[int, str]:
        line = first + markdown.count("\n", 0, pos)
        return line, f"{path}:{line}"

    examples = []
    for m in _EXAMPLE.finditer(markdown):
        _, at = where(m.start())
        if m["space"]:
            log.warning(f"{at}: example `{_short(m['value'])}` has a space before its {{ .example ... }}: "
                        "write the braces straight after the closing backtick, or the page shows them as text")
            continue
        example = _parse_example(at, m["value"].strip(), dict(_ATTR.findall(m["attrs"])))
        if example:
            examples.append(example)
    guids = [(where(m.start())[0], _normal_guid(m[0])) for m in _GUID.finditer(markdown)]
    addresses = [(where(m.start())[0], m[0]) for m in _WIX_ADDRESS.finditer(markdown)]
    links = [(where(m.start())[0], m["target"] or m["ref"]) for m in _MD_LINK.finditer(markdown)]
    _pages[page.file.src_uri] = _Page(
        path, page.file.src_uri, Path(config.site_dir) / page.file.dest_uri,
        source.splitlines(), examples, guids, addresses, links,
    )


def check_site(config) -> None:
    """Check the built site; every problem is a warning, so strict mode stops the build."""
    try:
        from validator import ENTRIES, catalogue_dict

        catalogue = catalogue_dict()
        pages = dict(_pages)
        html = {uri: read_page(p.dest) for uri, p in pages.items() if p.dest.exists()}
        _check_examples(pages, html)
        _check_consistency(pages)
        _check_links(pages, html)
        _check_troubleshooting(pages, html, catalogue, ENTRIES, Path(config.config_file_path).parent)
        _check_contract(Path(config.site_dir), catalogue, Path(config.config_file_path).parent)
    finally:
        _pages.clear()
        _build[0] = None


# Examples -----------------------------------------------------------------


def _parse_example(at: str, value: str, attrs: dict[str, str]) -> _Example | None:
    from validator import CODES, FIELDS

    field = attrs.get("data-field", "")
    expect = tuple(attrs.get("data-expect", "").split())
    problems = []
    if field not in FIELDS:
        problems.append(f'data-field="{field}" must be one of {", ".join(FIELDS)}')
    known = {c.code for c in CODES}
    if not expect:
        problems.append('data-expect is missing: "ok" or the finding codes the checker must report')
    elif expect != ("ok",):
        unknown = [c for c in expect if c not in known]
        if unknown:
            problems.append(f"data-expect names unknown codes {', '.join(unknown)} (see validator/catalogue.py)")
    if "data-suggests" in attrs and expect == ("ok",):
        problems.append('data-suggests needs a finding: it cannot go with data-expect="ok"')
    if problems:
        log.warning(f"{at}: example `{_short(value)}`: " + "; ".join(problems))
        return None
    return _Example(at, value, field, expect, attrs.get("data-suggests"))


def _check_examples(pages: dict[str, _Page], html) -> None:
    examples = [e for p in pages.values() for e in p.examples]
    for uri, page in pages.items():
        if uri in html and len(html[uri].examples) != len(page.examples):
            log.warning(f"{page.path}: {len(page.examples)} examples written but {len(html[uri].examples)} "
                        "rendered as examples: check each { .example ... } follows its backticks directly")
    canonical = _canonical(examples)
    if canonical is None:
        return
    from validator import check

    together = check(**canonical)
    if not together.ok:
        log.warning("the pages' example values fail the checker together: "
                    + "; ".join(f"{f.field} {f.code}: {f.message}" for f in together.findings))
    for example in examples:
        _check_example(example, canonical, check)


def _canonical(examples: list[_Example]) -> dict[str, str] | None:
    """The one example Account ID and Site ID every page uses, and the key made for them."""
    chosen = {}
    for field in ("account_id", "site_id"):
        values = {e.value: e for e in examples if e.field == field and e.expect == ("ok",)}
        if len(values) > 1:
            log.warning(f"the pages call more than one {field} correct: "
                        + ", ".join(f"{e.value} ({e.where})" for e in values.values())
                        + ": pick one and use it everywhere")
        if not values:
            log.warning(f'no page declares the example {field}: mark it with {{ .example data-field="{field}" data-expect="ok" }}')
            return None
        chosen[field] = sorted(values)[0]
    return {"api_key": _examples.example_key(chosen["account_id"]), **chosen}


def _complete(value: str, key: str, at: str) -> str | None:
    if not value.endswith(_examples.ELLIPSIS):
        return value
    whole = _examples.complete_key(value, key)
    if whole is None:
        log.warning(f"{at}: `{_short(value)}` ends with … but shows no piece of the example key "
                    f"(it starts {key[:20]}…): show the key's start exactly")
    return whole


def _check_example(example: _Example, canonical: dict[str, str], check) -> None:
    at, key = example.where, canonical["api_key"]
    value = _complete(example.value, key, at)
    if value is None:
        return
    report = check(**{**canonical, example.field: value})
    found = [f for f in report.findings if f.field == example.field]
    said = "; ".join(f"{f.code}: {f.message}" for f in found) or "no finding (the value is correct)"
    label = f"example `{_short(example.value)}` in {example.field}"
    if example.expect == ("ok",):
        if found:
            log.warning(f"{at}: {label} is called correct, but the checker says: {said}")
        return
    codes = [f.code for f in found]
    missing = [c for c in example.expect if c not in codes]
    if missing:
        log.warning(f"{at}: {label} should give {', '.join(missing)}, but the checker says: {said}")
        return
    if example.suggests is not None:
        wanted = _complete(example.suggests, key, at)
        offered = next(f.suggestion for f in found if f.code == example.expect[0])
        if wanted is not None and offered != wanted:
            shown = "nothing" if offered is None else f"`{_short(offered)}`"
            log.warning(f"{at}: {label} should suggest `{_short(example.suggests)}`, but the checker suggests {shown}")


def _check_consistency(pages: dict[str, _Page]) -> None:
    """Every GUID is the example Account ID or Site ID; every dashboard address is an example."""
    ok = {e.value for p in pages.values() for e in p.examples
          if e.expect == ("ok",) and e.field in ("account_id", "site_id")}
    values = {e.value for p in pages.values() for e in p.examples}
    for page in pages.values():
        for line, guid in page.guids:
            if guid not in ok:
                log.warning(f"{page.path}:{line}: the ID {guid} is not the pages' example Account ID or Site ID "
                            f"({', '.join(sorted(ok)) or 'none declared'}): use those, so every example agrees")
        for line, address in page.addresses:
            if ("/dashboard/" in address or "metaSiteId" in address) and address not in values:
                log.warning(f"{page.path}:{line}: the Wix address {address} is not a checked example: "
                            'write it as `address`{ .example data-field="site_id" data-expect="site-url" data-suggests="<site id>" }')


# Links and anchors --------------------------------------------------------


def _check_links(pages: dict[str, _Page], html) -> None:
    """Links between pages, with the line they are on (MkDocs names only the file)."""
    for page in pages.values():
        for line, target in page.links:
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or target.startswith("/"):
                continue
            uri = posixpath.normpath(posixpath.join(posixpath.dirname(page.src_uri), parts.path)) if parts.path else page.src_uri
            if not uri.endswith(".md"):
                continue
            if uri not in pages:
                log.warning(f"{page.path}:{line}: link to {target}: there is no page docs/{uri}")
            elif parts.fragment and uri in html and parts.fragment not in html[uri].ids:
                log.warning(f"{page.path}:{line}: link to {target}: docs/{uri} has no heading or anchor #{parts.fragment}")


def _linked_anchors(pages: dict[str, _Page], page_uri: str) -> set[str]:
    linked = set()
    for page in pages.values():
        for _, target in page.links:
            parts = urlsplit(target)
            if parts.scheme or not parts.fragment:
                continue
            uri = posixpath.normpath(posixpath.join(posixpath.dirname(page.src_uri), parts.path)) if parts.path else page.src_uri
            if uri == page_uri:
                linked.add(parts.fragment)
    return linked


def _check_troubleshooting(pages, html, catalogue, entries, root: Path) -> None:
    uri = catalogue["troubleshooting_page"].rstrip("/") + ".md"
    page = pages.get(uri)
    if page is None or uri not in html:
        log.warning(f"docs/{uri}: the troubleshooting page is missing; every catalogue entry needs a heading on it")
        return
    built = html[uri]
    anchors = {e.anchor for e in entries}
    codes = {c["anchor"] for c in catalogue["codes"]}

    def line_of(anchor: str) -> str:
        for n, text in enumerate(page.source_lines, 1):
            m = _HEADING_ID.match(text)
            if m and m["id"] == anchor:
                return f"{page.path}:{n}"
        return page.path

    for entry in entries:
        count = sum(1 for h in built.entries if h.id == entry.anchor)
        if count == 0:
            log.warning(f"{page.path}: no entry heading with id {{#{entry.anchor}}} for the catalogue entry "
                        f"“{entry.title}” (validator/catalogue.py): add `### Title {{#{entry.anchor}}}` under a group")
        elif count > 1:
            log.warning(f"{line_of(entry.anchor)}: {count} headings have the id {{#{entry.anchor}}}: ids must be unique")
        for old in entry.former_anchors:
            if old not in built.ids:
                log.warning(f"{page.path}: the former anchor #{old} of “{entry.title}” is gone: "
                            f'keep the line <a id="{old}"></a> just before the heading {{#{entry.anchor}}}')
    linked = _linked_anchors(pages, uri)
    formerly = {e.anchor: set(e.former_anchors) for e in entries}
    for heading in built.entries:
        at = line_of(heading.id)
        if heading.id not in anchors:
            log.warning(f"{at}: the entry “{heading.text}” {{#{heading.id}}} is not in validator/catalogue.py: "
                        "add it to the catalogue (or make it a group heading, ##)")
            continue
        if heading.parts != list(ENTRY_PARTS):
            got = ", ".join(heading.parts) or "none"
            log.warning(f"{at}: the entry {{#{heading.id}}} must have the three parts "
                        f"{', '.join(ENTRY_PARTS)} (bold terms of a definition list), in that order; it has: {got}")
        if heading.id not in codes and not ({heading.id} | formerly[heading.id]) & linked:
            log.warning(f"{at}: nothing links to the entry {{#{heading.id}}}: no finding reports it, so link it "
                        "from a guide step or another entry")


def _check_contract(site_dir: Path, catalogue, root: Path) -> None:
    """Every id support may have linked is still on the built site."""
    name = _relative(CONTRACT, root)
    if not CONTRACT.exists():
        log.warning(f"{name} is missing: it lists every anchor support may link")
        return
    listed = set()
    for n, raw in enumerate(CONTRACT.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("# "):
            continue
        page_url, _, anchor = line.partition("#")
        listed.add(line)
        dest = site_dir / page_url / "index.html"
        if not anchor or not dest.exists():
            log.warning(f"{name}:{n}: {line} is published, but the page {page_url or '(start)'} is not on the site")
            continue
        if anchor not in read_page(dest).ids:
            log.warning(f"{name}:{n}: {line} is published, but the page has no id #{anchor} any more: "
                        f'restore it, or keep it working with <a id="{anchor}"></a> (see CONTRIBUTING.md)')
    page_url = catalogue["troubleshooting_page"]
    for entry in catalogue["entries"]:
        if f"{page_url}#{entry['anchor']}" not in listed:
            log.warning(f"{name}: add the line {page_url}#{entry['anchor']}: every catalogue entry is published")


# Helpers ------------------------------------------------------------------


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _first_line(source: str, markdown: str) -> int:
    """The source line the markdown starts on (MkDocs removes front matter first)."""
    at = source.find(markdown[:200]) if markdown else -1
    return source.count("\n", 0, at) + 1 if at > 0 else 1


def _normal_guid(text: str) -> str:
    h = text.replace("-", "").lower()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _short(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"
