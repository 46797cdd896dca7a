"""The pictures' text: every ID in a picture is the pages' example one, every Wix address gives it.

A picture cannot carry ``{ .example ... }`` attributes, so its addresses are
run through the checker here: each must be read as the pages' example Site ID.
"""

from __future__ import annotations

from sitebuild.checks._collect import GUID, WIX_ADDRESS, normal_guid
from sitebuild.checks._facts import picture_text, pictures
from sitebuild.checks._state import Build


def check_pictures(build: Build) -> None:
    examples = [e for p in build.pages.values() for e in p.examples if e.expect == ("ok",)]
    ok = {e.value for e in examples if e.field in ("account_id", "site_id")}
    site = sorted(e.value for e in examples if e.field == "site_id")
    for path in pictures(build):
        name = build.relative(path)
        for n, line in enumerate(picture_text(path), 1):
            for m in GUID.finditer(line):
                if normal_guid(m[0]) not in ok:
                    build.warn(
                        f"{name}:{n}: the ID {m[0]} is not the pages' example Account ID or Site ID "
                        f"({', '.join(sorted(ok)) or 'none declared'}): draw those, so every example agrees"
                    )
            for m in WIX_ADDRESS.finditer(line):
                if "/dashboard/" not in m[0] and "metaSiteId" not in m[0]:
                    continue
                found = build.checker.check(site_id=m[0]).for_field("site_id")
                offered = {f.suggestion for f in found if f.suggestion is not None}
                if site and offered != {site[0]}:
                    build.warn(
                        f"{name}:{n}: the Wix address {m[0]} does not give the pages' example Site ID "
                        f"{site[0]} (the checker offers {', '.join(sorted(offered)) or 'nothing'})"
                    )
