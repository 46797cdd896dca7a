"""``python -m benchmarks.paste_frames``: how long a megabyte paste freezes the checker's tab.

A real paste (the clipboard, then Ctrl+V) of about 5 MB into each checker
field on the built guide, with the checker ready, in headless Chromium. The
page records the gap between consecutive animation frames from the key press
until the too-long finding is shown and one more second has passed; the
longest gap is how long the merchant's tab did not respond. The same paste
into a bare <textarea> with no bound, on a page served beside it, is the
yardstick. Prints numbers; passes or fails nothing (the tests assert the
mechanism: the value is bounded and the finding shown).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from harness import API_KEY, CHECKER_PAGE, StaticServer, build_site, chromium

FIELDS = {"api_key": "API Key", "account_id": "Account ID", "site_id": "Site ID"}
PASTE_BYTES = 5_000_000

WATCH_FRAMES = """() => {
  window.__gaps = [];
  let last = performance.now();
  const tick = (now) => { window.__gaps.push(now - last); last = now; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
}"""
FILL_CLIPBOARD = "([line, size]) => navigator.clipboard.writeText(line.repeat(Math.ceil(size / line.length)))"
BARE_PAGE = "<!doctype html><title>bare</title><label>Bare <textarea id=bare></textarea></label>"


def _longest_gap(page, target, until) -> float:
    page.evaluate(FILL_CLIPBOARD, [API_KEY + "\n", PASTE_BYTES])
    target.focus()
    page.evaluate(WATCH_FRAMES)
    page.wait_for_timeout(300)
    page.keyboard.press("Control+V")
    until()
    page.wait_for_timeout(1000)
    return max(page.evaluate("window.__gaps"))


def measure(runs: int) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright

    results: dict[str, list[float]] = {name: [] for name in [*FIELDS, "bare textarea"]}
    with tempfile.TemporaryDirectory() as tmp, StaticServer(build_site(Path(tmp) / "site")) as server, \
            sync_playwright() as playwright:
        browser = chromium.launch(playwright)
        context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
        context.route("**/bare.html", lambda route: route.fulfill(content_type="text/html", body=BARE_PAGE))
        page = context.new_page()
        for _ in range(runs):
            for name, label in FIELDS.items():
                page.goto(server.url(CHECKER_PAGE))
                page.locator("[data-cc-progress]").wait_for(state="hidden", timeout=60_000)
                finding = page.locator(f"[data-cc-field={name}] a.cc-link[href$='#too-long']")
                results[name].append(_longest_gap(page, page.get_by_label(label, exact=True), finding.wait_for))
            page.goto(server.url("bare.html"))
            bare = page.locator("#bare")
            results["bare textarea"].append(_longest_gap(
                page, bare, lambda: page.wait_for_function("document.getElementById('bare').value.length > 4e6")))
        browser.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results = measure(args.runs)
    print(f"longest gap between frames after pasting {PASTE_BYTES / 1e6:.0f} MB ({args.runs} runs each)")
    print(f"{'field':<16} {'median':>9} {'worst':>9}")
    for name, gaps in results.items():
        print(f"{name:<16} {statistics.median(gaps):>7.0f} ms {max(gaps):>6.0f} ms")


if __name__ == "__main__":
    main()
