"""Synthetic Wix API keys of the real form. Never put a real key in this repository.

The build completes the pages' shortened example keys with one of these
(:func:`complete_key`, with the key made for the pages' example Account ID:
it opens nothing), and the tests and benchmarks draw theirs from here
through ``harness``: one key maker, where the build may import it.
"""

from __future__ import annotations

import base64
import json
import random

HEADER = {"kid": "PozH_aC2", "alg": "RS256"}


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def guid(seed: int) -> str:
    """A lower-case GUID, the same for the same seed."""
    rnd = random.Random(seed)
    h = "".join(rnd.choice("0123456789abcdef") for _ in range(32))
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def make_key(
    account_id: str,
    *,
    seed: int = 1,
    header: dict | None = None,
    tenant_type: str = "account",
    iat: int = 1712345678,
) -> str:
    """``IST.`` + header.payload.signature, 721 characters with the defaults; the same for the same arguments.

    The signature is random bytes of RSA-2048 length: Wix's real signatures
    cannot be checked by anyone but Wix, so neither can this one. The key
    opens nothing.
    """
    rnd = random.Random(seed)
    data = {
        "id": guid(seed + 1000),
        "identity": {"type": "application", "id": guid(seed + 2000)},
        "tenant": {"type": tenant_type, "id": account_id},
    }
    payload = {"data": json.dumps(data, separators=(",", ":")), "iat": iat}
    parts = [
        b64url(json.dumps(header or HEADER, separators=(",", ":")).encode()),
        b64url(json.dumps(payload, separators=(",", ":")).encode()),
        b64url(bytes(rnd.getrandbits(8) for _ in range(256))),
    ]
    return "IST." + ".".join(parts)


ELLIPSIS = "…"

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
