"""Debris and look-alikes anywhere in a correct value: each kind named, the exact value suggested."""

from __future__ import annotations

import os

from hypothesis import given, settings
from hypothesis import strategies as st

from harness import ACCOUNT_ID, API_KEY, SITE_ID
from validator import check
from validator._clean import INVISIBLE, LOOK_ALIKES, SPACES, is_control

VALUES = {"api_key": API_KEY, "account_id": ACCOUNT_ID, "site_id": SITE_ID}
CONTROLS = [
    chr(c) for c in (*range(9), 0x0E, 0x1F, 0x7F, 0x85, 0x9F, 0x061C, 0x200E, 0x200F, 0x202A, 0x202E, 0x2066, 0x2069)
]
KINDS = {"spaces": list(SPACES), "invisible-characters": list(INVISIBLE), "control-characters": CONTROLS}
WRAPPERS = [('"', '"'), ("“", "”"), ("'", "'"), ("`", "`"), ("<", ">"), ("(", ")."), ("", "."), ("", ","), ("", ";")]
REVERSE: dict[str, list[str]] = {}
for fake, real in LOOK_ALIKES.items():
    REVERSE.setdefault(real, []).append(fake)
for c in "0123456789abcdefABCDEFGHIJKLMNOPQRSTUVWXYZghijklmnopqrstuvwxyz":
    REVERSE.setdefault(c, []).append(chr(ord(c) + 0xFEE0))  # fullwidth form

SETTINGS = settings(max_examples=int(os.environ.get("VALIDATOR_EXAMPLES", "150")), deadline=None)


@SETTINGS
@given(st.sampled_from(sorted(VALUES)), st.data())
def test_debris_is_named_and_removed_exactly(name, data):
    value = VALUES[name]
    kinds = data.draw(st.sets(st.sampled_from(sorted(KINDS)), min_size=1))
    for kind in kinds:
        for _ in range(data.draw(st.integers(1, 3))):
            at = data.draw(st.integers(0, len(value)))
            value = value[:at] + data.draw(st.sampled_from(KINDS[kind])) + value[at:]
    expected = set(kinds)
    if data.draw(st.booleans()):
        before, after = data.draw(st.sampled_from(WRAPPERS))
        value = before + value + after
        expected.add("extra-punctuation")
    report = check(**{**VALUES, name: value})
    assert {f.code for f in report.findings} == expected
    assert {f.suggestion for f in report.findings} == {VALUES[name]}


@SETTINGS
@given(st.sampled_from(sorted(VALUES)), st.data())
def test_look_alikes_are_named_and_replaced(name, data):
    value = VALUES[name]
    positions = [i for i, c in enumerate(value) if c in REVERSE]
    chosen = data.draw(st.sets(st.sampled_from(positions), min_size=1, max_size=4))
    chars = list(value)
    for i in chosen:
        chars[i] = data.draw(st.sampled_from(REVERSE[value[i]]))
    report = check(**{**VALUES, name: "".join(chars)})
    assert [f.code for f in report.findings] == ["look-alike-letters"]
    finding = report.findings[0]
    assert finding.suggestion == VALUES[name]
    for i in sorted(chosen)[:3]:
        assert f"U+{ord(chars[i]):04X}" in finding.message and f"position {i + 1}" in finding.message


def test_debris_tables_do_not_overlap():
    # Each character belongs to one kind, so it is reported once.
    assert not set(SPACES) & set(INVISIBLE)
    assert not any(is_control(c) for c in [*SPACES, *INVISIBLE])
