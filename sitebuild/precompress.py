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


def precompress(site_dir: str | os.PathLike, *, min_size: int = MIN_SIZE) -> dict[str, tuple[int, int]]:
    """Write ``.gz`` beside each compressible file of ``site_dir``; return ``{relpath: (raw, gzipped)}``.

    Deterministic (no file name or time in the gzip header), so rebuilding
    the same site gives byte-identical siblings.
    """
    root = Path(site_dir)
    written: dict[str, tuple[int, int]] = {}
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.suffix not in COMPRESSIBLE:
            continue
        raw = path.read_bytes()
        if len(raw) < min_size:
            continue
        packed = gzip.compress(raw, compresslevel=9, mtime=0)
        sibling = path.with_name(path.name + ".gz")
        if len(packed) > len(raw) * (1 - MIN_SAVING):
            sibling.unlink(missing_ok=True)
            continue
        sibling.write_bytes(packed)
        written[path.relative_to(root).as_posix()] = (len(raw), len(packed))
    return written
