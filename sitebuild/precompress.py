"""Precompressed siblings (``x.gz``, level 9) of the built site's large text and WebAssembly files.

Static hosts that honour them (nginx ``gzip_static``, Caddy ``precompressed``,
Netlify/Cloudflare Pages compress on their own) then send Pyodide's 9.6 MB
``pyodide.asm.wasm`` as about 3.5 MB without compressing it per request.
Already-compressed formats (``.zip``, ``.whl``, images) are left alone.
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path

COMPRESSIBLE = frozenset({
    ".html", ".css", ".js", ".mjs", ".json", ".map", ".svg", ".xml", ".txt", ".wasm", ".py", ".snapshot", ".bin",
})
MIN_SIZE = 1024
# A sibling that saves less than this fraction is not worth a second file.
MIN_SAVING = 0.1


def precompress(site_dir: str | os.PathLike, *, min_size: int = MIN_SIZE,
                keep_existing: bool = False) -> dict[str, tuple[int, int]]:
    """Write ``.gz`` beside each compressible file of ``site_dir``; return ``{relpath: (raw, gzipped)}``.

    A sibling newer than its file is kept. With ``keep_existing`` every
    existing sibling is kept: for a freshly built site whose large files came
    with their siblings already made (MkDocs' copy does not keep times).

    Deterministic (no file name or time in the gzip header), so rebuilding
    the same site gives byte-identical siblings.
    """
    root = Path(site_dir)
    written: dict[str, tuple[int, int]] = {}
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.suffix not in COMPRESSIBLE:
            continue
        sibling = path.with_name(path.name + ".gz")
        size = path.stat().st_size
        if size < min_size:
            continue
        if sibling.is_file() and (keep_existing or sibling.stat().st_mtime_ns >= path.stat().st_mtime_ns):
            written[path.relative_to(root).as_posix()] = (size, sibling.stat().st_size)
            continue  # up to date: a rebuild that copied unchanged files costs nothing
        raw = path.read_bytes()
        packed = gzip.compress(raw, compresslevel=9, mtime=0)
        if len(packed) > len(raw) * (1 - MIN_SAVING):
            sibling.unlink(missing_ok=True)
            continue
        sibling.write_bytes(packed)
        written[path.relative_to(root).as_posix()] = (len(raw), len(packed))
    return written
