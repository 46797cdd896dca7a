"""Lighthouse 12.2.3 (npm, pinned) scores for pages of the served site, run against Debian's Chromium.

    python -m benchmarks.lighthouse [--runs N] [--preset mobile|desktop] [--installed] [PAGE ...]

On its own, it builds the site, serves it as ``make bench`` does and runs Lighthouse ``--runs`` times on each
page (every page by default), printing each run's performance score and total blocking time, and their
range: on two busy CPUs one run of the simulated mobile throttling says little about a page's TBT.

Lighthouse resets the browser's storage before it loads a page: a first visit. ``--installed`` measures the
page as a merchant's next visit gets it instead: a first visit in a profile of its own, stayed on until what it
leaves is there (the site's service worker active, on the checker's page the snapshot kept: ``page_speed.
wait_until_settled``), then Lighthouse in that profile with its storage kept.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from benchmarks import _site
from benchmarks._tables import Table, ms
from benchmarks.page_speed import median, wait_until_settled
from harness import PAGES, StaticServer, chromium

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
INSTALLED_TITLE = ", the service worker installed"


def run(url: str, *, preset: str = "desktop", profile: Path | None = None, timeout: float = 180) -> dict:
    """Scores (0-100) by category, total blocking time, bytes, and the failed audits' ids and titles. With
    ``profile`` (see ``install``), in that Chromium profile, its storage and cache kept.
    """
    with tempfile.TemporaryDirectory(prefix="bench-lh-") as tmp:
        out = Path(tmp) / "report.json"
        # Chrome takes the last --user-data-dir: chrome-launcher puts its own first.
        flags = [*chromium.LAUNCH_ARGS, *([f"--user-data-dir={profile}"] if profile else [])]
        cmd = [
            str(LIGHTHOUSE),
            url,
            "--output=json",
            f"--output-path={out}",
            "--quiet",
            f"--chrome-flags={' '.join(flags)}",
            f"--only-categories={','.join(CATEGORIES)}",
        ]
        if preset == "desktop":
            cmd.append("--preset=desktop")
        if profile:
            cmd.append("--disable-storage-reset")
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


def run_installed(playwright: chromium.Launcher, url: str, *, preset: str = "mobile") -> dict:
    """``run`` on a next visit: in a profile of its own, left as a first visit to ``url`` leaves it (``install``).
    The report has a "note" when that visit did not settle.
    """
    with tempfile.TemporaryDirectory(prefix="bench-lh-profile-") as profile:
        note = install(playwright, url, Path(profile))
        report = run(url, preset=preset, profile=Path(profile))
    return {**report, "note": note} if note else report


def install(playwright: chromium.Launcher, url: str, profile: Path) -> str:
    """Leaves in ``profile`` what a merchant's first visit to ``url`` leaves (``page_speed.wait_until_settled``):
    "", or a note when the site's service worker never became active.
    """
    context = chromium.launch_persistent(playwright, profile)
    try:
        page = context.new_page()
        page.goto(url)
        return wait_until_settled(page)
    finally:
        context.close()


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.lighthouse", description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", help="pages, as in harness.PAGES (default: all of them)")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page")
    parser.add_argument("--preset", choices=["mobile", "desktop"], default="mobile")
    parser.add_argument(
        "--installed", action="store_true", help="each page as a next visit gets it: the service worker installed"
    )
    args = parser.parse_args(argv)
    pages = args.pages or list(PAGES)
    unknown = sorted(set(pages) - set(PAGES))
    if unknown:
        parser.error(f"no such page: {', '.join(unknown)} (known: {', '.join(repr(p) for p in PAGES)})")
    table = Table(
        f"Lighthouse {args.preset}{INSTALLED_TITLE if args.installed else ''}, {args.runs} runs per page",
        ("page", "performance (each run)", "TBT (each run)", "TBT median"),
    )
    with tempfile.TemporaryDirectory(prefix="bench-lh-site-") as tmp:
        print("building the site…", flush=True)
        site, _note = _site.build(Path(tmp))
        with StaticServer(site) as server, sync_playwright() as playwright:
            for page in pages:
                url = server.url(page)
                reports = [
                    run_installed(playwright, url, preset=args.preset)
                    if args.installed
                    else run(url, preset=args.preset)
                    for _ in range(args.runs)
                ]
                for report in reports:
                    for said in ("note", "error"):
                        if said in report:
                            print(f"/{page}: {report[said]}", flush=True)
                done = [report for report in reports if "error" not in report]
                table.add(
                    f"`/{page}`",
                    ", ".join(str(report["scores"]["performance"]) for report in done) or "–",
                    ", ".join(ms(report["tbt_ms"]) for report in done) or "–",
                    ms(median(report["tbt_ms"] for report in done)),
                )
                print(f"/{page} done", flush=True)
    print("\n" + table.markdown())
    return 0


if __name__ == "__main__":
    sys.exit(main())
