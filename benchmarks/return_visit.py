"""A merchant's return visit: its first verdict, against the plain page's cold one in the same run (Chromium).

    python -m benchmarks.return_visit [--runs N] [--link localhost] [--link slow] [--site DIR ...] [--trace]
    python -m benchmarks.return_visit --snapshots [--runs N] [--site DIR]

A return visit as a merchant makes it: a first visit in a fresh profile, stayed on until quiet and settled (the
site's service worker active, the snapshot kept expanded; the worker then stopped, as the browser stops an idle
one), then the checker page in a new tab of that profile. The return visit stays until the checker has warmed
the compiled runtime (checker-code-cache.js) and Chromium has kept it, and a later visit follows the same way.
Each round also loads the plain ``loadPyodide()`` page (bench-baseline/) cold in a fresh profile, on each link
(localhost, and ``slow``: harness.shaping's slowest link); with several built sites (``--site`` again: a change
and its base) the sites take turns within each round, so the machine's load falls on all alike. Prints each
visit, the medians, the ratio to the plain page cold and what the return visit fetched from the server besides
the pages. ``--trace``: each return visit's requests, by who answered them (the service worker, the link), and
when. ``--snapshots``: the older measure, return visits booting from the expanded snapshot against the served
one, in turns (localhost). Not part of ``make bench``; noisy on a busy machine, so read ratios.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, Request

from benchmarks import _site
from benchmarks.page_speed import (
    Browser,
    Link,
    Visit,
    median,
    stop_service_workers,
    visit,
    wait_until_settled,
)
from harness import CHECKER_PAGE, DASHBOARD_URL, StaticServer
from harness.checker_page import EXPANDED_KEPT, EXPANDED_SNAPSHOT_CACHE, wait_until_warmed
from harness.shaping import SLOW_LINKS, ShapedLink

PLAIN_PAGE = f"bench-baseline/?site_id={DASHBOARD_URL}"
FILL = ("Site ID", DASHBOARD_URL)
# The worker's ready message says where the snapshot came from, and how long the boot took (checker-contract.js).
READY = """
window.__ready = {};
window.Worker = class extends window.Worker {
  constructor(...args) {
    super(...args);
    this.addEventListener("message", (e) => {
      const { type, snapshot, strategy, bootMs, marks } = e.data || {};
      if (type === "ready") window.__ready = { from: snapshot || strategy, bootMs };
      if (marks) window.__ready.marks = marks;
    });
  }
};
"""
# The page's own timeline: when the service worker started and answered for the page, in ms from navigation start.
NAVIGATION = """() => {
  const [nav] = performance.getEntriesByType("navigation")
  return { origin: performance.timeOrigin, workerStart: nav.workerStart, fetchStart: nav.fetchStart,
           responseStart: nav.responseStart, responseEnd: nav.responseEnd, dcl: nav.domContentLoadedEventEnd }
}"""


class Trace:
    """Every request the context's pages, their workers and the service worker make, from ``start()`` on."""

    def __init__(self, context: BrowserContext) -> None:
        self.requests: list[Request] = []
        self.responses: dict[Request, tuple[int, bool]] = {}  # status, from the service worker
        self._on = False
        context.on("requestfinished", self._add)
        context.on("requestfailed", self._add)
        context.on("response", lambda r: self.responses.__setitem__(r.request, (r.status, r.from_service_worker)))

    def _add(self, request: Request) -> None:
        if self._on:
            self.requests.append(request)

    def start(self) -> None:
        self.requests, self._on = [], True

    def lines(self, origin: float, base: str, on_link: list[tuple[str, int, int]]) -> list[str]:
        """One line a request: its start and end in ms from navigation start (``origin``: epoch ms), who made
        it and who answered, its path; then what reached the server.
        """
        rows = []
        for request in self.requests:
            timing = request.timing
            status, by_worker = self.responses.get(request, ("-", False))
            made = "service worker" if request.service_worker else "page/worker"
            answered = "failed" if request.failure else "service worker" if by_worker else "net"
            end = timing["startTime"] + timing["responseEnd"] - origin if timing["responseEnd"] >= 0 else None
            path = request.url.removeprefix(base)
            rows.append((timing["startTime"] - origin, end, f"{made:>14} ← {answered:<14} {status} {path}"))
        out = [f"    {start:7.0f} → {_ms(end):>9}  {what}" for start, end, what in sorted(rows)]
        out.append(f"    on the link (server's log, in order): {len(on_link)} requests")
        out += [f"      {status} {size:>9} B  {path}" for path, status, size in on_link]
        return out


def return_visit(
    browser: Browser, server: StaticServer, link: Link, *, trace: bool
) -> tuple[Visit, Visit, Visit, dict[str, Any], list[str]]:
    """A first visit, settled, then the return visit in a new tab, then a later one: the three visits, the
    return's ready message, and with ``trace`` where its time went.
    """
    with browser.session(READY) as context:
        cold, page = visit(context, server, link, CHECKER_PAGE, fill=FILL, until_quiet=True, keep=True)
        missing = wait_until_settled(page)
        stop_service_workers(context, page)  # a merchant comes back later
        page.close()
        traced = Trace(context)
        traced.start()
        logged = len(server.requests)
        warm, page = visit(context, server, link, CHECKER_PAGE, fill=FILL, until_quiet=True, keep=True)
        ready = page.evaluate("window.__ready")
        navigation = page.evaluate(NAVIGATION)
        unwarmed = "" if wait_until_warmed(page) else "the compiled runtime not warmed"
        stop_service_workers(context, page)
        page.close()
        later, page = visit(context, server, link, CHECKER_PAGE, fill=FILL, until_quiet=True, keep=True)
        page.close()
        warm.note = (warm.note + (f" ({missing})" if missing else "") + (f" ({unwarmed})" if unwarmed else "")).strip()
        lines = []
        if trace:
            on_link = [(r.target, r.status, r.size) for r in server.requests[logged:]]
            timeline = ", ".join(f"{k} {v:.0f}" for k, v in navigation.items() if k != "origin")
            lines = [f"    page (ms from navigation start): {timeline}; checker's worker started {warm.worker_ms}"]
            lines += traced.lines(navigation["origin"], link.base, on_link)
            # A site whose worker posts its steps' times (epoch ms) with its answers, as a probe's copy does.
            marks = ready.get("marks") or []
            lines += [f"    worker step {at - navigation['origin']:7.0f} ms  {step}" for step, at in marks]
    return cold, warm, later, ready, lines


def plain_cold(browser: Browser, server: StaticServer, link: Link) -> Visit:
    with browser.session() as context:
        return visit(context, server, link, PLAIN_PAGE)


def merchant(args: argparse.Namespace, sites: list[Path]) -> None:
    mounts = {f"/{i}/": site for i, site in enumerate(sites)}
    browser = Browser()
    results: dict[tuple[str, int], dict[str, list[Visit]]] = {}
    try:
        with StaticServer(mounts) as server, ShapedLink(_port(server), SLOW_LINKS[-1]) as slow:
            local = Link("localhost", server.url(), lambda: sum(r.size for r in server.requests))
            shaped = Link(SLOW_LINKS[-1].label, slow.url, lambda: slow.delivered)
            links = [link for name, link in (("localhost", local), ("slow", shaped)) if name in args.link]
            for round_ in range(args.runs):
                for link in links:
                    for i, site in enumerate(sites):
                        mounted = Link(link.name, f"{link.base}{i}/", link.delivered)
                        plain = plain_cold(browser, server, mounted)
                        cold, warm, later, ready, lines = return_visit(
                            browser, server, mounted, trace=args.trace and round_ == 0
                        )
                        got = results.setdefault((link.name, i), {"plain": [], "cold": [], "return": [], "later": []})
                        got["plain"].append(plain)
                        got["cold"].append(cold)
                        got["return"].append(warm)
                        got["later"].append(later)
                        summary = _line(plain, cold, warm, later, ready)
                        print(f"round {round_ + 1}, {link.name}, {site}: {summary}", flush=True)
                        for line in lines:
                            print(line)
    finally:
        browser.close()
    print(f"\nmedians of {args.runs} rounds (Chromium, service workers allowed):")
    for (link_name, i), got in results.items():
        plain_ms, back_ms, later_ms = (median(v.verdict_ms for v in got[k]) for k in ("plain", "return", "later"))
        ratio = f"{back_ms / plain_ms:.3f}×" if plain_ms and back_ms else "–"
        later_ratio = f"{later_ms / plain_ms:.3f}×" if plain_ms and later_ms else "–"
        beyond = sorted({p for v in got["return"] for p in v.beyond_pages})
        print(
            f"  {link_name}, {sites[i]}: plain page cold {_ms(plain_ms)}, return visit {_ms(back_ms)}: {ratio}, "
            f"a later one {_ms(later_ms)}: {later_ratio}; "
            f"checker cold {_ms(median(v.verdict_ms for v in got['cold']))}; "
            f"bytes besides the pages' revalidation at most {max(v.bytes_beyond_pages for v in got['return'])} B"
            + (f" ({', '.join(beyond)})" if beyond else "")
        )


def _line(plain: Visit, cold: Visit, back: Visit, later: Visit, ready: dict[str, Any]) -> str:
    return (
        f"plain cold {_ms(plain.verdict_ms)}, checker cold {_ms(cold.verdict_ms)}, return {_ms(back.verdict_ms)}, "
        f"later {_ms(later.verdict_ms)} "
        f"(booted from {ready.get('from')}, boot {_ms(ready.get('bootMs'))}; {len(back.beyond_pages)} requests "
        f"besides pages, {back.bytes_beyond_pages} B) {plain.note} {cold.note} {back.note} {later.note}"
    ).rstrip()


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f} ms"


def _port(server: StaticServer) -> int:
    return int(server.origin.rsplit(":", 1)[1])


def _set_kept(context: BrowserContext, base: str, *, kept: bool, timeout_s: float = 60) -> None:
    """Until the expanded snapshot is kept (the previous visit writes it after its answer), or delete it."""
    page = context.new_page()
    page.goto(base + "404.html")
    try:
        if not kept:
            page.evaluate("(name) => caches.delete(name)", EXPANDED_SNAPSHOT_CACHE)
            return
        deadline = time.monotonic() + timeout_s
        while not page.evaluate(EXPANDED_KEPT, EXPANDED_SNAPSHOT_CACHE):
            if time.monotonic() > deadline:
                raise SystemExit("the expanded snapshot was never kept")
            time.sleep(0.25)
    finally:
        page.close()


def snapshot_kinds(runs: int, site: Path) -> None:
    """Return visits from the expanded snapshot and from the served one (deleted just before), in turns."""
    times: dict[str, list[float | None]] = {"expanded": [], "served": []}
    boots: dict[str, list[float | None]] = {"expanded": [], "served": []}
    browser = Browser()
    try:
        with StaticServer(site) as server, browser.session() as context:
            link = Link("localhost", server.url(), lambda: 0)
            context.add_init_script(READY)
            cold = visit(context, server, link, CHECKER_PAGE, fill=FILL, until_quiet=True)
            print(f"first visit: {cold.verdict_ms:.0f} ms ({cold.boot})")
            for run in range(runs):
                for kind in ("expanded", "served"):
                    _set_kept(context, server.url(), kept=kind == "expanded")
                    result, page = visit(context, server, link, CHECKER_PAGE, fill=FILL, keep=True)
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
    print(f"\nmedian first verdict on a return visit (localhost, Chromium, {runs} each):")
    print(f"  from the expanded snapshot (Cache Storage): {expanded:.0f} ms")
    print(f"  from the served snapshot (HTTP cache):      {served:.0f} ms")
    print(f"  ratio expanded/served: {expanded / served:.2f}")
    boot_expanded, boot_served = median(boots["expanded"]), median(boots["served"])
    if boot_expanded is not None and boot_served is not None:
        print(f"median worker's boot: expanded {boot_expanded:.0f} ms, served {boot_served:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="rounds")
    parser.add_argument("--site", type=Path, action="append", help="a built site, repeatable (default: build one)")
    parser.add_argument("--link", action="append", choices=["localhost", "slow"], help="repeatable (default: both)")
    parser.add_argument("--trace", action="store_true", help="where each return visit's time went (first round)")
    parser.add_argument("--snapshots", action="store_true", help="expanded against served snapshot (localhost)")
    args = parser.parse_args()
    plain = PLAIN_PAGE.partition("?")[0]
    for site in args.site or []:
        # Each round times the plain page too: without it, every round would wait for a verdict that never comes.
        if not (site / plain / "index.html").is_file():
            parser.error(
                f"--site {site}: no {plain} in it; give a site built for the benchmark "
                "(benchmarks._site.build(DIR) makes DIR/site), or leave --site out to build one"
            )
    build: Callable[[], Path] = lambda: _site.build(Path(tempfile.mkdtemp(prefix="return-visit-")))[0]  # noqa: E731
    sites = args.site or [build()]
    if args.snapshots:
        snapshot_kinds(args.runs, sites[0])
        return
    args.link = args.link or ["localhost", "slow"]
    merchant(args, sites)


if __name__ == "__main__":
    main()
