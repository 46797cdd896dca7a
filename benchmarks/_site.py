"""The site the benchmark measures: the real build, its yardstick, and the levers' variants.

- The site as ``make build`` makes it (``harness.build_site``).
- ``bench-pyodide/``: Pyodide's npm package as it is (the whole standard
  library, as sources), with ``.gz`` siblings only: the yardstick is served
  as it was before the Brotli and standard-library work, so its figures stay
  comparable across runs of this benchmark.
- ``bench-baseline/``, ``bench-worker/`` and ``bench-floor/`` from
  ``benchmarks/pages/``: the plain ``loadPyodide()`` page, the site's own
  worker with no page around it, and the floor (the site's own runtime files
  with ``loadPyodide()`` and one check, nothing else).
- Variants for the levers, each a copy of the site (hard links) served under
  ``/lever/<name>/``: see :data:`VARIANTS`.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from harness import ROOT, BuildError, build_site
from sitebuild.runtime import precompress

PAGES = Path(__file__).with_name("pages")
NPM_PYODIDE = ROOT / "node_modules" / "pyodide"
RUNTIME = Path("assets") / "runtime"
#: What each lever's variant takes away from the site as built.
VARIANTS = {
    "plain": "no snapshot: always the plain boot",
    "whole-stdlib": "no snapshot, and Pyodide's whole standard library (sources) instead of the cut one",
    "gzip": "no .br siblings (a host with gzip_static only)",
}


def build(dest: Path) -> tuple[Path, str]:
    """The site with the benchmark's pages in ``dest/site``; a note when only a non-strict build worked."""
    site = dest / "site"
    note = ""
    try:
        build_site(site)
    except BuildError:
        note = "the strict build failed; measured a non-strict build"
        try:
            build_site(site, strict=False)
        except BuildError as error:
            raise SystemExit(f"mkdocs build failed:\n{error.result.stderr[-2000:]}") from None
    baseline = site / "bench-pyodide"
    baseline.mkdir()
    for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"):
        shutil.copy2(NPM_PYODIDE / name, baseline / name)
    precompress.precompress(baseline, encodings=("gz",))
    for page in PAGES.iterdir():
        shutil.copytree(page, site / page.name)
    return site, note


def variants(site: Path, dest: Path) -> dict[str, Path]:
    """``{name: folder}``, one copy of ``site`` per lever (hard links: no file of the site is written)."""
    made = {}
    for name in VARIANTS:
        folder = dest / name
        shutil.copytree(site, folder, copy_function=os.link)
        runtime = folder / RUNTIME
        if name in ("plain", "whole-stdlib"):
            lock = json.loads((runtime / "pyodide-lock.json").read_text("utf-8"))
            del lock["checker"]["snapshot"]
            if name == "whole-stdlib":
                _replace(runtime / "python_stdlib.zip", (NPM_PYODIDE / "python_stdlib.zip").read_bytes())
                lock["checker"]["sizes"]["python_stdlib.zip"] = precompress.precompress_file(
                    runtime / "python_stdlib.zip"
                )
            _replace(runtime / "pyodide-lock.json", json.dumps(lock).encode())
        if name == "gzip":
            for sibling in folder.rglob("*.br"):
                sibling.unlink()
        made[name] = folder
    return made


def _replace(path: Path, data: bytes) -> None:
    # A new file, never a write through the hard link; its siblings described the old one.
    for stale in (path, path.with_name(path.name + ".br"), path.with_name(path.name + ".gz")):
        stale.unlink(missing_ok=True)
    path.write_bytes(data)
