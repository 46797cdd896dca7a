"""A return visit boots from the snapshot the first visit kept expanded in Cache Storage, in every engine
whose driver keeps Cache Storage: the worker says so, and the server is asked for neither the snapshot nor the
wheel.
"""

from __future__ import annotations

from harness import CHECKER_PAGE, DASHBOARD_URL
from harness.checker_page import WORKER_MESSAGES

from .engine_steps import BOOT_S, fill, wait_until_kept

SNAPSHOT = ".snapshot"
WHEEL = ".whl"
READY = "() => (window.__worker || []).find((m) => m.type === 'ready') || null"
VERDICT = "() => !!document.querySelector('[data-credential-checker] a[href*=\"#site-url\"]')"


def _visit(tab, server) -> dict:
    """Open the checker, paste a Site ID, wait for its finding; the worker's ready message."""
    tab.goto(server.url(CHECKER_PAGE))
    fill(tab, site_id=DASHBOARD_URL)
    tab.wait_for(VERDICT, timeout=3 * BOOT_S, message="the first verdict")
    return tab.evaluate(READY)


def test_a_return_visit_boots_from_the_expanded_snapshot(fresh_engine, server):
    proxy = fresh_engine.proxy
    tab = fresh_engine.new_tab(init_scripts=(WORKER_MESSAGES,))
    ready = _visit(tab, server)
    assert (ready["strategy"], ready["snapshot"]) == ("snapshot", "served")
    wait_until_kept(tab)
    since = len(proxy.seen)
    ready = _visit(tab, server)
    assert (ready["strategy"], ready["snapshot"]) == ("snapshot", "expanded")
    again = proxy.urls(since)
    assert any(url.endswith("/guide/") for url in again), "the return visit did not go through the proxy"
    assert not any(url.endswith(SNAPSHOT) for url in again), "the return visit asked for the snapshot"
    assert not any(url.endswith(WHEEL) for url in again), "the return visit booted without the snapshot"
