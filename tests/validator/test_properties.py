"""Properties that hold for any text a merchant could paste."""

from __future__ import annotations

import json
import os
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from validator import FIELDS, check
from validator._clean import INVISIBLE, SPACES, is_control

from .strategies import KEYS, damaged, field_text

#: VALIDATOR_EXAMPLES=5000 for a long bug hunt; the default keeps CI fast.
SETTINGS = settings(
    max_examples=int(os.environ.get("VALIDATOR_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@SETTINGS
@given(field_text, field_text, field_text)
def test_never_raises_and_always_reports(api_key, account_id, site_id):
    report = check(api_key=api_key, account_id=account_id, site_id=site_id)
    json.loads(report.to_json())
    report.to_text(docs_url="https://example.org/guide")
    for f in report.findings:
        assert f.message and f.anchor == f.code
        assert f.severity in ("error", "warning")
        # A message is shown in the page: nothing in it may hide or reorder text.
        assert not any(is_control(c) or c in INVISIBLE or (c in SPACES and c != " ") for c in f.message)
        f.message.encode("utf-8")  # no lone surrogate
    assert report.ok == (not any(f.severity == "error" for f in report.findings))


@SETTINGS
@given(field_text, field_text, field_text)
def test_every_suggestion_passes_its_own_field(api_key, account_id, site_id):
    report = check(api_key=api_key, account_id=account_id, site_id=site_id)
    for f in report.findings:
        if f.suggestion is not None:
            alone = check(**{f.field: f.suggestion})
            assert alone.field_status(f.field) != "error", (f.code, alone.for_field(f.field))


@SETTINGS
@given(field_text, field_text, field_text)
def test_applying_suggestions_removes_their_findings(api_key, account_id, site_id):
    values = {"api_key": api_key, "account_id": account_id, "site_id": site_id}
    report = check(**values)
    fixed = dict(values)
    fixed.update({f.field: f.suggestion for f in report.findings if f.suggestion is not None})
    again = check(**fixed)
    remaining = {(f.field, f.code) for f in again.findings}
    for f in report.findings:
        if f.suggestion is not None:
            assert (f.field, f.code) not in remaining


def _secret_pieces(key: str) -> list[str]:
    # Any 16 characters of the signature would be a leak: it is the key's random part.
    signature = key.rsplit(".", 1)[1]
    return [signature[i : i + 16] for i in range(0, len(signature) - 16, 8)]


@SETTINGS
@given(damaged(KEYS), st.sampled_from(["api_key", "account_id", "site_id"]), field_text)
def test_key_never_shown(key_text, where, other):
    values = {"api_key": other, "account_id": other, "site_id": other, where: key_text}
    report = check(**values)
    shown = [report.to_text(), json.dumps(report.to_dict(), ensure_ascii=False)]
    shown += [f.message for f in report.findings]
    for key in KEYS:
        for piece in _secret_pieces(key):
            assert not any(piece in text for text in shown)


@settings(max_examples=5, deadline=None)
@given(st.sampled_from(FIELDS), st.text(min_size=1, max_size=20))
def test_megabyte_returns_quickly(name, unit):
    # A safety net only: the benchmark measures speed.
    huge = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    started = time.perf_counter()
    report = check(**{name: huge})
    assert time.perf_counter() - started < 2.0
    assert [f.code for f in report.for_field(name)] == ["too-long"]


def test_longest_accepted_value_returns_quickly():
    # Just under the limit, every rule runs over the whole value.
    for text in ("a" * 4096, "-" * 4096, "IST." + "eyJ." * 1023, "\u200b" * 4096, "{" * 4096, "/" * 4096):
        started = time.perf_counter()
        for name in FIELDS:
            check(**{name: text})
        assert time.perf_counter() - started < 2.0
