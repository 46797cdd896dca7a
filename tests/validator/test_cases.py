"""The golden table: each realistic mistake gets exactly the findings, suggestions and words it should."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from validator import CODES, check

from .cases import SHOWN_AS, load_cases

CASES = load_cases()


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case):
    report = check(**case["values"])
    assert sorted(f"{f.field}:{f.code}" for f in report.findings) == case["expect"]
    suggested = {f.field: f.suggestion for f in report.findings if f.suggestion is not None}
    for name, value in case["suggest"].items():
        assert suggested.get(name) == value, f"suggestion for {name}"
    for name in case["no_suggest"]:
        assert name not in suggested, f"{name} should get no suggestion"
    for name, text in case["says"].items():
        said = " ".join(f.message for f in report.findings if f.field == name)
        assert text in said
    assert report.ok == all(f.severity == "warning" for f in report.findings)


def test_every_code_has_a_case():
    covered = {entry.split(":", 1)[1] for case in CASES for entry in case["expect"]}
    missing = [c.code for c in CODES if c.code not in covered]
    assert not missing, f"codes with no row in cases.toml: {missing}"


def test_every_code_is_in_the_reviewed_texts():
    # Each message's wording is reviewed as a diff of cases.expected.txt: every code must show there.
    reviewed = EXPECTED.read_text("utf-8")
    missing = [c.code for c in CODES if f" [{c.code}] " not in reviewed]
    assert not missing, f"codes whose wording cases.expected.txt never shows: {missing}"


def test_case_ids_are_unique():
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids))


def test_one_suggestion_per_field():
    # "Use this value" must mean the same thing whichever finding offers it.
    for case in CASES:
        report = check(**case["values"])
        for name in ("api_key", "account_id", "site_id"):
            offered = {f.suggestion for f in report.for_field(name) if f.suggestion is not None}
            assert len(offered) <= 1, case["id"]


def test_suggestions_fix_what_they_claim():
    # Applying every suggestion, then checking again, leaves no error in those fields.
    for case in CASES:
        report = check(**case["values"])
        fixed = dict(case["values"])
        for f in report.findings:
            if f.suggestion is not None:
                fixed[f.field] = f.suggestion
        again = check(**fixed)
        for name in {f.field for f in report.findings if f.suggestion is not None}:
            assert again.field_status(name) != "error", (case["id"], name, again.for_field(name))


def test_a_key_cut_anywhere_is_never_ready():
    # Copying stops early or starts late: every cut of a real key is an error, never a wrong suggestion.
    from harness import ACCOUNT_ID, API_KEY, SITE_ID

    for n in range(8, len(API_KEY) - 1, 7):
        for piece in (API_KEY[:n], API_KEY[n:]):
            report = check(api_key=piece, account_id=ACCOUNT_ID, site_id=SITE_ID)
            assert report.field_status("api_key") == "error", n
            assert {f.suggestion for f in report.for_field("api_key")} <= {None, API_KEY}, n


EXPECTED = Path(__file__).with_name("cases.expected.txt")


def _shown(text: str) -> str:
    for value, name in SHOWN_AS.items():
        text = text.replace(value, name)
    return text


def _expected_texts() -> dict[str, str]:
    """``cases.expected.txt``: each row's ``to_text()`` under a ``## <id>`` line."""
    texts: dict[str, str] = {}
    for block in EXPECTED.read_text("utf-8").split("\n## ")[1:]:
        case_id, _, text = block.partition("\n")
        texts[case_id] = text.rstrip("\n")
    return texts


def test_every_report_reads_as_reviewed():
    # Every wording change shows up as a diff of cases.expected.txt.
    # UPDATE_GOLDEN=1 pytest tests/validator/test_cases.py rewrites it; review the diff.
    actual = {case["id"]: _shown(check(**case["values"]).to_text()) for case in CASES}
    rewritten = _HEADER + "".join(f"\n## {case_id}\n{text}\n" for case_id, text in actual.items())
    if os.environ.get("UPDATE_GOLDEN"):
        EXPECTED.write_text(rewritten, "utf-8")
    expected = _expected_texts()
    assert list(expected) == list(actual), (
        f"rows added, removed or moved: UPDATE_GOLDEN=1 rewrites the file thus:\n{_diff(rewritten)}"
    )
    changed = [case_id for case_id in actual if actual[case_id] != expected[case_id]]
    assert not changed, (
        f"{len(changed)} reports read differently from cases.expected.txt; UPDATE_GOLDEN=1 rewrites the file "
        f"thus:\n{_diff(rewritten)}"
    )


def _diff(rewritten: str) -> str:
    """What rewriting cases.expected.txt would change, as ``git diff`` shows it: only the lines that differ."""
    return "".join(
        difflib.unified_diff(
            EXPECTED.read_text("utf-8").splitlines(keepends=True),
            rewritten.splitlines(keepends=True),
            "tests/validator/cases.expected.txt",
            "what the checker prints now",
        )
    )


_HEADER = """\
# What the checker prints (Report.to_text()) for each row of cases.toml, in its order.
# Written by `UPDATE_GOLDEN=1 pytest tests/validator/test_cases.py`: review its diff.
# {ACCOUNT}, {SITE}, {OTHER}, {DOC}, {SESSION} and {SITE_FF} stand for the synthetic values of cases.toml.
"""
