"""Account ID and Site ID: a GUID, 8-4-4-4-12 lower-case hexadecimal digits."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate

from validator._clean import DASHES, Cleaned
from validator._phrasing import describe, join_words, nth, plural
from validator.facts import ID_DIGITS, ID_LENGTH, ID_SHAPE

#: An ID's groups of hexadecimal digits, joined by hyphens.
_GROUPS = (8, 4, 4, 4, 12)


def id_pattern(digit: str = "[0-9a-f]") -> str:
    """A regular expression of an ID whose digits each match ``digit``: the one place an ID's shape is spelled."""
    return "-".join(f"{digit}{{{size}}}" for size in _GROUPS)


_CANONICAL = re.compile(id_pattern())
_HEX = frozenset("0123456789abcdef")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
#: Letters a person may type for a digit when copying an ID by hand.
_DIGIT_FOR = {"o": "0", "l": "1", "i": "1"}

FORMAT_HELP = f"An ID is {ID_SHAPE}."


def is_id(value: str) -> bool:
    """True for a canonical ID (the version digit is not checked: Wix's IDs are not all version 4)."""
    return len(value) == 36 and _CANONICAL.fullmatch(value) is not None


def ascii_lower(value: str) -> str:
    return value.translate(_ASCII_LOWER)


def dashed(hex32: str) -> str:
    """The 32 digits of an ID with its hyphens put in."""
    ends = list(accumulate(_GROUPS))
    return "-".join(hex32[end - size : end] for size, end in zip(_GROUPS, ends, strict=True))


@dataclass
class IdCheck:
    kind: str  # "ok", "format", "malformed" or "none" (not an ID at all)
    canonical: str | None = None  # the ID, written canonically, when it is one
    message: str = ""  # what is wrong
    fix: str | None = None
    pair: tuple[str, str] | None = None  # two IDs pasted together
    advice: str = ""  # what to do about it: a rule that knows which ID is meant says that instead

    @property
    def said(self) -> str:
        """The whole finding: what is wrong, then what to do."""
        return f"{self.message} {self.advice}" if self.advice else self.message


def check_id(cleaned: Cleaned, label: str) -> IdCheck:
    value = cleaned.value
    notes: list[str] = []
    offset = 0
    if ascii_lower(value[:9]) == "urn:uuid:":
        value, offset = value[9:], 9
        notes.append("starts with “urn:uuid:”")
    if value.startswith("{") or value.endswith("}"):
        if value.startswith("{"):
            value, offset = value[1:], offset + 1
        value = value.removesuffix("}")
        notes.append("is wrapped in braces { }")
    dashes = [(cleaned.position(i + offset), ch) for i, ch in enumerate(value) if ch in DASHES]
    if dashes:
        value = "".join("-" if ch in DASHES else ch for ch in value)
        kinds = sorted({describe(ch) for _, ch in dashes})
        notes.append(
            f"uses a look-alike dash ({join_words(kinds)}) at "
            + ("position " if len(dashes) == 1 else "positions ")
            + join_words([str(p) for p, _ in dashes])
            + " instead of the ordinary hyphen “-”"
        )
    lowered = ascii_lower(value)
    if lowered != value and any(c in "ABCDEF" for c in value):
        notes.append("is written in capital letters")
    value = lowered
    if len(value) == 32 and all(c in _HEX for c in value):
        value = dashed(value)
        notes.append("has no hyphens")
    if is_id(value):
        if not notes:
            return IdCheck("ok", value)
        return IdCheck(
            "format",
            value,
            f"The {label} {join_words(notes)}. {FORMAT_HELP} Written that way it is {value}.",
        )
    return _malformed(value, offset, cleaned, label)


def _guid_like(value: str) -> bool:
    body = value.replace("-", "")
    hex_count = sum(c in _HEX for c in body)
    others = len(body) - hex_count
    return (
        8 <= len(value) <= 120
        and hex_count >= 8
        and any(c.isdigit() and c.isascii() for c in body)
        and others <= max(2, len(body) // 8)
        and ("-" in value or hex_count >= 16 or (others == 0 and any(c in "abcdef" for c in body)))
    )


def _malformed(value: str, offset: int, cleaned: Cleaned, label: str) -> IdCheck:
    if not _guid_like(value):
        return IdCheck("none")
    the = f"The {label}"
    half = len(value) // 2
    if len(value) % 2 == 0 and value[:half] == value[half:] and is_id(value[:half]):
        return IdCheck(
            "malformed",
            message=f"{the} holds the same ID twice, one copy right after the other: keep one, {value[:half]}.",
            fix=value[:half],
        )
    if len(value) == 72 and is_id(value[:36]) and is_id(value[36:]):
        return IdCheck(
            "malformed",
            message=f"{the} holds two IDs one after the other, {value[:36]} and {value[36:]}: keep only the {label}.",
            pair=(value[:36], value[36:]),
        )
    problems: list[str] = []
    fix: str | None = None
    strange = [(i, c) for i, c in enumerate(value) if c not in _HEX and c != "-"]
    for i, c in strange[:3]:
        where = f"at position {cleaned.position(i + offset)}"
        if c in _DIGIT_FOR:
            problems.append(f"the letter “{c}” {where} is probably the digit {_DIGIT_FOR[c]}")
        elif c.isascii() and c.isalpha():
            problems.append(f"the letter “{c}” {where} is not allowed in an ID")
        else:
            problems.append(f"the character “{c}” (U+{ord(c):04X}) {where} is not allowed in an ID")
    if strange:
        repaired = "".join(_DIGIT_FOR.get(c, c) for c in value)
        if is_id(repaired):
            fix = repaired
    groups = value.split("-")
    body = value.replace("-", "")
    if len(groups) == 5 and len(value) != 36:
        n = len(value)
        if n < 36:
            problems.append(
                f"it has {n} characters and an ID has {ID_LENGTH}: "
                f"{plural(36 - n, 'character was', 'characters were')} lost while copying"
            )
        else:
            problems.append(f"it has {n} characters and an ID has {ID_LENGTH}: {plural(n - 36, 'character')} too many")
        for k, (group, size) in enumerate(zip(groups, _GROUPS, strict=True), start=1):
            if len(group) != size:
                problems.append(f"the {nth(k)} group has {len(group)} characters instead of {size}")
    elif len(groups) != 5:
        if len(body) == 32:
            problems.append(f"it has {plural(len(groups) - 1, 'hyphen')} instead of 4")
        else:
            problems.append(f"it has {len(body)} letters and digits, and an ID has {ID_DIGITS} (plus 4 hyphens)")
    elif not strange:
        problems.append("its hyphens are in the wrong places (an ID's groups are 8-4-4-4-12 characters long)")
    if fix is None and len(body) == 32 and all(c in _HEX for c in body):
        fix = dashed(body)
    message = f"{the} is not a complete ID: " + "; ".join(problems) + "."
    if fix is None:
        return IdCheck("malformed", message=f"{message} {FORMAT_HELP}", advice="Copy it again from Wix.")
    return IdCheck("malformed", message=message, fix=fix, advice=f"Check it against Wix: it is probably {fix}.")
