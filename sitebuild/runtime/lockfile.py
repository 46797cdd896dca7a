"""The site's own ``pyodide-lock.json``: Pyodide's ``info``, the checker's wheel, and what the worker needs.

pyodide-lock's models would write it, but 0.1.2 (the last release for
Python 3.11) refuses Pyodide 314's lock (an unknown ``tool`` field) and 0.2
needs Python 3.12; so this small writer, whose result a test loads in real
Pyodide (``tests/browser/test_runtime_staging.py``).
"""

from __future__ import annotations

import hashlib
import json

from sitebuild.runtime._wheel import Wheel

#: The name the worker asks Pyodide for (``loadPackage("validator")``).
PACKAGE = "validator"


def lock_file(
    npm_lock: dict,
    wheel: Wheel,
    *,
    snapshot: tuple[str, bytes] | None = None,
    sizes: dict[str, dict[str, int]] | None = None,
) -> bytes:
    """The lock file's bytes (sorted keys: the same inputs give the same bytes).

    Listed here, the wheel is fetched from the same folder and its sha256 is
    checked by Pyodide before it is installed. ``checker`` (ignored by
    Pyodide) is for the worker (``checker-boot.js``): ``snapshot`` names the
    memory snapshot and its sha256, checked the same way before booting from
    it; ``sizes`` gives each runtime file's size raw and in its precompressed
    siblings, so the page can say how much of how much has arrived.
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
    lock: dict = {"info": npm_lock["info"], "packages": {PACKAGE: entry}}
    checker: dict = {}
    if snapshot is not None:
        name, data = snapshot
        checker["snapshot"] = {"file_name": name, "sha256": hashlib.sha256(data).hexdigest()}
    if sizes:
        checker["sizes"] = sizes
    if checker:
        lock["checker"] = checker
    return (json.dumps(lock, indent=1, sort_keys=True) + "\n").encode("utf-8")
