"""A load that stalls shows the checklist for checking by hand, and Try again restarts it, in every engine.

The stall is real: the recording proxy holds the wasm's request (most of the
runtime's bytes) without answering, so no byte arrives for the page's
stall time (about 20 s of real time, the same in each engine). In a browser of
its own: another test's service worker would answer for the wasm from its cache.
"""

from __future__ import annotations

from harness import CHECKER_PAGE, DASHBOARD_URL
from harness.checker_page import expected_view

from .engine_steps import BOOT_S, fill, values, visible, wait_for_view

WASM = r"/assets/runtime/pyodide\.asm\.wasm$"
NOTICE = "[data-cc-notice]"
CHECKLIST = "[data-cc-checklist]"


def test_a_stalled_load_shows_the_checklist_and_try_again_works(fresh_engine, server):
    tab = fresh_engine.new_tab()
    proxy = fresh_engine.proxy
    hold = proxy.hold(WASM)
    try:
        tab.goto(server.url(CHECKER_PAGE))
        fill(tab, site_id=DASHBOARD_URL)
        tab.wait_for("() => true", timeout=1)
        assert not visible(tab, CHECKLIST), "a load that has not stalled yet shows no checklist"
        stall_s = (
            tab.evaluate(
                "async (url) => (await import(url)).STALL_MS", server.url("assets/javascripts/checker-runtime.js")
            )
            / 1000
        )
        tab.wait_for(
            "(selector) => /stalled/.test(document.querySelector(selector).textContent)",
            NOTICE,
            timeout=stall_s + 20,
            message="the stalled notice",
        )
        assert hold.held >= 1
        assert visible(tab, NOTICE) and visible(tab, CHECKLIST)
        assert values(tab)["site_id"] == DASHBOARD_URL
        workers = sum(url.endswith("/checker-worker.js") for url in tab.requests)
    finally:
        proxy.unhold(hold)
    tab.click("button", "Try again")
    wait_for_view(tab, expected_view({"site_id": DASHBOARD_URL}, server.url()), timeout=BOOT_S)
    assert not visible(tab, NOTICE), "the checker is ready: nothing to try again"
    assert visible(tab, CHECKLIST), "the checklist stays once shown"
    assert sum(url.endswith("/checker-worker.js") for url in tab.requests) > workers, "a new worker"
    assert not tab.errors
