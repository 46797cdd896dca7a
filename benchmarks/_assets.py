"""What the benchmark needs from a built site: its Pyodide folder and the checker's wheel.

It uses what the site build staged, so the baseline loads the very same files
as the checker; only when a build staged none (the runtime work not landed
yet) does it copy Pyodide from node_modules and pack a wheel itself.
"""

from __future__ import annotations

import base64
import hashlib
import shutil
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYODIDE_NPM = ROOT / "node_modules" / "pyodide"
PYODIDE_CORE = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")


def find_pyodide(site: Path) -> Path:
    """The folder of the site holding ``pyodide.mjs`` (staged by the build, or copied here)."""
    staged = sorted(p.parent for p in site.rglob("pyodide.mjs") if "bench-" not in p.parts[-2])
    if staged:
        return staged[0]
    own = site / "bench-pyodide"
    own.mkdir(exist_ok=True)
    for name in PYODIDE_CORE:
        shutil.copy2(PYODIDE_NPM / name, own / name)
    return own


def find_wheel(site: Path) -> Path:
    """The checker's wheel the build staged (one holding ``validator/__init__.py``), or one packed here."""
    for wheel in sorted(site.rglob("*.whl")):
        with zipfile.ZipFile(wheel) as zf:
            if "validator/__init__.py" in zf.namelist():
                return wheel
    return pack_wheel(site / "bench-pyodide")


def pack_wheel(dest_dir: Path) -> Path:
    """A pure-Python wheel of ``validator/`` (what ``pip wheel`` would give, without setuptools' build)."""
    dest_dir.mkdir(parents=True, exist_ok=True)
    name, version = "validator", "1.0.0"
    dist_info = f"{name}-{version}.dist-info"
    files: dict[str, bytes] = {}
    for path in sorted((ROOT / "validator").rglob("*.py")):
        files[path.relative_to(ROOT).as_posix()] = path.read_bytes()
    files[f"{dist_info}/METADATA"] = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n".encode()
    files[f"{dist_info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: benchmarks\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    record = []
    for arcname, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append(f"{arcname},sha256={digest},{len(data)}")
    record.append(f"{dist_info}/RECORD,,")
    files[f"{dist_info}/RECORD"] = ("\n".join(record) + "\n").encode()
    wheel = dest_dir / f"{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as zf:
        for arcname, data in files.items():
            zf.writestr(zipfile.ZipInfo(arcname, (1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return wheel
