"""The checker's flow: each field on its own, then the three together, then the suggestions.

Each field is cleaned in a fixed order (control characters, invisible
characters, spaces, punctuation around it, look-alike letters), each kind of
debris reported under its own code (``_debris``); then the cleaned value is
checked for what it is (``_fields``); then the fields are compared
(``_cross``). A field gets ONE suggestion, the fully corrected value, and only
when checking the values again with every suggestion applied leaves that field
without an error: a suggestion the checker itself would refuse is never offered.
"""

from __future__ import annotations

import re

from validator._cross import cross_check
from validator._debris import debris_findings
from validator._fields import ACCOUNT_WHERE, WRONG_KIND, FieldResult, read_account, read_key, read_site
from validator._report import Finding, Report
from validator._site import WHERE_IT_IS
from validator._text import MAX_LENGTH, clean
from validator.catalogue import FIELD_LABELS, FIELDS

_SURROGATE = re.compile("[\ud800-\udfff]")
_TYPICAL_LENGTH = {"api_key": "an API Key has about 721", "account_id": "an Account ID has 36", "site_id": "a Site ID has 36"}


def check(api_key: str = "", account_id: str = "", site_id: str = "") -> Report:
    """Check the three values a merchant pastes into Violet Connect. Never raises for any text."""
    values = {"api_key": _text(api_key), "account_id": _text(account_id), "site_id": _text(site_id)}
    return _check(values, suggest=True)


def _text(value: object) -> str:
    return "" if value is None else value if isinstance(value, str) else str(value)


def _check(values: dict[str, str], *, suggest: bool) -> Report:
    results = {name: _analyse(name, values[name]) for name in FIELDS}
    cross_check(results)
    fixes: dict[str, str] = {}
    if suggest:
        candidates = {
            n: r.fix for n, r in results.items() if r.fix is not None and r.fix != values[n] and r.fix != ""
        }
        if candidates:
            again = _check({**values, **candidates}, suggest=False)
            fixes = {n: v for n, v in candidates.items() if again.field_status(n) != "error"}
    findings = []
    for name in FIELDS:
        for code, message in results[name].findings:
            # A lone surrogate (broken text from a clipboard) cannot be shown or sent as JSON to a page.
            message = _SURROGATE.sub("\ufffd", message)
            finding = Finding(name, code, message)
            if name in fixes and finding.severity == "error":
                finding = Finding(name, code, message, fixes[name])
            findings.append(finding)
    return Report(tuple(findings))


def _analyse(name: str, raw: str) -> FieldResult:
    out = FieldResult()
    label = FIELD_LABELS[name]
    if raw == "":
        out.add("empty", _empty_message(name, f"The {label} field is empty."))
        return out
    if len(raw) > MAX_LENGTH:
        out.add(
            "too-long",
            f"The {label} field holds {len(raw):,} characters, and {_TYPICAL_LENGTH[name]}: far more "
            f"was pasted than the {label}. Clear the field and paste only the {label}.",
        )
        return out
    cleaned = clean(raw, map_dashes=name == "api_key")
    if cleaned.value == "":
        out.add("empty", _empty_message(name, f"The {label} field holds only spaces or invisible characters, no value."))
        return out
    out.checked = True
    skip_before = 0
    if name == "api_key":
        prefix_end = read_key(out, raw, cleaned)
        if prefix_end is None:
            return out
        skip_before = prefix_end
    elif name == "account_id":
        read_account(out, cleaned)
    else:
        read_site(out, cleaned)
    verdict = out.findings
    # Spaces inside a name or an e-mail address are part of the wrong value, not debris.
    inside = not any(code in WRONG_KIND for code, _ in verdict)
    out.findings = debris_findings(cleaned, label, skip_before=skip_before, inside=inside) + verdict
    return out


def _empty_message(name: str, said: str) -> str:
    if name == "api_key":
        return f"{said} Paste the key Wix showed when you created it (Account Settings > API Keys)."
    if name == "account_id":
        return f"{said} {ACCOUNT_WHERE}"
    return f"{said} {WHERE_IT_IS}"
