"""Site ID pasted as an address: take it from where Wix puts it, never "the first GUID".

A small parser of its own rather than ``urllib.parse``: that module's checks
differ between Python versions, and the answer must not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from validator._clean import INVISIBLE, SPACES, Cleaned, as_written, is_control
from validator._ids import ascii_lower, check_id, id_pattern
from validator._phrasing import join_words, quoted, show
from validator.facts import ID_SHAPE, SITE_WHERE

_SCHEME = re.compile(r"[a-z][a-z0-9+.-]{0,20}://", re.ASCII | re.IGNORECASE)
_DOMAIN = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62})(?:\.[a-z0-9-]{1,63})*\.[a-z]{2,24}\.?", re.ASCII)
#: Where an address starts: a scheme, or a Wix host written without one.
_ADDRESS_START = re.compile(
    r"[a-z][a-z0-9+.-]{0,20}://|(?<![/.a-z0-9-])(?:manage|www|editor)\.wix\.com/", re.ASCII | re.IGNORECASE
)
#: An address that runs to the end of its line.
_ADDRESS_TO_END = re.compile(f"(?:{_ADDRESS_START.pattern})" + r"[^\s\"'<>`|]*$", re.ASCII | re.IGNORECASE)
_ADDRESS_RUN = re.compile(r"[^\s\"'<>`|]+")
#: The widths e-mail programs cut lines at, a word longer than a line (a long address) too.
_MAIL_WIDTHS = frozenset({72, 76, 78, 80})
#: A line whose first word holds a whole ID, maybe after its name ("siteId=…").
_ID_START = re.compile(r"[^/?&]*?" + id_pattern(), re.ASCII | re.IGNORECASE)
_DASHBOARD_HOSTS = frozenset({"manage.wix.com", "www.wix.com", "wix.com"})
#: Percent-encoding (an address inside another, as a sign-in page passes it on) and HTML escapes.
_PERCENT = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
_ENTITY = re.compile(r"&(?:#([0-9]{1,7})|#[xX]([0-9A-Fa-f]{1,6})|(amp|quot|apos|lt|gt));")
_NAMED = {"amp": "&", "quot": '"', "apos": "'", "lt": "<", "gt": ">"}
#: How deep addresses are looked for inside other addresses (a redirect inside a redirect).
_NESTING = 3
_WORD = re.compile(r"\S+")
#: What ends a sentence or wraps an address in a message or markup, never its last character.
_WRAPPING = "\"'`<>()[]{},;.!?*_~|"


@dataclass
class SiteCheck:
    code: str
    message: str
    fix: str | None = None
    # Other addresses or words around the address: the spaces and punctuation between them are no mistake of their own.
    around: bool = False
    sites: tuple[str, ...] = ()  # the Site IDs of different sites' addresses, when only the merchant knows which


def join_cut_addresses(raw: str) -> str:
    """``raw`` as written (``as_written``), its addresses an e-mail cut over lines made whole again: a line of an
    e-mail's width (a format=flowed one with the space it broke at) that ends inside an address goes on, with no
    space, on the next line.

    A line's width is counted as pasted and as written: an e-mail program counts the invisible characters and
    ligatures it wraps (a soft hyphen, a PDF's "ﬀ") as it sees them, and they may be added after it wrapped.
    An address that ends in its path before a line starting with an ID is left alone: that ID may be another value;
    so is one before a line starting with another address (unless it ends in a query's "=", the inner address's).
    """
    text = as_written(raw)
    if "\n" not in text:
        return text
    lines = text.split("\n")
    pasted = raw.split("\n")
    if len(pasted) != len(lines):  # an HTML <br> became a line break: lines are counted as written only
        pasted = lines
    widths = [{len(a.removesuffix(" ")), len(b.removesuffix(" "))} for a, b in zip(lines, pasted, strict=True)]
    out = [lines[0]]
    for n, line in enumerate(lines[1:]):
        head, word = out[-1].removesuffix(" "), _ADDRESS_RUN.match(line)
        # The cut may fall anywhere in the address, its start too ("manage.wi" then "x.com/dashboard/…").
        found = _ADDRESS_TO_END.search(head + word[0]) if word and widths[n] & _MAIL_WIDTHS else None
        if (
            word
            and found is not None
            and found.start() < len(head)
            and ("?" in head[found.start() :] or _ID_START.match(word[0]) is None)
            and (head.endswith("=") or _ADDRESS_START.match(word[0]) is None)
        ):
            out[-1] = head + line
        else:
            out.append(line)
    return "\n".join(out)


def _is_wix(host: str) -> bool:
    return host == "wix.com" or host.endswith((".wix.com", ".editorx.com"))


def check_address(cleaned: Cleaned) -> SiteCheck | None:
    """A finding when the Site ID field holds an address or a domain; None otherwise.

    An address that arrives HTML-escaped (``&amp;``) or percent-encoded (inside
    a sign-in address's redirect) is decoded before it is read.
    """
    value = _unescape(cleaned.value)
    # With its spaces, where addresses and words part.
    spaced = _unescape(join_cut_addresses(cleaned.raw))
    several = _several_sites(spaced) or _among_words(spaced)
    if several is not None:
        return several
    found = _read(value, _NESTING)
    decoded = _percent_decode(value)
    if decoded != value and (found is None or found.fix is None):
        # The whole address was encoded, or the part that holds the Site ID.
        again = _read(decoded, _NESTING)
        if again is not None and (again.fix is not None or found is None):
            return again
    if found is None or found.fix is None:
        # Text that reading as written drops around the address (HTML tags: "<td>https://…</td>").
        return _among_words(spaced, cleaned.raw) or found
    return found


def _several_sites(value: str) -> SiteCheck | None:
    """Addresses of two or more different sites, one after the other: only the merchant knows which is meant."""
    starts = [m.start() for m in _ADDRESS_START.finditer(value)]
    if len(starts) < 2:
        return None
    sites: list[str] = []
    read = 0
    for begin, end in zip(starts, [*starts[1:], len(value)], strict=True):
        address = value[begin:end].strip().strip("\"'<>()[],;")
        found = _read(address, _NESTING)
        if found is None or found.fix is None:
            found = _read("".join(address.split()), _NESTING)  # cut by a line's wrap
        if found is not None and found.fix is not None:
            read += 1
            if found.fix not in sites:
                sites.append(found.fix)
    if len(sites) == 1 and read == len(starts):
        return SiteCheck(
            "site-url",
            f"This holds {_COUNT.get(read, str(read))} web addresses, {'both' if read == 2 else 'all'} of the same "
            "site. Your Site ID is the "
            f"ID in them: {sites[0]}. Paste only that.",
            sites[0],
            around=True,
        )
    if len(sites) < 2:
        return None
    return SiteCheck(
        "site-url",
        f"This holds {_COUNT.get(len(sites), str(len(sites)))} web addresses of different sites, whose Site IDs "
        f"are {join_words(sites)}. Only you know which store to connect: paste the Site ID of that one alone.",
        around=True,
        sites=tuple(sites),
    )


def _among_words(text: str, raw: str | None = None) -> SiteCheck | None:
    """The one address in a sentence or a list item ("Meine Website-ID lautet *https://…*"), read on its own;
    given the ``raw`` paste, the address in it among anything (as written, ``text`` lost what was around it).
    """
    starts = [m.start() for m in _ADDRESS_START.finditer(text)]
    if len(starts) != 1:
        return None
    word = _WORD.match(text, starts[0])
    if word is None:  # an address start is a word: the check tells the type checker so
        return None
    address = word[0].rstrip(_WRAPPING)
    before, after = text[: starts[0]], text[starts[0] + len(address) :]
    if raw is not None:
        at, end = raw.find(address[:16]), raw.rfind(address[-8:])
        if at < 0 or end < at:
            return None
        before, after = raw[:at], raw[end + 8 :]
    elif all(c in _WRAPPING or c.isspace() for c in before + after):
        return None  # only quotes, brackets or emphasis around it: the debris findings name them
    said = (before.strip() and f"{quoted(before)} before it", after.strip() and f"{quoted(after)} after it")
    where = " and ".join(w for w in said if w)
    found = _read(address, _NESTING, this=f"This holds a web address among other text ({where})")
    if found is None or found.fix is None:
        return None
    found.around = True
    return found


_COUNT = {2: "two", 3: "three", 4: "four", 5: "five"}


def _read(value: str, nesting: int, this: str = "This is a whole web address") -> SiteCheck | None:
    scheme = _SCHEME.match(value)
    rest = value[scheme.end() :] if scheme else value.lstrip("/")
    cut = min((i for i in (rest.find("/"), rest.find("?"), rest.find("#")) if i >= 0), default=len(rest))
    host = ascii_lower(rest[:cut].rpartition("@")[2].partition(":")[0]).rstrip(".")
    after = rest[cut:]
    if not scheme and "@" in rest[:cut]:
        return None  # an e-mail address
    if not _DOMAIN.fullmatch(host):
        return _address_part(value) if "/" in value else None
    if not scheme and not after.strip("/") and not _is_wix(host):
        kind = "the address of a Wix site" if host.endswith((".wixsite.com", ".wixstudio.com")) else "a domain name"
        return SiteCheck(
            "site-is-name",
            f"This is {kind} ({show(host)}), not the Site ID. The Site ID is an ID of {ID_SHAPE}. {SITE_WHERE}",
        )
    path, _, query = after.partition("#")[0].partition("?")
    segments = [s for s in path.split("/") if s]
    found, where = None, ""
    if host in _DASHBOARD_HOSTS and len(segments) >= 2 and ascii_lower(segments[0]) == "dashboard":
        found, where = segments[1], "the part after /dashboard/"
    elif (
        host in _DASHBOARD_HOSTS
        and len(segments) >= 3
        and [ascii_lower(s) for s in segments[:2]] == ["my-account", "sites"]
    ):
        found, where = segments[2], "the part after /my-account/sites/"
    elif _is_wix(host):
        for pair in query.split("&"):
            name, _, val = pair.partition("=")
            if ascii_lower(name) == "metasiteid" and val:
                found, where = val, "the value of metaSiteId"
                break
    if found is not None:
        as_id = check_id(Cleaned(found, found, list(range(len(found)))), "Site ID")
        if as_id.canonical:
            note = (
                " (The other ID in an editor address is the editor's document ID, not your Site ID.)"
                if where.startswith("the value") and "-" in path
                else ""
            )
            return SiteCheck(
                "site-url",
                f"{this}. Your Site ID is {where} in it: {as_id.canonical}. Paste only that.{note}",
                as_id.canonical,
            )
        return SiteCheck(
            "site-url",
            f"{this}, and {where} in it, {show(found)}, is not a complete Site ID. "
            f"Copy the address again, or: {SITE_WHERE}",
        )
    inner = _inner_address(query, after.partition("#")[2], nesting, this)
    if inner is not None:
        return inner
    if host.startswith("editor.") or host.endswith(".editorx.com"):
        why = (
            "This is an address of the Wix Editor without a metaSiteId part, so it holds no Site ID; the ID "
            "in its path is the editor's document ID, not your Site ID."
        )
    elif host == "manage.wix.com" and segments[:1] == ["account"]:
        why = "This is the address of a page of your Wix account, not of a site, so it holds no Site ID."
    elif _is_wix(host):
        why = "This Wix address holds no Site ID."
    else:
        why = "This is your site's public address: it holds no Site ID."
    return SiteCheck("site-url-no-id", f"{why} {SITE_WHERE}")


def _inner_address(query: str, fragment: str, nesting: int, this: str) -> SiteCheck | None:
    """The Site ID of a Wix address passed on inside this one (``?redirectUrl=https%3A%2F%2F…``)."""
    if nesting <= 0:
        return None
    for pair in [*query.split("&"), fragment]:
        candidate = pair.partition("=")[2] if "=" in pair else pair
        for _ in range(_NESTING):  # encoded once per redirect it went through
            if "%" not in candidate or _SCHEME.search(candidate):
                break
            candidate = _percent_decode(candidate)
        start = _SCHEME.search(candidate)
        if start is None:
            continue
        found = _read(candidate[start.start() :], nesting - 1)
        if found is not None and found.fix is not None:
            return SiteCheck(
                "site-url",
                f"{this} with a Wix dashboard or editor address inside it. "
                f"Your Site ID is in that inner address: {found.fix}. Paste only that.",
                found.fix,
            )
    return None


def _percent_decode(text: str) -> str:
    if "%" not in text:
        return text

    def one(m: re.Match[str]) -> str:
        try:
            decoded = bytes.fromhex(m[0].replace("%", "")).decode("utf-8")
        except UnicodeDecodeError:
            return m[0]
        return "".join(c if _shown_as_is(c) else "".join(f"%{b:02X}" for b in c.encode()) for c in decoded)

    return _PERCENT.sub(one, text)


def _shown_as_is(text: str) -> bool:
    # Decoding must not bring back what cleaning removed (spaces, invisible or control characters).
    return bool(text) and not any(c in SPACES or c in INVISIBLE or is_control(c) for c in text)


def _unescape(text: str) -> str:
    """``&amp;`` and its kin, as a page's source or an e-mail's HTML writes an address."""
    if "&" not in text:
        return text

    def one(m: re.Match[str]) -> str:
        if m[3]:
            return _NAMED[m[3]]
        code = int(m[1]) if m[1] else int(m[2], 16)
        ch = chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else ""
        return ch if _shown_as_is(ch) else m[0]

    return _ENTITY.sub(one, text)


def _address_part(value: str) -> SiteCheck | None:
    """Part of a dashboard address: "/dashboard/<id>/home", "<id>/home"."""
    segments = [s for s in value.partition("?")[0].split("/") if s]
    found = None
    for n, segment in enumerate(segments[:-1]):
        if ascii_lower(segment) in ("dashboard", "sites"):
            found = segments[n + 1]
            break
    if found is None and segments:
        found = segments[0]
    if found is None:
        return None
    as_id = check_id(Cleaned(found, found, list(range(len(found)))), "Site ID")
    if not as_id.canonical:
        return None
    return SiteCheck(
        "site-url",
        f"This is part of a web address. Your Site ID is the ID in it: {as_id.canonical}. Paste only that.",
        as_id.canonical,
    )


def looks_like_name(value: str) -> bool:
    """A site's name as the merchant typed it ("my-shop", "MyShop", a name in any script)."""
    return (
        len(value) <= 80
        and "@" not in value
        and "/" not in value
        and any(("a" <= c <= "z") or ("A" <= c <= "Z") or ord(c) >= 0xC0 for c in value)
    )
