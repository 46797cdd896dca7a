"""Hypothesis strategies: any text, real values damaged the way copying damages them, and real values wrapped the way
merchants' tools wrap them (``pastes``).
"""

from __future__ import annotations

import quopri
from dataclasses import dataclass

from hypothesis import strategies as st

from harness import ACCOUNT_ID, API_KEY, SITE_ID, guid, make_key
from validator._clean import MAX_LENGTH

OTHER_ACCOUNT = guid(77)
KEYS = [API_KEY, make_key(OTHER_ACCOUNT, seed=5)]
VALID = [
    *KEYS,
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


field_text = st.one_of(
    st.text(any_character), st.text(st.sampled_from(DEBRIS)), damaged(), st.sampled_from(VALID), st.just("")
)


# --- Paste noise: a valid triple inside what merchants' tools wrap around it ---------------------------------
#
# ``pastes()`` draws a ``Paste``: a correct Account ID, Site ID and key (the key names that account), one field's
# value (or, labelled, two or three of them) wrapped the way spreadsheets, .env files, JSON, YAML, markdown, chat apps,
# e-mail, PDFs and CJK keyboards wrap it, and the names of the wrappers it applied, so that a test knows which
# causes the checker may name and which value it must suggest.

PASTE_FIELDS = ("api_key", "account_id", "site_id")

#: Labels merchants' tools and translated dashboards put before each value, by language.
LABELS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "api_key": ("API Key", "API key", "Wix API Key"),
        "account_id": ("Account ID", "Account Id"),
        "site_id": ("Site ID", "Site Id", "Meta Site ID"),
    },
    "es": {"api_key": ("Clave API", "Clave de API"), "account_id": ("ID de cuenta",), "site_id": ("ID del sitio",)},
    "de": {"api_key": ("API-Schlüssel",), "account_id": ("Konto-ID",), "site_id": ("Website-ID",)},
    "fr": {
        "api_key": ("Clé API", "Clé d’API"),
        "account_id": ("ID du compte", "Identifiant du compte"),
        "site_id": ("ID du site", "Identifiant du site"),
    },
    "pt": {"api_key": ("Chave da API",), "account_id": ("ID da conta",), "site_id": ("ID do site",)},
    "ru": {"api_key": ("API-ключ",), "account_id": ("ID аккаунта",), "site_id": ("ID сайта",)},
    "ja": {
        "api_key": ("APIキー",),
        "account_id": ("アカウントID", "アカウントＩＤ"),
        "site_id": ("サイトID", "サイトＩＤ"),
    },
    "zh": {
        "api_key": ("API 密钥", "API 金鑰"),
        "account_id": ("账户 ID", "帳戶 ID"),
        "site_id": ("网站 ID", "網站 ID"),
    },
    "ko": {"api_key": ("API 키",), "account_id": ("계정 ID",), "site_id": ("사이트 ID",)},
    "he": {"api_key": ("מפתח API",), "account_id": ("מזהה חשבון",), "site_id": ("מזהה אתר",)},
    "ar": {"api_key": ("مفتاح API",), "account_id": ("معرّف الحساب",), "site_id": ("معرّف الموقع",)},
}
#: What goes between a label and its value; a non-breaking space (French typography) is noise of its own.
SEPARATORS = {
    "any": (": ", ":", " - ", " – ", "\n", " = ", "\t", " → "),
    "fr": (" : ", "\u00a0: ", "\u202f: "),
    "ja": ("：", ": ", "\u3000"),
    "zh": ("：", ": "),
}
#: Names programs give the values (.env, JSON, YAML, CSV headers).
CODE_NAMES = {
    "api_key": ("WIX_API_KEY", "API_KEY", "apiKey", "api_key"),
    "account_id": ("WIX_ACCOUNT_ID", "accountId", "account_id"),
    "site_id": ("WIX_SITE_ID", "siteId", "metaSiteId", "site_id"),
}
#: Other IDs that sit beside the values in a config (the label says which one is which).
DECOY_NAMES = ("appId", "instanceId", "WIX_APP_ID", "clientId")
QUOTES = (
    ('"', '"'),
    ("'", "'"),
    ("`", "`"),
    ("‘", "’"),
    ("“", "”"),
    ("«", "»"),
    ("« ", " »"),
    ("„", "“"),
    ("‹", "›"),
    ("「", "」"),
    ("『", "』"),
)
ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")
BIDI_MARKS = ("\u200e", "\u200f", *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A)))
LIGATURES = (("ffi", "\ufb03"), ("ffl", "\ufb04"), ("ff", "\ufb00"), ("fi", "\ufb01"), ("fl", "\ufb02"))
#: Text around a value, by language: (before, after). "{label}" is the value's label in that language.
PROSE = {
    "en": (
        ("Hi! Here is my {label}: ", ". Thanks, Blue Cafe team"),
        ("my {label} is ", " - is that right?"),
        ("Here it is:\n", "\n\nSent from my iPhone"),
        ("", " (copied from the dashboard)"),
    ),
    "es": (("Hola, mi {label} es ", ". ¡Gracias!"),),
    "de": (("Hallo, meine {label} lautet ", ". Danke!"),),
    "fr": (("Bonjour, voici mon {label} : ", ". Merci !"),),
    "ja": (("{label}は", "です。よろしくお願いします。"),),
    "zh": (("我的{label}是", "，谢谢！"),),
    "he": (("שלום, ה{label} שלי הוא ", " תודה"),),
    "ar": (("مرحبا، {label} الخاص بي هو ", " شكرا"),),
}
#: Shell prompts and commands a value is copied with out of a terminal: {name} the variable's, {value} the value.
TERMINAL = (
    "$ export {name}={value}",
    "$ echo ${name}\n{value}",
    'maria@MacBook-Air ~ % export {name}="{value}"',
    'PS C:\\Users\\maria> $env:{name}="{value}"',
    "C:\\Users\\maria>set {name}={value}",
)
#: Latin letters a label may be typed with from a Cyrillic or Greek keyboard layout (a password manager's note).
LABEL_LOOK_ALIKES = str.maketrans("AaceIKkoOpxyS", "АасеΙКкоОрхуЅ")
#: Every wrapper name a Paste can list (a test maps each to the causes it may make the checker name).
WRAPPERS = (
    "address",
    "bearer",
    "label",
    "env",
    "env-comment",
    "json",
    "yaml",
    "csv",
    "row",
    "decoy",
    "several-values",
    "two-values",
    "key-decides",
    "quotes",
    "code-span",
    "bold",
    "slack-bold",
    "spoiler",
    "angle-brackets",
    "link",
    "fence",
    "bullet",
    "chat-quote",
    "prose",
    "wrap",
    "soft-hyphen",
    "fullwidth",
    "ligature",
    "bidi",
    "zero-width",
    "bom",
    "nbsp",
    "trailing-newline",
    "crlf",
    "html",
    "spreadsheet-apostrophe",
    "auto-capital",
    "terminal",
    "look-alike-label",
    "quoted-printable",
)


@dataclass(frozen=True)
class Paste:
    """What goes into one field, what it holds, and what was done to it."""

    field: str
    text: str
    value: str  # the original value for ``field`` (the first of two when ambiguous)
    wrappers: tuple[str, ...]  # sorted, each from WRAPPERS
    ambiguous: bool  # two different values of the field's kind and nothing to tell which is meant
    named: tuple[str, ...]  # the values of that kind in the text (a message about two should name both)
    others: dict[str, str | None]  # the other fields: their correct value, or None (not entered yet)
    language: str  # of the labels and prose (when there are any)
    keys: tuple[str, ...]  # every key in the text: no message may show a piece of one

    def __repr__(self) -> str:
        # The text in full (it reproduces a failure); the values it hides are synthetic, and long: shortened.
        short = {k: v if v is None or len(v) < 60 else v[:24] + "…" for k, v in self.others.items()}
        return (
            f"Paste(field={self.field!r}, text={self.text!r}, value={self.value[:40]!r}…, "
            f"wrappers={self.wrappers}, ambiguous={self.ambiguous}, others={short}, language={self.language!r})"
        )

    def inputs(self) -> dict[str, str | None]:
        return {**self.others, self.field: self.text}

    @property
    def combination(self) -> str:
        return self.field + ":" + "+".join(self.wrappers)


def _sometimes(draw) -> bool:
    """One time in three: a paste rarely collects every kind of noise at once (and False shrinks first)."""
    return draw(st.sampled_from((False, False, True)))


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def _ligate(text: str) -> str:
    for letters, ligature in LIGATURES:
        text = text.replace(letters, ligature)
    return text


def _wrap(text: str, width: int, brk: str) -> str:
    """Text as an e-mail program wraps it: at spaces, and a word longer than a line (a key) cut every ``width``."""
    out = []
    for line in text.split("\n"):
        rows, row = [], ""
        for word in line.split(" "):
            if row and len(row) + 1 + len(word) > width:
                rows.append(row)
                row = word
            else:
                row = f"{row} {word}" if row else word
            while len(row) > width:
                rows.append(row[:width])
                row = row[width:]
        rows.append(row)
        # A format=flowed break keeps the space it broke at; a plain one drops it.
        out.append(brk.join(rows) if brk != " \n" else " \n".join(rows))
    return "\n".join(out)


def _insert(draw, value: str, chars: tuple[str, ...], most: int) -> str:
    for _ in range(draw(st.integers(1, most))):
        at = draw(st.integers(0, len(value)))
        value = value[:at] + draw(st.sampled_from(chars)) + value[at:]
    return value


def _id_with_ligature_letters(draw, value: str) -> str:
    """The ID with "ff" somewhere in it (hex IDs hold no i or l, so no other ligature can occur)."""
    if "ff" in value:
        return value
    at = draw(st.sampled_from([i for i in range(35) if "-" not in value[i : i + 2]]))
    return value[:at] + "ff" + value[at + 2 :]


@st.composite
def _values(draw, ligature_in: str | None) -> dict[str, str]:
    """A correct triple: the key names the Account ID; the two IDs differ."""
    seeds = draw(st.lists(st.integers(0, 10**6), min_size=3, max_size=3, unique=True))
    account, site = guid(seeds[0]), guid(seeds[1])
    if ligature_in == "account_id":
        account = _id_with_ligature_letters(draw, account)
    if ligature_in == "site_id":
        site = _id_with_ligature_letters(draw, site)
    seed = seeds[2] + 1
    key = make_key(account, seed=seed)
    while ligature_in == "api_key" and _ligate(key) == key:
        seed += 1_000_003
        key = make_key(account, seed=seed)
    return {"api_key": key, "account_id": account, "site_id": site}


def _address(draw, site: str) -> str:
    return draw(
        st.sampled_from(
            (
                "https://manage.wix.com/dashboard/{}/home",
                "https://manage.wix.com/dashboard/{}/store/products?referralInfo=sidebar",
                "https://www.wix.com/dashboard/{}/setup",
                "manage.wix.com/dashboard/{}/home",
                "https://editor.wix.com/html/editor/web/renderer/edit/"
                + guid(8)
                + "?metaSiteId={}&editorSessionId="
                + guid(9),
            )
        )
    ).format(site)


def _decorate(draw, token: str, used: list[str], *, link_to: str | None) -> str:
    """Quotes, markdown or chat markup around one value."""
    kind = draw(st.sampled_from(("none", "quotes", "code-span", "bold", "slack-bold", "spoiler", "link", "html")))
    if kind == "none" or (kind == "link" and link_to is None):
        return token
    used.append(kind)
    if kind == "quotes":
        before, after = draw(st.sampled_from(QUOTES))
        return before + token + after
    if kind == "link":
        return f"[{token}]({link_to})"
    if kind == "html":  # a web page's or an HTML e-mail's source
        before, after = draw(st.sampled_from((("<code>", "</code>"), ("<b>", "</b>"), ("<td>", "</td>"))))
        return before + token + after
    mark = {"code-span": "`", "bold": "**", "slack-bold": "*", "spoiler": "||"}[kind]
    return mark + token + mark


def _label(draw, field: str, lang: str, used: list[str], *, above: bool = True) -> str:
    separators = SEPARATORS["any"] + SEPARATORS.get(lang, ())
    separator = draw(st.sampled_from([s for s in separators if above or "\n" not in s]))
    if "\u00a0" in separator or "\u202f" in separator:
        used.append("nbsp")
    label = draw(st.sampled_from(LABELS[lang][field]))
    if lang == "en" and _sometimes(draw) and label.translate(LABEL_LOOK_ALIKES) != label:
        used.append("look-alike-label")
        label = label.translate(LABEL_LOOK_ALIKES)
    if draw(st.booleans()) and lang == "en":
        used.append("bold")
        if separator.startswith(":"):  # **Site ID:** value
            return f"**{label}:**" + (separator[1:] or " ")
        label = f"**{label}**"
    return label + separator


@st.composite
def _config(draw, entries: list[tuple[str, str]], used: list[str]) -> str:
    """.env, JSON, YAML or CSV holding (field, value) entries, with other IDs beside them sometimes."""
    named = [(draw(st.sampled_from(CODE_NAMES[f])) if f in CODE_NAMES else f, v) for f, v in entries]
    if _sometimes(draw):
        used.append("decoy")
        decoy = (draw(st.sampled_from(DECOY_NAMES)), guid(draw(st.integers(10**6 + 1, 2 * 10**6))))
        named.insert(draw(st.integers(0, len(named))), decoy)
    form = draw(st.sampled_from(("env", "json", "yaml", "csv")))
    used.append(form)
    if form == "env":
        quote = draw(st.sampled_from(("", '"', "'")))
        export = draw(st.sampled_from(("", "export ")))
        lines = [f"{export}{name}={quote}{value}{quote}" for name, value in named]
        if draw(st.booleans()):
            used.append("env-comment")
            lines = [
                line + draw(st.sampled_from(("  # prod", " # from the Wix dashboard", "  # don't commit!")))
                for line in lines
            ]
        return "\n".join(lines)
    if form == "json":
        if draw(st.booleans()):
            return "{" + ", ".join(f'"{name}": "{value}"' for name, value in named) + "}"
        if len(named) == 1 and draw(st.booleans()):
            return f'"{named[0][0]}": "{named[0][1]}",'  # one line copied out of a file
        return "{\n" + ",\n".join(f'  "{name}": "{value}"' for name, value in named) + "\n}"
    if form == "yaml":
        quote = draw(st.sampled_from(("", '"', "'")))
        lines = [f"{name}: {quote}{value}{quote}" for name, value in named]
        if draw(st.booleans()):
            lines = ["wix:"] + ["  " + line for line in lines]
        return "\n".join(lines)
    delimiter = draw(st.sampled_from((",", "\t", ";")))
    quote = draw(st.sampled_from(("", '"')))
    return (
        delimiter.join(name for name, _ in named)
        + "\n"
        + delimiter.join(f"{quote}{value}{quote}" for _, value in named)
    )


@st.composite
def pastes(draw) -> Paste:
    field = draw(st.sampled_from(PASTE_FIELDS))
    mode = draw(st.sampled_from(("single", "single", "single", "several", "two")))
    ligature = _sometimes(draw)
    values = draw(_values(field if ligature else None))
    value = values[field]
    used: list[str] = []
    lang = draw(st.sampled_from(list(LABELS)))  # English first: a failure shrinks to English when it can
    others = {f: draw(st.sampled_from((values[f], None))) for f in PASTE_FIELDS if f != field}
    ambiguous = False
    named: tuple[str, ...] = (value,)

    # Damage done to the value's own characters.
    token = value
    if _sometimes(draw) and mode == "single":
        noise = draw(st.sampled_from(("fullwidth", "zero-width", "soft-hyphen", "bidi")))
        used.append(noise)
        if noise == "fullwidth":
            token = _fullwidth(token)
        elif noise == "zero-width":
            token = _insert(draw, token, ZERO_WIDTH, 3)
        elif noise == "soft-hyphen":
            token = _insert(draw, token, ("\u00ad",), 2)  # a web page's hyphenation hint, copied with the text
        else:
            token = _insert(draw, token, BIDI_MARKS, 3)

    placed = [value] if field == "api_key" else []  # the keys put into the text
    if mode == "single":
        form = draw(
            st.sampled_from(
                ("plain", "label", "config", "csv-row", "terminal")
                + (("address",) if field == "site_id" else ("bearer",) if field == "api_key" else ())
            )
        )
        if form == "address":
            used.append("address")
            token = _address(draw, token)
            if draw(st.booleans()):
                used.append("angle-brackets")  # Slack and e-mail programs show links so
                token = "<" + token + ">"
        elif form == "bearer":
            used.append("bearer")
            token = draw(st.sampled_from(("Bearer ", "Authorization: Bearer ", "Authorization: "))) + token
        link_to = {
            "site_id": f"https://manage.wix.com/dashboard/{value}/home",
            "account_id": "https://manage.wix.com/account/api-keys",
        }.get(field)
        if form in ("plain", "label", "address"):
            token = _decorate(draw, token, used, link_to=link_to if form != "address" else None)
        if form == "label":
            used.append("label")
            text = _label(draw, field, lang, used) + token
        elif form == "config":
            text = draw(_config([(field, token)], used))
        elif form == "terminal":
            used.append("terminal")
            text = draw(st.sampled_from(TERMINAL)).format(name=draw(st.sampled_from(CODE_NAMES[field])), value=token)
        elif form == "csv-row":
            used.append("row")  # a spreadsheet row without its header
            delimiter = draw(st.sampled_from((",", "\t", ";")))
            if _sometimes(draw):
                used.append("spreadsheet-apostrophe")  # a cell forced to text, copied from the formula bar
                token = "'" + token
            cells = ["Blue Cafe", token, "2024-05-01", "owner@bluecafe.example", "EUR"]
            text = delimiter.join(cells[: draw(st.integers(2, 5))])
        else:
            text = token
    elif mode == "several":
        used.append("several-values")
        ordered = [f for f in draw(st.permutations(PASTE_FIELDS)) if f == field or draw(st.booleans())]
        if len(ordered) == 1:
            ordered.insert(draw(st.integers(0, 1)), draw(st.sampled_from([f for f in PASTE_FIELDS if f != field])))
        placed = [values["api_key"]] if "api_key" in ordered else []
        if draw(st.booleans()):
            text = draw(_config([(f, values[f]) for f in ordered], used))
        else:
            used.append("label")
            separator = draw(st.sampled_from(("\n", "\n\n", " ", ", ", " | ", "\t")))
            # A label on the line above its value only when each pair has lines of its own.
            text = separator.join(_label(draw, f, lang, used, above="\n" in separator) + values[f] for f in ordered)
        others = dict.fromkeys(others)
    else:
        used.append("two-values")
        seed = draw(st.integers(2 * 10**6 + 1, 3 * 10**6))
        second = make_key(values["account_id"], seed=seed) if field == "api_key" else guid(seed)
        named = (value, second)
        placed = list(named) if field == "api_key" else []
        # The key names its account: with the key in its field, two Account IDs are not ambiguous.
        if field == "account_id" and others["api_key"] is not None:
            used.append("key-decides")
        else:
            ambiguous = True
        tokens = list(named)
        if field == "site_id" and draw(st.booleans()):
            used.append("address")
            tokens = [_address(draw, t) for t in tokens]
        form = draw(st.sampled_from(("plain", "label", "config")))
        if form == "plain":
            text = draw(st.sampled_from(("\n", " ", ", ", " and ", "\n\n"))).join(tokens)
        elif form == "label":
            used.append("label")
            text = "\n".join(_label(draw, field, lang, used) + t for t in tokens)
        else:
            text = draw(_config([(field, t) for t in tokens], used))

    if _sometimes(draw):
        used.append("prose")
        if mode == "single" and form in ("plain", "address", "bearer"):
            before, after = draw(st.sampled_from(PROSE.get(lang, PROSE["en"])))
            before = before.format(label=draw(st.sampled_from(LABELS[lang][field])))
        else:
            before, after = draw(st.sampled_from((("Hi,\n\n", "\n\nThanks!"), ("Here it is:\n", "\n-- \nMaria"))))
        text = before + text + after
    if _sometimes(draw):
        wrapped = _wrap(text, 76, draw(st.sampled_from(("\n", "\r\n", " \n"))))  # e-mail's hard wrap
        if wrapped != text:
            used.append("wrap")
            text = wrapped
    outer = draw(
        st.sampled_from(("none", "none", "none", "fence", "bullet", "chat-quote", "spoiler", "code-span", "html"))
    )
    if outer == "html" and "wrap" in used:
        outer = "none"  # an HTML e-mail's source is wrapped in its own way
    if outer == "html":  # the source of a web page or an HTML e-mail: lines end with <br>, spaces may be &nbsp;
        text = "<p>" + text.replace("\n", "<br>\n") + "</p>"
        if " " in text and draw(st.booleans()):
            at = draw(st.sampled_from([i for i, c in enumerate(text) if c == " "]))
            text = text[:at] + "&nbsp;" + text[at + 1 :]
    elif outer == "fence":
        text = draw(st.sampled_from(("```\n", "```env\n", "```json\n"))) + text + "\n```"
    elif outer == "bullet":
        text = draw(st.sampled_from(("- ", "* ", "• "))) + text
    elif outer == "chat-quote":
        text = "\n".join("> " + line for line in text.split("\n"))
    elif outer == "spoiler":
        text = "||" + text + "||"
    elif outer == "code-span":
        text = "`" + text + "`"
    if outer != "none":
        used.append(outer)
    if _sometimes(draw) and text[:1] in "abcdef":
        used.append("auto-capital")  # a phone keyboard capitalises a message's first letter
        text = text[0].upper() + text[1:]
    if _sometimes(draw) and "\n" in text and "\r" not in text:
        used.append("crlf")  # Windows' line breaks, or the old Mac's
        text = text.replace("\n", draw(st.sampled_from(("\r\n", "\r"))))
    if _sometimes(draw) and " " in text:
        used.append("nbsp")
        spaces = [i for i, c in enumerate(text) if c == " "]
        at = draw(st.sampled_from(spaces))
        text = text[:at] + draw(st.sampled_from(("\u00a0", "\u202f"))) + text[at + 1 :]
    if _sometimes(draw):
        used.append("bidi")
        mark = draw(st.sampled_from(BIDI_MARKS))
        text = draw(st.sampled_from((mark + text, text + mark, "\u2066" + text + "\u2069", "\u202b" + text + "\u202c")))
    if _sometimes(draw):
        used.append("bom")
        text = "\ufeff" + text
    if ligature and _ligate(text) != text:
        used.append("ligature")
        text = _ligate(text)
    if _sometimes(draw) and _sometimes(draw) and "\r" not in text:  # an e-mail's source has no old Mac's breaks
        encoded = quopri.encodestring(text.encode("utf-8", "surrogatepass")).decode("ascii")
        if len(encoded) <= MAX_LENGTH:  # (a full-width key's source is longer than a field holds)
            used.append("quoted-printable")  # an e-mail's source as sent ("Show original")
            text = encoded
    if _sometimes(draw):
        used.append("trailing-newline")
        text += draw(st.sampled_from(("\n", "\r\n", " \n")))
    assert set(used) <= set(WRAPPERS), set(used) - set(WRAPPERS)
    keys = tuple(sorted({*placed, *([others["api_key"]] if others.get("api_key") else [])}))
    return Paste(field, text, value, tuple(sorted(set(used))), ambiguous, named, others, lang, keys)
