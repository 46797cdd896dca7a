"""A Pyodide memory snapshot with the checker already imported, made at build time.

Booting Pyodide from it skips Python's start-up and the wheel's install and
import. It is made in Node 20 (``snapshot.mjs``) with the very Pyodide build
and standard library zip the site serves (a snapshot only fits the build that
made it, and refers to the zip's contents; one made in Node loads in
Chromium). The worker must fall back to the plain boot when it fails to
load. Pyodide's snapshot API is private (``_makeSnapshot``/
``makeMemorySnapshot``/``_loadSnapshot``): pin Pyodide.

Python's heap is in the snapshot but the file system is not, so every module
of the checker is imported (and the checker run once) before it is taken;
the standard library zip is mounted again at boot, for what is imported later.

The site serves it without its zero pages (:func:`sparse`): 11.7 MB of its
31.5 MB, so the browser decompresses, hashes and copies a third as much; the
worker puts the zeros back (``checker-snapshot.js``).
"""

from __future__ import annotations

import hashlib
import json
import struct
from pathlib import Path

from sitebuild.runtime import _cache, _node
from sitebuild.runtime._wheel import Wheel
from sitebuild.runtime.stdlib import TRACE_INPUTS

#: ``validator-<sha256 of the snapshot, 16 digits>-pyodide-<version>.snapshot``: a new name for every new
#: content, so hosts may cache it as immutable (the site's lock file names the current one).
NAME = "validator-{sha}-pyodide-{version}.snapshot"


class SnapshotError(RuntimeError):
    """The snapshot could not be made; the site still works with the plain boot."""


def file_name(data: bytes, version: str) -> str:
    return NAME.format(sha=hashlib.sha256(data).hexdigest()[:16], version=version)


#: Pages wholly zero are left out of the served snapshot.
PAGE = 4096
#: The served file's first bytes, then its layout's version (a 32-bit word): the worker refuses a file of
#: another kind or layout before hashing it. A change to the layout below takes a new FORMAT, read by the
#: worker (checker-contract.js: SNAPSHOT_MAGIC, SNAPSHOT_FORMAT) in the same change.
MAGIC = b"CKSP"
FORMAT = 1


def sparse(memory: bytes) -> bytes:
    """``memory`` without its zero pages, as the worker reads it back.

    ``MAGIC``, then little-endian 32-bit words: ``FORMAT``, the memory's size, the
    number of runs of non-zero pages, each run's (offset, length); then the runs'
    bytes in order.
    """
    runs: list[tuple[int, int]] = []
    zero = bytes(PAGE)
    for offset in range(0, len(memory), PAGE):
        if memory[offset : offset + PAGE] == zero[: len(memory) - offset]:
            continue
        end = min(offset + PAGE, len(memory))
        if runs and runs[-1][0] + runs[-1][1] == offset:
            runs[-1] = (runs[-1][0], end - runs[-1][0])
        else:
            runs.append((offset, end - offset))
    words = (FORMAT, len(memory), len(runs), *(n for run in runs for n in run))
    header = MAGIC + struct.pack(f"<{len(words)}I", *words)
    return header + b"".join(memory[offset : offset + length] for offset, length in runs)


def make_snapshot(npm: Path, wheel: Wheel, stdlib: bytes) -> bytes:
    """The snapshot's bytes for Pyodide from ``npm``, the checker's ``wheel`` and the ``stdlib`` zip the site serves.

    The wheel is installed as the site's lock file lists it, its sha256
    checked. Made once per distinct runtime (cached by content): making it boots Pyodide.
    """
    inputs = json.dumps(TRACE_INPUTS)
    parts: list[bytes | str] = [(npm / name).read_bytes() for name in _node.PYODIDE_CORE]
    parts += [
        stdlib,
        wheel.data,
        inputs,
        *(_node.script(name).read_bytes() for name in ("snapshot.mjs", "_pyodide.mjs")),
    ]
    parts.append(_node.INSTALL_HELPER.read_bytes())

    def make() -> bytes:
        with _node.scratch_runtime(npm, wheel, stdlib) as runtime:
            source, out = runtime / "inputs.json", runtime / "checker.snapshot"
            source.write_text(inputs, "utf-8")
            error = _node.run_script("snapshot.mjs", runtime, source, out)
            if error:
                raise SnapshotError(f"making the Pyodide snapshot failed: {error}")
            return out.read_bytes()

    return _cache.cached("snapshot", parts, make)
