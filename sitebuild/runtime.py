"""Stages the checker's runtime: Pyodide from node_modules and the checker's wheel.

Everything lands in ``<custom_dir>/assets/runtime/``; Material copies the
theme's custom_dir into the site, so the runtime is served from the site's own
origin next to the pages (no CDN, ever).
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import os
import sys
from pathlib import Path

from sitebuild import _wheel, precompress, snapshot

#: Files of the npm package ``pyodide`` the worker needs, and nothing else.
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
#: The name the worker asks Pyodide for (``loadPackage("validator")``).
PACKAGE = "validator"
RUNTIME_SUBDIR = Path("assets") / "runtime"


class StageError(RuntimeError):
    """The runtime cannot be staged; the message says what to do."""


def register_mime_types() -> None:
    # Module workers and WebAssembly are refused when served with the wrong type;
    # `mkdocs serve` answers with whatever mimetypes.guess_type() says.
    mimetypes.add_type("text/javascript", ".mjs")
    mimetypes.add_type("text/javascript", ".js")
    mimetypes.add_type("application/wasm", ".wasm")
    mimetypes.add_type("application/json", ".json")
    mimetypes.add_type("application/zip", ".whl")


def serve_livereload_as_file(server):
    """MkDocs ``on_serve``: live reload that the page's CSP allows.

    The dev server injects its poller as an inline script, which the CSP
    (rightly) refuses; inject ``assets/javascripts/livereload.js`` instead.
    This replaces a private method of mkdocs 1.6.1, the last MkDocs 1.x.
    """
    from mkdocs.livereload import _timestamp

    src = server.mount_path + "assets/javascripts/livereload.js"

    def inject(content: bytes, epoch: int) -> bytes:
        tag = f'<script src="{src}" data-epoch="{epoch}" data-request-id="{_timestamp()}"></script>'.encode()
        end = content.rfind(b"</body>")
        end = len(content) if end < 0 else end
        return content[:end] + tag + content[end:]

    server._inject_js_into_html = inject
    return server


def stage(config) -> None:
    """MkDocs ``on_pre_build``: stage the runtime into the theme's custom_dir."""
    root = Path(config.config_file_path).resolve().parent
    custom_dir = Path(config.theme.custom_dir) if config.theme.custom_dir else root / "overrides"
    try:
        stage_into(root, custom_dir if custom_dir.is_absolute() else root / custom_dir)
    except StageError as error:
        # One clear line instead of a traceback: MkDocs stops the build.
        from mkdocs.exceptions import PluginError

        raise PluginError(str(error)) from None


def stage_into(root: Path, custom_dir: Path) -> list[Path]:
    """Write the runtime under ``custom_dir``; returns the files whose bytes changed."""
    npm = root / "node_modules" / "pyodide"
    missing = [name for name in (*PYODIDE_FILES, "pyodide-lock.json") if not (npm / name).is_file()]
    if missing:
        raise StageError(
            f"Pyodide is missing from {npm} ({', '.join(missing)}): run `make setup` (npm ci) first."
        )
    out = custom_dir / RUNTIME_SUBDIR
    out.mkdir(parents=True, exist_ok=True)
    changed: list[Path] = []

    for name in PYODIDE_FILES:
        if _write_if_changed(out / name, (npm / name).read_bytes()):
            changed.append(out / name)

    wheel = _wheel.build(root / "validator")
    if _write_if_changed(out / wheel.file_name, wheel.data):
        changed.append(out / wheel.file_name)
    for stale in out.glob(f"{_wheel.DIST_NAME}-*.whl"):
        if stale.name != wheel.file_name:
            stale.unlink()

    npm_lock = json.loads((npm / "pyodide-lock.json").read_text("utf-8"))
    version = json.loads((npm / "package.json").read_text("utf-8"))["version"]
    snapshot_path = out / snapshot.NAME.format(sha=hashlib.sha256(wheel.data).hexdigest()[:16], version=version)
    if not snapshot_path.is_file():
        # The snapshot is made from the staged wheel as the plain lock lists it
        # (about 5 s, only when the wheel or Pyodide changed).
        if _write_if_changed(out / "pyodide-lock.json", lock_file(npm_lock, wheel)):
            changed.append(out / "pyodide-lock.json")
        for stale in out.glob(snapshot.NAME.format(sha="*", version="*") + "*"):
            stale.unlink()
        try:
            changed.append(snapshot.make_snapshot(out, out=snapshot_path))
        except snapshot.SnapshotError as error:
            print(f"warning: no Pyodide snapshot, the checker will boot plainly: {error}", file=sys.stderr)
    lock = lock_file(npm_lock, wheel, snapshot_path if snapshot_path.is_file() else None)
    if _write_if_changed(out / "pyodide-lock.json", lock) and out / "pyodide-lock.json" not in changed:
        changed.append(out / "pyodide-lock.json")
    # .gz siblings for static hosts (gzip_static); redone only for files that changed.
    precompress.precompress(out)
    return changed


def lock_file(npm_lock: dict, wheel: _wheel.Wheel, snapshot_path: Path | None = None) -> bytes:
    """The site's own lock file: Pyodide's ``info``, and only the checker's wheel.

    Listed there, the wheel is fetched from the same folder and its sha256 is
    checked by Pyodide before it is installed. ``checker_snapshot`` (ignored by
    Pyodide) names the memory snapshot and its sha256, which the worker checks
    the same way before booting from it.
    """
    entry = {
        "name": PACKAGE,
        "version": wheel.version,
        "file_name": wheel.file_name,
        "install_dir": "site",
        "sha256": hashlib.sha256(wheel.data).hexdigest(),
        "package_type": "package",
        "imports": [PACKAGE],
        "depends": [],
        "unvendored_tests": False,
    }
    lock = {"info": npm_lock["info"], "packages": {PACKAGE: entry}}
    if snapshot_path is not None:
        lock["checker_snapshot"] = {
            "file_name": snapshot_path.name,
            "sha256": hashlib.sha256(snapshot_path.read_bytes()).hexdigest(),
        }
    return (json.dumps(lock, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _write_if_changed(path: Path, data: bytes) -> bool:
    # `mkdocs serve` watches overrides/: rewriting equal bytes would rebuild forever.
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return True

