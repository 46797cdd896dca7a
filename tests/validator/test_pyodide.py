"""The same inputs give identical reports in real Pyodide (Python 3.14, under Node) and in CPython.

Pyodide boots from the standard library the site ships, cut to what the
build's trace saw the checker import (``sitebuild/runtime/stdlib.py``): an import
the cut zip lacks fails here, not in a merchant's browser.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from validator import page_report

from .cases import load_cases
from .in_pyodide import DOCS_URL, NPM_PYODIDE, as_sent, run_in_pyodide
from .strategies import field_text

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.pyodide,
    pytest.mark.skipif(
        not (NPM_PYODIDE / "pyodide.mjs").exists(),
        reason="node_modules/pyodide is missing (make test installs it)",
    ),
]

#: Inputs drawn by hypothesis, collected first so that one Pyodide boot checks them all.
BATCH: list[dict[str, str]] = []
#: Lone surrogates, a high one followed by a low one among them: hypothesis draws such text only now and then.
LONE_SURROGATES = {"api_key": "\ud83d\ude00", "account_id": "a\ud83d\ude00b", "site_id": "\ude00\ud83d"}


@settings(max_examples=400, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(field_text, field_text, field_text)
def _collect(api_key, account_id, site_id):
    BATCH.append({"api_key": api_key, "account_id": account_id, "site_id": site_id})


def test_pyodide_gives_identical_reports(tmp_path, shipped_stdlib):
    _collect()
    inputs = as_sent([case["values"] for case in load_cases()] + [LONE_SURROGATES] + BATCH)
    done = run_in_pyodide(inputs, tmp_path, "--stdlib", str(shipped_stdlib), "--docs-url", DOCS_URL)
    # A ModuleNotFoundError here: the checker imports, for some input, a module the build's trace did not
    # see. Add an input that reaches it to sitebuild/runtime/stdlib.py's TRACE_INPUTS.
    assert done.returncode == 0, done.stderr[-3000:]
    ran = json.loads((tmp_path / "outputs.json").read_text("utf-8"))
    assert ran["python"].startswith("3.14")
    assert len(ran["results"]) == len(inputs)
    for values, theirs in zip(inputs, ran["results"], strict=True):
        ours = list(page_report(values, DOCS_URL))
        assert theirs == ours, {k: v[:80] for k, v in values.items()}


def test_an_import_the_shipped_standard_library_lacks_fails_here(tmp_path, shipped_stdlib):
    # The checker with one more (lazy) import of a module nothing else uses.
    copy = tmp_path / "validator"
    shutil.copytree(ROOT / "validator", copy, ignore=shutil.ignore_patterns("__pycache__"))
    with (copy / "__init__.py").open("a", encoding="utf-8") as init:
        init.write(
            "\n_page_report_now = page_report\n\n\ndef page_report(*args, **kwargs):\n"
            "    import difflib  # noqa: F401\n    return _page_report_now(*args, **kwargs)\n"
        )
    inputs = [case["values"] for case in load_cases()][:3]
    cut = run_in_pyodide(inputs, tmp_path, "--stdlib", str(shipped_stdlib), "--validator", str(copy))
    assert cut.returncode != 0 and "No module named 'difflib'" in cut.stderr
    # Pyodide's whole standard library has it: only the cut is what failed.
    whole = run_in_pyodide(inputs, tmp_path, "--validator", str(copy))
    assert whole.returncode == 0, whole.stderr[-3000:]
