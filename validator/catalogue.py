"""Every finding code and every troubleshooting entry, in one place.

The site build checks these anchors against ``docs/troubleshooting.md`` and
the committed contract in ``sitebuild/checks/published-anchors.txt``; the page and
the command line read them from here. An anchor, once published, never changes: when an
entry is renamed, its old anchor goes into ``former_anchors`` and stays on the
page as an alias.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypedDict

Field = Literal["api_key", "account_id", "site_id"]
Severity = Literal["error", "warning"]

FIELDS: tuple[Field, ...] = ("api_key", "account_id", "site_id")
FIELD_LABELS: dict[str, str] = {
    "api_key": "API Key",
    "account_id": "Account ID",
    "site_id": "Site ID",
}

#: Page that holds every entry, relative to the site root.
TROUBLESHOOTING_PAGE = "troubleshooting/"


@dataclass(frozen=True)
class Entry:
    """A troubleshooting entry: one heading on the troubleshooting page."""

    anchor: str
    title: str
    former_anchors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Code:
    """A finding code the checker can report."""

    code: str
    field: Field | Literal["any"]
    severity: Severity
    title: str
    anchor: str

    def to_dict(self) -> dict[str, str]:
        return {
            "code": self.code,
            "field": self.field,
            "severity": self.severity,
            "title": self.title,
            "anchor": self.anchor,
        }


def _code(code: str, field: Field | Literal["any"], severity: Severity, title: str) -> Code:
    # Each code has its own entry, under the same id.
    return Code(code, field, severity, title, anchor=code)


CODES: tuple[Code, ...] = (
    # Any field: copy/paste debris.
    _code("empty", "any", "error", "The field is empty"),
    _code("spaces", "any", "error", "Spaces or line breaks in the value"),
    _code("invisible-characters", "any", "error", "Invisible characters in the value"),
    _code("extra-punctuation", "any", "error", "Quotes, brackets or a full stop around the value"),
    _code("control-characters", "any", "error", "Control or text-direction characters in the value"),
    _code("too-long", "any", "error", "Far more text than the field can hold"),
    _code("look-alike-letters", "any", "error", "Letters from another alphabet"),
    # API Key.
    _code("key-bearer", "api_key", "error", "The key starts with “Bearer”"),
    _code("key-no-prefix", "api_key", "error", "The key is missing its IST. beginning"),
    _code("key-double-prefix", "api_key", "error", "The key starts with IST. twice"),
    _code("key-oauth-token", "api_key", "error", "An access token or cookie instead of an API key"),
    _code("key-truncated", "api_key", "error", "The key is cut short"),
    _code("key-segments", "api_key", "error", "The key has the wrong number of parts"),
    _code("key-undecodable", "api_key", "error", "Part of the key cannot be read"),
    _code("key-no-account", "api_key", "error", "The key names no account"),
    _code("key-unfamiliar", "api_key", "warning", "The key’s header is unfamiliar"),
    _code("key-is-id", "api_key", "error", "An ID in the API Key field"),
    _code("key-not-key", "api_key", "error", "Not a Wix API key"),
    # Account ID and Site ID alike.
    _code("id-format", "any", "error", "The ID is written in another format"),
    _code("id-malformed", "any", "error", "The ID is damaged"),
    # Account ID.
    _code("account-not-id", "account_id", "error", "The Account ID is not an ID"),
    _code("account-is-email", "account_id", "error", "An e-mail address in the Account ID field"),
    _code("account-is-key", "account_id", "error", "The API key in the Account ID field"),
    _code("account-mismatch", "account_id", "error", "The Account ID is not the key’s account"),
    # Site ID.
    _code("site-url", "site_id", "error", "A whole address in the Site ID field"),
    _code("site-url-no-id", "site_id", "error", "An address that holds no Site ID"),
    _code("site-is-name", "site_id", "error", "A site name or domain in the Site ID field"),
    _code("site-is-key", "site_id", "error", "The API key in the Site ID field"),
    _code("site-not-id", "site_id", "error", "The Site ID is not an ID"),
    _code("site-is-account", "site_id", "error", "The Account ID in the Site ID field"),
)

#: Entries with no finding code: what Wix or Violet Connect can answer.
_OTHER_ENTRIES: tuple[Entry, ...] = (
    Entry("credentials-invalid", "“The provided merchant credentials are invalid”"),
    Entry("permissions-missing", "A permission is missing from the key"),
    Entry("key-site-access", "The key may not reach this site"),
    Entry("no-wix-stores", "Wix Stores is not installed on the site"),
    Entry("key-lost", "You closed the key before copying it"),
    Entry("key-deleted", "The key was deleted"),
    Entry("product-unavailable", "A product shows as unavailable"),
    Entry("checker-unavailable", "The checker on this site does not start"),
)

ENTRIES: tuple[Entry, ...] = tuple(Entry(c.anchor, c.title) for c in CODES) + _OTHER_ENTRIES

_BY_CODE = {c.code: c for c in CODES}


def code_info(code: str) -> Code:
    """The catalogue row for ``code``; a KeyError names the unknown code."""
    try:
        return _BY_CODE[code]
    except KeyError:
        raise KeyError(f"unknown finding code {code!r}: add it to validator/catalogue.py") from None


class EntryData(TypedDict):
    """An entry in ``catalogue_dict()``."""

    anchor: str
    title: str
    former_anchors: list[str]


class CatalogueData(TypedDict):
    """``catalogue_dict()``: what the site build and the page read."""

    troubleshooting_page: str
    fields: dict[str, str]
    codes: list[dict[str, str]]
    entries: list[EntryData]


def catalogue_dict() -> CatalogueData:
    """The catalogue as plain data, for the site build and the page."""
    return {
        "troubleshooting_page": TROUBLESHOOTING_PAGE,
        "fields": dict(FIELD_LABELS),
        "codes": [c.to_dict() for c in CODES],
        "entries": [{"anchor": e.anchor, "title": e.title, "former_anchors": list(e.former_anchors)} for e in ENTRIES],
    }
