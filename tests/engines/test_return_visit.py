"""A return visit boots from the snapshot the first visit kept expanded in Cache Storage, in every engine
whose driver keeps Cache Storage: the worker says so, and the server is asked for neither the snapshot nor the
wheel. Nothing typed is in what the origin keeps, in Firefox and WebKit as in Chromium
(tests/browser/test_return_visit.py).
"""

from __future__ import annotations

import json

from harness import CHECKER_PAGE, DASHBOARD_URL
from harness.checker_page import UNSEEN_VALUES, WORKER_MESSAGES, expected_view, typed_pieces_stored

from .engine_steps import BOOT_S, fill, wait_for_view, wait_until_kept

SNAPSHOT = ".snapshot"
WHEEL = ".whl"
READY = "() => (window.__worker || []).find((m) => m.type === 'ready') || null"
# The control: a typed Site ID in a cache and the key's signature in an IndexedDB store, each of its own.
KEEP_IN_CONTROL = """async ([value, piece]) => {
  await (await caches.open("control")).put("/control", new Response(value))
  const open = indexedDB.open("control")
  open.onupgradeneeded = () => open.result.createObjectStore("kept")
  const db = await new Promise((resolve) => (open.onsuccess = () => resolve(open.result)))
  await new Promise((resolve) => {
    const put = db.transaction("kept", "readwrite").objectStore("kept").put({ piece }, 1)
    put.onsuccess = resolve
  })
  db.close()
}"""
FORGET_CONTROL = """async () => {
  await caches.delete("control")
  await new Promise((resolve) => (indexedDB.deleteDatabase("control").onsuccess = resolve))
}"""
VERDICT = "() => !!document.querySelector('[data-credential-checker] a[href*=\"#site-url\"]')"


def _visit(tab, server, values: dict[str, str] | None = None) -> dict:
    """Open the checker, paste a Site ID (or fill ``values``), wait for the answer; the worker's ready message."""
    tab.goto(server.url(CHECKER_PAGE))
    if values is None:
        fill(tab, site_id=DASHBOARD_URL)
        tab.wait_for(VERDICT, timeout=3 * BOOT_S, message="the first verdict")
    else:
        fill(tab, **values)
        wait_for_view(tab, expected_view(values, server.url()), timeout=3 * BOOT_S)
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


def test_nothing_typed_reaches_cache_storage_or_indexeddb(fresh_non_chromium, server, built_site):
    """All three fields filled and answered on a first visit and on the return visit that boots from the kept
    snapshot: every Cache Storage entry and IndexedDB record of the origin is read in the engine itself.
    """
    lock = json.loads((built_site / "assets/runtime/pyodide-lock.json").read_text("utf-8"))
    served = (built_site / "assets/runtime" / lock["checker"]["snapshot"]["file_name"]).read_bytes()
    tab = fresh_non_chromium.new_tab(init_scripts=(WORKER_MESSAGES,))
    try:
        _visit(tab, server, UNSEEN_VALUES)
        wait_until_kept(tab)
        ready = _visit(tab, server, UNSEEN_VALUES)
        assert ready["snapshot"] == "expanded"
        found, entries = typed_pieces_stored(tab, UNSEEN_VALUES, served)
        assert entries >= 1, "nothing was read: the expanded snapshot should be there"
        assert found == []

        key = UNSEEN_VALUES["api_key"]
        tab.evaluate(KEEP_IN_CONTROL, [UNSEEN_VALUES["site_id"], key[key.rindex(".") + 1 :]])
        found, _ = typed_pieces_stored(tab, UNSEEN_VALUES, served)
        assert any(str(place).startswith("cache control ") for place in found), found
        assert any(isinstance(place, int) and place > key.rindex(".") for place in found), found
    finally:
        tab.evaluate(FORGET_CONTROL)
        tab.close()
