"""The page, its worker and Python agree: the fields and labels of checker-contract.js and of the page's
snippet are the catalogue's, no other page module repeats them, and ``page_report`` is what the page shows.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from harness import ACCOUNT_ID, API_KEY, SITE_ID
from sitebuild.runtime import snapshot
from validator import FIELD_LABELS, FIELDS, check, page_report
from validator.catalogue import TROUBLESHOOTING_PAGE

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "overrides" / "assets" / "javascripts"
CONTRACT = SCRIPTS / "checker-contract.js"
#: Every failure kind the page can be told, as the worker and the view name them.
FAILURES = ["network", "integrity", "unsupported", "startup", "check"]


@pytest.fixture(scope="module")
def contract() -> dict[str, object]:
    """What checker-contract.js exports, as a JavaScript engine (Node) reads it."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is needed to read the JavaScript module")
    script = (
        "const source = require('fs').readFileSync(process.argv[1], 'utf8');"
        "import('data:text/javascript,' + encodeURIComponent(source))"
        ".then((module) => console.log(JSON.stringify(module)))"
    )
    done = subprocess.run([node, "-e", script, str(CONTRACT)], capture_output=True, text=True, timeout=60, check=True)
    exported: dict[str, object] = json.loads(done.stdout)
    return exported


def test_the_contract_names_the_catalogues_fields_and_labels(contract: dict[str, object]) -> None:
    assert contract["FIELDS"] == list(FIELDS)
    assert contract["FIELD_LABELS"] == FIELD_LABELS


def test_the_contract_names_every_failure_kind(contract: dict[str, object]) -> None:
    assert contract["FAILURES"] == FAILURES
    assert contract["BOOT_FAILURES"] == FAILURES[:-1]


def test_the_contract_names_the_builds_snapshot_header(contract: dict[str, object]) -> None:
    assert contract["SNAPSHOT_MAGIC"] == snapshot.MAGIC.decode("ascii")
    assert contract["SNAPSHOT_FORMAT"] == snapshot.FORMAT


def test_the_pages_labels_are_the_catalogues() -> None:
    snippet = (ROOT / "overrides" / "snippets" / "credential-checker.html").read_text("utf-8")
    fields = re.findall(r'data-cc-field="(\w+)">\s*<label[^>]*data-cc-label>([^<]*)</label>', snippet)
    assert fields == list(FIELD_LABELS.items())


@pytest.mark.parametrize("module", sorted(p.name for p in SCRIPTS.glob("checker*.js") if p != CONTRACT))
def test_no_other_page_module_repeats_the_contract(module: str) -> None:
    source = (SCRIPTS / module).read_text("utf-8")
    assert not re.search(r'\[\s*"api_key",\s*"account_id"', source), "import FIELDS from checker-contract.js"
    assert not re.search(r'\[\s*"network",\s*"integrity"', source), "import the failures from checker-contract.js"


def test_page_report_is_the_reports_json_text_and_page() -> None:
    values = {"api_key": " " + API_KEY, "account_id": ACCOUNT_ID, "site_id": None}
    report = check(**values)
    answer = page_report(values, "https://guide.example/sub/")
    assert answer == (
        report.to_json(reveal_key=True),
        report.to_text(docs_url="https://guide.example/sub/"),
        TROUBLESHOOTING_PAGE,
    )
    # "Use the corrected key" fills the field from the JSON: only there is the key whole.
    assert API_KEY in answer.json and API_KEY not in answer.text
    assert "https://guide.example/sub/" + TROUBLESHOOTING_PAGE in answer.text


def test_page_report_takes_untouched_fields_as_not_entered() -> None:
    answer = page_report({"api_key": None, "account_id": None, "site_id": SITE_ID}, "")
    shown = json.loads(answer.json)
    assert shown["fields"] == {"api_key": "untouched", "account_id": "untouched", "site_id": "ok"}
    assert shown["findings"] == []
