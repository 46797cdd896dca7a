"""A return visit's first verdict, with and without the expanded snapshot, in one run (localhost, Chromium).

    python -m benchmarks.return_visit [--runs N] [--site DIR]

One profile: a first visit (which keeps the expanded snapshot in Cache Storage), then return visits that
alternate between booting from it and booting from the served snapshot in the HTTP cache (the expanded one
deleted just before), each a new tab as a merchant's next visit. Prints each visit's way of booting and the
medians. Not part of ``make bench``; noisy on a busy machine, so read the ratio, not the milliseconds.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from playwright.sync_api import BrowserContext

from benchmarks import _site
from benchmarks.page_speed import Browser, Link, median, visit
from harness import CHECKER_PAGE, DASHBOARD_URL, StaticServer
from harness.checker_page import EXPANDED_SNAPSHOT_CACHE

# The worker's ready message says where the snapshot came from, and how long the boot took (checker-contract.js).
READY = """
window.__ready = {};
window.Worker = class extends window.Worker {
  constructor(...args) {
    super(...args);
    this.addEventListener("message", (e) => {
      const { type, snapshot, strategy, bootMs } = e.data || {};
      if (type === "ready") window.__ready = { from: snapshot || strategy, bootMs };
    });
  }
};
"""
KEPT = """async (name) => {
  const cache = await caches.open(name)
  for (const request of await cache.keys()) {
    if ((await (await cache.match(request)).arrayBuffer()).byteLength > 1e6) return true
  }
  return false
}"""


def _set_kept(context: BrowserContext, base: str, *, kept: bool, timeout_s: float = 60) -> None:
    """Until the expanded snapshot is kept (the previous visit writes it after its answer), or delete it."""
    page = context.new_page()
    page.goto(base + "404.html")
    try:
        if not kept:
            page.evaluate("(name) => caches.delete(name)", EXPANDED_SNAPSHOT_CACHE)
            return
        deadline = time.monotonic() + timeout_s
        while not page.evaluate(KEPT, EXPANDED_SNAPSHOT_CACHE):
            if time.monotonic() > deadline:
                raise SystemExit("the expanded snapshot was never kept")
            time.sleep(0.25)
    finally:
        page.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="return visits of each kind")
    parser.add_argument("--site", type=Path, help="a built site (default: build one)")
    args = parser.parse_args()
    site = args.site or _site.build(Path(tempfile.mkdtemp(prefix="return-visit-")))[0]
    fill = ("Site ID", DASHBOARD_URL)
    times: dict[str, list[float | None]] = {"expanded": [], "served": []}
    boots: dict[str, list[float | None]] = {"expanded": [], "served": []}
    browser = Browser()
    try:
        with StaticServer(site) as server, browser.session() as context:
            link = Link("localhost", server.url(), lambda: 0)
            context.add_init_script(READY)
            cold = visit(context, server, link, CHECKER_PAGE, fill=fill, until_quiet=True)
            print(f"first visit: {cold.verdict_ms:.0f} ms ({cold.boot})")
            for run in range(args.runs):
                for kind in ("expanded", "served"):
                    _set_kept(context, server.url(), kept=kind == "expanded")
                    result, page = visit(context, server, link, CHECKER_PAGE, fill=fill, keep=True)
                    ready = page.evaluate("window.__ready")
                    page.wait_for_timeout(3000)  # read, as a merchant does: the worker keeps the snapshot meanwhile
                    page.close()
                    if ready.get("from") != kind:
                        raise SystemExit(f"return visit {run + 1} booted from {ready.get('from')!r}, not {kind!r}")
                    times[kind].append(result.verdict_ms)
                    boots[kind].append(ready["bootMs"])
                    print(
                        f"return visit {run + 1}, {kind} snapshot: first verdict {result.verdict_ms:.0f} ms, "
                        f"worker's boot {ready['bootMs']:.0f} ms"
                    )
    finally:
        browser.close()
    expanded, served = median(times["expanded"]), median(times["served"])
    if expanded is None or served is None:
        raise SystemExit("no verdict")
    print(f"\nmedian first verdict on a return visit (localhost, Chromium, {args.runs} each):")
    print(f"  from the expanded snapshot (Cache Storage): {expanded:.0f} ms")
    print(f"  from the served snapshot (HTTP cache):      {served:.0f} ms")
    print(f"  ratio expanded/served: {expanded / served:.2f}")
    boot_expanded, boot_served = median(boots["expanded"]), median(boots["served"])
    if boot_expanded is not None and boot_served is not None:
        print(f"median worker's boot: expanded {boot_expanded:.0f} ms, served {boot_served:.0f} ms")


if __name__ == "__main__":
    main()
