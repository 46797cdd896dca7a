"""The checker's markup names the catalogue's fields, in its order, with its labels.

The page's script finds each field by ``data-cc-field`` and sends the values
under those names; the labels are what the guide and the findings call the
values. Both are written once, in ``validator/catalogue.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

from sitebuild.checks._state import Build

SNIPPET = Path("overrides") / "snippets" / "credential-checker.html"
_FIELD = re.compile(r'\bdata-cc-field="([^"]*)"')
_LABEL = re.compile(r"<label\b[^>]*\bdata-cc-label\b[^>]*>([^<]*)</label>")


def check_checker_markup(build: Build) -> None:
    """Each ``data-cc-field`` block of the snippet is a catalogue field, in order, labelled as the catalogue says."""
    path = build.root / SNIPPET
    name = build.relative(path)
    if not path.is_file():
        build.warn(f"{name} is missing: it is the checker the guide includes")
        return
    fields: tuple[str, ...] = build.checker.FIELDS
    labels: dict[str, str] = build.checker.FIELD_LABELS
    found: list[tuple[int, str]] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        for match in _FIELD.finditer(line):
            field = match[1]
            found.append((n, field))
            if field not in fields:
                build.warn(
                    f'{name}:{n}: data-cc-field="{field}" is not a field of the checker '
                    f"({', '.join(fields)}: validator/catalogue.py)"
                )
        for match in _LABEL.finditer(line):
            if not found:
                continue
            field, label = found[-1][1], " ".join(match[1].split())
            if field in labels and label != labels[field]:
                build.warn(
                    f"{name}:{n}: the {field} field is labelled “{label}”, "
                    f"but validator/catalogue.py calls it “{labels[field]}”"
                )
    named = [field for _, field in found]
    for field in fields:
        if field not in named:
            build.warn(f'{name}: no data-cc-field="{field}": the checker asks for each field of the catalogue')
    if sorted(named) == sorted(fields) and named != list(fields):
        build.warn(
            f"{name}:{found[0][0]}: the fields come as {', '.join(named)}; "
            f"validator/catalogue.py orders them {', '.join(fields)}"
        )
