"""Values with labels: a .env file, JSON, YAML, a chat message or a spreadsheet row holding several values.

The label in front of a value says which field it belongs to ("siteId",
"WIX_ACCOUNT_ID", "API Key:", "ID du site"), whatever the format around it.
Labels are matched by words in several languages; a label naming something
else ("instanceId", "appDefId") marks its value as no field's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from validator._clean import look_alike
from validator._ids import ascii_lower, id_pattern
from validator._key import SIGNATURE_LENGTH
from validator._phrasing import secret_like
from validator._site import join_cut_addresses

#: Words a label holds, by the field it names; checked in this order ("metaSiteId" is a site, "API Key" a key).
_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("site_id", ("site", "sitio", "sito", "msid", "サイト", "站点", "网站", "網站", "사이트", "сайт", "אתר", "موقع")),
    (
        "account_id",
        (
            "account",
            "cuenta",
            "compte",
            "konto",
            "conta",
            "アカウント",
            "账户",
            "帐户",
            "账号",
            "帳戶",
            "帳號",
            "계정",
            "аккаунт",
            "חשבון",
            "حساب",
        ),
    ),
    (
        "api_key",
        (
            "api",
            "key",
            "token",
            "clave",
            "clé",
            "schlüssel",
            "schluessel",
            "chave",
            "chiave",
            "キー",
            "密钥",
            "金鑰",
            "키",
            "ключ",
            "מפתח",
            "مفتاح",
        ),
    ),
)
#: A key, an address, or an ID standing on its own (not inside a longer run of letters and digits).
_VALUE = re.compile(
    r"(?P<key>IST\.eyJ[A-Za-z0-9_.-]*)"
    # An address ends where a cell does (",", ";"), but "&amp;" is part of an HTML-escaped one.
    r"|(?P<address>(?:[a-z][a-z0-9+.-]{0,20}://|(?:manage|www|editor)\.wix\.com/)"
    r"(?:&(?:[a-z]{2,6}|#[0-9]{1,7}|#x[0-9a-f]{1,6});|[^\s\"'<>`,;|])*)"
    rf"|(?<![0-9A-Za-z-])(?P<id>{id_pattern('[0-9A-Fa-f]')})(?![0-9A-Za-z-])",
    re.ASCII | re.IGNORECASE,
)
#: What separates a label from its value: quotes, "=", ":", dashes, spaces, markdown emphasis.
_BETWEEN = " \t\"'`=:：＝-–—→|>*_\u3000‘’“”«»„‹›「」『』"
_MARKS = frozenset(":=：＝-–—→")
_ID_PIECE = re.compile(r"(?=[0-9a-fA-F-]*[0-9])[0-9a-fA-F-]+")
#: How a line that ends with a label ends.
_END_MARKS = tuple(_MARKS)
#: Cells of a row in CSV, TSV or a spreadsheet's copy.
_CELLS = re.compile("[,;\t]")
#: The label itself: up to four words in any script, joined by spaces, "_", "-" or ".".
#: Words and what joins them never overlap, so the search cannot backtrack far.
#: Matched on the text before the value read backwards (the pattern reads the same both ways), so from one place.
_LABEL = re.compile(r"[^\s\"'`{},;:=|()\[\]<>*._—–-]{1,40}(?:[ \t._-]{1,3}[^\s\"'`{},;:=|()\[\]<>*._—–-]{1,40}){0,3}")
_STRIP = str.maketrans("", "", " _-.\t")
_KEY_START = "IST.eyJ"
_KEY_CHUNK = re.compile(r"[\"']?IST\.eyJ[A-Za-z0-9_.-]*")
#: The hexadecimal digits and hyphens that end a line, and that start one, standing apart from other letters.
_RUN_END = re.compile(r"(?<![0-9A-Za-z])([0-9A-Fa-f-]{1,35})[ \t]*\r?$", re.ASCII)
_RUN_START = re.compile(r"[ \t]*([0-9A-Fa-f-]{1,35})(?![0-9A-Za-z])", re.ASCII)
_ID = re.compile(id_pattern("[0-9A-Fa-f]"), re.ASCII)
_NEXT_LINE = re.compile(r"[ \t]*\r?\n[ \t]*([A-Za-z0-9_.-]+)")
#: More values than this is a document, not a snippet: not read value by value.
_MOST = 12


@dataclass(frozen=True)
class Value:
    kind: str  # "key", "address" or "id"
    text: str  # as found (an ID in lower case)
    label: str  # as pasted, "" when none
    names: str | None  # the field the label names, "other" for a label naming something else, None with no label


@lru_cache(maxsize=8)
def labelled_values(raw: str) -> tuple[Value, ...]:
    """Every key, address and ID in ``raw``, each with the label in front of it; none for more than a snippet holds."""
    # As written first (join_cut_addresses): a full-width ID, a ligature in a key are found as Wix wrote them.
    text = _join_rows(_join_broken_ids(join_cut_addresses(raw)))
    found: list[Value] = []
    taken = 0
    for m in _VALUE.finditer(text):
        if m.start() < taken:
            continue  # inside a key wrapped over lines
        if len(found) == _MOST:
            return ()
        kind = m.lastgroup or ""
        label, marked = _label(text, m.start(), m.end(), since=taken)
        names = _names(label) if label else None
        if names == "other" and (not marked or " " in label):
            # A spreadsheet's cell or a sentence ("Here it is:"), not the name of another value ("instanceId").
            label, names = "", None
        value = ascii_lower(m[0]) if kind == "id" else m[0]
        taken = m.end()
        if kind == "key":
            value, taken = _unwrapped(text, value, taken)
        found.append(Value(kind, value, label, names))
    return tuple(found)


def _join_broken_ids(text: str) -> str:
    """An ID cut in two by a line break (an e-mail wraps lines at 76 characters) made whole again."""
    if "\n" not in text or text.count("\n") > 64:
        return text
    lines = text.split("\n")
    out = [lines[0]]  # an ID, or the start of a key, cut by a line break is joined back
    for line in lines[1:]:
        left = _RUN_END.search(out[-1])
        right = _RUN_START.match(line)
        if left and right and _ID.fullmatch(left[1] + right[1]) and not _ID.fullmatch(left[1]):
            out[-1] = out[-1][: left.end(1)] + line[right.start(1) :]
        elif _cut_key_start(out[-1].removesuffix(" "), line):  # a format=flowed wrap keeps the space it broke at
            out[-1] = out[-1].removesuffix(" ") + line
        else:
            out.append(line)
    return "\n".join(out)


def _cut_key_start(line: str, following: str) -> bool:
    """Whether a line break fell inside a key's first characters ("…,IS" then "T.eyJ…")."""
    for n in range(1, len(_KEY_START)):
        if line.endswith(_KEY_START[:n]) and following.startswith(_KEY_START[n:]):
            before = line[:-n][-1:]
            return not (before.isascii() and before.isalnum())
    return False


def _join_rows(text: str) -> str:
    """Rows under a header row (CSV, TSV) that a wrapped line cut between cells, joined to their cells' count."""
    lines = text.split("\n")
    if len(lines) > 64:
        return text
    # The header row: the first line of two names or more between cells, with no value ("Hi," is none).
    first = next((n for n, line in enumerate(lines[:-1]) if _is_header(line)), None)
    if first is None:
        return text
    cut = _CELLS.search(lines[first])
    if cut is None:  # a header row has cells: the check tells the type checker so
        return text
    cells = lines[first].count(cut[0])
    rows = lines[: first + 2]
    for line in lines[first + 2 :]:
        row = rows[-1].rstrip(" ")  # a format=flowed wrap keeps the space it broke at
        # A row (it has cells, or starts with a wrapped key) that is still short of some cells.
        if row.count(cut[0]) < cells and (cut[0] in row or _KEY_CHUNK.fullmatch(row)):
            rows[-1] = row + line
        else:
            rows.append(line)
    return "\n".join(rows)


def _is_header(line: str) -> bool:
    cut = _CELLS.search(line)
    if cut is None or _VALUE.search(line) is not None:
        return False
    heads = [head.strip(_BETWEEN) for head in line.split(cut[0])]
    # Names, short: never the end of a wrapped key before the next name ('…_RA", "WIX_API_KEY":').
    return sum(1 for head in heads if head) >= 2 and all(len(head) <= 40 and not secret_like(head) for head in heads)


def _unwrapped(text: str, key: str, end: int) -> tuple[str, int]:
    """A key wrapped over lines (an e-mail's 76 characters), joined while its signature is not whole yet."""
    while key.count(".") < 3 or len(key.rsplit(".", 1)[1]) < SIGNATURE_LENGTH:
        line = _NEXT_LINE.match(text, end)
        if line is None:
            break
        key, end = key + line[1], line.end()
    return key, end


def _label(text: str, start: int, end: int, *, since: int = 0) -> tuple[str, bool]:
    """The label of the value at ``start:end``, and whether a mark (":", "=", a dash, a line of its own) sets it
    apart; never reaching back before ``since``, where the value before it ends (a key's end is no label).
    """
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    line = text[max(line_start, since) : start]
    before = line.rstrip(_BETWEEN)
    marked = any(c in _MARKS for c in line[len(before) :])
    if line_start > 0:
        above = text[text.rfind("\n", 0, line_start - 1) + 1 : line_start - 1].strip(" \r")
        values = list(_VALUE.finditer(above))
        last = values[-1] if values else None
        if last is not None and (not _CELLS.search(above) or above.rstrip("*_ ")[-1:] in _END_MARKS):
            above = above[last.end() :].strip(" ")  # "… <Account ID> Site ID:": the label after the last value
        header = _header(above, text[line_start:line_end], start - line_start)
        if header is not None:
            return header, True
        rest = text[end:line_end].rstrip(" \t\r*_")  # "**Site ID:**": markdown bold around a label
        # Nothing else on the value's line, or only the next value's label ("… Site ID:").
        alone = not before and (not rest.strip(_BETWEEN + ",;)]}") or rest[-1:] in _END_MARKS)  # '"},' ends JSON
        ends = above.rstrip("*_ ")[-1:] in _END_MARKS  # a line that ends with a label ('…, "siteId":')
        fence = above.lstrip().startswith("```")  # a code block's opening mark and language ("```env") is no label
        if (
            alone
            and not fence
            and (ends or (len(above) <= 40 and _CELLS.search(above) is None))
            and (_VALUE.search(above) is None)
        ):
            # "Account ID" on the line above the value, and nothing else on the value's line.
            before, marked = above.strip(_BETWEEN), ends  # a name of something else needs its ":"
    if line_start > 0 and ascii_lower(_imitated(before.strip(_BETWEEN))) in ("id", "ids"):
        # "Site\nID:": a label wrapped over two lines.
        before = text[text.rfind("\n", 0, line_start - 1) + 1 : line_start - 1].rstrip(" \r") + " " + before
    found = _LABEL.match(before[:-171:-1])
    if not found:
        return "", False
    # The end of a key may stand in front of the next label on its line: never take a piece of it.
    words = found[0][::-1].strip(" \t._-").split()
    while words and (secret_like(words[0]) or _ID_PIECE.fullmatch(words[0])):
        words.pop(0)
    return " ".join(words), marked


def _header(above: str, line: str, at: int) -> str | None:
    """The header cell over the cell at ``at`` of ``line``, when ``above`` is a header row with as many cells."""
    cut = _CELLS.search(line)
    if cut is None or _VALUE.search(above) is not None:
        return None
    cells, heads = line.split(cut[0]), above.split(cut[0])
    if len(cells) != len(heads) or sum(1 for h in heads if h.strip(_BETWEEN)) < 2:
        return None
    column = line.count(cut[0], 0, at)
    head = heads[column].strip(_BETWEEN)
    # The cell holds the value alone, under a header that is a name (never a piece of a key or an ID).
    if not cells[column].strip(_BETWEEN) or _VALUE.fullmatch(cells[column].strip(_BETWEEN)) is None:
        return None
    return head if head and not secret_like(head) and not _ID_PIECE.fullmatch(head) else None


def _imitated(label: str) -> str:
    """``label`` with the Latin letters its look-alikes imitate."""
    return label if label.isascii() else "".join(look_alike(c) or c for c in label)


def _names(label: str) -> str:
    folded = label.lower().translate(_STRIP)
    # A label typed with a Cyrillic or Greek keyboard layout (Key in Cyrillic letters, a Greek iota in ID) names
    # what it imitates.
    imitated = folded if folded.isascii() else _imitated(label).lower().translate(_STRIP)
    for field, words in _WORDS:
        if any(word in folded or word in imitated for word in words):
            return field
    return "other"
