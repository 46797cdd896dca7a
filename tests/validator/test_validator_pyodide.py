"""The same inputs give identical reports in real Pyodide (Python 3.14, under Node) and in CPython."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from validator import check
from validator_cases import load_cases
from validator_strategies import field_text

ROOT = Path(__file__).resolve().parents[2]
RUNNER = Path(__file__).with_name("pyodide_runner.mjs")

pytestmark = [
    pytest.mark.pyodide,
    pytest.mark.skipif(
        not (ROOT / "node_modules" / "pyodide" / "pyodide.mjs").exists(),
        reason="node_modules/pyodide is missing (make test installs it)",
    ),
]

#: Inputs drawn by hypothesis, collected first so that one Pyodide boot checks them all.
BATCH: list[dict[str, str]] = []


@settings(max_examples=400, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(field_text, field_text, field_text)
def _collect(api_key, account_id, site_id):
    BATCH.append({"api_key": api_key, "account_id": account_id, "site_id": site_id})


def run_in_pyodide(inputs: list[dict[str, str]], tmp_path: Path) -> dict:
    node = shutil.which("node")
    assert node, "node is needed to run Pyodide"
    source, target = tmp_path / "inputs.json", tmp_path / "outputs.json"
    source.write_text(json.dumps(inputs), "utf-8")
    done = subprocess.run(
        [node, str(RUNNER), "check", str(source), str(target)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return json.loads(target.read_text("utf-8"))


def test_pyodide_gives_identical_reports(tmp_path):
    _collect()
    inputs = [case["values"] for case in load_cases()] + BATCH
    ran = run_in_pyodide(inputs, tmp_path)
    assert ran["python"].startswith("3.14")
    assert len(ran["results"]) == len(inputs)
    for values, theirs in zip(inputs, ran["results"]):
        ours = check(**values).to_dict(reveal_key=True)
        assert theirs == ours, {k: v[:80] for k, v in values.items()}
