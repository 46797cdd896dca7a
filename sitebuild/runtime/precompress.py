"""Precompressed siblings (``x.br``, Brotli, and ``x.gz``, gzip -9) of the built site's large text and
WebAssembly files.

Static hosts that honour them (nginx ``brotli_static``/``gzip_static``, Caddy
``precompressed br gzip``) then send Pyodide's 9.6 MB ``pyodide.asm.wasm``
as 2.8 MB (Brotli) or 3.5 MB (gzip) without compressing per request.
Already-compressed formats (``.whl``, images) are left alone. zstd would
save less than Brotli here (see ``benchmarks/FINDINGS.md``) and fewer hosts
serve it, so it is not written.

Brotli at quality 11 takes about 40 s for the wasm on this kind of machine:
large files are compressed once per content (``sitebuild._cache``), two at
a time, so rebuilds cost nothing.
"""

from __future__ import annotations

import gzip
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import brotli

from sitebuild.runtime import _cache

COMPRESSIBLE = frozenset(
    {
        ".html",
        ".css",
        ".js",
        ".mjs",
        ".json",
        ".map",
        ".svg",
        ".xml",
        ".txt",
        ".wasm",
        ".py",
        ".snapshot",
        ".bin",
        ".zip",  # the standard library zip the build writes stores its modules uncompressed
    }
)
MIN_SIZE = 1024
# A sibling that saves less than this fraction is not worth a second file.
MIN_SAVING = 0.1
# Larger files are compressed through the cache (content-addressed), smaller ones each time.
CACHE_FROM = 256 * 1024
#: The memory snapshot changes with every edit of validator/, and Brotli's top quality on it takes
#: minutes: it gets quality 9, a little larger and many times faster to make.
QUICK = (".snapshot",)


def _gzip(raw: bytes) -> bytes:
    # No file name or time in the header: the same input gives the same bytes.
    return gzip.compress(raw, compresslevel=9, mtime=0)


def _brotli(raw: bytes) -> bytes:
    return brotli.compress(raw, quality=11, lgwin=24)


def _brotli_quick(raw: bytes) -> bytes:
    return brotli.compress(raw, quality=9, lgwin=24)


#: Suffix → (encoder, what the cache keys it by besides the content: change it with the encoder).
ENCODINGS = {"br": (_brotli, "brotli q11 lgwin 24"), "gz": (_gzip, "gzip 9, mtime 0")}


def precompress(
    site_dir: str | os.PathLike,
    *,
    min_size: int = MIN_SIZE,
    keep_existing: bool = False,
    encodings: tuple[str, ...] = tuple(ENCODINGS),
) -> dict[str, dict[str, int]]:
    """Write ``.br`` and ``.gz`` beside each compressible file of ``site_dir``.

    ``encodings``: which siblings, of ``ENCODINGS``' suffixes.
    Returns ``{relpath: {"raw": size, "br": size, "gz": size}}`` (an encoding
    missing when its sibling would not save enough). A sibling newer than its
    file is kept. With ``keep_existing`` every existing sibling is kept: for a
    freshly built site whose large files came with their siblings already made
    (MkDocs' copy does not keep times). Rebuilding the same site gives
    byte-identical siblings.
    """
    root = Path(site_dir)
    files = [
        p for p in sorted(root.rglob("*")) if p.is_file() and p.suffix in COMPRESSIBLE and p.stat().st_size >= min_size
    ]
    jobs = [(path, suffix) for path in files for suffix in encodings]
    with ThreadPoolExecutor(max_workers=2) as pool:
        sizes = list(pool.map(lambda job: _sibling(*job, keep_existing=keep_existing), jobs))
    written: dict[str, dict[str, int]] = {}
    for (path, suffix), size in zip(jobs, sizes, strict=True):
        entry = written.setdefault(path.relative_to(root).as_posix(), {"raw": path.stat().st_size})
        if size is not None:
            entry[suffix] = size
    return written


def precompress_file(path: Path, encodings: tuple[str, ...] = tuple(ENCODINGS)) -> dict[str, int]:
    """The siblings of one file, as :func:`precompress` writes them: ``{"raw": size, suffix: size, ...}``."""
    entry = {"raw": path.stat().st_size}
    for suffix in encodings:
        size = _sibling(path, suffix, keep_existing=False)
        if size is not None:
            entry[suffix] = size
    return entry


def _sibling(path: Path, suffix: str, *, keep_existing: bool) -> int | None:
    """Writes ``path.<suffix>`` if it is stale; its size, or None when not worth a sibling."""
    sibling = path.with_name(f"{path.name}.{suffix}")
    if sibling.is_file() and (keep_existing or sibling.stat().st_mtime_ns >= path.stat().st_mtime_ns):
        return sibling.stat().st_size  # up to date: a rebuild that copied unchanged files costs nothing
    raw = path.read_bytes()
    encode, settings = ENCODINGS[suffix]
    if suffix == "br" and path.suffix in QUICK:
        encode, settings = _brotli_quick, "brotli q9 lgwin 24"
    packed = _cache.cached(suffix, [raw, settings], lambda: encode(raw)) if len(raw) >= CACHE_FROM else encode(raw)
    if len(packed) > len(raw) * (1 - MIN_SAVING):
        sibling.unlink(missing_ok=True)
        return None
    sibling.write_bytes(packed)
    return len(packed)
