"""Running the build's Node scripts (``*.mjs`` beside this file) on a scratch copy of the runtime."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sitebuild.runtime._wheel import Wheel
from sitebuild.runtime.lockfile import lock_file

#: What the scripts (and the site) load from node_modules/pyodide as it is.
PYODIDE_CORE = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm")
#: How the checker's wheel is installed, shared by the page's worker and the scripts (``_pyodide.mjs``).
INSTALL_HELPER = Path(__file__).resolve().parents[2] / "overrides" / "assets" / "javascripts" / "checker-install.js"


@contextmanager
def scratch_runtime(npm: Path, wheel: Wheel, stdlib: bytes | None = None) -> Iterator[Path]:
    """A temporary runtime folder as the site stages it: Pyodide (linked), the wheel and its lock file.

    With ``stdlib``, that is its ``python_stdlib.zip``; without, Pyodide's own.
    The staged folder itself is never written by the scripts (``mkdocs serve``
    watches it).
    """
    with tempfile.TemporaryDirectory(prefix="sitebuild-runtime-") as tmp:
        folder = Path(tmp)
        for name in PYODIDE_CORE:
            (folder / name).symlink_to((npm / name).resolve())
        if stdlib is None:
            (folder / "python_stdlib.zip").symlink_to((npm / "python_stdlib.zip").resolve())
        else:
            (folder / "python_stdlib.zip").write_bytes(stdlib)
        (folder / wheel.file_name).write_bytes(wheel.data)
        npm_lock = json.loads((npm / "pyodide-lock.json").read_text("utf-8"))
        (folder / "pyodide-lock.json").write_bytes(lock_file(npm_lock, wheel))
        yield folder


def script(name: str) -> Path:
    return Path(__file__).with_name(name)


def run_script(name: str, *args: str | Path, node: str = "node", timeout: float = 300) -> str | None:
    """Runs ``name`` (an ``.mjs`` beside this file); None when it succeeded, else its short error."""
    if shutil.which(node) is None:
        return f"{node!r} not found: the build runs Pyodide in Node 20"
    done = subprocess.run(
        [node, str(script(name)), *map(str, args)], capture_output=True, text=True, timeout=timeout, check=False
    )
    return None if done.returncode == 0 else (done.stderr.strip()[-1500:] or f"exit status {done.returncode}")
