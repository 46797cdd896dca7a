"""Examples: every marked value gives what the text says, and the pages agree on their IDs."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sitebuild.checks._state import Build, Example, short
from sitebuild.synthetic import ELLIPSIS, complete_key, make_key

if TYPE_CHECKING:  # for annotations: the checks run the build's own checker (build.checker)
    from validator import Report


def parse_example(build: Build, at: str, value: str, attrs: dict[str, str]) -> Example | None:
    """The example written at ``at``, or None (and a warning) when its attributes are wrong."""
    fields: tuple[str, ...] = build.checker.FIELDS
    field = attrs.get("data-field", "")
    expect = tuple(attrs.get("data-expect", "").split())
    problems = []
    if field not in fields:
        problems.append(f'data-field="{field}" must be one of {", ".join(fields)}')
    known = {c.code for c in build.checker.CODES}
    if not expect:
        problems.append('data-expect is missing: "ok" or the finding codes the checker must report')
    elif expect != ("ok",):
        unknown = [c for c in expect if c not in known]
        if unknown:
            problems.append(f"data-expect names unknown codes {', '.join(unknown)} (see validator/catalogue.py)")
    if "data-suggests" in attrs and expect == ("ok",):
        problems.append('data-suggests needs a finding: it cannot go with data-expect="ok"')
    if problems:
        build.warn(f"{at}: example `{short(value)}`: " + "; ".join(problems))
        return None
    return Example(at, value, field, expect, attrs.get("data-suggests"))


def check_examples(build: Build) -> None:
    """Each example, in its field beside the pages' other two example values, gives what the text says."""
    html = build.html()
    examples = [e for p in build.pages.values() for e in p.examples]
    for uri, page in build.pages.items():
        if uri in html and len(html[uri].examples) != len(page.examples):
            build.warn(
                f"{page.path}: {len(page.examples)} examples written but {len(html[uri].examples)} "
                "rendered as examples: check each { .example ... } follows its backticks directly"
            )
    canonical = _canonical(build, examples)
    if canonical is None:
        return
    check: Callable[..., Report] = build.checker.check
    together = check(**canonical)
    if not together.ok:
        build.warn(
            "the pages' example values fail the checker together: "
            + "; ".join(f"{f.field} {f.code}: {f.message}" for f in together.findings)
        )
    for example in examples:
        _check_example(build, example, canonical, check)


def check_ids_and_addresses(build: Build) -> None:
    """Every GUID is the example Account ID or Site ID; every dashboard address is an example."""
    pages = build.pages.values()
    ok = {e.value for p in pages for e in p.examples if e.expect == ("ok",) and e.field in ("account_id", "site_id")}
    values = {e.value for p in pages for e in p.examples}
    for page in pages:
        for line, guid in page.guids:
            if guid not in ok:
                build.warn(
                    f"{page.path}:{line}: the ID {guid} is not the pages' example Account ID or Site ID "
                    f"({', '.join(sorted(ok)) or 'none declared'}): use those, so every example agrees"
                )
        for line, address in page.addresses:
            if ("/dashboard/" in address or "metaSiteId" in address) and address not in values:
                build.warn(
                    f"{page.path}:{line}: the Wix address {address} is not a checked example: "
                    'write it as `address`{ .example data-field="site_id" data-expect="site-url" '
                    'data-suggests="<site id>" }'
                )


def _canonical(build: Build, examples: list[Example]) -> dict[str, str] | None:
    """The one example Account ID and Site ID every page uses, and the key made for them."""
    chosen = {}
    for field in ("account_id", "site_id"):
        values = {e.value: e for e in examples if e.field == field and e.expect == ("ok",)}
        if len(values) > 1:
            build.warn(
                f"the pages call more than one {field} correct: "
                + ", ".join(f"{e.value} ({e.where})" for e in values.values())
                + ": pick one and use it everywhere"
            )
        if not values:
            build.warn(
                f"no page declares the example {field}: mark it with "
                f'{{ .example data-field="{field}" data-expect="ok" }}'
            )
            return None
        chosen[field] = min(values)
    return {"api_key": make_key(chosen["account_id"]), **chosen}


def _complete(build: Build, value: str, key: str, at: str) -> str | None:
    """A value ending in "…" completed with the example key; None (and a warning) if it shows none of it."""
    if not value.endswith(ELLIPSIS):
        return value
    whole = complete_key(value, key)
    if whole is None:
        build.warn(
            f"{at}: `{short(value)}` ends with … but shows no piece of the example key "
            f"(it starts {key[:20]}…): show the key's start exactly"
        )
    return whole


def _check_example(build: Build, example: Example, canonical: dict[str, str], check: Callable[..., Report]) -> None:
    at, key = example.where, canonical["api_key"]
    value = _complete(build, example.value, key, at)
    if value is None:
        return
    report = check(**{**canonical, example.field: value})
    found = [f for f in report.findings if f.field == example.field]
    said = "; ".join(f"{f.code}: {f.message}" for f in found) or "no finding (the value is correct)"
    label = f"example `{short(example.value)}` in {example.field}"
    if example.expect == ("ok",):
        if found:
            build.warn(f"{at}: {label} is called correct, but the checker says: {said}")
        return
    codes = [f.code for f in found]
    missing = [c for c in example.expect if c not in codes]
    if missing:
        build.warn(f"{at}: {label} should give {', '.join(missing)}, but the checker says: {said}")
        return
    if example.suggests is not None:
        wanted = _complete(build, example.suggests, key, at)
        offered = next(f.suggestion for f in found if f.code == example.expect[0])
        if wanted is not None and offered != wanted:
            shown = "nothing" if offered is None else f"`{short(offered)}`"
            build.warn(f"{at}: {label} should suggest `{short(example.suggests)}`, but the checker suggests {shown}")
