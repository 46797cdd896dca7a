"""Findings and the report the checker returns."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TypedDict

from validator._redact import redact_key
from validator.catalogue import FIELD_LABELS, FIELDS, TROUBLESHOOTING_PAGE, Field, Severity, code_info
from validator.facts import ONLY_VIOLET_CONNECT_CHECKS


@dataclass(frozen=True)
class Finding:
    """One problem with one field."""

    field: Field
    code: str
    message: str
    suggestion: str | None = None

    def __post_init__(self) -> None:
        code_info(self.code)  # fail loudly on a code the catalogue lacks

    @property
    def severity(self) -> Severity:
        return code_info(self.code).severity

    @property
    def anchor(self) -> str:
        return code_info(self.code).anchor

    def to_dict(self, *, reveal_key: bool = False) -> dict[str, str | bool]:
        """Plain data. An API key suggestion is redacted unless ``reveal_key``.

        Only the in-browser checker reveals it, so that "use this value" can
        fill the field; nothing printed or copied ever holds the whole key.
        """
        out: dict[str, str | bool] = {
            "field": self.field,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "anchor": self.anchor,
        }
        if self.suggestion is not None:
            if self.field == "api_key" and not reveal_key:
                out["suggestion"] = redact_key(self.suggestion)
                out["suggestion_redacted"] = True
            else:
                out["suggestion"] = self.suggestion
        return out


class ReportData(TypedDict):
    """``Report.to_dict()``: what the page's worker sends and the command line prints as JSON."""

    ok: bool
    ready: bool
    summary: str
    fields: dict[str, str]
    findings: list[dict[str, str | bool]]


@dataclass(frozen=True)
class Report:
    """Every finding for the three values, and whether they are ready."""

    findings: tuple[Finding, ...] = field(default_factory=tuple)
    #: Fields not entered yet (``None`` given to ``check``): no finding, no verdict.
    untouched: tuple[Field, ...] = ()

    @property
    def ok(self) -> bool:
        """True when no finding is an error: nothing entered is wrong."""
        return not any(f.severity == "error" for f in self.findings)

    @property
    def ready(self) -> bool:
        """True when all three values are entered and none has an error: ready for Violet Connect."""
        return self.ok and not self.untouched

    def for_field(self, name: Field) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.field == name)

    def field_status(self, name: Field) -> str:
        """``ok``, ``warning`` or ``error`` for one field; ``untouched`` for one not entered yet."""
        if name in self.untouched:
            return "untouched"
        severities = {f.severity for f in self.for_field(name)}
        if "error" in severities:
            return "error"
        return "warning" if severities else "ok"

    @property
    def summary(self) -> str:
        """One sentence or two for people: ready and what that means, or what is left to do."""
        left = [FIELD_LABELS[n] for n in FIELDS if self.field_status(n) == "error"]
        if left:
            return "Not ready yet: fix " + _join(left) + "."
        warned = " Read the warnings first." if any(f.severity == "warning" for f in self.findings) else ""
        if len(self.untouched) == len(FIELDS):
            return "Paste the three values to check them."
        if self.untouched:
            entered = [FIELD_LABELS[n] for n in FIELDS if n not in self.untouched]
            missing = [FIELD_LABELS[n] for n in self.untouched]
            return f"No mistake found in {_join(entered)} so far. Still to paste: {_join(missing)}.{warned}"
        return (
            "Ready for Violet Connect: no copy mistake found. All three values have the form Wix gives them, "
            "and the key belongs to this Account ID. Only Violet Connect, asking Wix, can check "
            f"{ONLY_VIOLET_CONNECT_CHECKS}.{warned}"
        )

    def to_dict(self, *, reveal_key: bool = False) -> ReportData:
        return {
            "ok": self.ok,
            "ready": self.ready,
            "summary": self.summary,
            "fields": {n: self.field_status(n) for n in FIELDS},
            "findings": [f.to_dict(reveal_key=reveal_key) for f in self.findings],
        }

    def to_json(self, *, reveal_key: bool = False) -> str:
        return json.dumps(self.to_dict(reveal_key=reveal_key), ensure_ascii=False)

    def to_text(self, *, docs_url: str = "") -> str:
        """A report for people and support tickets; the key is never in it.

        ``docs_url`` is the guide's root address; links are relative without it.
        """
        page = docs_url.rstrip("/") + "/" + TROUBLESHOOTING_PAGE if docs_url else TROUBLESHOOTING_PAGE
        lines = [self.summary]
        for name in FIELDS:
            found = self.for_field(name)
            if name in self.untouched:
                lines.append(f"{FIELD_LABELS[name]}: not entered")
                continue
            if not found:
                lines.append(f"{FIELD_LABELS[name]}: OK")
                continue
            for f in found:
                lines.append(f"{FIELD_LABELS[name]}: {f.severity} [{f.code}] {f.message}")
                if f.suggestion is not None:
                    shown = redact_key(f.suggestion) if name == "api_key" else f.suggestion
                    lines.append(f"    suggested value: {shown}")
                lines.append(f"    see {page}#{f.anchor}")
        return "\n".join(lines)


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
