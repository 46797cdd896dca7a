"""The boot decides the same way in every engine: on a first visit over a slow link no engine asks for the
memory snapshot before the first verdict, and a later visit boots from the snapshot the first one fetched
after its verdict (kept expanded in Cache Storage, and in the HTTP cache) without asking the server for it.

The link is the benchmarks' (``harness/shaping.py``): one shared bandwidth
and a round-trip time, between the browser's recording proxy and nginx, so the
origin (and so the HTTP cache's keys) stays the server's. Each test starts a
browser of its own, so its cache starts empty.
"""

from __future__ import annotations

import time

from harness import CHECKER_PAGE, DASHBOARD_URL
from harness.shaping import Profile, ShapedLink

from .engine_steps import BOOT_S, fill, wait_until_kept

#: Far below the speed at which the snapshot's megabytes are worth their time, and quick enough for a test.
SLOW = Profile("slow", mbit=4, rtt_ms=150)
SNAPSHOT = ".snapshot"
WHEEL = ".whl"
VERDICT = "() => !!document.querySelector('[data-credential-checker] a[href*=\"#site-url\"]')"


def _visit(tab, server) -> float:
    """Open the checker, paste a Site ID, wait for its finding; when the verdict was seen."""
    tab.goto(server.url(CHECKER_PAGE))
    fill(tab, site_id=DASHBOARD_URL)
    tab.wait_for(VERDICT, timeout=3 * BOOT_S, message="the first verdict")
    return time.monotonic()


def test_a_slow_first_visit_asks_for_no_snapshot_before_the_verdict(fresh_engine, server):
    proxy = fresh_engine.proxy
    tab = fresh_engine.new_tab()
    with ShapedLink(server.port, SLOW) as link:
        proxy.via[server.port] = link.port
        verdict = _visit(tab, server)
    asked = [seen.url for seen in proxy.seen if seen.at < verdict]
    assert any(url.endswith("/pyodide.asm.wasm") for url in asked), "the visit did not go through the proxy"
    assert not any(url.endswith(SNAPSHOT) for url in asked), "the snapshot was asked for before the verdict"


def test_the_next_visit_boots_from_the_snapshot_the_first_one_kept(fresh_engine, server):
    proxy = fresh_engine.proxy
    tab = fresh_engine.new_tab()
    _visit(tab, server)
    wait_until_kept(tab)
    assert any(seen.url.endswith(SNAPSHOT) for seen in proxy.finished), "the snapshot kept was never fetched"
    with ShapedLink(server.port, SLOW) as link:
        proxy.via[server.port] = link.port
        since = len(proxy.seen)
        _visit(tab, server)
    again = proxy.urls(since)
    assert any(url.endswith("/guide/") for url in again), "the next visit did not go through the proxy"
    assert not any(url.endswith(SNAPSHOT) for url in again), "the next visit asked the server for the snapshot"
    assert not any(url.endswith(WHEEL) for url in again), "the next visit booted without the snapshot"
