"""Lighthouse 12.2.3 (npm, pinned) scores for pages of the served site, run against Debian's Chromium."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

from harness import chromium

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def run(url: str, *, preset: str = "desktop", timeout: float = 180) -> dict:
    """Scores (0-100) by category, total blocking time, bytes, and the failed audits' ids and titles."""
    with tempfile.TemporaryDirectory(prefix="bench-lh-") as tmp:
        out = Path(tmp) / "report.json"
        cmd = [
            str(LIGHTHOUSE),
            url,
            "--output=json",
            f"--output-path={out}",
            "--quiet",
            f"--chrome-flags={' '.join(chromium.LAUNCH_ARGS)}",
            f"--only-categories={','.join(CATEGORIES)}",
        ]
        if preset == "desktop":
            cmd.append("--preset=desktop")
        env = {**os.environ, "CHROME_PATH": chromium.executable()}
        result = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout, check=False)
        if result.returncode != 0 or not out.is_file():
            return {"error": (result.stderr or result.stdout).strip()[-400:]}
        report = json.loads(out.read_text("utf-8"))
    scores = {
        c: round(100 * report["categories"][c]["score"]) if report["categories"][c]["score"] is not None else None
        for c in CATEGORIES
    }
    audits = report["audits"]
    failed = {}
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = audits[ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                shown = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
                failed[ref["id"]] = f"{category}: {audit['title']}{shown}" + _where(audit)
    return {
        "scores": scores,
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
        "bytes": audits["total-byte-weight"]["numericValue"],
        "failed": failed,
    }


def _where(audit: dict) -> str:
    """What the owner needs to find it: the offending elements or links, briefly."""
    found = []
    for item in (audit.get("details") or {}).get("items", [])[:3]:
        node = item.get("node") or {}
        text = node.get("snippet") or item.get("href") or item.get("url") or item.get("text") or ""
        if item.get("text") and item.get("href"):
            text = f"{item['text']!r} → {item['href']}"
        if text:
            found.append(str(text)[:160])
    return (": " + "; ".join(found)) if found else ""
