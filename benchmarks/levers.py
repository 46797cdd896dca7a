"""Experiments on the levers of issue 5, with the bare worker page (``bench-worker/``).

Each lever is measured apart from the page's own code: the same module worker
booting Pyodide plainly or from a build-time memory snapshot, served with or
without precompressed siblings and with or without caching headers.
"""

from __future__ import annotations

import gzip
import importlib.util
from pathlib import Path

from benchmarks import page_speed


def sizes(site: Path, runtime: Path, snapshot: Path | None) -> dict[str, dict[str, int]]:
    """Raw, gzip -9 and (when the ``brotli`` module is there) brotli sizes of the large runtime files."""
    brotli = importlib.util.find_spec("brotli") and __import__("brotli")
    files = [p for p in sorted(runtime.iterdir()) if p.is_file() and p.suffix not in (".gz", ".br", ".tmp")]
    if snapshot is not None and snapshot not in files:
        files.append(snapshot)
    out = {}
    for path in files:
        raw = path.read_bytes()
        gz = path.with_name(path.name + ".gz")
        row = {"raw": len(raw), "gzip": gz.stat().st_size if gz.is_file() else len(gzip.compress(raw, 9, mtime=0))}
        if brotli and len(raw) > 100_000:
            row["brotli"] = len(brotli.compress(raw, quality=11 if len(raw) < 12_000_000 else 9))
        out[path.relative_to(site).as_posix()] = row
    return out


def boots(browser, server, base_url: str, runs: int) -> dict[str, dict[str, list]]:
    """First verdict, cold and warm, for the worker booting plainly and from the snapshot, on both profiles."""
    results: dict[str, dict[str, list]] = {}
    for profile_name, profile in page_speed.PROFILES.items():
        for boot in ("plain", "snapshot"):
            key = f"worker {boot}, {profile_name}"
            results[key] = {"cold": [], "warm": []}
            for _ in range(runs):
                cold, warm = page_speed.cold_and_warm(browser, server, f"{base_url}bench-worker/?boot={boot}",
                                                      profile=profile)
                results[key]["cold"].append(cold)
                results[key]["warm"].append(warm)
    return results
