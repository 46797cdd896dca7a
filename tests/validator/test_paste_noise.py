"""Paste noise: a correct value inside what merchants' tools wrap around it is found, and only that noise is named.

``pastes()`` (strategies.py) wraps a correct key, Account ID or Site ID, or several of them labelled in one
field, the way spreadsheets, .env files, JSON, YAML, markdown, chat apps, e-mail, PDFs and CJK keyboards do, and
lists what it applied. For every paste the field's suggestion must be exactly the original value (or, for the exact
value, no finding at all); where two different values of one kind are pasted and nothing tells which is meant, no
suggestion at all; every finding's code must be one that a wrapper the paste applied may cause; and no message may
show a piece of a key.

``VALIDATOR_EXAMPLES=5000`` hunts with random examples; the default runs a fixed set, the same on every run.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

import pytest
from hypothesis import HealthCheck, event, example, given, settings

from harness import ACCOUNT_ID, API_KEY, SITE_ID, guid, make_key
from validator import check, page_report
from validator.catalogue import code_info

from .in_pyodide import DOCS_URL, NPM_PYODIDE, as_sent, run_in_pyodide
from .strategies import WRAPPERS, Paste, pastes

#: Compositions the checker is known to get wrong, by name (where the defect is written up) and a test on the
#: paste: skipped here and nowhere else, counted in the printed summary. Delete an entry when its defect is fixed.
KNOWN_DEFECTS: dict[str, Callable[[Paste], bool]] = {}

#: Stands for the code a field reports for other text around its value ("There is other text around …").
AROUND = "text-around"
AROUND_CODE = {"api_key": "key-not-key", "account_id": "account-not-id", "site_id": "site-not-id"}
_SYNTAX = {AROUND, "spaces", "extra-punctuation"}
#: What each wrapper may make the checker name. A code no applied wrapper lists names a cause that is not there.
CAUSES: dict[str, set[str]] = {
    "address": {"site-url"},
    "bearer": {"key-bearer"},
    "label": _SYNTAX,
    "env": _SYNTAX,
    "env-comment": _SYNTAX,
    "json": _SYNTAX,
    "yaml": _SYNTAX,
    "csv": _SYNTAX,
    "row": _SYNTAX,
    "decoy": {AROUND},
    "several-values": {AROUND, "spaces"},
    "two-values": {AROUND, "spaces", "key-segments"},
    # Two Account IDs and the key, which names one: the other is not the key's account, and may be told so.
    "key-decides": {AROUND, "spaces", "account-mismatch"},
    "quotes": {AROUND, "extra-punctuation", "spaces"},  # « S » has spaces inside
    "code-span": {AROUND, "extra-punctuation"},
    "bold": {AROUND, "extra-punctuation"},
    "slack-bold": {AROUND, "extra-punctuation"},
    "spoiler": {AROUND, "extra-punctuation"},
    "angle-brackets": {AROUND, "extra-punctuation"},
    "link": {AROUND, "extra-punctuation", "site-url"},
    "fence": _SYNTAX,
    "bullet": _SYNTAX,
    "chat-quote": _SYNTAX,
    "prose": _SYNTAX,
    "wrap": {"spaces"},
    "soft-hyphen": {"invisible-characters"},
    "fullwidth": {"look-alike-letters", "id-format"},
    "ligature": {"look-alike-letters"},
    "bidi": {"control-characters"},
    "zero-width": {"invisible-characters"},
    "bom": {"invisible-characters"},
    "nbsp": {"invisible-characters", "spaces"},
    "trailing-newline": {"spaces"},
    "crlf": {"spaces"},
    "html": {AROUND, "extra-punctuation", "spaces"},
    "spreadsheet-apostrophe": {AROUND, "extra-punctuation"},
    # A phone keyboard's capital first letter: only an ID at the very start can be hit (a key starts with IST).
    "auto-capital": {"id-format"},
    "terminal": _SYNTAX,
    # Look-alike letters in a label are not in the value: the checker must not name them.
    "look-alike-label": _SYNTAX,
    "quoted-printable": _SYNTAX,
}

EXAMPLES = int(os.environ.get("VALIDATOR_EXAMPLES", "500"))
#: A bug hunt (VALIDATOR_EXAMPLES set) draws new examples each run; CI runs the same ones every time.
HUNT = "VALIDATOR_EXAMPLES" in os.environ
PYODIDE_EXAMPLES = 150

OTHER_SITE = guid(2_500_000)
TAB_KEY = make_key(ACCOUNT_ID, seed=290)
EDITOR, EDITED = "https://editor.wix.com/html/editor/web/renderer/edit/", guid(8)


def dashboard(site: str) -> str:
    return f"https://manage.wix.com/dashboard/{site}/home"


def _fixed(
    field: str, text: str, wrappers: tuple[str, ...], *named: str, language: str = "en", **others: str | None
) -> Paste:
    """A paste of ``named`` values (two: ambiguous) in ``field``, the other fields as given, keys found in the text."""
    keys = tuple(key for key in (API_KEY, TAB_KEY) if key in text or others.get("api_key") == key)
    return Paste(field, text, named[0], wrappers, len(named) > 1, named, others, language, keys)


#: Pastes the strategies draw too rarely to meet in the fixed set, each once a defect: always tried.
FIXED_EXAMPLES = (
    # A sentence's end set apart from the key only by a narrow no-break space (an editor keeps "- …" on its line).
    _fixed(
        "api_key", API_KEY + "\u202f- is that right?", ("nbsp", "prose"), API_KEY, account_id=ACCOUNT_ID, site_id=None
    ),
    # Two sites' addresses under Japanese labels whose ID is typed in full width: no look-alike in a value.
    _fixed(
        "site_id",
        f"サイトＩＤ – \n{dashboard(SITE_ID)}\nサイトＩＤ: \n{dashboard(OTHER_SITE)}",
        ("address", "label", "two-values"),
        SITE_ID,
        OTHER_SITE,
        language="ja",
        api_key=None,
        account_id=ACCOUNT_ID,
    ),
    # An e-mail cut an editor address on a line its soft hyphen made 76 characters wide: the line goes on.
    _fixed(
        "site_id",
        f"Hi, link:\n{EDITOR}{EDITED[:23]}\n{EDITED[23:]}?metaSiteId={SITE_ID[:10]}\u00ad{SITE_ID[10:]}"
        f"&editorSession\nId={guid(9)}",
        ("address", "prose", "soft-hyphen", "wrap"),
        SITE_ID,
        api_key=API_KEY,
        account_id=ACCOUNT_ID,
    ),
    # A key whose signature ends in a long run without digits, then a tab and the next label: no label reaches back
    # into the key (its end was quoted as part of the Account ID's label).
    _fixed(
        "account_id",
        f"<p>Here it is:<br>\nמפתח API - {TAB_KEY}\tמזהה חשבון = {ACCOUNT_ID}<br>\n-- <br>\nMaria</p>",
        ("html", "label", "prose", "several-values"),
        ACCOUNT_ID,
        language="he",
        api_key=None,
        site_id=None,
    ),
)


def _with_fixed_examples(test: Callable[..., None]) -> Callable[..., None]:
    for paste in FIXED_EXAMPLES:
        test = example(paste)(test)
    return test


def allowed_codes(paste: Paste) -> set[str]:
    allowed = set().union(*(CAUSES[w] for w in paste.wrappers)) if paste.wrappers else set()
    if AROUND in allowed:
        allowed = (allowed - {AROUND}) | {AROUND_CODE[paste.field]}
    return allowed


def problems(paste: Paste, report: Mapping[str, Any]) -> list[str]:
    """What is wrong with the checker's report (``to_dict(reveal_key=True)``) for this paste; [] when right."""
    found: list[str] = []
    allowed = allowed_codes(paste)
    mine = [f for f in report["findings"] if f["field"] == paste.field]
    for f in report["findings"]:
        if f["field"] != paste.field:
            found.append(f"{f['field']} holds its correct value, yet: {f['code']}: {f['message']}")
        elif f["code"] not in allowed:
            found.append(f"{f['code']} names a cause the paste did not add: {f['message']}")
    shown = " ".join(f["message"] for f in report["findings"])
    if any(piece in shown for key in paste.keys for piece in _secret_pieces(key)):
        found.append("a message shows a piece of a key")
    suggested = {f["suggestion"] for f in mine if "suggestion" in f}
    if paste.ambiguous:
        if suggested:
            found.append(f"suggests {_short(suggested)} where two different values are pasted")
        if not any(f["severity"] == "error" for f in mine):
            found.append("accepts two different values in one field")
        elif paste.field != "api_key":
            said = " ".join(f["message"] for f in mine)
            if not all(v in said for v in paste.named):
                found.append("does not name both values it was given")
    elif paste.text == paste.value:
        if mine:
            found.append("reports the exact value")
    elif suggested != {paste.value}:
        found.append(f"suggests {_short(suggested) if suggested else 'nothing'}, not the pasted value")
    return found


def _secret_pieces(key: str) -> list[str]:
    # Any 16 characters of the signature would be a leak: it is the key's random part.
    signature = key.rsplit(".", 1)[1]
    return [signature[i : i + 16] for i in range(0, len(signature) - 16, 8)]


def _short(values: set[str]) -> str:
    return ", ".join(sorted(v if len(v) < 60 else v[:20] + f"…({len(v)})" for v in values))


def _known_defect(paste: Paste) -> str | None:
    return next((name for name, applies in KNOWN_DEFECTS.items() if applies(paste)), None)


def test_every_wrapper_has_its_causes_and_every_cause_is_a_code():
    assert set(CAUSES) == set(WRAPPERS)
    for codes in CAUSES.values():
        for code in codes - {AROUND}:
            code_info(code)  # a KeyError names a code the catalogue lacks
    for code in AROUND_CODE.values():
        code_info(code)


TRIED: Counter[tuple[str, str]] = Counter()
SKIPPED: Counter[str] = Counter()


# Hunting keeps Hypothesis' database of failing examples; a normal run leaves none behind.
_DATABASE: dict[str, Any] = {} if HUNT else {"database": None}


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not HUNT,
    **_DATABASE,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@_with_fixed_examples
@given(pastes())
def _paste_is_read(paste: Paste) -> None:
    TRIED[paste.combination, paste.language] += 1
    event(paste.field + (" ambiguous" if paste.ambiguous else ""))
    if (known := _known_defect(paste)) is not None:
        event(f"skipped as known: {known}")
        SKIPPED[known] += 1
        return
    report = check(**paste.inputs()).to_dict(reveal_key=True)
    assert not problems(paste, report)


def test_noise_is_removed_and_only_its_causes_named():
    TRIED.clear()
    SKIPPED.clear()
    started = time.perf_counter()
    _paste_is_read()
    elapsed = time.perf_counter() - started
    tried = sum(TRIED.values())
    # For the record (pytest -s): the budget's speed and how much of the space it covered.
    print(  # noqa: T201 - for the record, shown under pytest -s
        f"\npaste noise: {tried} examples in {elapsed:.1f} s ({tried / elapsed:.0f}/s), "
        f"{len({combination for combination, _ in TRIED})} distinct field and wrapper combinations "
        f"({len(TRIED)} with the labels' language); {sum(SKIPPED.values())} skipped as known defects"
        + "".join(f"\n  {n} × {name}" for name, n in SKIPPED.most_common())
    )


#: Drawn in CPython (the same fixed set every run), then checked in one Pyodide boot.
BATCH: list[Paste] = []


@settings(
    max_examples=PYODIDE_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@_with_fixed_examples
@given(pastes())
def _collect(paste: Paste) -> None:
    if _known_defect(paste) is None:
        BATCH.append(paste)


@pytest.mark.pyodide
@pytest.mark.skipif(
    not (NPM_PYODIDE / "pyodide.mjs").exists(), reason="node_modules/pyodide is missing (make test installs it)"
)
def test_pyodide_reads_paste_noise_as_cpython_does(tmp_path, shipped_stdlib):
    BATCH.clear()
    _collect()
    inputs = as_sent([p.inputs() for p in BATCH])
    done = run_in_pyodide(inputs, tmp_path, "--stdlib", str(shipped_stdlib), "--docs-url", DOCS_URL)
    assert done.returncode == 0, done.stderr[-3000:]
    ran = json.loads((tmp_path / "outputs.json").read_text("utf-8"))
    assert ran["python"].startswith("3.14") and len(ran["results"]) == len(BATCH)
    for paste, values, theirs in zip(BATCH, inputs, ran["results"], strict=True):
        assert theirs == list(page_report(values, DOCS_URL)), paste
        shown = json.loads(theirs[0])
        assert not problems(paste, shown), (problems(paste, shown), paste)
