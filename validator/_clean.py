r"""Copy/paste debris: find it, remove it, remember where it was.

Every character class here is an explicit table, never ``str.isspace`` or
``\w``: those follow the interpreter's Unicode version, and the checker must
give the same answer under CPython 3.11 and Pyodide's Python 3.14. What the
checker says about the debris it found is ``_phrasing``'s.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

#: Longer than any value Wix gives (a key is about 720 characters, an editor
#: address a few hundred); anything longer is not looked at character by character.
MAX_LENGTH = 4096

SPACES = {
    "\t": "a tab",
    "\n": "a line break",
    "\r": "a line break",
    "\x0b": "a line break",
    "\x0c": "a page break",
    " ": "a space",
    "\u1680": "a space",
    "\u2028": "a line break",
    "\u2029": "a line break",
    "\u205f": "a space",
    "\u3000": "a wide space",
    **{chr(c): "a space" for c in range(0x2000, 0x200B)},
}

INVISIBLE = {
    "\u00a0": "a non-breaking space",
    "\u202f": "a narrow non-breaking space",
    "\u00ad": "a soft hyphen",
    "\u034f": "an invisible joiner",
    "\u180e": "an invisible separator",
    "\u200b": "a zero-width space",
    "\u200c": "a zero-width non-joiner",
    "\u200d": "a zero-width joiner",
    "\u2060": "a word joiner",
    "\u2061": "an invisible character",
    "\u2062": "an invisible character",
    "\u2063": "an invisible character",
    "\u2064": "an invisible character",
    "\ufeff": "a byte order mark",
    "\u115f": "an invisible filler",
    "\u1160": "an invisible filler",
    "\u3164": "an invisible filler",
    "\uffa0": "an invisible filler",
    **{chr(c): "an invisible variation selector" for c in range(0xFE00, 0xFE10)},
}

_BIDI = {0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}


def is_control(ch: str) -> bool:
    c = ord(ch)
    return (c < 0x20 and ch not in SPACES) or 0x7F <= c <= 0x9F or c in _BIDI or 0xFFF9 <= c <= 0xFFFB


#: Every character ``is_control`` or INVISIBLE names, as one pattern (to drop them from a whole text at once).
HIDDEN = re.compile(
    "["
    + "".join(
        re.escape(chr(c))
        for c in (*range(0x20), *range(0x7F, 0xA0), *_BIDI, *range(0xFFF9, 0xFFFC))
        if chr(c) not in SPACES
    )
    + "".join(re.escape(c) for c in INVISIBLE)
    + "]"
)


#: Characters that look like ASCII letters and digits but are not (Cyrillic,
#: Greek, Armenian and a few others). Fullwidth forms are mapped by arithmetic.
LOOK_ALIKES = {
    # Cyrillic small
    "\u0430": "a",
    "\u0432": "b",
    "\u0435": "e",
    "\u043e": "o",
    "\u0440": "p",
    "\u0441": "c",
    "\u0443": "y",
    "\u0445": "x",
    "\u0455": "s",
    "\u0456": "i",
    "\u0458": "j",
    "\u04bb": "h",
    "\u0501": "d",
    "\u051b": "q",
    "\u051d": "w",
    "\u0442": "t",
    "\u043a": "k",
    "\u043c": "m",
    "\u043d": "h",
    "\u0457": "i",
    "\u04cf": "l",
    # Cyrillic capital
    "\u0410": "A",
    "\u0412": "B",
    "\u0415": "E",
    "\u041a": "K",
    "\u041c": "M",
    "\u041d": "H",
    "\u041e": "O",
    "\u0420": "P",
    "\u0421": "C",
    "\u0422": "T",
    "\u0425": "X",
    "\u0423": "Y",
    "\u0406": "I",
    "\u0408": "J",
    "\u0405": "S",
    "\u04c0": "I",
    "\u0417": "3",
    # Greek
    "\u03bf": "o",
    "\u03b1": "a",
    "\u03bd": "v",
    "\u03b9": "i",
    "\u03ba": "k",
    "\u03c1": "p",
    "\u03c5": "u",
    "\u03c4": "t",
    "\u03c7": "x",
    "\u03b2": "b",
    "\u03b5": "e",
    "\u0391": "A",
    "\u0392": "B",
    "\u0395": "E",
    "\u0396": "Z",
    "\u0397": "H",
    "\u0399": "I",
    "\u039a": "K",
    "\u039c": "M",
    "\u039d": "N",
    "\u039f": "O",
    "\u03a1": "P",
    "\u03a4": "T",
    "\u03a5": "Y",
    "\u03a7": "X",
    # Armenian, Latin extensions, letter-like symbols
    "\u0585": "o",
    "\u0578": "n",
    "\u057d": "u",
    "\u0251": "a",
    "\u0261": "g",
    "\u026a": "i",
    "\u0131": "i",
    "\u212a": "K",
    "\u2160": "I",
    "\u2170": "i",
    "\u217c": "l",
}

#: Dashes that look like "-" (an ID field reports them as a format problem).
DASHES = {chr(c) for c in range(0x2010, 0x2016)} | {"\u2212", "\ufe63", "\uff0d", "\u00ad"}

_OPENING = {
    '"': "a quotation mark",
    "'": "a quotation mark",
    "`": "a backtick",
    "\u201c": "a quotation mark",
    "\u201d": "a quotation mark",
    "\u201e": "a quotation mark",
    "\u2018": "a quotation mark",
    "\u2019": "a quotation mark",
    "\u201a": "a quotation mark",
    "\u00ab": "a quotation mark",
    "\u00bb": "a quotation mark",
    "\u2039": "a quotation mark",
    "\u203a": "a quotation mark",
    "<": "an angle bracket",
    ">": "an angle bracket",
    "(": "a bracket",
    ")": "a bracket",
    "[": "a bracket",
    "]": "a bracket",
    "\u2022": "a bullet point",
    "*": "an asterisk",
    # Chat and markdown marks: spoilers (||), strikethrough (~~); none is ever part of a key or an ID.
    "|": "a vertical bar",
    "~": "a tilde",
    # Chinese and Japanese quotes and brackets.
    "\u300c": "a corner bracket",
    "\u300d": "a corner bracket",
    "\u300e": "a corner bracket",
    "\u300f": "a corner bracket",
    "\u3010": "a bracket",
    "\u3011": "a bracket",
    "\uff08": "a bracket",
    "\uff09": "a bracket",
}
_CLOSING_ONLY = {
    ".": "a full stop",
    ",": "a comma",
    ";": "a semicolon",
    ":": "a colon",
    "!": "an exclamation mark",
    "?": "a question mark",
    "\u2026": "an ellipsis",
}
_CLOSING = {**_OPENING, **_CLOSING_ONLY}
del _CLOSING["\u2022"]
PUNCTUATION = {**_CLOSING, "\u2022": "a bullet point"}


#: Compatibility characters and their NFKC forms: full-width ASCII (typed on Chinese, Japanese and Korean
#: keyboards or converted by their input methods) and the Latin ligatures PDFs write for ff, fi, fl.
#: A fixed list of code points: NFKC of characters Unicode adds later would differ between Pythons.
FULL_WIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
LIGATURES = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)}
#: Non-breaking spaces still part words (French typography puts one before ":", a web page's &nbsp;).
NO_BREAK_SPACES = frozenset("\u00a0\u202f")
_WORDS_APART = str.maketrans({**dict.fromkeys(NO_BREAK_SPACES, " "), **FULL_WIDTH, **LIGATURES})


#: In a page's or an HTML e-mail's source: a no-break space as HTML writes it ("Site&nbsp;ID"), a line break
#: (<br>, at a line's end or in place of it), and the tags of paragraphs, cells and styles (each read as a space).
_NBSP_ENTITY = re.compile("&(?:nbsp|#160|#x0*a0);", re.IGNORECASE)
_BR = re.compile(r"<br\s*/?>(\r?\n)?", re.IGNORECASE)
_TAG = re.compile(
    r"</?(?:p|div|span|code|pre|b|strong|i|em|u|td|th|tr|li|font|tt|kbd|samp)\b[^<>]{0,100}>", re.IGNORECASE
)


def as_written(raw: str) -> str:
    """``raw`` as Wix and the merchant wrote it, to find values and labels in: words apart, invisible and control
    characters dropped, compatibility characters in their plain form.
    """
    if "&" in raw:
        raw = _NBSP_ENTITY.sub(" ", raw)
    if "<" in raw:
        raw = _TAG.sub(" ", _BR.sub(lambda m: m[1] or "\n", raw))
    return HIDDEN.sub("", raw.translate(_WORDS_APART))


def look_alike(ch: str) -> str | None:
    """The ASCII text ``ch`` imitates or stands for (one character, or two or three for a ligature), or None."""
    return LOOK_ALIKES.get(ch) or FULL_WIDTH.get(ch) or LIGATURES.get(ch)


_PLAIN = re.compile(r"[!-~]*")


@dataclass
class Cleaned:
    """A value with its debris removed; ``origin[i]`` is where ``value[i]`` was pasted (0-based)."""

    raw: str
    value: str = ""
    origin: list[int] | range = field(default_factory=list)
    controls: list[tuple[int, str]] = field(default_factory=list)
    invisible: list[tuple[int, str]] = field(default_factory=list)
    spaces: list[tuple[int, str]] = field(default_factory=list)
    punctuation: list[tuple[int, str, str]] = field(default_factory=list)  # (pos, char, "start"|"end")
    look_alikes: list[tuple[int, str, str]] = field(default_factory=list)  # (pos, char, ascii)

    @property
    def display(self) -> str:
        """The value as pasted, for quoting: debris removed, ordinary spaces between words kept."""
        if not self.origin:
            return ""
        kept = set(self.origin)
        return "".join(
            ch
            for i, ch in enumerate(self.raw[self.origin[0] : self.origin[-1] + 1], start=self.origin[0])
            if i in kept or ch == " "
        )

    def position(self, index: int) -> int:
        """1-based position, in the pasted text, of ``value[index]``."""
        if not self.origin:
            return 1
        return self.origin[min(max(index, 0), len(self.origin) - 1)] + 1


def clean(raw: str, *, map_dashes: bool) -> Cleaned:
    """Strip debris in a fixed order: controls, invisible characters, spaces, punctuation, look-alikes.

    ``raw`` is at most MAX_LENGTH characters long (the caller checks).
    """
    out = Cleaned(raw)
    if _PLAIN.fullmatch(raw):  # the usual case: printable ASCII, no spaces
        start, end = 0, len(raw)
        while start < end and raw[start] in _OPENING:
            out.punctuation.append((start, raw[start], "start"))
            start += 1
        while end > start and raw[end - 1] in _CLOSING:
            out.punctuation.append((end - 1, raw[end - 1], "end"))
            end -= 1
        out.value, out.origin = raw[start:end], range(start, end)
        return out
    kept: list[tuple[int, str]] = []
    for i, ch in enumerate(raw):
        if "!" <= ch <= "~":
            kept.append((i, ch))
        elif ch in SPACES:
            out.spaces.append((i, ch))
        elif ch in INVISIBLE:
            out.invisible.append((i, ch))
        elif is_control(ch):
            out.controls.append((i, ch))
        else:
            kept.append((i, ch))
    start, end = 0, len(kept)
    while start < end and kept[start][1] in _OPENING:
        out.punctuation.append((kept[start][0], kept[start][1], "start"))
        start += 1
    while end > start and kept[end - 1][1] in _CLOSING:
        out.punctuation.append((kept[end - 1][0], kept[end - 1][1], "end"))
        end -= 1
    kept = kept[start:end]
    out.value = "".join(ch for _, ch in kept)
    if not out.value.isascii():
        _map_look_alikes(out, kept, map_dashes=map_dashes)
        out.value = "".join(ch for _, ch in kept)
    out.origin = [i for i, _ in kept]
    return out


def _map_look_alikes(out: Cleaned, kept: list[tuple[int, str]], *, map_dashes: bool) -> None:
    # Compatibility characters always stand for their ASCII forms. Other look-alikes only when the value is
    # written in ASCII with a few imitations: a site name really written in Cyrillic is left alone.
    found = []
    imitations = True
    for n, (i, ch) in enumerate(kept):
        if ch.isascii() or (not map_dashes and ch in DASHES and ch not in FULL_WIDTH):
            continue
        ascii_form = "-" if ch in DASHES and ch not in FULL_WIDTH else look_alike(ch)
        if ascii_form is None:
            imitations = False
            continue
        found.append((n, i, ch, ascii_form))
    compatible = [f for f in found if f[2] in FULL_WIDTH or f[2] in LIGATURES]
    if imitations and len(compatible) < len(found) and not any(ch.isascii() and ch.isalnum() for _, ch in kept):
        imitations = False
    for n, i, ch, ascii_form in reversed(found if imitations else compatible):
        # A ligature stands for two or three letters: each keeps the position it was pasted at.
        kept[n : n + 1] = [(i, c) for c in ascii_form]
        out.look_alikes.append((i, ch, ascii_form))
    out.look_alikes.reverse()
