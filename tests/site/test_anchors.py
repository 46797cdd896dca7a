"""Anchors support can rely on: the committed contract and the catalogue, on the built site."""

from __future__ import annotations

import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from validator import CODES, ENTRIES

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = ROOT / "sitebuild" / "checks" / "published-anchors.txt"


def contract_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("# ")]


def ids_in(html: str) -> Counter:
    return Counter(re.findall(r'\sid="([^"]+)"', html))


def test_every_published_anchor_is_on_the_built_site(built_site):
    missing = []
    for line in contract_lines(CONTRACT.read_text(encoding="utf-8")):
        page, _, anchor = line.partition("#")
        html = (built_site / page / "index.html").read_text(encoding="utf-8")
        if ids_in(html)[anchor] != 1:
            missing.append(line)
    assert not missing


def test_the_contract_lists_every_catalogue_entry_and_the_guide_steps():
    listed = set(contract_lines(CONTRACT.read_text(encoding="utf-8")))
    assert {f"troubleshooting/#{e.anchor}" for e in ENTRIES} <= listed
    assert {
        "guide/#check-your-values",
        "guide/#create-api-key",
        "guide/#copy-account-id",
        "guide/#find-site-id",
        "guide/#enter-in-violet-connect",
    } <= listed


def test_every_catalogue_anchor_is_one_heading_on_the_troubleshooting_page(built_site):
    html = (built_site / "troubleshooting" / "index.html").read_text(encoding="utf-8")
    headings = re.findall(r'<h3 id="([^"]+)"', html)
    assert sorted(headings) == sorted(e.anchor for e in ENTRIES)
    assert all(ids_in(html)[e.anchor] == 1 for e in ENTRIES)


def test_every_finding_code_has_an_entry_with_a_short_lowercase_id():
    anchors = {e.anchor for e in ENTRIES}
    for code in CODES:
        assert code.anchor in anchors
        assert re.fullmatch(r"[a-z][a-z0-9-]{1,24}", code.anchor), code.anchor


def test_no_published_anchor_was_ever_dropped_from_the_contract():
    """Lines once committed stay: renaming keeps the old id (CONTRIBUTING.md)."""
    path = "sitebuild/checks/published-anchors.txt"
    log = subprocess.run(
        ["git", "log", "--format=%H", "--", path], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if log.returncode != 0:
        pytest.skip("not a git checkout")
    now = set(contract_lines(CONTRACT.read_text(encoding="utf-8")))
    for commit in log.stdout.split():
        old = subprocess.run(["git", "show", f"{commit}:{path}"], cwd=ROOT, capture_output=True, text=True, check=False)
        assert set(contract_lines(old.stdout)) <= now, f"a line committed in {commit[:10]} was removed"
