"""The checker's pure-Python wheel, built deterministically with the standard library.

Same sources, same bytes: fixed timestamps and permissions, sorted entries, a
fixed compression level. So the sha256 in the site's lock file only changes
when the checker's code does, and a rebuild rewrites nothing.
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

DIST_NAME = "validator"
#: The earliest time a zip file can hold: no build time leaks into the bytes.
EPOCH = (1980, 1, 1, 0, 0, 0)
TAG = "py3-none-any"


@dataclass(frozen=True)
class Wheel:
    file_name: str
    version: str
    data: bytes


def build(package_dir: Path, compiled: dict[str, bytes] | None = None) -> Wheel:
    """A wheel holding exactly ``package_dir/*.py`` as the package ``validator``.

    With ``compiled`` (``{"validator/_check.pyc": bytes}``, one for each source: ``stdlib.cut_and_compile``),
    it holds those instead of the sources: what the site ships, so the browser compiles nothing.
    """
    version = _version(package_dir / "__init__.py")
    dist_info = f"{DIST_NAME}-{version}.dist-info"
    files: dict[str, bytes] = {
        f"{package_dir.name}/{path.name}": path.read_bytes() for path in sorted(package_dir.glob("*.py"))
    }
    if compiled is not None:
        if sorted(compiled) != [f"{name}c" for name in files]:
            raise ValueError(f"the compiled modules {sorted(compiled)} are not those of {package_dir}")
        files = dict(compiled)
    files[f"{dist_info}/METADATA"] = (
        "Metadata-Version: 2.1\n"
        f"Name: {DIST_NAME}\n"
        f"Version: {version}\n"
        "Summary: Checks the three Wix values a merchant pastes into Violet Connect.\n"
        "Requires-Python: >=3.11\n"
    ).encode()
    files[f"{dist_info}/WHEEL"] = (
        f"Wheel-Version: 1.0\nGenerator: sitebuild\nRoot-Is-Purelib: true\nTag: {TAG}\n"
    ).encode()
    files[f"{dist_info}/top_level.txt"] = f"{package_dir.name}\n".encode()
    record_name = f"{dist_info}/RECORD"
    record = "".join(f"{name},{_hash(data)},{len(data)}\n" for name, data in sorted(files.items()))
    files[record_name] = (record + f"{record_name},,\n").encode()

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        # RECORD last, as installers expect; everything else sorted.
        for name in sorted(files, key=lambda n: (n == record_name, n)):
            info = zipfile.ZipInfo(name, date_time=EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16
            info.create_system = 3  # unix, whatever machine builds it
            archive.writestr(info, files[name], compresslevel=9)
    return Wheel(f"{DIST_NAME}-{version}-{TAG}.whl", version, buffer.getvalue())


def _version(init: Path) -> str:
    # Read, not imported: the build must not run (or cache) the checker's code.
    found = re.search(r'^__version__\s*=\s*["\']([^"\']+)["\']', init.read_text("utf-8"), re.MULTILINE)
    if not found:
        raise RuntimeError(f"no __version__ in {init}")
    return found.group(1)


def _hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"sha256={digest}"
