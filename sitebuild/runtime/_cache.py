"""A content-addressed cache for the build's slow steps (traced standard library, snapshot, Brotli).

Each entry is named by the sha256 of everything it is made from, so a hit
is always right and nothing needs invalidating. It lives outside the staged
folder (``build/cache/`` of this repository, or ``$SITEBUILD_CACHE``), so
``make serve`` rebuilds, the test suite's temporary projects and ``make
build`` share it. Only the most recently used entries of each kind are kept.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from pathlib import Path

#: Entries of one kind kept on disk (the newest by use).
KEEP = 6


def directory() -> Path:
    return Path(os.environ.get("SITEBUILD_CACHE") or Path(__file__).resolve().parents[2] / "build" / "cache")


def key(*parts: bytes | str) -> str:
    """The sha256 of ``parts`` (each length-prefixed, so no two lists collide)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def cached(kind: str, parts: Iterable[bytes | str], make: Callable[[], bytes]) -> bytes:
    """``make()``'s bytes, made once per distinct ``parts``."""
    folder = directory()
    path = folder / f"{kind}-{key(kind, *parts)}"
    try:
        data = path.read_bytes()
        os.utime(path)  # recently used: kept by the pruning below
    except FileNotFoundError:
        pass
    else:
        return data
    data = make()
    folder.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    _prune(folder, kind)
    return data


def _prune(folder: Path, kind: str) -> None:
    entries = sorted(folder.glob(f"{kind}-*[0-9a-f]"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for stale in entries[KEEP:]:
        stale.unlink(missing_ok=True)
