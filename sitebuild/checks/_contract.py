"""The published-anchor contract: every id support may have linked is still on the built site."""

from __future__ import annotations

from pathlib import Path

from sitebuild.checks._state import Build

#: ``<page>/#<id>``, one a line: anchors support staff may have put in tickets. Lines are never removed.
CONTRACT = Path(__file__).with_name("published-anchors.txt")


def check_contract(build: Build) -> None:
    """Every listed anchor is on its built page, and every catalogue entry is listed."""
    catalogue = build.checker.catalogue_dict()
    name = build.relative(CONTRACT)
    if not CONTRACT.exists():
        build.warn(f"{name} is missing: it lists every anchor support may link")
        return
    listed = set()
    for n, raw in enumerate(CONTRACT.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("# "):
            continue
        page_url, _, anchor = line.partition("#")
        listed.add(line)
        dest = build.site_dir / page_url / "index.html"
        if not anchor or not dest.exists():
            build.warn(f"{name}:{n}: {line} is published, but the page {page_url or '(start)'} is not on the site")
            continue
        if anchor not in build.built(dest).ids:
            build.warn(
                f"{name}:{n}: {line} is published, but the page has no id #{anchor} any more: "
                f'restore it, or keep it working with <a id="{anchor}"></a> (see CONTRIBUTING.md)'
            )
    page_url = catalogue["troubleshooting_page"]
    for entry in catalogue["entries"]:
        if f"{page_url}#{entry['anchor']}" not in listed:
            build.warn(f"{name}: add the line {page_url}#{entry['anchor']}: every catalogue entry is published")
