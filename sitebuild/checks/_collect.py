"""Collecting: a page's examples, IDs, Wix addresses and links, each with its source line."""

from __future__ import annotations

import os
import re
from pathlib import Path

from sitebuild.checks._examples import parse_example
from sitebuild.checks._state import Build, Page, short

# `value`{ .example data-field="site_id" data-expect="site-url" ... }
_EXAMPLE = re.compile(r"(?<!`)`(?P<value>[^`]+)`(?P<space>[ \t]*)\{:?(?P<attrs>[^}\n]*\.example\b[^}\n]*)\}")
_ATTR = re.compile(r'([\w-]+)="([^"]*)"')
GUID = re.compile(
    r"(?<![0-9A-Za-z])(?:[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}|[0-9A-Fa-f]{32})(?![0-9A-Za-z])"
)
WIX_ADDRESS = re.compile(r"(?:https?://)?(?:[\w-]+\.)*wix\.com/[^\s`<>\"'()\[\]]*")
_MD_LINK = re.compile(r"\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)|^\s*\[[^\]]+\]:\s*(?P<ref>\S+)", re.MULTILINE)
# YAML front matter, as MkDocs and Zensical remove it before rendering.
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n.*?\n(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


def collect_page(build: Build, src_uri: str, src: Path, dest: Path, markdown: str, source: str) -> None:
    """Add a page to ``build``; flag bad example syntax on the way.

    ``markdown`` is what the generator renders: ``source`` (the file's text)
    without its front matter.
    """
    path = build.relative(src)
    first = _first_line(source, markdown)

    def line_of(pos: int) -> int:
        return first + markdown.count("\n", 0, pos)

    examples = []
    for m in _EXAMPLE.finditer(markdown):
        at = f"{path}:{line_of(m.start())}"
        if m["space"]:
            build.warn(
                f"{at}: example `{short(m['value'])}` has a space before its {{ .example ... }}: "
                "write the braces straight after the closing backtick, or the page shows them as text"
            )
            continue
        example = parse_example(build, at, m["value"].strip(), dict(_ATTR.findall(m["attrs"])))
        if example:
            examples.append(example)
    build.pages[src_uri] = Page(
        path,
        src_uri,
        dest,
        source.splitlines(),
        examples,
        guids=[(line_of(m.start()), normal_guid(m[0])) for m in GUID.finditer(markdown)],
        addresses=[(line_of(m.start()), m[0]) for m in WIX_ADDRESS.finditer(markdown)],
        links=[(line_of(m.start()), m["target"] or m["ref"]) for m in _MD_LINK.finditer(markdown)],
    )


def collect_docs(build: Build, docs_dir: Path) -> None:
    """Every page in ``docs_dir``, in the order MkDocs builds them (dot-files aside, as it skips them).

    The same order gives the same messages, listed alike. Each page's HTML is
    where ``use_directory_urls`` puts it: ``guide.md`` at ``guide/index.html``,
    ``index.md`` at ``index.html``.
    """
    for folder, subfolders, names in os.walk(docs_dir, followlinks=True):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        # MkDocs: a folder's index (or README) first, then its other files by name.
        for name in sorted(names, key=lambda n: (Path(n).stem not in ("index", "README"), n)):
            if name.endswith(".md") and not name.startswith("."):
                _collect_file(build, docs_dir, Path(folder) / name)


def _collect_file(build: Build, docs_dir: Path, src: Path) -> None:
    rel = src.relative_to(docs_dir)
    try:
        source = src.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        build.warn(f"{build.relative(src)}: not UTF-8 text: save it as UTF-8")
        return
    folder = rel.parent if rel.stem in ("index", "README") else rel.parent / rel.stem
    dest = build.site_dir / folder / "index.html"
    if not dest.is_file():
        build.warn(
            f"{build.relative(src)}: not on the built site ({build.relative(dest)} is missing): build the site again"
        )
    m = _FRONT_MATTER.match(source)
    collect_page(build, rel.as_posix(), src, dest, source[m.end() :].lstrip("\n") if m else source, source)


def _first_line(source: str, markdown: str) -> int:
    """The source line the markdown starts on (the generator removes front matter first)."""
    at = source.find(markdown[:200]) if markdown else -1
    return source.count("\n", 0, at) + 1 if at > 0 else 1


def normal_guid(text: str) -> str:
    h = text.replace("-", "").lower()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
