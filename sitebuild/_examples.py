"""The synthetic API key the build pairs with the pages' examples.

A page may show only the start of a key, ending in "…"; the build completes
it with this key so the real checker sees a whole, well-formed key. It is
made the way Wix makes keys (``IST.`` + header.payload.signature) for the
pages' example Account ID, with a random signature: it opens nothing.
"""

from __future__ import annotations

import base64
import json
import random

ELLIPSIS = "…"
_HEADER = {"kid": "PozH_aC2", "alg": "RS256"}


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _guid(rnd: random.Random) -> str:
    h = "".join(rnd.choice("0123456789abcdef") for _ in range(32))
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def example_key(account_id: str) -> str:
    """A key of the real form whose account is ``account_id``; the same every build."""
    rnd = random.Random(account_id)
    data = {
        "id": _guid(rnd),
        "identity": {"type": "application", "id": _guid(rnd)},
        "tenant": {"type": "account", "id": account_id},
    }
    payload = {"data": json.dumps(data, separators=(",", ":")), "iat": 1764288000}
    parts = [
        _b64url(json.dumps(_HEADER, separators=(",", ":")).encode()),
        _b64url(json.dumps(payload, separators=(",", ":")).encode()),
        _b64url(bytes(rnd.getrandbits(8) for _ in range(256))),
    ]
    return "IST." + ".".join(parts)


#: How much of the key a shown start must hold, so it is recognisably the key.
MIN_SHOWN = 4


def complete_key(shown: str, key: str) -> str | None:
    """``shown`` with its trailing "…" replaced by the rest of ``key``.

    The text before "…" ends with a piece of ``key`` (its start, or a piece
    of it after a writer's mistake such as ``Bearer IST.…`` or ``eyJ…``); the
    longest such piece is located in ``key`` and the key continues from there.
    None when no piece of at least MIN_SHOWN characters is found.
    """
    text = shown.removesuffix(ELLIPSIS)
    for start in range(len(text) - MIN_SHOWN + 1):
        piece = text[start:]
        where = key.find(piece)
        if where != -1:
            return text[:start] + key[where:]
    return None
