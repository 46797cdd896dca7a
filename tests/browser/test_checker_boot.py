"""How the checker's runtime boots on the merchant's link (checker-boot.js, checker-downloads.js,
checker-snapshot.js): what it fetches, once each, and the progress it reports in bytes. How fast it is, is the
benchmark's to say.

DevTools' network throttling covers the dedicated worker's fetches too, so a
throttled tab is a slow link for the whole checker.
"""

from __future__ import annotations

import json

import pytest

from harness import CHECKER_PAGE, SITE_ID
from harness.checker_page import WORKER_MESSAGES

pytestmark = pytest.mark.browser

#: Far below the link speed at which the snapshot's 3.4 MB are worth their start-up time.
SLOW_LINK = {"offline": False, "latency": 100, "downloadThroughput": 3e6 / 8, "uploadThroughput": 3e6 / 8}
FAST_LINK = {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
VERDICT = '[data-credential-checker] a[href*="#site-url"]'
#: What both ways of booting fetch (Pyodide's loader module is fetched by import, counted on arrival).
COMMON = ("pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")


def link(tab, conditions: dict) -> None:
    cdp = tab.context.new_cdp_session(tab.page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", conditions)


def messages(page, kind: str) -> list[dict]:
    return page.evaluate("(kind) => window.__worker.filter((m) => m.type === kind)", kind)


def wait_ready(page, timeout_ms: int = 120_000) -> dict:
    page.wait_for_function("() => window.__worker.some((m) => m.type === 'ready')", timeout=timeout_ms)
    return messages(page, "ready")[0]


def fetched(server, since: int, name: str) -> int:
    """How many times the server sent ``name`` (a runtime file) since request number ``since``."""
    return sum(1 for r in server.requests[since:] if r.path.endswith(f"/assets/runtime/{name}") and r.status == 200)


def on_the_wire(built_site, names) -> int:
    """What the lock file says ``names`` weigh as the server sends them (Brotli, when there is a sibling)."""
    sizes = json.loads((built_site / "assets/runtime/pyodide-lock.json").read_text("utf-8"))["checker"]["sizes"]
    return sum(sizes[name].get("br", sizes[name]["raw"]) for name in names)


def assert_progress_counts(page, total: int) -> None:
    progress = [(m["loaded"], m["total"]) for m in messages(page, "progress")]
    loaded = [done for done, _ in progress]
    assert loaded == sorted(loaded), "progress never goes back"
    assert progress[-1] == (total, total), "every byte expected arrives, and is counted"


def test_on_a_fast_link_it_boots_from_the_snapshot_and_counts_each_byte(open_tab, server, built_site):
    tab = open_tab(init_scripts=(WORKER_MESSAGES,))
    since = len(server.requests)
    tab.page.goto(server.url(CHECKER_PAGE))
    assert wait_ready(tab.page)["strategy"] == "snapshot"
    lock = json.loads((built_site / "assets/runtime/pyodide-lock.json").read_text("utf-8"))
    snapshot = lock["checker"]["snapshot"]["file_name"]
    assert [fetched(server, since, name) for name in (*COMMON, snapshot)] == [1, 1, 1, 1]
    # The checker is inside the snapshot: its wheel is never fetched.
    assert fetched(server, since, lock["packages"]["validator"]["file_name"]) == 0
    assert_progress_counts(tab.page, on_the_wire(built_site, (*COMMON, snapshot)))


def test_on_a_slow_link_it_pays_for_the_plain_boot_only_and_the_next_visit_boots_from_the_snapshot(
    open_tab, server, built_site
):
    tab = open_tab(init_scripts=(WORKER_MESSAGES,))
    page = tab.page
    lock = json.loads((built_site / "assets/runtime/pyodide-lock.json").read_text("utf-8"))
    wheel, snapshot = lock["packages"]["validator"]["file_name"], lock["checker"]["snapshot"]["file_name"]
    link(tab, SLOW_LINK)
    since = len(server.requests)
    page.goto(server.url(CHECKER_PAGE))
    page.get_by_label("Site ID", exact=True).fill(f"https://manage.wix.com/dashboard/{SITE_ID}/home", timeout=60_000)
    page.locator(VERDICT).first.wait_for(timeout=120_000)
    assert messages(page, "ready")[0]["strategy"] == "plain"
    assert fetched(server, since, snapshot) == 0, "no byte of the snapshot before the verdict"
    # Each file once: the snapshot, dropped, did not make the plain boot fetch anything again.
    assert [fetched(server, since, name) for name in (*COMMON, wheel)] == [1, 1, 1, 1]
    assert_progress_counts(page, on_the_wire(built_site, (*COMMON, wheel)))

    # After the first answer, the snapshot is fetched whole for the next visit.
    link(tab, FAST_LINK)
    with tab.context.expect_event("requestfinished", lambda r: r.url.endswith("/" + snapshot), timeout=60_000):
        pass
    link(tab, SLOW_LINK)
    again = len(server.requests)
    page.goto(server.url(CHECKER_PAGE))
    assert wait_ready(page)["strategy"] == "snapshot"
    assert fetched(server, again, snapshot) == 0, "the next visit takes it from the HTTP cache"


def test_a_snapshot_dropped_is_asked_for_again_when_the_wheel_cannot_come(open_tab, server):
    # Offline after a visit that booted from the snapshot, the service worker keeps the snapshot but not the
    # wheel; Firefox's busy worker thread read that cached snapshot slowly enough to drop it, and the plain
    # boot then failed on the wheel: the checker never started offline. Here the first request for the
    # snapshot fails and the wheel never comes.
    tab = open_tab(init_scripts=(WORKER_MESSAGES,))
    asked: list[str] = []

    def snapshot(route) -> None:
        asked.append(route.request.url)
        if len(asked) == 1:
            route.abort()
        else:
            route.continue_()

    tab.context.route("**/assets/runtime/*.snapshot", snapshot)
    tab.context.route("**/assets/runtime/validator-*.whl", lambda route: route.abort())
    tab.page.goto(server.url(CHECKER_PAGE))
    ready = wait_ready(tab.page)
    assert (ready["strategy"], ready["snapshot"], len(asked)) == ("snapshot", "served", 2)
