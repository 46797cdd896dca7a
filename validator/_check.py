"""The checker's flow: each field on its own, then the three together, then the suggestions.

Each field is cleaned in a fixed order (control characters, invisible
characters, spaces, punctuation around it, look-alike letters), each kind of
debris reported under its own code (``_phrasing``); then the cleaned value is
checked for what it is (``_fields``); then the fields are compared
(``_cross``). A field gets ONE suggestion, the fully corrected value, and only
when checking the values again with every suggestion applied leaves that field
without an error: a suggestion the checker itself would refuse is never offered.
"""

from __future__ import annotations

import re

from validator._clean import HIDDEN, MAX_LENGTH, SPACES, clean
from validator._cross import cross_check
from validator._fields import WRONG_KIND, FieldResult, read_account, read_key, read_site
from validator._ids import id_pattern
from validator._phrasing import debris_findings
from validator._report import Finding, Report
from validator.catalogue import FIELD_LABELS, FIELDS, Field
from validator.facts import ACCOUNT_WHERE, API_KEYS_MENU, ID_LENGTH, KEY_LENGTH_SAID, SITE_WHERE

_SURROGATE = re.compile("[\ud800-\udfff]")
#: A line break of the old Mac (a CR alone), as a text box hands it over: a line feed, in the same place.
_LONE_CR = re.compile("\r(?!\n)")
#: An e-mail's source as sent (quoted-printable: its "Show original"): lines of at most 76 characters, each cut line
#: ending in "=", "=" itself written "=3D", other bytes "=XX". Neither a key nor an ID holds "=" before a line
#: break or "=3D" (unless "3D" starts an ID, which is looked for).
_QP_SOFT_BREAK = re.compile("=\r?\n")
_QP_BYTES = re.compile("(?:=[0-9A-F]{2})+")
_ID_AT = re.compile(id_pattern("[0-9A-Fa-f]"))
#: Text quoted in an e-mail reply: every line that holds anything starts with ">".
_LEAD = "(?:[ \t\r]|" + HIDDEN.pattern + ")*"  # spaces and invisible characters before the mark
_QUOTED = re.compile(f"(?:{_LEAD}>[^\n]*(?:\n|$)|{_LEAD}\n)+")
# An HTML e-mail writes the space after the mark as a no-break space ("&gt;&nbsp;").
_QUOTE_MARK = re.compile(f"^{_LEAD}(?:>[ \t\u00a0\u202f]?)+", re.MULTILINE)
_TYPICAL_LENGTH = {
    "api_key": f"an API Key has about {KEY_LENGTH_SAID}",
    "account_id": f"an Account ID has {ID_LENGTH}",
    "site_id": f"a Site ID has {ID_LENGTH}",
}


def check(api_key: str | None = "", account_id: str | None = "", site_id: str | None = "") -> Report:
    """Check the three values a merchant pastes into Violet Connect. Never raises for any text.

    ``None`` is a field not entered yet: it gets no finding, and the summary
    does not ask for it to be fixed. ``""`` is a field entered, then emptied.
    """
    values: dict[Field, str | None] = {
        "api_key": _text(api_key),
        "account_id": _text(account_id),
        "site_id": _text(site_id),
    }
    return _check(values, suggest=True)


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = value if isinstance(value, str) else str(value)
    # A merchant sees one line break where Windows text holds two characters.
    return text.replace("\r\n", "\n")


def _check(values: dict[Field, str | None], *, suggest: bool) -> Report:
    results = {name: _analyse(name, values[name]) for name in FIELDS}
    cross_check(results)
    fixes: dict[Field, str] = {}
    if suggest:
        candidates = {
            n: r.fix
            for n, r in results.items()
            if r.fix is not None and r.fix != values[n] and r.fix != "" and values[n] is not None
        }
        if candidates:
            again = _check({**values, **candidates}, suggest=False)
            fixes = {n: v for n, v in candidates.items() if again.field_status(n) != "error"}
    findings = []
    for name in FIELDS:
        for code, said in results[name].findings:
            # A lone surrogate (broken text from a clipboard) cannot be shown or sent as JSON to a page.
            message = _SURROGATE.sub("\ufffd", said)
            finding = Finding(name, code, message)
            if name in fixes and finding.severity == "error":
                finding = Finding(name, code, message, fixes[name])
            findings.append(finding)
    return Report(tuple(findings), untouched=tuple(n for n in FIELDS if values[n] is None))


def _analyse(name: str, raw: str | None, *, unquoted: bool = False, decoded: bool = False) -> FieldResult:
    out = FieldResult()
    if raw is None:
        return out
    label = FIELD_LABELS[name]
    if raw == "":
        out.add("empty", _empty_message(name, f"The {label} field is empty."))
        return out
    if len(raw) > MAX_LENGTH:
        # The page stops a field at MAX_LENGTH + 1 characters: then more was pasted than it holds.
        held = f"more than {MAX_LENGTH:,}" if len(raw) == MAX_LENGTH + 1 else f"{len(raw):,}"
        out.add(
            "too-long",
            f"The {label} field holds {held} characters, and {_TYPICAL_LENGTH[name]}: far more "
            f"was pasted than the {label}. Clear the field and paste only the {label}.",
        )
        return out
    if not (unquoted or decoded):  # (a reply's or an e-mail's source text was read so once)
        raw = _LONE_CR.sub("\n", raw)
        text = _from_quoted_printable(raw)
        if text != raw:
            out = _analyse(name, text, decoded=True)
            out.findings.insert(
                0,
                (
                    "extra-punctuation",
                    (
                        f"The {label} comes from an e-mail's source as sent (quoted-printable): the “=” at the ends "
                        f"of its lines and codes such as “=3D” are not part of the {label}. Copy it from the e-mail "
                        "as it is shown."
                    ),
                ),
            )
            return out
    if not unquoted and "\n" in raw and ">" in raw and _QUOTED.fullmatch(raw):
        # An e-mail reply: "> " before every line. Read the text without it, then say it was there.
        out = _analyse(name, _QUOTE_MARK.sub("", raw), unquoted=True)
        out.findings.insert(
            0,
            (
                "extra-punctuation",
                (
                    f"Each line of the {label} starts with “>”, as an e-mail reply "
                    f"quotes text: these marks are not part of the {label}. Remove them."
                ),
            ),
        )
        return out
    cleaned = clean(raw, map_dashes=name == "api_key")
    if cleaned.value == "":
        out.add(
            "empty", _empty_message(name, f"The {label} field holds only spaces or invisible characters, no value.")
        )
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
    debris = debris_findings(cleaned, label, skip_before=skip_before, inside=inside)
    if out.around:
        debris = [(code, message) for code, message in debris if code not in ("spaces", "extra-punctuation")]
    values = [out.fix] if out.fix else list(out.pair or out.sites)
    if (
        values
        and cleaned.look_alikes
        and not any(_touches(raw, v, [p for p, _, _ in cleaned.look_alikes]) for v in values)
    ):
        # The look-alikes were in a label or a word around the value ("ID аккаунта:"), not in the value.
        debris = [(code, message) for code, message in debris if code != "look-alike-letters"]
    out.findings = debris + verdict
    return out


def _from_quoted_printable(raw: str) -> str:
    """``raw`` decoded when it is quoted-printable, else ``raw``."""
    if "=" not in raw:
        return raw
    lines = [line.removesuffix("\r") for line in raw.split("\n")]
    # Soft breaks: an encoder fills its lines to 76 characters, the "=" included ("metaSiteId=" then the ID on the
    # next line is a name and its value).
    soft = all(len(line) <= 76 for line in lines) and any(len(line) == 76 and line[-1] == "=" for line in lines[:-1])
    # A soft break may fall between the bytes of one character ("=EF=\n=BC=90"): the lines are joined first.
    text = _QP_SOFT_BREAK.sub("", raw)
    if not (soft or any(_quoted_printable_sign(text, m) for m in _QP_BYTES.finditer(text))):
        return raw

    def decoded(m: re.Match[str]) -> str:
        if _ID_AT.match(text, m.start() + 1) is not None:
            return m[0]
        try:
            return bytes.fromhex(m[0].replace("=", "")).decode("utf-8")
        except UnicodeDecodeError:
            return m[0]

    return _QP_BYTES.sub(decoded, text)


def _quoted_printable_sign(text: str, m: re.Match[str]) -> bool:
    """Whether these escapes are quoted-printable's: a character beyond ASCII in UTF-8 ("=C2=A0"), "=" written
    "=3D" (not an ID starting with 3D), or a space or tab kept before a line's end ("=20").
    """
    data = bytes.fromhex(m[0].replace("=", ""))
    if max(data) >= 0x80:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return False
        return True
    if "=3D" in m[0] and _ID_AT.match(text, m.start() + 1) is None:
        return True
    return m[0].endswith(("=20", "=09")) and text[m.end() : m.end() + 1] in ("", "\n", "\r")


def _touches(raw: str, value: str, positions: list[int]) -> bool:
    """Whether any of ``positions`` falls between where ``value`` starts and ends as pasted (a key may be wrapped
    over lines); True when its ends cannot be found as they are.
    """
    if not value.isascii() or len(value) < 16:
        return True
    lower = raw.lower()
    start, end = lower.find(value[:8].lower()), lower.rfind(value[-8:].lower())
    if 0 <= start <= end:
        return any(start <= p < end + 8 for p in positions)
    # Looked for without invisible characters ("I\u200bST.") and line breaks (an ID an e-mail cut), then placed back
    # where they were pasted.
    kept = [i for i, c in enumerate(raw) if c not in SPACES and not HIDDEN.match(c)]
    if len(kept) == len(raw):
        return True
    lower = "".join(raw[i] for i in kept).lower()
    start, end = lower.find(value[:8].lower()), lower.rfind(value[-8:].lower())
    if start < 0 or end < start:
        return True
    return any(kept[start] <= p <= kept[end + 7] for p in positions)


def _empty_message(name: str, said: str) -> str:
    if name == "api_key":
        return f"{said} Paste the key Wix showed when you created it ({API_KEYS_MENU})."
    if name == "account_id":
        return f"{said} {ACCOUNT_WHERE}"
    return f"{said} {SITE_WHERE}"
