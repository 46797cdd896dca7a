"""The golden table (cases.toml) with its placeholders expanded.

A row gives the three values (a field left out holds its correct value; a
field listed in ``untouched`` is not entered yet, ``None``) and what the
checker must say: ``expect`` = every "field:code" found, in any order;
``suggest`` = {field = the value suggested}; ``no_suggest`` = fields that must
get no suggestion; ``says`` = {field = text its messages must contain}.
Every row's whole ``to_text()`` is also kept in ``cases.expected.txt``.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from harness.synthetic import ACCOUNT_ID, API_KEY, SITE_ID, b64url, guid, make_key
from validator import MAX_LENGTH

OTHER = guid(33)
_SIGNATURE = API_KEY.rsplit(".", 1)[1]
_HEADER = API_KEY.split(".")[1]


def _payload(data: object) -> str:
    return b64url(json.dumps(data, separators=(",", ":")).encode())


def _signed(alg: str, size: int, *, kid: str = "Nw_2026a") -> str:
    """A key of the real form whose header names ``alg``, with a whole signature of ``size`` bytes."""
    key = make_key(ACCOUNT_ID, header={"kid": kid, "alg": alg})
    header, payload, _ = key[4:].split(".")
    return f"IST.{header}.{payload}.{b64url(bytes(n % 256 for n in range(size)))}"


_CHAT = "Hi! Here is everything for the Violet setup, tell me if something is missing. " * 42


def _wrapped(text: str, width: int = 76) -> str:
    return "\n".join(text[i : i + width] for i in range(0, len(text), width))


def _with(value: str, pair: str) -> str:
    assert pair in value, f"pick another seed: {pair!r} is not in it"
    return value


PLACEHOLDERS = {
    "KEY": API_KEY,
    "ACCOUNT": ACCOUNT_ID,
    "SITE": SITE_ID,
    "OTHER": OTHER,
    "DOC": guid(44),
    "SESSION": guid(55),
    "ACCOUNT_UPPER": ACCOUNT_ID.upper(),
    "SITE_HEX": SITE_ID.replace("-", ""),
    "KEY_OTHER_ACCOUNT": make_key(OTHER, seed=2),
    "KEY_ODD_KID": make_key(ACCOUNT_ID, header={"kid": "Zx9_Qw11", "alg": "RS256"}),
    "KEY_ODD_ALG": make_key(ACCOUNT_ID, header={"kid": "PozH_aC2", "alg": "HS256"}),
    "KEY_SITE_TENANT": make_key(ACCOUNT_ID, tenant_type="site"),
    "KEY_NO_DATA": f"IST.{_HEADER}.{_payload({'iat': 1712345678, 'sub': 'someone'})}.{_SIGNATURE}",
    "KEY_BAD_HEADER": f"IST.{b64url(b'not a header at all')}.{API_KEY.split('.')[2]}.{_SIGNATURE}",
    "KEY_BAD_PAYLOAD": f"IST.{_HEADER}.{b64url(b'{broken json')}.{_SIGNATURE}",
    "HUGE": "x" * 1_000_000,
    "AT_THE_BOUND": "x" * (MAX_LENGTH + 1),  # what the page keeps of a longer paste
    "KEY_ES256": _signed("ES256", 64),
    "KEY_ES512": _signed("ES512", 132),
    "KEY_HS256": _signed("HS256", 32),
    "KEY_EDDSA": _signed("EdDSA", 64),
    "KEY_RSA4096": _signed("RS256", 512),
    "KEY_NEW_ALG": _signed("XY256", 96),
    "KEY_ES256_CUT": _signed("ES256", 64)[:-30],
    # Keys of ACCOUNT and a Site ID holding "fl" or "ff", which a PDF writes as one ligature character.
    "KEY_FL": _with(make_key(ACCOUNT_ID, seed=5), "fl"),
    "KEY_FL_LIGATURE": _with(make_key(ACCOUNT_ID, seed=5), "fl").replace("fl", "\ufb02", 1),
    "SITE_FF": _with(guid(3), "ff"),
    "SITE_FF_LIGATURE": _with(guid(3), "ff").replace("ff", "\ufb00", 1),
    # What Wix gives an app on a site: <HMAC signature>.<coded JSON>, no IST. and no account.
    "APP_INSTANCE": b64url(bytes(range(32)))
    + "."
    + _payload(
        {
            "instanceId": guid(61),
            "appDefId": guid(62),
            "signDate": "2026-03-01T10:00:00.000Z",
            "uid": None,
            "permissions": "OWNER",
            "demoMode": False,
            "siteOwnerId": guid(63),
            "metaSiteId": SITE_ID,
        }
    ),
    # A chat message with the key at its end, cut where the chat app stops a message.
    "KEY_IN_A_CUT_CHAT": (_CHAT + "API key: " + API_KEY)[:4000],
    # A key as an e-mail wraps it (lines of 76 characters), with text after it, and quoted in a reply.
    "KEY_IN_AN_E_MAIL": "Here it is:\n" + _wrapped(API_KEY) + "\n\nSent from my iPhone",
    "KEY_QUOTED_IN_A_REPLY": "\n".join("> " + line for line in _wrapped(API_KEY).split("\n")),
    "KEY_IN_LINES": _wrapped(API_KEY),
    "ACCOUNT_FULL_WIDTH": "".join(chr(ord(c) + 0xFEE0) for c in ACCOUNT_ID),
    "KEY_FULL_WIDTH": "".join(chr(ord(c) + 0xFEE0) for c in API_KEY),
}
#: Values shown in the expected texts by their placeholder, so a reviewer reads {ACCOUNT}, not a GUID.
SHOWN_AS = {PLACEHOLDERS[name]: "{" + name + "}" for name in ("ACCOUNT", "SITE", "OTHER", "DOC", "SESSION", "SITE_FF")}

_TOKEN = re.compile(r"\{([A-Z_][A-Z0-9_]*)(?:\[(-?\d*):(-?\d*)\])?\}")


def expand(text: str) -> str:
    """``{KEY}``, ``{KEY[:500]}``, ``{SITE[1:]}`` … replaced by their synthetic values."""

    def one(m: re.Match) -> str:
        value = PLACEHOLDERS[m.group(1)]
        if m.group(2) is None:
            return value
        lo = int(m.group(2)) if m.group(2) else None
        hi = int(m.group(3)) if m.group(3) else None
        return value[lo:hi]

    return _TOKEN.sub(one, text)


def load_cases() -> list[dict]:
    rows = tomllib.loads((Path(__file__).parent / "cases.toml").read_text("utf-8"))["case"]
    cases = []
    for row in rows:
        defaults = {"api_key": "{KEY}", "account_id": "{ACCOUNT}", "site_id": "{SITE}"}
        case = {
            "id": row["id"],
            "values": {
                name: None if name in row.get("untouched", []) else expand(row.get(name, default))
                for name, default in defaults.items()
            },
            "expect": sorted(row["expect"]),
            "suggest": {k: expand(v) for k, v in row.get("suggest", {}).items()},
            "no_suggest": row.get("no_suggest", []),
            "says": {k: expand(v) for k, v in row.get("says", {}).items()},
        }
        cases.append(case)
    return cases
