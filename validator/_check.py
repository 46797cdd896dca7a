"""The checker: each field on its own, then the three together, then the suggestions.

Each field is cleaned in a fixed order (control characters, invisible
characters, spaces, punctuation around it, look-alike letters), each kind of
debris reported under its own code; then the cleaned value is checked for what
it is. A field gets ONE suggestion, the fully corrected value, and only when
checking the values again with every suggestion applied leaves that field
without an error: a suggestion the checker itself would refuse is never offered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from validator._ids import ascii_lower, check_id
from validator._key import check_key
from validator._report import Finding, Report
from validator._site import WHERE_IT_IS, check_address, looks_like_name
from validator._text import (
    MAX_LENGTH,
    PUNCTUATION,
    SPACES,
    INVISIBLE,
    Cleaned,
    clean,
    describe,
    join_words,
    plural,
    show,
)
from validator.catalogue import FIELD_LABELS, FIELDS

_SURROGATE = re.compile("[\ud800-\udfff]")
_ANY_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.ASCII | re.IGNORECASE)
_EMAIL = re.compile(r"[^@]{1,64}@[^@]{1,255}\.[a-z]{2,24}", re.ASCII | re.IGNORECASE)
_ACCOUNT_WHERE = (
    "The Account ID is on the API Keys page of your Wix account (Account Settings > API Keys), "
    "on the right, under “Account ID”."
)
_WRONG_KIND = frozenset({"key-not-key", "account-not-id", "account-is-email", "site-is-name", "site-not-id"})
_TYPICAL_LENGTH = {"api_key": "an API Key has about 721", "account_id": "an Account ID has 36", "site_id": "a Site ID has 36"}


@dataclass
class _Field:
    findings: list[tuple[str, str]] = field(default_factory=list)
    fix: str | None = None  # the corrected value, if it can be derived
    id: str | None = None  # Account ID / Site ID, canonical, when the value is one
    account: str | None = None  # the key's account
    key: str | None = None  # a whole, valid API key pasted into an ID field
    pair: tuple[str, str] | None = None  # two IDs pasted together into one ID field
    checked: bool = False  # False when empty or too long: no cross-field checks

    def add(self, code: str, message: str) -> None:
        self.findings.append((code, message))


def check(api_key: str = "", account_id: str = "", site_id: str = "") -> Report:
    """Check the three values a merchant pastes into Violet Connect. Never raises for any text."""
    values = {"api_key": _text(api_key), "account_id": _text(account_id), "site_id": _text(site_id)}
    return _check(values, suggest=True)


def _text(value: object) -> str:
    return "" if value is None else value if isinstance(value, str) else str(value)


def _check(values: dict[str, str], *, suggest: bool) -> Report:
    results = {name: _analyse(name, values[name]) for name in FIELDS}
    _cross_check(results)
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


def _analyse(name: str, raw: str) -> _Field:
    out = _Field()
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
        key = check_key(cleaned)
        if key.findings and all(code != "key-bearer" for code, _ in key.findings):
            lone = _lone_key(raw, cleaned)
            if lone is not None:
                out.add("spaces", lone[1])
                out.fix = lone[0]
                out.account = check_key(clean(lone[0], map_dashes=True)).account
                return out
        out.findings = key.findings
        out.fix = key.fix if key.fix is not None else cleaned.value
        out.account = key.account
        out.id = key.id
        skip_before = key.prefix_end
    elif name == "account_id":
        _account(out, cleaned)
    else:
        _site(out, cleaned)
    verdict, out.findings = out.findings, []
    # Spaces inside a name or an e-mail address are part of the wrong value, not debris.
    inside = not any(code in _WRONG_KIND for code, _ in verdict)
    _debris(out, cleaned, label, skip_before=skip_before, inside=inside)
    out.findings += verdict
    return out


def _empty_message(name: str, said: str) -> str:
    if name == "api_key":
        return f"{said} Paste the key Wix showed when you created it (Account Settings > API Keys)."
    if name == "account_id":
        return f"{said} {_ACCOUNT_WHERE}"
    return f"{said} {WHERE_IT_IS}"


def _valid_key(cleaned: Cleaned) -> str | None:
    """The key in an ID field, corrected, when it is a whole valid key (to move it where it belongs)."""
    key = check_key(cleaned)
    candidate = key.fix if key.fix is not None else cleaned.value
    if key.fix is not None and check_key(clean(candidate, map_dashes=True)).findings:
        return None
    return candidate if all(code == "key-unfamiliar" for code, _ in key.findings) or key.fix else None


def _key_like(value: str) -> bool:
    return "IST.eyJ" in value or ("eyJ" in value and len(value) > 100) or ascii_lower(value[:4]) == "jws."


def _account(out: _Field, cleaned: Cleaned) -> None:
    value = cleaned.value
    if _key_like(value):
        out.key = _valid_key(cleaned)
        out.account = out.fix = check_key(cleaned).account
        belongs = f" The key belongs to the account {out.fix}: that is your Account ID." if out.fix else ""
        out.add("account-is-key", f"This is the API Key, not the Account ID.{belongs} {_ACCOUNT_WHERE}")
        return
    if _EMAIL.fullmatch(value):
        out.add(
            "account-is-email",
            f"This is an e-mail address, not the Account ID. The Account ID is an ID of 36 characters "
            f"such as 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d. {_ACCOUNT_WHERE}",
        )
        return
    if _id(out, cleaned, "Account ID") or _id_in_text(out, cleaned, "Account ID", "account-not-id"):
        return
    if "/" in value and "." in value:
        said = "This is a web address, not the Account ID"
        if "/dashboard/" in value:
            said += " (the ID in a dashboard address is the Site ID)"
    else:
        said = f"{show(cleaned.display)} is not an Account ID"
    out.add(
        "account-not-id",
        f"{said}. The Account ID is an ID of 36 characters such as 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d. {_ACCOUNT_WHERE}",
    )


def _site(out: _Field, cleaned: Cleaned) -> None:
    value = cleaned.value
    if _key_like(value):
        out.key = _valid_key(cleaned)
        out.account = check_key(cleaned).account
        out.add("site-is-key", f"This is the API Key, not the Site ID. {WHERE_IT_IS}")
        return
    address = check_address(cleaned)
    if address is not None:
        out.add(address.code, address.message)
        out.fix = address.fix
        out.id = address.fix
        return
    if _id(out, cleaned, "Site ID") or _id_in_text(out, cleaned, "Site ID", "site-not-id"):
        return
    if _EMAIL.fullmatch(value):
        out.add("site-not-id", f"This is an e-mail address, not the Site ID. {WHERE_IT_IS}")
    elif looks_like_name(value):
        out.add(
            "site-is-name",
            f"{show(cleaned.display)} looks like your site's name, not its Site ID. The Site ID is an "
            f"ID of 36 characters such as 5f6e7d8c-9b0a-4c1d-8e2f-3a4b5c6d7e8f. {WHERE_IT_IS}",
        )
    else:
        out.add("site-not-id", f"{show(cleaned.display)} is not a Site ID. {WHERE_IT_IS}")


def _id(out: _Field, cleaned: Cleaned, label: str) -> bool:
    """Reports an ID's format or damage; False when the value is no ID at all."""
    result = check_id(cleaned, label)
    if result.kind == "none":
        return False
    out.id = result.canonical
    out.pair = result.pair
    if result.kind == "format":
        out.add("id-format", result.message)
        out.fix = result.canonical
    elif result.kind == "malformed":
        out.add("id-malformed", result.message)
        out.fix = result.fix
    else:
        out.fix = result.canonical
    return True


def _id_in_text(out: _Field, cleaned: Cleaned, label: str, code: str) -> bool:
    """One ID with a few words around it ("Account ID: …"): keep the ID."""
    value = cleaned.value
    if "/" in value or len(value) > 36 + 40:
        return False
    found = _ANY_ID.findall(value)
    if len(found) != 1:
        return False
    out.id = out.fix = ascii_lower(found[0])
    out.add(code, f"There is other text around the {label}: keep only the ID, {out.fix}.")
    return True


def _lone_key(raw: str, cleaned: Cleaned) -> tuple[str, str] | None:
    """(key, message) when the field holds a whole key plus other pieces of text."""
    if not any(cleaned.origin[0] < p < cleaned.origin[-1] for p, _ in cleaned.spaces):
        return None
    pieces = "".join(" " if c in SPACES else c for c in raw).split(" ")
    pieces = [p for p in pieces if p]
    for piece in pieces:
        if "IST.eyJ" not in piece:
            continue
        key = check_key(clean(piece, map_dashes=True))
        candidate = key.fix or clean(piece, map_dashes=True).value
        if not key.findings and len(pieces) > 1:
            others = [p for p in pieces if p is not piece]
            ids = sum(bool(_ANY_ID.search(p)) for p in others)
            if piece is pieces[-1] and ids < len(others):
                return None  # words before the key: reported as text before the key
            what = plural(len(others), "ID") if ids == len(others) else plural(len(others), "other piece") + " of text"
            return (
                candidate,
                f"The API Key field holds the key and {what}, separated by spaces or line breaks. "
                "Keep only the key: the long text starting with IST.",
            )
    return None


def _debris(out: _Field, cleaned: Cleaned, label: str, *, skip_before: int, inside: bool) -> None:
    the = f"The {label}"
    if cleaned.controls:
        listed = _listed([(p, describe(c)) for p, c in cleaned.controls])
        out.add(
            "control-characters",
            f"{the} contains {plural(len(cleaned.controls), 'hidden control character')}: {listed}. "
            + _they(len(cleaned.controls))
            + " from copying out of some programs and can change how text is shown. "
            + ("Remove it." if len(cleaned.controls) == 1 else "Remove them."),
        )
    if cleaned.invisible:
        listed = _listed([(p, f"{INVISIBLE[c]} ({describe(c)})") for p, c in cleaned.invisible])
        out.add(
            "invisible-characters",
            f"{the} contains {plural(len(cleaned.invisible), 'invisible character')}: {listed}. "
            + _they(len(cleaned.invisible))
            + " from copying out of web pages, documents or chat messages. "
            + ("Remove it." if len(cleaned.invisible) == 1 else "Remove them."),
        )
    first = cleaned.origin[0] if cleaned.origin else 0
    last = cleaned.origin[-1] if cleaned.origin else 0
    spaces = [
        (p, c) for p, c in cleaned.spaces if not 0 < p < skip_before and (inside or not first < p < last)
    ]
    if spaces:
        out.add("spaces", _spaces_message(the, label, spaces, cleaned))
    if cleaned.punctuation:
        start = [c for p, c, side in sorted(cleaned.punctuation) if side == "start"]
        end = [c for p, c, side in sorted(cleaned.punctuation) if side == "end"]
        where = []
        if start:
            where.append(_marks(start) + " at the start")
        if end:
            where.append(_marks(end) + " at the end")
        out.add(
            "extra-punctuation",
            f"{the} has {join_words(where)}: {'it is' if len(start) + len(end) == 1 else 'they are'} not "
            f"part of the {label}. Remove {'it' if len(start) + len(end) == 1 else 'them'}.",
        )
    if cleaned.look_alikes:
        listed = _listed([(p, describe(c)) for p, c, a in cleaned.look_alikes], like=[a for _, _, a in cleaned.look_alikes])
        out.add(
            "look-alike-letters",
            f"{the} contains {plural(len(cleaned.look_alikes), 'character')} from another alphabet that "
            f"only {'looks' if len(cleaned.look_alikes) == 1 else 'look'} like Latin letters or digits: {listed}. Wix values use only plain Latin letters "
            "and digits: type these again, or copy the value again from Wix.",
        )


def _they(n: int) -> str:
    return "It comes" if n == 1 else "They come"


def _listed(items: list[tuple[int, str]], limit: int = 3, like: list[str] | None = None) -> str:
    shown = [
        f"{what} at position {p + 1}" + (f" (it looks like “{like[n]}”)" if like else "")
        for n, (p, what) in enumerate(items[:limit])
    ]
    if len(items) > limit:
        shown.append(f"{len(items) - limit} more")
    return join_words(shown)


def _marks(chars: list[str]) -> str:
    names: list[str] = []
    text = "".join(chars)
    if "..." in text:
        names.append("an ellipsis (...)")
        chars = list(text.replace("...", ""))
    for c in chars:
        name = f"{PUNCTUATION[c]} ({c})"
        if name not in names:
            names.append(name)
    return join_words(names)


def _spaces_message(the: str, label: str, spaces: list[tuple[int, str]], cleaned: Cleaned) -> str:
    first = cleaned.origin[0] if cleaned.origin else 0
    last = cleaned.origin[-1] if cleaned.origin else 0
    lead = [c for p, c in spaces if p < first]
    trail = [c for p, c in spaces if p > last]
    inside = [(p, c) for p, c in spaces if first < p < last]
    breaks = [p for p, c in inside if SPACES[c] == "a line break"]
    if label == "API Key" and breaks:
        lines = len(breaks) + 1
        return (
            f"{the} is broken over {lines} lines (line breaks at "
            + ("position " if len(breaks) == 1 else "positions ")
            + join_words([str(p + 1) for p in breaks[:5]] + ([f"{len(breaks) - 5} more"] if len(breaks) > 5 else []))
            + "): it was wrapped when it was copied. Join it into one line, with no spaces."
        )
    parts = []
    if lead:
        parts.append(_what(lead) + " at the start")
    if trail:
        parts.append(_what(trail) + " at the end")
    if inside:
        parts.append(_listed([(p, SPACES[c]) for p, c in inside]) if len(inside) <= 3 else f"{plural(len(inside), 'space')} inside it")
    article = "An" if label[0] in "AEIOU" else "A"
    one = len(spaces) == 1
    return (
        f"{the} has {join_words(parts)}. {article} {label} never contains spaces or line breaks: "
        + ("remove it." if one else "remove them.")
    )


def _what(chars: list[str]) -> str:
    kinds = {SPACES[c] for c in chars}
    if len(chars) == 1:
        return SPACES[chars[0]]
    if kinds == {"a space"}:
        return f"{len(chars)} spaces"
    return "spaces or line breaks"


def _cross_check(results: dict[str, _Field]) -> None:
    key, account, site = results["api_key"], results["account_id"], results["site_id"]
    owner = key.account or site.account  # a key pasted in the Site ID field still names its account
    if owner and not account.checked:
        account.fix = owner
        account.findings = [
            (code, message + f" Your API Key belongs to the account {owner}: that is your Account ID.")
            if code in ("empty", "too-long")
            else (code, message)
            for code, message in account.findings
        ]
    moved = account.key or site.key
    if moved and any(code in ("empty", "key-is-id", "key-not-key") for code, _ in key.findings):
        where = "Account ID" if account.key else "Site ID"
        key.findings = [(code, message + f" Your API Key is in the {where} field: move it here.") for code, message in key.findings]
        key.fix = moved
    if key.id and key.id in (account.id, site.id):
        which = "Account ID" if key.id == account.id else "Site ID"
        key.findings = [
            (code, message + f" It is the same as the {which} you entered.") if code == "key-is-id" else (code, message)
            for code, message in key.findings
        ]
    if key.account and account.id and account.id != key.account:
        same = " It is the same as the Site ID you entered: the Account ID is a different ID." if account.id == site.id else ""
        account.add(
            "account-mismatch",
            f"Your API Key belongs to the Wix account {key.account}, but the Account ID is {account.id}.{same} "
            "Use the key's account, or, if this Account ID is the right one, create the key while "
            "signed in to that account.",
        )
        account.fix = key.account
    # Two IDs in one field: the key tells which one is the account.
    if account.pair and key.account in account.pair:
        account.fix = key.account
    if site.pair and (key.account or account.id) in site.pair:
        site.fix = next(i for i in site.pair if i != (key.account or account.id))
    if not site.id:
        return
    if key.account and site.id == key.account:
        if account.id and account.id != key.account:
            site.add(
                "site-is-account",
                f"The Site ID is your Account ID (the account your API Key belongs to), and the Account ID "
                f"field holds another ID, {account.id}: the two look swapped. Put {key.account} in "
                f"Account ID and {account.id} in Site ID.",
            )
            site.fix = account.id
        else:
            site.add(
                "site-is-account",
                f"The Site ID is your Account ID (the account your API Key belongs to). The Site ID is a "
                f"different ID. {WHERE_IT_IS}",
            )
            site.fix = None
    elif account.id and site.id == account.id and not (key.account and account.id != key.account):
        site.add(
            "site-is-account",
            f"The Site ID is the same as the Account ID. They are two different IDs. {WHERE_IT_IS}",
        )
        site.fix = None
