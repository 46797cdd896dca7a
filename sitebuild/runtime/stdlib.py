"""The standard library the site ships: only the modules the boot and the checker use.

Pyodide's ``python_stdlib.zip`` holds the whole standard library as sources
(2.5 MB compressed, about 600 files); the page uses about 140 of them. They
are found by running, in real Pyodide under Node (``stdlib_cut.mjs``),
what the page's worker runs: Pyodide's start-up, the wheel's install, and
the checker on :data:`TRACE_INPUTS`. Those modules are shipped compiled, so
the browser compiles nothing at start-up; the same run compiles the checker's
own modules, which the site ships in its wheel instead of their sources
(:func:`cut_and_compile`).

A module the checker imports only for some inputs (a lazy import) is in the
zip only if one of these inputs reaches it. The Pyodide parity test
(``tests/validator/test_pyodide.py``) runs every golden case and
hypothesis' inputs against this zip, so such a miss fails the tests, not a
merchant: then add an input here that reaches it.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from sitebuild.runtime import _cache, _node
from sitebuild.runtime._wheel import Wheel
from sitebuild.synthetic import make_key

_ACCOUNT = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"  # the pages' example Account ID
_SITE = "5f6e7d8c-9b0a-4c1d-8e2f-3a4b5c6d7e8f"  # and Site ID
_KEY = make_key(_ACCOUNT)


def _inputs() -> list[dict[str, str | None]]:
    correct: dict[str, str | None] = {"api_key": _KEY, "account_id": _ACCOUNT, "site_id": _SITE}
    # What copying does to a value, and what merchants paste instead (see validator/).
    damaged: dict[str, list[str | None]] = {
        "api_key": [
            "",
            None,
            f"Bearer {_KEY}",
            f" {_KEY}\n",
            f"{_KEY[:300]}\n{_KEY[300:]}",
            _KEY[:200],
            _KEY[4:],
            f"IST.{_KEY}",
            f'"{_KEY}"',
            _KEY.replace("e", "\u0435", 3),
            f"{_KEY[:50]}\u200b{_KEY[50:]}",
            "IST.not.a.key",
            "IST." + "A" * 40 + ".%%%." + "B" * 40,
            "JWS." + _KEY[4:],
            _ACCOUNT,
            "x" * 5000,
        ],
        "account_id": [
            "",
            None,
            _ACCOUNT.upper(),
            f" {_ACCOUNT} ",
            _ACCOUNT.replace("-", "\u2013"),
            _ACCOUNT.replace("-", ""),
            _ACCOUNT[:-1],
            _SITE,
            "shop@example.com",
            "\ud800" + _ACCOUNT,
            "{" + _ACCOUNT + "}",
            _ACCOUNT.replace("a", "\u0430"),
            "\x00\x1b" + _ACCOUNT,
            "x" * 5000,
        ],
        "site_id": [
            "",
            None,
            f"https://manage.wix.com/dashboard/{_SITE}/home",
            f"https://editor.wix.com/html/editor/web/renderer/edit/{_ACCOUNT}?metaSiteId={_SITE}",
            f"manage.wix.com/dashboard/{_SITE}",
            "https://my-shop.wixsite.com/store",
            "My Shop",
            _ACCOUNT,
            f"\u202e{_SITE}\u00a0",
            _SITE.replace("0", "\uff10"),
            "https://manage.wix.com/dashboard/",
            "x" * 5000,
        ],
    }
    inputs: list[dict[str, str | None]] = [correct, {"api_key": None, "account_id": None, "site_id": None}]
    for field, values in damaged.items():
        inputs += [{**correct, field: value} for value in values]
    return inputs


#: What the trace runs the checker on: every field correct, empty, untouched (None) and damaged.
TRACE_INPUTS = _inputs()


#: The checker's package: its compiled modules go to the wheel, not to the standard library.
CHECKER = "validator/"


class CutError(RuntimeError):
    """The standard library could not be traced; the message says why."""


@dataclass(frozen=True)
class Compiled:
    #: The cut standard library zip.
    stdlib: bytes
    #: The checker's modules compiled for this Pyodide's Python: ``{"validator/_check.pyc": bytes}``.
    checker: dict[str, bytes]


def cut(npm: Path, wheel: Wheel) -> bytes:
    """The cut zip for Pyodide from ``npm`` (node_modules/pyodide) and the checker's ``wheel`` (of sources)."""
    return cut_and_compile(npm, wheel).stdlib


def cut_and_compile(npm: Path, wheel: Wheel) -> Compiled:
    """The cut standard library and the checker's compiled modules, from one trace in Pyodide.

    Made once per distinct Pyodide, wheel and inputs (cached by content).
    """
    inputs = json.dumps(TRACE_INPUTS)
    parts: list[bytes | str] = [(npm / name).read_bytes() for name in (*_node.PYODIDE_CORE, "python_stdlib.zip")]
    parts += [wheel.data, inputs, *(_node.script(name).read_bytes() for name in ("stdlib_cut.mjs", "_pyodide.mjs"))]
    parts.append(_node.INSTALL_HELPER.read_bytes())

    def make() -> bytes:
        with _node.scratch_runtime(npm, wheel) as runtime:
            source, out = runtime / "inputs.json", runtime / "cut.zip"
            source.write_text(inputs, "utf-8")
            error = _node.run_script("stdlib_cut.mjs", runtime, runtime / "python_stdlib.zip", source, out)
            if error:
                raise CutError(f"tracing the standard library in Pyodide failed: {error}")
            return out.read_bytes()

    both = zipfile.ZipFile(io.BytesIO(_cache.cached("stdlib", parts, make)))
    stdlib = io.BytesIO()
    with zipfile.ZipFile(stdlib, "w", zipfile.ZIP_STORED) as out:
        for info in both.infolist():
            if not info.filename.startswith(CHECKER):
                out.writestr(info, both.read(info))
    checker = {name: both.read(name) for name in both.namelist() if name.startswith(CHECKER)}
    return Compiled(stdlib.getvalue(), checker)
