"""The synthetic API key the build pairs with the pages' examples.

A page may show only the start of a key, ending in "…"; the build completes
it with this key so the real checker sees a whole, well-formed key, made by
``sitebuild/synthetic.py`` for the pages' example Account ID: it opens nothing.
"""

from __future__ import annotations

from sitebuild.synthetic import make_key

#: The key the pages' example keys are completed with, made for the example Account ID.
example_key = make_key

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
