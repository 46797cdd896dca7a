"""Hypothesis strategies: any text, and real values damaged the way copying damages them."""

from __future__ import annotations

from hypothesis import strategies as st

from harness import ACCOUNT_ID, API_KEY, SITE_ID, guid, make_key

OTHER_ACCOUNT = guid(77)
KEYS = [API_KEY, make_key(OTHER_ACCOUNT, seed=5)]
VALID = KEYS + [
    ACCOUNT_ID,
    SITE_ID,
    OTHER_ACCOUNT,
    f"https://manage.wix.com/dashboard/{SITE_ID}/home",
    f"https://editor.wix.com/html/editor/web/renderer/edit/{guid(8)}?metaSiteId={SITE_ID}",
    "shop@example.com",
    "my-shop.wixsite.com",
]
#: What copying adds: spaces, invisible and control characters, quotes, look-alikes, dashes.
DEBRIS = list(
    " \t\n\r\u00a0\u200b\u200d\u2060\ufeff\u00ad\u202e\u2066\u200e\u0000\u001b\u0085"
    "\"'`“”‘’<>.,;:{}()[]-\u2013\u2212\u0430\u0435\u043e\u0441\u03bf\uff10\uff41/?=&#@"
    "IST.Bearer JWS.eyJ"
)


#: Any code point, lone surrogates included: a browser's clipboard can hand those over.
any_character = st.characters() | st.characters(categories=["Cs"])


@st.composite
def damaged(draw, values=VALID):
    """A real value with a few copy/paste accidents."""
    value = draw(st.sampled_from(values))
    for _ in range(draw(st.integers(0, 4))):
        action = draw(st.sampled_from(["insert", "delete", "cut", "upper", "double"]))
        i = draw(st.integers(0, len(value)))
        if action == "insert":
            value = value[:i] + draw(st.sampled_from(DEBRIS) | any_character) + value[i:]
        elif action == "delete" and value:
            value = value[:i] + value[i + 1 :]
        elif action == "cut":
            value = value[:i] if draw(st.booleans()) else value[i:]
        elif action == "upper":
            value = value.upper()
        else:
            value = value + value
    return value


field_text = st.one_of(st.text(any_character), st.text(st.sampled_from(DEBRIS)), damaged(), st.sampled_from(VALID), st.just(""))
