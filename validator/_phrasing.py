"""How the checker says things in English: counts, lists, ordinals, characters by name, values quoted
(never a piece of a key), and what copy/paste debris was found in a value, and where.
"""

from __future__ import annotations

import unicodedata

from validator._clean import FULL_WIDTH, INVISIBLE, LIGATURES, PUNCTUATION, SPACES, Cleaned, is_control

_CONTROL_NAMES = {0x00: "NULL", 0x08: "BACKSPACE", 0x1B: "ESCAPE", 0x7F: "DELETE", 0x85: "NEXT LINE"}


def describe(ch: str) -> str:
    """``U+0430 CYRILLIC SMALL LETTER A`` (only called for characters from ``_clean``'s tables)."""
    c = ord(ch)
    name = _CONTROL_NAMES.get(c) or (unicodedata.name(ch, "") if c >= 0xA0 else "")
    return f"U+{c:04X} {name}".rstrip() if name else f"U+{c:04X} (a control character)"


def nth(n: int) -> str:
    return {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}.get(n, f"{n}th")


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {words or word + 's'}"


def join_words(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def show(value: str, limit: int = 40) -> str:
    """A value quoted in a message, shortened; "This value" when it could be part of a key."""
    if secret_like(value):
        return "This value"
    return "“" + (value if len(value) <= limit else value[: limit - 1] + "…") + "”"


def quoted(raw: str) -> str:
    """Pasted text quoted for a message, its spaces and line breaks as single spaces; "" when there is none."""
    text = " ".join("".join(" " if c in SPACES else "" if c in INVISIBLE or is_control(c) else c for c in raw).split())
    return show(text) if text else ""


_B64URL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def secret_like(value: str) -> bool:
    # A run of 16+ base64url characters mixing cases and digits may be a piece of a key.
    run = ""
    for ch in value + " ":
        if ch in _B64URL:
            run += ch
            continue
        if (
            len(run) >= 16
            and any(c.isupper() for c in run)
            and any(c.islower() for c in run)
            and any(c.isdigit() for c in run)
        ):
            return True
        run = ""
    return False


def debris_findings(cleaned: Cleaned, label: str, *, skip_before: int, inside: bool) -> list[tuple[str, str]]:
    """One (code, message) per kind of debris ``clean`` removed, in a fixed order.

    ``skip_before``: spaces before this position belong to a prefix reported
    elsewhere ("Bearer "). ``inside``: whether spaces between the first and last
    character are debris (not when the value is a name or an e-mail address).
    """
    found: list[tuple[str, str]] = []
    the = f"The {label}"
    if cleaned.controls:
        listed = _listed([(p, describe(c)) for p, c in cleaned.controls])
        found.append(
            (
                "control-characters",
                _hidden(
                    the,
                    len(cleaned.controls),
                    "hidden control character",
                    listed,
                    "some programs and can change how text is shown",
                ),
            )
        )
    if cleaned.invisible:
        listed = _listed([(p, f"{INVISIBLE[c]} ({describe(c)})") for p, c in cleaned.invisible])
        found.append(
            (
                "invisible-characters",
                _hidden(
                    the, len(cleaned.invisible), "invisible character", listed, "web pages, documents or chat messages"
                ),
            )
        )
    first = cleaned.origin[0] if cleaned.origin else 0
    last = cleaned.origin[-1] if cleaned.origin else 0
    spaces = [(p, c) for p, c in cleaned.spaces if not 0 < p < skip_before and (inside or not first < p < last)]
    if spaces:
        found.append(("spaces", _spaces_message(the, label, spaces, cleaned)))
    if cleaned.punctuation:
        start = [c for p, c, side in sorted(cleaned.punctuation) if side == "start"]
        end = [c for p, c, side in sorted(cleaned.punctuation) if side == "end"]
        where = []
        if start:
            where.append(_marks(start) + " at the start")
        if end:
            where.append(_marks(end) + " at the end")
        found.append(
            (
                "extra-punctuation",
                (
                    f"{the} has {join_words(where)}: {'it is' if len(start) + len(end) == 1 else 'they are'} not "
                    f"part of the {label}. Remove {'it' if len(start) + len(end) == 1 else 'them'}."
                ),
            )
        )
    if cleaned.look_alikes:
        found.append(("look-alike-letters", _look_alikes_message(the, cleaned)))
    return found


def _look_alikes_message(the: str, cleaned: Cleaned) -> str:
    wide = [(p, c, a) for p, c, a in cleaned.look_alikes if c in FULL_WIDTH]
    joined = [(p, c, a) for p, c, a in cleaned.look_alikes if c in LIGATURES]
    other = [(p, c, a) for p, c, a in cleaned.look_alikes if c not in FULL_WIDTH and c not in LIGATURES]
    said = []
    if wide and len(wide) == len(cleaned.value):
        said.append(
            f"{the} is written in full-width characters (all {len(wide)} of them), the wide letters and digits "
            "of Chinese, Japanese and Korean text."
        )
    elif wide:
        listed = _listed([(p, describe(c)) for p, c, _ in wide], like=[a for _, _, a in wide])
        said.append(
            f"{the} contains {_count(len(wide), 'full-width character')}, wide forms of Latin letters or digits "
            f"(as in Chinese, Japanese and Korean text): {listed}."
        )
    if joined:
        listed = _listed([(p, describe(c)) for p, c, _ in joined], like=[a for _, _, a in joined])
        said.append(
            f"{the} contains {_count(len(joined), 'ligature')}, one character standing for two or three "
            f"letters as PDFs and word processors write them: {listed}."
        )
    if other:
        n = len(other)
        listed = _listed([(p, describe(c)) for p, c, _ in other], like=[a for _, _, a in other])
        said.append(
            f"{the} contains {plural(n, 'character')} from another alphabet that only "
            f"{'looks' if n == 1 else 'look'} like Latin letters or digits: {listed}."
        )
    how = (
        "type these again, or copy the value again from Wix"
        if other
        else "write them plainly, or copy the value again from Wix"
    )
    return " ".join(said) + f" Wix values use only plain Latin letters and digits: {how}."


def _count(n: int, what: str) -> str:
    return f"a {what}" if n == 1 else f"{n} {what}s"


def _hidden(the: str, n: int, what: str, listed: str, source: str) -> str:
    they = "It comes" if n == 1 else "They come"
    return f"{the} contains {plural(n, what)}: {listed}. {they} from copying out of {source}. " + (
        "Remove it." if n == 1 else "Remove them."
    )


def _listed(items: list[tuple[int, str]], limit: int = 3, like: list[str] | None = None) -> str:
    shown = [
        f"{what} at position {p + 1}"
        + ((f" (it looks like “{like[n]}”)" if len(like[n]) == 1 else f" (it stands for “{like[n]}”)") if like else "")
        for n, (p, what) in enumerate(items[:limit])
    ]
    if len(items) > limit:
        shown.append(f"{len(items) - limit} more")
    return join_words(shown)


#: Pairs of marks chat apps and markdown put around text, named as what they are rather than as characters.
_CHAT_MARKS = (("||", "a spoiler mark (||)"), ("~~", "a strikethrough mark (~~)"), ("```", "a code block mark (```)"))


def _marks(chars: list[str]) -> str:
    names: list[str] = []
    text = "".join(chars)
    if "..." in text:
        names.append("an ellipsis (...)")
        text = text.replace("...", "")
    for mark, name in _CHAT_MARKS:
        if mark in text:
            names.append(name)
            text = text.replace(mark, "")
    chars = list(text)
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
        parts.append(
            _listed([(p, SPACES[c]) for p, c in inside])
            if len(inside) <= 3
            else f"{plural(len(inside), 'space')} inside it"
        )
    article = "An" if label[0] in "AEIOU" else "A"
    one = len(spaces) == 1
    return f"{the} has {join_words(parts)}. {article} {label} never contains spaces or line breaks: " + (
        "remove it." if one else "remove them."
    )


def _what(chars: list[str]) -> str:
    kinds = {SPACES[c] for c in chars}
    if len(chars) == 1:
        return SPACES[chars[0]]
    if kinds == {"a space"}:
        return f"{len(chars)} spaces"
    return "spaces or line breaks"
