"""The API key: ``IST.`` + a JSON Web Token whose payload names the key's account.

Messages never quote the key: at most a single character and its position.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass, field

from validator._clean import NO_BREAK_SPACES, SPACES, Cleaned
from validator._ids import ascii_lower, check_id, is_id
from validator._phrasing import plural, quoted, secret_like
from validator.facts import API_KEYS_MENU, ID_LENGTH, KEY_LENGTH_SAID, KEY_START, KEY_WHERE

PREFIX = "IST."
KID, ALG = "PozH_aC2", "RS256"
#: Every Wix key starts with these characters: the prefix and the standard header.
STANDARD_START = (
    PREFIX
    + base64.urlsafe_b64encode(json.dumps({"kid": KID, "alg": ALG}, separators=(",", ":")).encode())
    .decode()
    .rstrip("=")
    + "."
)
SIGNATURE_LENGTH = 342  # 256 bytes (RSA-2048) in base64url
_STANDARD_HEADER = STANDARD_START[len(PREFIX) : -1]


def _base64url_length(size: int) -> int:
    return (size * 4 + 2) // 3


#: Whole signatures, in base64url characters, by the header's "alg" (RFC 7518, RFC 8037).
#: Wix may change how it signs keys: a whole signature of another algorithm is a warning, never an error.
_RSA = tuple(_base64url_length(bits // 8) for bits in (2048, 3072, 4096))
SIGNATURE_LENGTHS = {
    **dict.fromkeys(("RS256", "RS384", "RS512", "PS256", "PS384", "PS512"), _RSA),
    "ES256": (_base64url_length(64),),
    "ES384": (_base64url_length(96),),
    "ES512": (_base64url_length(132),),
    "HS256": (_base64url_length(32),),
    "HS384": (_base64url_length(48),),
    "HS512": (_base64url_length(64),),
    "EdDSA": (_base64url_length(64), _base64url_length(114)),
}
#: The shortest signature any algorithm makes (HMAC-SHA256): below it, any key was cut.
_SHORTEST_SIGNATURE = _base64url_length(32)
SHORTEST, LONGEST = 600, 1400

_NOT_BASE64URL = re.compile(r"[^A-Za-z0-9_-]")
_KEY_PIECE = re.compile(r"[A-Za-z0-9_.-]{40,}")
_B64URL_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
_KEY_RUN = re.compile(r"[A-Za-z0-9_.-]*")
_PARTS = ("first part (the header)", "second part (the payload)", "third part (the signature)")
_BEARER = re.compile(r"(?:authorization:)?(?:bearer:?)?", re.ASCII | re.IGNORECASE)
#: An e-mail address, whichever field it is pasted into.
EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]{1,255}\.[a-z]{2,24}", re.ASCII | re.IGNORECASE)
_URL = re.compile(r"(?:https?://|www\.)|[a-z0-9-]+(?:\.[a-z0-9-]+)+/", re.ASCII | re.IGNORECASE)
_HOW_TO_COPY = f"{KEY_WHERE} It is about {KEY_LENGTH_SAID} characters long and starts with {KEY_START}."
_COPY_AGAIN = f"Wix shows a key only once: if you no longer have the whole key, create a new one in {API_KEYS_MENU}."


@dataclass
class KeyCheck:
    findings: list[tuple[str, str]] = field(default_factory=list)
    fix: str | None = None  # the corrected key, when the mistake can be undone
    account: str | None = None  # the account the key belongs to, read from its payload
    prefix_end: int = 0  # position (0-based, in the pasted text) where the key proper starts
    id: str | None = None  # the ID pasted instead of a key
    body_at: int | None = None  # where the key's body starts in the value, when text follows the key

    def add(self, code: str, message: str) -> None:
        self.findings.append((code, message))


def check_key(cleaned: Cleaned) -> KeyCheck:
    out = KeyCheck()
    value = cleaned.value
    start = 0
    # The pattern matches every value, if only with nothing.
    bearer_end = bearer.end() if (bearer := _BEARER.match(value)) else 0
    if bearer_end and bearer_end < len(value):
        start = bearer_end
        out.prefix_end = cleaned.origin[start]
        said = "“Authorization: Bearer”" if value[:1] in "Aa" else "“Bearer”"
        if ascii_lower(value[:bearer_end]).rstrip(":") == "authorization":
            said = "“Authorization:”"
        out.add(
            "key-bearer",
            f"The API Key starts with {said}. That word belongs to how some programs send a key, not "
            "to the key itself: Wix keys start with IST. Delete it and any space after it.",
        )
    value = value[start:]
    lower = ascii_lower(value[:16])
    if lower.startswith(("oauthng.jws.", "jws.", "jwt.")):
        out.add(
            "key-oauth-token",
            "This is an access token or a browser cookie (it starts with "
            + ("“OauthNG.JWS.”" if lower.startswith("oauthng") else f"“{value[:4]}”")
            + "), not an API key. Tokens like this expire within hours. "
            + _HOW_TO_COPY,
        )
        return out
    body, fixed_start = _prefix(value, out, cleaned, start)
    if body is None:
        return out
    key = fixed_start + body
    _check_body(body, key, out.body_at if out.body_at is not None else len(value) - len(body), start, cleaned, out)
    if out.fix is None and key != cleaned.value:
        out.fix = key
    return out


def _prefix(value: str, out: KeyCheck, cleaned: Cleaned, offset: int) -> tuple[str | None, str]:
    """The key without its ``IST.`` prefix, and the prefix to write; reports prefix mistakes."""
    repeats = 0
    while ascii_lower(value[repeats * 4 : repeats * 4 + 4]) == "ist.":
        repeats += 1
    if repeats >= 2:
        out.add(
            "key-double-prefix",
            f"The API Key starts with IST. {'twice' if repeats == 2 else plural(repeats, 'time')}: "
            "it was pasted onto an IST. that "
            "was already there. Keep one IST.",
        )
        return value[repeats * 4 :], PREFIX
    if repeats == 1:
        if value[:4] != PREFIX:
            out.add(
                "key-no-prefix",
                f"The API Key starts with “{value[:3]}.” in small letters: it must start with IST. in capitals.",
            )
        return value[4:], PREFIX
    # The beginning was lost: every key starts the same way, so it can be put back.
    for lost in range(1, len(STANDARD_START) - 8):
        if value.startswith(STANDARD_START[lost:]):
            if lost < 4:
                out.add(
                    "key-no-prefix",
                    f"The API Key starts with “{value[: 4 - lost]}” instead of IST.: the first "
                    f"{plural(lost, 'character was', 'characters were')} left out when copying. "
                    "Every Wix key starts with IST.",
                )
            elif lost == 4:
                out.add(
                    "key-no-prefix",
                    "The API Key is missing IST. at its beginning: a Wix key is IST. followed by the "
                    "text starting eyJ that you pasted. Add IST. in front.",
                )
            else:
                out.add(
                    "key-truncated",
                    f"The first {plural(lost, 'character')} of the API Key {'is' if lost == 1 else 'are'} missing: "
                    "the key should start with IST.eyJ. Every Wix key starts the same way, so they can be put back.",
                )
            return _strip_known(value, lost), PREFIX
    if value.startswith("eyJ") and value.count(".") == 1:
        out.add(
            "key-truncated",
            "The beginning of the API Key is missing: IST. and the key's first part were left out when "
            "copying. That part is the same in every Wix key, so it can be put back.",
        )
        return STANDARD_START[4:] + value, PREFIX
    if value.startswith("eyJ") or (value[:3] == "IST" and value[3:6] == "eyJ"):
        rest = value.removeprefix("IST")
        out.add(
            "key-no-prefix",
            "The API Key is missing "
            + ("the dot after IST" if value.startswith("IST") else "IST. at its beginning")
            + ": a Wix key starts with IST.eyJ.",
        )
        return rest, PREFIX
    found = value.find("IST.eyJ")
    if found > 0:
        # The pattern matches at any position, if only with nothing.
        end = m.end() if (m := _KEY_RUN.match(value, found)) else found
        if end == len(value):
            out.add(
                "key-not-key",
                f"There is other text before the key: {found:,} {'character' if found == 1 else 'characters'} in "
                "front of IST. "
                "Delete everything before IST.",
            )
            return value[found + 4 :], PREFIX
        while value[end - 1] == ".":
            end -= 1  # a sentence's full stop: no key ends with a dot
        # A labelled line (WIX_API_KEY='…'  # prod): the key is the run of key characters after the label.
        raw, origin = cleaned.raw, cleaned.origin
        before, after = (
            _named(quoted(raw[: origin[offset + found]])),
            _named(quoted(raw[origin[offset + end - 1] + 1 :])),
        )
        out.add(
            "key-not-key",
            f"There is other text around the key ({before} before it and {after} after it): keep only the key, "
            "which starts with IST.",
        )
        out.body_at = found + 4
        return value[found + 4 : end], PREFIX
    _not_a_key(value, out)
    return None, ""


def _strip_known(value: str, lost: int) -> str:
    # value starts with STANDARD_START[lost:]; return it without "IST." as if nothing was lost.
    if lost <= 4:
        return value[4 - lost :]
    return STANDARD_START[4:lost] + value


def _not_a_key(value: str, out: KeyCheck) -> None:
    as_id = check_id(Cleaned(value, value, list(range(len(value)))), "API Key")
    if as_id.kind in ("ok", "format"):
        out.id = as_id.canonical
        out.add(
            "key-is-id",
            f"This is an ID ({ID_LENGTH} characters with hyphens), not the API key. If you copied it from the list "
            "of keys, it is the key's own ID, not the key. " + _HOW_TO_COPY,
        )
    elif EMAIL.fullmatch(value):
        out.add("key-not-key", "This is an e-mail address, not an API key. " + _HOW_TO_COPY)
    elif _URL.match(value):
        out.add(
            "key-not-key",
            "This is a web address, not an API key. The key is not in any address: " + _HOW_TO_COPY,
        )
    elif len(value) < 60:
        out.add(
            "key-not-key",
            f"This is not an API key: it is only {plural(len(value), 'character')} long. If it is the "
            "name you gave the key, the key itself is the long text Wix showed under it. " + _HOW_TO_COPY,
        )
    elif _app_instance(value):
        out.add(
            "key-oauth-token",
            "This is a Wix app instance (the signed text Wix gives an app installed on a site, naming the app's "
            "instanceId), not an API key. It belongs to an app, not to your account. " + _HOW_TO_COPY,
        )
    elif _KEY_PIECE.fullmatch(value) and value.count(".") <= 2 and secret_like(value):
        out.add(
            "key-truncated",
            f"The beginning of the API Key is missing: this is the middle or end of a key ({len(value)} "
            f"characters; a whole key has about {KEY_LENGTH_SAID} and starts with {KEY_START}). Copy the whole "
            f"key. {_COPY_AGAIN}",
        )
    else:
        out.add(
            "key-not-key",
            "This is not a Wix API key: it does not start with IST.eyJ. " + _HOW_TO_COPY,
        )


def _text_after(parts: list[str], body: str, at: int, cleaned: Cleaned, out: KeyCheck) -> None:
    """A whole key with Wix's usual header, then something else: a comment, a quote, a sentence, the next line."""
    end = len(parts[0]) + len(parts[1]) + 2 + SIGNATURE_LENGTH
    after = _apart_after(cleaned, at + end)
    if after:
        out.add("key-not-key", f"There is other text after the key ({after}): keep only the key.")
    else:
        out.add(
            "key-segments",
            f"Something was pasted right after the API Key: {plural(len(body) - end, 'character')} follow its end, "
            f"from position {cleaned.position(at + end)}. Keep only the key.",
        )
    out.fix = PREFIX + body[:end]
    _read_account(parts, out)


def _named(shown: str) -> str:
    # show() gives "This value" for text that may hold a piece of a key: it is never quoted.
    return "text like a piece of a key" if shown == "This value" else shown


def _apart_after(cleaned: Cleaned, end: int) -> str:
    """The text after a whole key ending before ``value[end]``, quoted, when a space or line break sets it apart."""
    origin = cleaned.origin
    if not 0 < end < len(origin):
        return ""
    rest = cleaned.raw[origin[end - 1] + 1 :]
    # Apart: a space or line break comes before any character a key could go on with ("…key. Thanks!"); a
    # no-break space parts words too ("…key\u202f- right?", where an editor kept a dash on the key's line).
    for c in rest:
        if c in SPACES or c in NO_BREAK_SPACES:
            return _named(quoted(rest))
        if c in _B64URL_CHARS:
            return ""
    return ""


def _app_instance(value: str) -> bool:
    """An app instance: ``<signature>.<data>``, the data coded JSON that names an ``instanceId``."""
    parts = value.split(".")
    if len(parts) != 2 or not parts[1].startswith("eyJ"):
        return False
    data = _decode(parts[1].replace("+", "-").replace("/", "_").rstrip("="))
    return isinstance(data, dict) and "instanceId" in data


def _check_body(body: str, key: str, prefix_length: int, start: int, cleaned: Cleaned, out: KeyCheck) -> None:
    def position(i: int) -> int:  # i indexes body
        return cleaned.position(start + prefix_length + i)

    again = body.find(PREFIX)
    if again >= 0:
        first = PREFIX + body[:again]
        if PREFIX + body[again + 4 :] == first or body[again:] == first:
            out.add("key-segments", "The API Key was pasted twice, one copy right after the other: keep one.")
            out.fix = first
        else:
            out.add(
                "key-segments",
                f"The API Key holds IST. a second time, at position {position(again)}: two keys, or "
                "parts of two, were pasted together. Paste one whole key.",
            )
        return
    parts = body.split(".")
    if (
        len(parts) > 3
        and parts[0] == _STANDARD_HEADER
        and len(parts[2]) >= SIGNATURE_LENGTH
        and not _NOT_BASE64URL.search(parts[2][:SIGNATURE_LENGTH])
    ):
        _text_after(parts, body, start + prefix_length, cleaned, out)  # "…key. Thanks!": a sentence's full stop
        return
    if len(parts) < 3 and len(key) < SHORTEST:
        missing = "its last part is" if len(parts) == 2 else "its last two parts are"
        out.add(
            "key-truncated",
            f"The API Key is cut short: it has {len(key)} characters and a Wix key has about "
            f"{KEY_LENGTH_SAID}; {missing} missing.{_shortened(cleaned)} Copy the whole key. {_COPY_AGAIN}",
        )
        _read_account(parts, out)
        return
    if len(parts) != 3 or "" in parts:
        empty = body.find("..")
        detail = f" (two dots in a row at position {position(empty)})" if empty >= 0 else ""
        out.add(
            "key-segments",
            f"The API Key has {len(parts)} parts separated by dots{detail}; a Wix key has 3 after IST. "
            "(header, payload and signature). Copy the whole key again, exactly as Wix shows it.",
        )
        return
    offset = 0
    for name, part in zip(_PARTS, parts, strict=True):
        found = _NOT_BASE64URL.search(part)
        if (
            found is not None
            and name == _PARTS[2]
            and found.start() >= SIGNATURE_LENGTH
            and parts[0] == _STANDARD_HEADER
        ):
            _text_after(parts, body, start + prefix_length, cleaned, out)
            return
        if found is not None:
            bad = found.start()
            c = part[bad]
            shown = f"“{c}”" if c.isascii() else f"“{c}” (U+{ord(c):04X})"
            out.add(
                "key-undecodable",
                f"The {name} of the API Key contains {shown} at position {position(offset + bad)}. "
                "A Wix key contains only letters, digits, “-”, “_” and two dots, so the key was changed "
                "after Wix made it. Copy it again.",
            )
            return
        offset += len(part) + 1
    header, payload = _decode(parts[0]), _decode(parts[1])
    if not isinstance(header, dict):
        out.add(
            "key-undecodable",
            "The first part (the header) of the API Key cannot be read: in a Wix key it is coded "
            "text starting with eyJ. The key was changed after Wix made it. Copy it again.",
        )
        return
    if not isinstance(payload, dict):
        out.add(
            "key-undecodable",
            "The second part (the payload) of the API Key cannot be read: part of it is missing or "
            "changed. Copy the whole key again.",
        )
        return
    _read_account(parts, out, payload)
    signature = parts[2]
    alg = header.get("alg")
    standard = header.get("kid") == KID and alg == ALG
    whole = _whole_signature(alg, standard=standard)
    if len(signature) < whole:
        out.add(
            "key-truncated",
            _cut_short(key, signature, alg, whole, standard=standard) + f"{_shortened(cleaned)} {_COPY_AGAIN}",
        )
    elif len(signature) > SIGNATURE_LENGTH and standard:
        after = _apart_after(cleaned, start + prefix_length + len(parts[0]) + len(parts[1]) + 2 + SIGNATURE_LENGTH)
        if after:
            out.add("key-not-key", f"There is other text after the key ({after}): keep only the key.")
        else:
            out.add(
                "key-segments",
                f"Something was pasted right after the API Key: its last part has {len(signature)} characters, "
                f"and in a Wix key it has {SIGNATURE_LENGTH}. Keep only the key.",
            )
        out.fix = PREFIX + parts[0] + "." + parts[1] + "." + signature[:SIGNATURE_LENGTH]
    elif len(key) > LONGEST:
        out.add(
            "key-segments",
            f"The API Key has {len(key)} characters; a Wix key has about {KEY_LENGTH_SAID}. Something "
            "was pasted after it: copy only the key.",
        )
        return
    if out.account is None:
        out.add(
            "key-no-account",
            f"The API Key names no Wix account: it is not a key made under {API_KEYS_MENU}. Create the key there.",
        )
    if not standard:
        method = f"another signing method ({alg})" if alg != ALG and _plain(alg) else "another signing key"
        out.add(
            "key-unfamiliar",
            f"The API Key looks different from the keys Wix has issued so far: its header names {method}. "
            "It may still work: Wix may have changed how it signs keys. If Violet Connect "
            "refuses it, create a new key.",
        )


def _whole_signature(alg: object, *, standard: bool) -> int:
    """How many characters a signature needs at least to be whole; fewer means the key was cut.

    Only a key with Wix's usual header is held to Wix's usual size. Any other
    header is trusted for its algorithm's smallest signature, so that a correct
    key Wix signs another way is never refused.
    """
    if standard:
        return SIGNATURE_LENGTH
    sizes = SIGNATURE_LENGTHS.get(alg) if isinstance(alg, str) else None
    return min(sizes) if sizes else _SHORTEST_SIGNATURE


def _cut_short(key: str, signature: str, alg: object, whole: int, *, standard: bool) -> str:
    if standard:
        return (
            f"The API Key is cut short: it has {len(key)} characters and a Wix key has about "
            f"{KEY_LENGTH_SAID} (its last part has {len(signature)} of {SIGNATURE_LENGTH}). The end was "
            "lost while copying."
        )
    kind = f"a whole {alg} signature" if isinstance(alg, str) and alg in SIGNATURE_LENGTHS else "a whole signature"
    return (
        f"The API Key is cut short: its last part (the signature) has {len(signature)} characters, and "
        f"{kind} has at least {whole}. The end was lost while copying."
    )


def _plain(text: object) -> bool:
    return isinstance(text, str) and 0 < len(text) <= 16 and text.isascii() and text.isalnum()


#: Where chat apps cut a message: Discord at 2,000 (4,000 with Nitro), Telegram at 4,096.
_CHAT_LIMITS = (2000, 4000, 4096)


def _shortened(cleaned: Cleaned) -> str:
    dots = "".join(c for _, c, side in cleaned.punctuation if side == "end" and c in ".\u2026")
    if "\u2026" in dots or len(dots) >= 2:
        return " The dots at its end show it was copied from a shortened display of the key, not the key itself."
    if len(cleaned.raw) in _CHAT_LIMITS and cleaned.origin and cleaned.origin[-1] == len(cleaned.raw) - 1:
        return f" The pasted text ends at exactly {len(cleaned.raw):,} characters, where some chat apps cut a message."
    return ""


def _decode(part: str) -> object:
    """A base64url segment decoded as a JSON value, or None."""
    if len(part) % 4 == 1:
        return None
    try:
        raw = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        text = raw.decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    return _json(text)


def _json(text: str) -> object:
    # Deep nesting would hit the recursion limit, which differs under Pyodide.
    if text.count("{") + text.count("[") > 32:
        return None
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _read_account(parts: list[str], out: KeyCheck, payload: object = None) -> None:
    if payload is None and len(parts) >= 2:
        payload = _decode(parts[1])
    if not isinstance(payload, dict) or not isinstance(payload.get("data"), str):
        return
    data = _json(payload["data"])
    tenant = data.get("tenant") if isinstance(data, dict) else None
    if isinstance(tenant, dict) and tenant.get("type") == "account":
        account = tenant.get("id")
        if isinstance(account, str) and is_id(ascii_lower(account)):
            out.account = ascii_lower(account)
