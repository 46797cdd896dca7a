"""After one visit the guide, its search and its checker work without a network, in Firefox ESR and WebKitGTK
too; a page whose server stalls comes from the service worker's cache, in every engine; and a visit that never
reaches the checker keeps the pages but downloads none of its runtime (WebKit downloads whatever it is asked
for "only-if-cached", so the worker must not ask).

Neither driver can take the browser offline the way Playwright does for Chromium (tests/browser/test_offline.py),
so the server goes away instead: the test serves its own copy of the site with nginx, visits it, then stops
nginx, and the browser's requests find no server behind the recording proxy.

Each test runs in a browser of its own: a service worker outlives its tab (WebKit's session keeps it, and it
checks its sw.js again later), and another test's worker asking its gone server would read as the page's request.
"""

from __future__ import annotations

import time

import pytest

from harness import ACCOUNT_ID, API_KEY, CHECKER_PAGE, PAGES, SITE_ID, Nginx
from harness.checker_page import expected_view

from .engine_search import search
from .engine_steps import BOOT_S, fill, open_checker, wait_for_view

VALUES = {"api_key": API_KEY, "account_id": ACCOUNT_ID, "site_id": SITE_ID}
#: The runtime files every way of booting the checker fetches.
RUNTIME = ("pyodide-lock.json", "pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
# Whether the service worker is active (pages loaded from then on are its), and which files its caches hold.
WORKER = """async () => {
  if (!navigator.serviceWorker) return null
  const kept = []
  for (const name of await caches.keys()) {
    if (!name.startsWith("guide-sw-") || !(await caches.has(name))) continue
    for (const request of await (await caches.open(name)).keys()) kept.push(request.url)
  }
  return { active: Boolean((await navigator.serviceWorker.getRegistration())?.active), kept }
}"""


HEADING = "() => /\\S/.test(document.querySelector('article h1')?.textContent ?? '')"


def _names(state: dict) -> set[str]:
    return {url.rsplit("/", 1)[1] for url in state["kept"]}


def _until_kept(tab, kept, what: str) -> dict:
    """Until the worker is active and its caches hold what ``kept(state)`` asks for; its state."""
    deadline = time.monotonic() + 60
    while not ((state := tab.evaluate(WORKER)) and state["active"] and kept(state)):
        if state is None:
            pytest.skip(f"{tab.engine} offers no service worker to this page")
        assert time.monotonic() < deadline, f"{what}: {state}"
        time.sleep(0.2)
    return state


def _installed(tab, root: str) -> dict:
    return _until_kept(tab, lambda state: root + "limitations/" in state["kept"], "the worker did not install")


def test_after_one_visit_the_pages_search_and_the_checker_work_with_the_server_gone(fresh_non_chromium, built_site):
    engine = fresh_non_chromium
    host = Nginx(built_site).start()
    tab = engine.new_tab()
    try:
        root = host.url()
        open_checker(tab, root + CHECKER_PAGE)
        fill(tab, **VALUES)
        wait_for_view(tab, expected_view(VALUES, root), timeout=BOOT_S)
        # Pyodide, and the checker's own snapshot or wheel (whichever the boot fetched): then the visit is whole.
        _until_kept(
            tab,
            lambda state: (
                set(RUNTIME) <= _names(state) and any(name.endswith((".snapshot", ".whl")) for name in _names(state))
            ),
            "the visit's runtime is not all kept",
        )

        host.stop()
        for path in PAGES:
            tab.goto(root + path)
            tab.wait_for_url(root + path)
            tab.wait_for(HEADING, timeout=10, message=f"{path}: its heading, without the server")
        # Search, in its worker, over the kept index (from the last page opened).
        assert "troubleshooting/#key-bearer" in search(tab, None, "Bearer")
        open_checker(tab, root + CHECKER_PAGE)
        fill(tab, **VALUES)
        wait_for_view(tab, expected_view(VALUES, root), timeout=BOOT_S)
    finally:
        tab.close()
        host.close()


def test_a_visit_without_the_checker_keeps_the_pages_and_downloads_no_runtime(fresh_non_chromium, built_site):
    # A merchant who opens a troubleshooting link from a ticket, on a phone: the checker's megabytes only
    # once its page has run it.
    engine = fresh_non_chromium
    host = Nginx(built_site).start()
    tab = engine.new_tab()
    try:
        root = host.url()
        tab.goto(root + "troubleshooting/")
        _installed(tab, root)
        time.sleep(2)
        asked = engine.proxy.urls()
        assert root + "troubleshooting/" in asked, asked
        assert not [url for url in asked if "/assets/runtime/" in url], asked
        assert not [url for url in tab.evaluate(WORKER)["kept"] if "/assets/runtime/" in url]
    finally:
        tab.close()
        host.close()


def test_a_page_the_server_stalls_on_comes_from_the_cache(fresh_engine, built_site):
    engine = fresh_engine
    host = Nginx(built_site).start()
    tab = engine.new_tab()
    proxy = engine.proxy
    hold = None
    try:
        root = host.url()
        tab.goto(root)
        _installed(tab, root)
        hold = proxy.hold(r"/limitations/$")
        started = time.monotonic()
        tab.goto(root + "limitations/")
        took = time.monotonic() - started
        heading = tab.evaluate("() => document.querySelector('article h1')?.textContent ?? ''")
        assert "Limitations" in heading and hold.held >= 1, (heading, hold.held)
        assert took < 20, f"the stalled page took {took:.1f} s"
    finally:
        if hold is not None:
            proxy.unhold(hold)
        tab.close()
        host.close()
