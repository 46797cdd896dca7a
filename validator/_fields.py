"""What one field holds: the key, an ID, an address, a name or an e-mail address.

Each reader fills a ``FieldResult`` from the cleaned value: its findings about
what the value *is* (debris is reported separately), the corrected value when
it can be derived, and what the cross-field rules need (the key's account, an
ID, a whole key pasted into the wrong field).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from validator._clean import SPACES, Cleaned, clean
from validator._ids import IdCheck, ascii_lower, check_id, id_pattern
from validator._key import EMAIL, KeyCheck, check_key
from validator._labels import Value, labelled_values
from validator._phrasing import join_words, plural, quoted, secret_like, show
from validator._site import check_address, looks_like_name
from validator.catalogue import FIELD_LABELS
from validator.facts import ACCOUNT_WHERE, ID_SHAPE, KEY_WHERE, SITE_WHERE

ANY_ID = re.compile(id_pattern(), re.ASCII | re.IGNORECASE)
#: An example's stand-in for an ID ("xxxxxxxx-xxxx-…"), as guides and templates write it.
_PLACEHOLDER = re.compile(r"(?=(?:[-]*[xX]){8})[xX-]{8,40}", re.ASCII)
#: What an ID field should hold, said when it holds something else.
_ID_IS = f"The {{label}} is an ID of {ID_SHAPE}."
#: The same for the Account ID (a cross-field rule says the key's account instead, when it knows it).
ACCOUNT_ID_IS = _ID_IS.format(label="Account ID")
_WORD = re.compile("[^" + "".join(re.escape(c) for c in SPACES) + "]+")
#: At most this much text around an ID is taken for a label ("Account ID:") or decoration.
_AROUND = 40
_WHOLE_ID = re.compile(id_pattern(), re.IGNORECASE)
#: Findings that say the value is another kind of thing: spaces inside it are part of it, not debris.
WRONG_KIND = frozenset({"key-not-key", "account-not-id", "account-is-email", "site-is-name", "site-not-id"})


@dataclass
class FieldResult:
    findings: list[tuple[str, str]] = field(default_factory=list)
    fix: str | None = None  # the corrected value, if it can be derived
    id: str | None = None  # Account ID / Site ID, canonical, when the value is one
    account: str | None = None  # the key's account
    key: str | None = None  # a whole, valid API key pasted into an ID field
    pair: tuple[str, ...] | None = None  # two IDs or more pasted together into one ID field
    sites: tuple[str, ...] = ()  # the Site IDs of different sites' addresses pasted together (no cross-field check)
    damaged: str | None = None  # an ID with characters lost, added or changed, as pasted (lower case)
    damage: str = ""  # what is wrong with that ID, said without the advice to copy it again
    checked: bool = False  # False when empty or too long: no cross-field checks
    around: bool = False  # an ID with other text around it: that finding covers spaces and punctuation too
    # Per finding code, what the Account ID field holds instead of an ID, as said before ACCOUNT_ID_IS.
    not_account: dict[str, str] = field(default_factory=dict)

    def add(self, code: str, message: str) -> None:
        self.findings.append((code, message))

    def add_not_account(self, code: str, said: str) -> None:
        """A finding that the Account ID field holds something else: ``said`` what, then what it should hold."""
        self.not_account[code] = said
        self.add(code, account_message(said))


def account_message(said: str, account_is: str = ACCOUNT_ID_IS) -> str:
    """What the Account ID field holds (``said``), what it should hold, and where to find it."""
    return f"{said} {account_is} {ACCOUNT_WHERE}"


def read_key(out: FieldResult, raw: str, cleaned: Cleaned) -> int | None:
    """The API Key field; returns where the key proper starts, or None when only a lone key was kept."""
    if _from_labels(out, cleaned, "api_key"):
        return None
    key = check_key(cleaned)
    if key.findings and all(code != "key-bearer" for code, _ in key.findings):
        lone = _lone_key(raw, cleaned)
        if lone is not None:
            fix, said, account = lone
            if fix is None:
                out.add("key-segments", said)
                return None
            out.add("spaces", said)
            out.fix = fix
            out.account = account
            return None
    out.findings = key.findings
    out.fix = key.fix if key.fix is not None else cleaned.value
    out.account = key.account
    out.id = key.id
    return key.prefix_end


def read_account(out: FieldResult, cleaned: Cleaned) -> None:
    if _from_labels(out, cleaned, "account_id"):
        return
    value = cleaned.value
    if _key_like(value):
        key = check_key(cleaned)
        out.key = _valid_key(cleaned, key)
        out.account = out.fix = key.account
        belongs = f" The key belongs to the account {out.fix}: that is your Account ID." if out.fix else ""
        out.add("account-is-key", f"This is the API Key, not the Account ID.{belongs} {ACCOUNT_WHERE}")
        return
    if EMAIL.fullmatch(value) and _one_word(cleaned):
        out.add_not_account("account-is-email", "This is an e-mail address, not the Account ID.")
        return
    if _id(out, cleaned, "Account ID", "account-not-id"):
        return
    if _PLACEHOLDER.fullmatch(value):
        said = (
            f"{show(cleaned.display)} is a placeholder, the shape of an ID with x in place of its characters, "
            "not your Account ID"
        )
    elif "/" in value and "." in value:
        said = "This is a web address, not the Account ID"
        if "/dashboard/" in value:
            said += " (the ID in a dashboard address is the Site ID)"
    else:
        said = f"{show(cleaned.display)} is not an Account ID"
    out.add_not_account("account-not-id", f"{said}.")


def read_site(out: FieldResult, cleaned: Cleaned) -> None:
    if _from_labels(out, cleaned, "site_id"):
        return
    value = cleaned.value
    if _key_like(value):
        key = check_key(cleaned)
        out.key = _valid_key(cleaned, key)
        out.account = key.account
        out.add("site-is-key", f"This is the API Key, not the Site ID. {SITE_WHERE}")
        return
    address = check_address(cleaned)
    if address is not None:
        out.add(address.code, address.message)
        out.fix = address.fix
        out.id = address.fix
        out.around = address.around
        out.sites = address.sites
        return
    if _id(out, cleaned, "Site ID", "site-not-id"):
        return
    if _PLACEHOLDER.fullmatch(value):
        out.add(
            "site-not-id",
            f"{show(cleaned.display)} is a placeholder, the shape of an ID with x in place of its characters, "
            f"not your Site ID. {SITE_WHERE}",
        )
    elif EMAIL.fullmatch(value) and _one_word(cleaned):
        out.add("site-not-id", f"This is an e-mail address, not the Site ID. {SITE_WHERE}")
    elif looks_like_name(value):
        out.add(
            "site-is-name",
            f"{show(cleaned.display)} looks like your site's name, not its Site ID. "
            f"{_ID_IS.format(label='Site ID')} {SITE_WHERE}",
        )
    else:
        out.add("site-not-id", f"{show(cleaned.display)} is not a Site ID. {SITE_WHERE}")


_AROUND_CODE = {"api_key": "key-not-key", "account_id": "account-not-id", "site_id": "site-not-id"}
_WHERE = {"api_key": KEY_WHERE, "account_id": ACCOUNT_WHERE, "site_id": SITE_WHERE}


def _from_labels(out: FieldResult, cleaned: Cleaned, name: str) -> bool:
    """Several values in one field (.env, JSON, YAML, CSV, a message): the one labelled for this field.

    Without labels, an ID field takes the one ID it holds among other text, or names every ID it holds.
    False when the field holds a single value the other readers handle.
    """
    raw = cleaned.raw
    if name == "api_key":
        if not any(c in raw for c in ":=\t,;") and raw.count("IST.eyJ") < 2:
            return False  # a key alone, maybe wrapped over lines: no label, no second value
    elif len(raw) <= 40 and not any(c in raw for c in ":=\n\t"):
        return False  # the usual case: one value alone
    values = labelled_values(raw)
    labelled = any(v.names for v in values)
    keys = list(dict.fromkeys(k for k in (_candidate(v, "api_key") for v in values if v.kind == "key") if k))
    if not values or (name == "api_key" and (len(values) < 2 or not (labelled or len(keys) > 1))):
        return False
    if all(v.kind == "address" for v in values):
        return False  # addresses are read where Wix puts the ID (check_address)
    mine = [v for v in values if v.names == name and _candidate(v, name)]
    long = len(cleaned.value) > 36 + _AROUND or _cells(raw, cleaned)
    if len(values) < 2 and not ((mine or long) and _candidate(values[0], name)):
        return False  # one ID alone or with a few characters around it, or a key: read as it is
    label = FIELD_LABELS[name]
    if len(keys) == 1 and name != "api_key":
        out.key = keys[0]
        out.account = _piece_key(keys[0])[1].account
    # Each of mine has a candidate (see above): the filter only tells the type checker so.
    chosen = list(dict.fromkeys(c for c in (_candidate(v, name) for v in mine) if c))
    which = f"the one labelled “{mine[0].label}”" if mine and not secret_like(mine[0].label) else "the one labelled"
    if not mine:
        # A key is a key whatever a label calls it ("```env"); an ID labelled as something else is that.
        free = (None, "other") if name == "api_key" else (None,)
        chosen = list(dict.fromkeys(c for c in (_candidate(v, name) for v in values if v.names in free) if c))
        which = "the only one not labelled as something else" if labelled else "the only ID"
    labels = list(dict.fromkeys(f"“{v.label}”" for v in values if v.label and not secret_like(v.label)))
    shown = join_words(labels[:4] + ([f"{len(labels) - 4} more"] if len(labels) > 4 else []))
    said = f"The {label} field holds {len(values)} values with labels ({shown})" if labels else ""
    out.around = True
    if len(chosen) == 1:
        value = chosen[0]
        out.fix = value
        if name == "api_key":
            out.account = _piece_key(value)[1].account
            out.add("key-not-key", f"{said}: {which} is the key. Keep only the key.")
            return True
        out.id = value
        if not labels or len(values) == 1:
            at = ascii_lower(raw).find(value)
            before, after = (quoted(raw[:at]), quoted(raw[at + len(value) :])) if at >= 0 else ("", "")
            where = " and ".join(w for w in (before and f"{before} before it", after and f"{after} after it") if w)
            out.add(
                _AROUND_CODE[name],
                f"There is other text around the {label}{f' ({where})' if where else ''}: keep only the ID, {value}.",
            )
        else:
            out.add(_AROUND_CODE[name], f"{said}: {which} is the {label}, {value}. Keep only that.")
        return True
    if len(chosen) > 1:
        if name == "api_key":
            held = (
                f"{said}, and more than one is labelled as the API Key"
                if mine
                else (f"{said}, and more than one could be the API Key" if labels else "")
            )
            keys_held = plural(len(chosen), "different key")
            out.add(
                "key-segments",
                (f"{held}: {keys_held}." if held else f"The API Key field holds {keys_held}.")
                + " Only you know which one is current: paste it alone.",
            )
            return True
        out.pair = tuple(chosen)  # the key's account may tell which one is which
        held = (
            f"{said}, and more than one is labelled as the {label}"
            if mine
            else (
                f"{said}, and more than one could be the {label}"
                if labels
                else f"The {label} field holds {len(chosen)} IDs"
            )
        )
        out.add(_AROUND_CODE[name], f"{held}: {join_words(chosen)}.")
        return True
    if name == "account_id":
        out.add_not_account("account-not-id", f"{said}, and none of them is the Account ID.")
    else:
        out.add(_AROUND_CODE[name], f"{said}, and none of them is the {label}. {_WHERE[name]}")
    return True


def _candidate(value: Value, name: str) -> str | None:
    """The value as this field would hold it (a Site ID read from an address, a whole key), or None."""
    if name == "api_key":
        return _usable_key(value.text) if value.kind == "key" else None
    if value.kind == "id":
        return value.text
    if name == "site_id" and value.kind == "address":
        address = check_address(clean(value.text, map_dashes=False))
        return address.fix if address is not None else None
    return None


def _cells(raw: str, cleaned: Cleaned) -> bool:
    """Cells of a spreadsheet's row: words (with a letter or digit) on both sides of a tab.

    Not one whole ID that a tab cuts: what a row's cells hold never joins into exactly an ID.
    """
    if "\t" not in raw or _WHOLE_ID.fullmatch(cleaned.value):
        return False
    return sum(1 for w in _WORD.findall(raw) if any(c.isalnum() for c in w)) > 1


def _one_word(cleaned: Cleaned) -> bool:
    """No space or line break between the value's first and last character (an e-mail address is one word)."""
    return not any(cleaned.origin[0] < p < cleaned.origin[-1] for p, _ in cleaned.spaces)


def _usable_key(text: str) -> str | None:
    """``text`` when it is a key Violet Connect may take (at most a warning about its header)."""
    _, key = _piece_key(text)
    return text if all(code == "key-unfamiliar" for code, _ in key.findings) else None


def _valid_key(cleaned: Cleaned, key: KeyCheck) -> str | None:
    """The key in an ID field (``key``: its check), corrected, when it is a whole valid key (to move it)."""
    candidate = key.fix if key.fix is not None else cleaned.value
    if key.fix is not None and _piece_key(candidate)[1].findings:
        return None
    return candidate if all(code == "key-unfamiliar" for code, _ in key.findings) or key.fix else None


def _key_like(value: str) -> bool:
    return "IST.eyJ" in value or ("eyJ" in value and len(value) > 100) or ascii_lower(value[:4]) == "jws."


def _id(out: FieldResult, cleaned: Cleaned, label: str, around_code: str) -> bool:
    """Reports an ID's format or damage, or the text around it; False when the value holds no ID."""
    result = check_id(cleaned, label)
    if result.kind in ("ok", "format"):
        out.id = out.fix = result.canonical
        if result.kind == "format":
            out.add("id-format", result.said)
        return True
    if _id_in_text(out, cleaned, label, around_code):
        return True
    piece = _id_among_words(cleaned, label) if result.pair is None else None
    if piece is not None:
        cleaned, result, around = piece
        if result.kind in ("ok", "format"):
            out.id = out.fix = result.canonical
            out.around = True
            out.add(around_code, f"{around}: keep only the ID, {out.fix}.")
            return True
        out.around = True
        result.message = f"{around}. {result.message}"
    if result.kind == "none":
        return False
    out.id = result.canonical
    out.pair = result.pair
    if result.pair is not None:
        # Two whole IDs, nothing damaged: the field holds more than its ID.
        out.around = True
        out.add(around_code, result.said)
        return True
    out.damaged = ascii_lower(cleaned.value)
    out.damage = result.message
    out.add("id-malformed", result.said)
    out.fix = result.fix
    return True


def _id_among_words(cleaned: Cleaned, label: str) -> tuple[Cleaned, IdCheck, str] | None:
    """The one ID-like word in a row of words (a spreadsheet row, a sentence), read on its own.

    Without this, the other words' letters would be read as part of the ID ("Blue" as "B1ue").
    """
    raw = cleaned.raw
    if not any(cleaned.origin[0] < p < cleaned.origin[-1] for p, _ in cleaned.spaces):
        return None
    words: list[tuple[int, str]] = []
    for m in _WORD.finditer(raw):
        if len(words) == 64:
            return None  # a page of text, not a row
        words.append((m.start(), m[0]))
    if len(words) < 2:
        return None
    found = []
    for at, word in words:
        piece = clean(word, map_dashes=False)
        if not piece.value:
            continue
        piece.raw, piece.origin = raw, [at + i for i in piece.origin]
        result = check_id(piece, label)
        if result.kind != "none":
            found.append((piece, result))
    # A date or a number beside the ID can look like a short piece of one: the longest is the ID.
    found.sort(key=lambda f: -len(f[0].value))
    if not found or (len(found) > 1 and len(found[1][0].value) >= len(found[0][0].value) - 4):
        return None
    piece, result = found[0]
    before, after = quoted(raw[: piece.origin[0]]), quoted(raw[piece.origin[-1] + 1 :])
    where = " and ".join(
        w for w in (f"{before} before it" if before else "", f"{after} after it" if after else "") if w
    )
    return piece, result, f"There is other text around the {label} ({where})"


def _id_in_text(out: FieldResult, cleaned: Cleaned, label: str, code: str) -> bool:
    """One whole ID with a label, an emoji or a wrapper around it ("Account ID: …", "… ✅"): keep the ID.

    The ID must stand apart from the text around it (a space, a line break or
    a character that is no letter or digit between them), so that a damaged ID
    ("…3c4d5", one character too many) is never read as an ID plus a label.
    """
    value = cleaned.value
    lower = ascii_lower(value)
    if "://" in value or "/dashboard/" in lower or "wix.com" in lower or len(value) > 36 + _AROUND:
        return False
    found = list(ANY_ID.finditer(value))
    if len(found) != 1:
        return False
    start, end = found[0].span()
    if not (_apart(cleaned, start - 1, start) and _apart(cleaned, end - 1, end)):
        return False
    out.id = out.fix = ascii_lower(found[0][0])
    out.around = True
    raw = cleaned.raw
    before, after = quoted(raw[: cleaned.origin[start]]), quoted(raw[cleaned.origin[end - 1] + 1 :])
    where = [f"{before} before it" if before else "", f"{after} after it" if after else ""]
    out.add(
        code,
        f"There is other text around the {label} ({' and '.join(w for w in where if w)}): keep only the ID, {out.fix}.",
    )
    return True


def _apart(cleaned: Cleaned, left: int, right: int) -> bool:
    """Whether value[left] and value[right] were pasted apart: a gap between them, or one is no letter or digit."""
    value = cleaned.value
    if left < 0 or right >= len(value):
        return True
    if cleaned.origin[right] - cleaned.origin[left] > 1:
        return True
    a, b = value[left], value[right]
    if a == "-" and left > 0 and cleaned.origin[left] - cleaned.origin[left - 1] == 1:
        a = value[left - 1]  # "1234-<ID>": a dash joining digits is part of a longer, damaged ID
    if b == "-" and right + 1 < len(value) and cleaned.origin[right + 1] - cleaned.origin[right] == 1:
        b = value[right + 1]
    return not (_alnum(a) and _alnum(b))


def _alnum(c: str) -> bool:
    return c.isascii() and c.isalnum()


@lru_cache(maxsize=32)
def _piece_key(piece: str) -> tuple[str, KeyCheck]:
    """``piece`` cleaned as a key is, and its key check: asked for each field and each pass, checked once."""
    cleaned = clean(piece, map_dashes=True)
    return cleaned.value, check_key(cleaned)


def _whole_key(piece: str) -> str | None:
    """The key ``piece`` holds when it is a whole key (corrected), else None."""
    value, key = _piece_key(piece)
    return (key.fix or value) if not key.findings else None


def _lone_key(raw: str, cleaned: Cleaned) -> tuple[str | None, str, str | None] | None:
    """(key, message, its account) when the field holds a whole key plus other pieces of text;
    (None, message, None) for two keys.
    """
    if not any(cleaned.origin[0] < p < cleaned.origin[-1] for p, _ in cleaned.spaces):
        return None
    pieces = "".join(" " if c in SPACES else c for c in raw).split(" ")
    pieces = [p for p in pieces if p]
    whole = {k for k in (_whole_key(p) for p in pieces if "IST.eyJ" in p) if k}
    if len(whole) > 1:
        return (
            None,
            (
                f"The API Key field holds {plural(len(whole), 'different key')}, separated by spaces or line breaks. "
                "Only you know which one is current: paste it alone."
            ),
            None,
        )
    for piece in pieces:
        if "IST.eyJ" not in piece:
            continue
        value, key = _piece_key(piece)
        candidate = key.fix or value
        if not key.findings and len(pieces) > 1:
            others = [p for p in pieces if p is not piece]
            ids = sum(bool(ANY_ID.search(p)) for p in others)
            if piece is pieces[-1] and ids < len(others):
                return None  # words before the key: reported as text before the key
            what = plural(len(others), "ID") if ids == len(others) else plural(len(others), "other piece") + " of text"
            return (
                candidate,
                (
                    f"The API Key field holds the key and {what}, separated by spaces or line breaks. "
                    "Keep only the key: the long text starting with IST."
                ),
                key.account,
            )
    return None
