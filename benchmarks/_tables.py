"""A results table (printed, and written into RESULTS.md) and how its figures are written."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Table:
    title: str
    header: tuple[str, ...]
    rows: list[tuple[str, ...]] = field(default_factory=list)
    intro: str = ""
    notes: list[str] = field(default_factory=list)

    def add(self, *cells: object) -> None:
        self.rows.append(tuple(str(cell) for cell in cells))

    def markdown(self) -> str:
        lines = [f"## {self.title}", ""]
        if self.intro:
            lines += [self.intro, ""]
        lines.append("| " + " | ".join(self.header) + " |")
        lines.append("| " + " | ".join("---" for _ in self.header) + " |")
        lines += ["| " + " | ".join(row) + " |" for row in self.rows]
        if self.notes:
            lines += ["", *(f"- {note}" for note in self.notes)]
        return "\n".join(lines)


def ms(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f} ms"


def megabytes(value: float | None) -> str:
    return "–" if value is None else f"{value / 1e6:.2f} MB" if value >= 100_000 else f"{value / 1e3:.1f} kB"


def ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or not b else a / b


def times(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}×"


def met(ok: bool | None) -> str:  # noqa: FBT001 - the value shown, not a flag
    return "–" if ok is None else ("yes" if ok else "**no**")
