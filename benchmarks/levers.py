"""What each lever of the first verdict gives, measured apart from the guide page: sizes, and the worker booting alone.

``bench-worker/`` runs the site's own worker with no page around it, on the
site as built and on the variants of ``_site.VARIANTS`` (each served under
``/lever/<name>/``), so each lever's share of the first verdict shows.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks import page_speed
from benchmarks._site import RUNTIME, VARIANTS
from benchmarks._tables import Table, megabytes, ms

if TYPE_CHECKING:  # the command imports this module
    from benchmarks.__main__ import Bench


def runtime_sizes(site: Path) -> Table:
    """Each runtime file as built, raw and as each sibling the host may send; the yardstick's beside it."""
    table = Table(
        "Runtime files",
        ("file", "raw", "gzip -9", "Brotli"),
        intro="As the build stages them (`sitebuild/runtime/staging.py`), and Pyodide's npm package as the "
        "yardstick (`bench-baseline/`) loads it. A dash: no sibling, it would save under 10 %.",
    )
    sizes = json.loads((site / RUNTIME / "pyodide-lock.json").read_text("utf-8"))["checker"]["sizes"]
    for name, entry in sizes.items():
        table.add(f"`{name}`", megabytes(entry["raw"]), megabytes(entry.get("gz")), megabytes(entry.get("br")))
    npm = site / "bench-pyodide"
    for name in ("pyodide.asm.wasm", "python_stdlib.zip"):
        gz = npm / f"{name}.gz"
        table.add(
            f"yardstick: `{name}`",
            megabytes((npm / name).stat().st_size),
            megabytes(gz.stat().st_size if gz.is_file() else None),
            "–",
        )
    return table


def worker_boots(bench: Bench, runs: int) -> Table:
    """The worker alone: as built, then without each lever, on localhost and the 9 Mbit/s link."""
    table = Table(
        "Levers: the checker's worker alone (`bench-worker/`)",
        ("site", "link", "cold", "warm", "bytes before the verdict", "booted from"),
        intro=f"Median of {runs} cold visits (fresh profile) and the warm visit after each. "
        + "; ".join(f"`{name}`: {what}" for name, what in VARIANTS.items())
        + ".",
    )
    path = f"bench-worker/?site_id={bench.dashboard_url}"
    for variant in ("", *VARIANTS):
        for link in bench.links[:2]:
            mounted = page_speed.Link(link.name, link.base + (f"lever/{variant}/" if variant else ""), link.delivered)
            print(f"levers: worker, {variant or 'as built'}, {link.name} × {runs}…", flush=True)
            colds, warms = [], []
            for _ in range(runs):
                cold, warm = page_speed.cold_and_warm(bench.browser, bench.server, mounted, path)
                colds.append(cold)
                warms.append(warm)
            bench.note_failures(f"worker {variant or 'as built'}, {link.name}", colds + warms)
            table.add(
                f"`{variant}`" if variant else "as built",
                link.name,
                ms(page_speed.median([v.verdict_ms for v in colds])),
                ms(page_speed.median([v.verdict_ms for v in warms])),
                megabytes(page_speed.median([v.bytes_at_verdict for v in colds])),
                ", ".join(sorted({v.boot for v in colds if v.boot})) or "–",
            )
    return table
