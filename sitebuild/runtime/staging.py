"""Stages the checker's runtime: Pyodide from node_modules, the standard library it uses, the checker's wheel
and snapshot.

Everything lands in ``<custom_dir>/assets/runtime/``; Material copies the
theme's custom_dir into the site, so the runtime is served from the site's own
origin next to the pages (no CDN, ever).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from sitebuild import log
from sitebuild.runtime import _node, _wheel, lockfile, precompress, snapshot, stdlib

if TYPE_CHECKING:  # MkDocs is imported only where it calls: Zensical runs this module without it
    from mkdocs.config.defaults import MkDocsConfig

#: Files of the npm package ``pyodide`` the worker needs as they are; its ``python_stdlib.zip`` is cut
#: to what the checker uses (``sitebuild.runtime.stdlib``).
PYODIDE_FILES = _node.PYODIDE_CORE
RUNTIME_SUBDIR = Path("assets") / "runtime"


class StageError(RuntimeError):
    """The runtime cannot be staged; the message says what to do."""


def stage(config: MkDocsConfig) -> None:
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
    missing = [
        name for name in (*PYODIDE_FILES, "python_stdlib.zip", "pyodide-lock.json") if not (npm / name).is_file()
    ]
    if missing:
        raise StageError(f"Pyodide is missing from {npm} ({', '.join(missing)}): run `make setup` (npm ci) first.")
    out = custom_dir / RUNTIME_SUBDIR
    out.mkdir(parents=True, exist_ok=True)
    staged: dict[str, bytes] = {name: (npm / name).read_bytes() for name in PYODIDE_FILES}

    wheel = _wheel.build(root / "validator")
    try:
        compiled = stdlib.cut_and_compile(npm, wheel)
        staged["python_stdlib.zip"] = compiled.stdlib
        wheel = _wheel.build(root / "validator", compiled.checker)
    except stdlib.CutError as error:
        log.warning("shipping Pyodide's whole standard library and the checker's sources: %s", error)
        staged["python_stdlib.zip"] = (npm / "python_stdlib.zip").read_bytes()
    staged[wheel.file_name] = wheel.data
    snapshot_file = None
    try:
        data = snapshot.sparse(snapshot.make_snapshot(npm, wheel, staged["python_stdlib.zip"]))
        version = json.loads((npm / "package.json").read_text("utf-8"))["version"]
        snapshot_file = (snapshot.file_name(data, version), data)
        staged[snapshot_file[0]] = data
    except snapshot.SnapshotError as error:
        log.warning("no Pyodide snapshot, the checker will boot plainly: %s", error)

    changed = [out / name for name, data in staged.items() if _write_if_changed(out / name, data)]
    for stale in (*out.glob(f"{_wheel.DIST_NAME}-*.whl*"), *out.glob(snapshot.NAME.format(sha="*", version="*") + "*")):
        if stale.name.rsplit(".", 1)[0] not in staged and stale.name not in staged:
            stale.unlink()
    # .br/.gz siblings for static hosts; made only for files that changed (and cached by content).
    sizes = precompress.precompress(out)
    npm_lock = json.loads((npm / "pyodide-lock.json").read_text("utf-8"))
    fetched = {name: sizes.get(name, {"raw": len(data)}) for name, data in staged.items() if name != "pyodide.mjs"}
    if _write_if_changed(
        out / "pyodide-lock.json", lockfile.lock_file(npm_lock, wheel, snapshot=snapshot_file, sizes=fetched)
    ):
        changed.append(out / "pyodide-lock.json")
        precompress.precompress(out)
    return changed


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
