"""The checker run in real Pyodide under Node (``harness``'s runner), for the tests that compare it with CPython."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import TypeVar

from harness import PYODIDE_RUNNER, ROOT

NPM_PYODIDE = ROOT / "node_modules" / "pyodide"
#: A guide's address under a sub-path, for the report's links.
DOCS_URL = "https://guide.example/wix/"
Inputs = TypeVar("Inputs", bound=list)


def as_sent(inputs: Inputs) -> Inputs:
    """The inputs as Python in Pyodide receives them through the runner's JSON, which joins a high surrogate
    followed by a low one into the one character they encode (so does a JavaScript string: a browser never hands
    the two over apart); lone surrogates stay lone. CPython checks these, so both check the same text.
    """
    return json.loads(json.dumps(inputs))


def run_in_pyodide(inputs: list[dict[str, str | None]], tmp_path: Path, *options: str) -> subprocess.CompletedProcess:
    node = shutil.which("node")
    assert node, "node is needed to run Pyodide"
    source = tmp_path / "inputs.json"
    source.write_text(json.dumps(inputs), "utf-8")
    return subprocess.run(
        [node, str(PYODIDE_RUNNER), "check", str(source), str(tmp_path / "outputs.json"), *options],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
