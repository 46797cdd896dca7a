"""How an API key may be shown: never in full."""

from __future__ import annotations

#: Characters of a key that may be shown. "IST.eyJraWQ" is the same for every
#: Wix key, so showing it reveals nothing about this one.
SHOWN = 11


def redact_key(value: str) -> str:
    """The first few characters and the length, e.g. ``IST.eyJraWQ… (721 characters)``."""
    if not value:
        return "(empty)"
    # A short value would be mostly shown: give only its length.
    shown = value[:SHOWN] if len(value) >= 4 * SHOWN else ""
    return f"{shown}… ({len(value)} characters)"
