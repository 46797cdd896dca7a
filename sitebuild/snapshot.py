"""A Pyodide memory snapshot with the checker already imported, made at build time.

Booting Pyodide from it skips Python's start-up and the wheel's install and
import (about 0.4 s in Chromium instead of about 2 s). It is made in Node 20
with the very Pyodide build the site serves (a snapshot only fits the build
that made it; one made in Node loads in Chromium). The worker must fall back to
the plain boot when it fails to load. Pyodide's snapshot API is private
(``_makeSnapshot``/``makeMemorySnapshot``/``_loadSnapshot``): pin Pyodide.

Python's heap is in the snapshot but the file system is not, so every module
of the checker is imported before it is taken; the standard library is
mounted again from ``python_stdlib.zip`` at boot, so its lazy imports work.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

#: The worker fetches ``validator-<wheel sha256[:16]>-pyodide-<version>.snapshot`` beside ``pyodide.mjs``:
#: it knows both from the lock file and ``pyodide.mjs``, so a stale snapshot is never found, and the
#: name can be cached as immutable.
NAME = "validator-{sha}-pyodide-{version}.snapshot"

_MAKE = r"""
import { loadPyodide } from %(pyodide)s;
import crypto from "node:crypto";
import fs from "node:fs";
try {
  const pyodide = await loadPyodide({
    indexURL: %(index)s, lockFileURL: %(lock)s, _makeSnapshot: true,
  });
  // loadPackage() leaves JavaScript objects Python refers to, and a snapshot
  // then fails ("Unexpected hiwire entry"): install the locked wheel by hand,
  // with the sha256 the lock file gives, as loadPackage would check it.
  const lock = JSON.parse(fs.readFileSync(%(lock)s, "utf8"));
  const entry = lock.packages[%(package)s];
  const wheel = fs.readFileSync(%(index)s + entry.file_name);
  const digest = crypto.createHash("sha256").update(wheel).digest("hex");
  if (digest !== entry.sha256) throw new Error(`${entry.file_name}: sha256 ${digest} is not the locked ${entry.sha256}`);
  const sitePackages = pyodide.runPython("import sysconfig; sysconfig.get_path('purelib')");
  pyodide.unpackArchive(new Uint8Array(wheel), "wheel", { extractDir: sitePackages });
  // Import every module of the checker: the file system is not in the snapshot.
  pyodide.runPython(`
import importlib, json, pkgutil, validator
for module in pkgutil.walk_packages(validator.__path__, "validator."):
    if not module.name.endswith(".__main__"):
        importlib.import_module(module.name)
`);
  fs.writeFileSync(%(out)s, pyodide.makeMemorySnapshot());
} catch (error) {
  // Uncaught, Pyodide's errors end in a page of minified source.
  console.error("snapshot: " + String(error));
  process.exit(1);
}
"""


class SnapshotError(RuntimeError):
    """The snapshot could not be made; the site still works with the plain boot."""


def snapshot_name(runtime_dir: str | Path, *, package: str = "validator", node: str = "node") -> str:
    """The file name the worker will ask for, from the locked wheel's sha256 and Pyodide's version."""
    import json

    runtime = Path(runtime_dir).resolve()
    lock = json.loads((runtime / "pyodide-lock.json").read_text("utf-8"))
    sha = lock["packages"][package]["sha256"][:16]
    script = f"import {{ version }} from {json.dumps((runtime / 'pyodide.mjs').as_uri())}; console.log(version)"
    version = subprocess.run([node, "--input-type=module", "-e", script], capture_output=True, text=True,
                             timeout=60).stdout.strip()
    if not version:
        raise SnapshotError(f"cannot read Pyodide's version from {runtime / 'pyodide.mjs'}")
    return NAME.format(sha=sha, version=version)


def make_snapshot(runtime_dir: str | Path, *, package: str = "validator", out: str | Path | None = None,
                  node: str = "node", timeout: float = 120) -> Path:
    """Write the snapshot into ``runtime_dir`` (or to ``out``) and return its path.

    Into ``runtime_dir``, it is made only when its name (wheel and Pyodide)
    is new, and snapshots of other wheels are removed: about 5 s, once per
    change of ``validator/``.

    ``runtime_dir`` holds the staged ``pyodide.mjs`` and the site's own
    ``pyodide-lock.json`` listing the checker's wheel, which is installed with
    its locked sha256 checked, as the worker's ``loadPackage`` does.
    """
    import json

    runtime = Path(runtime_dir).resolve()
    if shutil.which(node) is None:
        raise SnapshotError(f"{node!r} not found: the snapshot is made with Node 20")
    if out:
        target = Path(out).resolve()
    else:
        target = runtime / snapshot_name(runtime, package=package, node=node)
        if target.is_file():
            return target
        for stale in runtime.glob(NAME.format(sha="*", version="*") + "*"):
            stale.unlink()
    tmp = target.with_name(target.name + ".tmp")
    script = _MAKE % {
        "pyodide": json.dumps((runtime / "pyodide.mjs").as_uri()),
        "index": json.dumps(str(runtime) + "/"),
        "lock": json.dumps(str(runtime / "pyodide-lock.json")),
        "package": json.dumps(package),
        "out": json.dumps(str(tmp)),
    }
    result = subprocess.run([node, "--input-type=module", "-e", script], capture_output=True, text=True,
                            timeout=timeout)
    if result.returncode != 0 or not tmp.is_file():
        tmp.unlink(missing_ok=True)
        raise SnapshotError(f"making the Pyodide snapshot failed:\n{_error(result.stderr)}")
    tmp.replace(target)
    return target


def _error(stderr: str) -> str:
    marker = stderr.find("snapshot: ")
    return stderr[marker:].strip()[:2000] if marker >= 0 else stderr.strip()[-500:]
