"""Synthetic Wix API keys of the real form. Never put a real key in this repository.

The build completes the pages' shortened example keys with one of these
(``sitebuild/_examples.py``), and the tests and benchmarks draw theirs from
here through ``harness``: one key maker, where the build may import it.
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
