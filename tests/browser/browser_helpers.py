"""What the tests read from and do to the checker in the page."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from playwright.sync_api import BrowserContext, Page, Route

# The reading script and Python's expected view are shared with tests/engines; the browser tests import them from here.
from harness.checker_page import (  # noqa: F401
    EXPANDED_SNAPSHOT_CACHE,
    FIELD_LABELS,
    READ_CHECKER,
    expected_view,
    needles,
    python_check,
    shown_matches,
)

#: Pyodide boots in about 2 s here when the machine is idle; leave room for a busy one.
BOOT_TIMEOUT_MS = 40_000
# The runtime file with most of the bytes: held back, it keeps the checker loading.
WASM = "**/assets/runtime/pyodide.asm.wasm"


@dataclass
class Tab:
    """A page in a fresh browser context, with everything it did recorded."""

    context: BrowserContext
    page: Page
    requests: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    history_at_start: int = 0


# Collects Content-Security-Policy violations the page reports.
CSP_LISTENER = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI);
});
"""


def new_tab(browser, *, init_scripts: tuple[str, ...] = (), **context_options) -> Tab:
    """A new context and page; every request (page and worker), console line and error recorded.

    Without the site's service worker unless ``service_workers="allow"``: the requests it makes itself escape
    Playwright's routes and the tab's emulated link, which these tests hold and slow (test_offline.py tests it).
    """
    context = browser.new_context(**{"service_workers": "block", **context_options})
    context.add_init_script(CSP_LISTENER)
    for script in init_scripts:
        context.add_init_script(script)
    page = context.new_page()
    tab = Tab(context, page)
    context.on("request", lambda request: tab.requests.append(request.url))
    page.on("console", lambda message: tab.console.append(message.text))
    page.on("pageerror", lambda error: tab.errors.append(str(error)))
    page.on("worker", lambda worker: worker.on("console", lambda m: tab.console.append(m.text)))
    return tab


def checker(page):
    return page.locator("[data-credential-checker]").first


def wait_ready(page, timeout_ms: int = BOOT_TIMEOUT_MS) -> None:
    """Until Pyodide and the checker have loaded (the progress line goes away) and it has answered once."""
    page.locator("[data-cc-progress]").first.wait_for(state="hidden", timeout=timeout_ms)
    page.locator("[data-cc-summary]").first.filter(has_text=re.compile(r"\S")).wait_for(timeout=timeout_ms)


def hold_wasm(context: BrowserContext) -> list[Route]:
    """Every request for the wasm (most of the runtime's bytes), held until the caller continues it."""
    held: list[Route] = []

    # A function of its own: Playwright marks the handler with an attribute, which list.append cannot take.
    def hold(route: Route) -> None:
        held.append(route)

    context.route(WASM, hold)
    return held


def open_while_loading(tab, url: str, while_loading=None) -> None:
    """Open ``url`` with the wasm (most of the runtime's bytes) held back until the checker shows
    it is loading, as on a merchant's link; ``while_loading(page)`` runs then, before it is let go.
    """
    held = hold_wasm(tab.context)
    tab.page.goto(url)
    tab.page.locator("[data-cc-progress]").get_by_text("Loading the checker").wait_for()
    while not held:
        tab.page.wait_for_timeout(50)
    if while_loading:
        while_loading(tab.page)
    for route in held:
        route.continue_()
    tab.context.unroute(WASM)


def fill(page, **values: str) -> None:
    for name, value in values.items():
        page.get_by_label(FIELD_LABELS[name], exact=True).fill(value)


def read(page) -> dict:
    return checker(page).evaluate(READ_CHECKER)


def wait_for_view(page, expected: dict, timeout_s: float = 15.0) -> dict:
    """Until the page shows ``expected``; fails with what it shows instead."""
    deadline = time.monotonic() + timeout_s
    shown = read(page)
    while not shown_matches(shown, expected):
        if time.monotonic() > deadline:
            raise AssertionError(f"the checker shows\n{shown}\ninstead of\n{expected}")
        page.wait_for_timeout(50)
        shown = read(page)
    return shown


# Everywhere a page could keep what was typed beyond its own memory.
_KEPT = """async () => ({
  local: JSON.stringify({ ...localStorage }),
  session: JSON.stringify({ ...sessionStorage }),
  cookies: document.cookie,
  address: location.href,
  history: JSON.stringify(history.state),
  historyLength: history.length,
  idb: (await indexedDB.databases()).map((d) => d.name),
  // The runtime's records: which snapshot arrived whole (checker-snapshot.js), for which checker build the
  // compiled runtime was made worth keeping (checker-code-cache.js).
  runtime: await new Promise((resolve) => {
    const open = indexedDB.open("checker-runtime")
    open.onupgradeneeded = () => open.transaction.abort()
    open.onerror = () => resolve({})
    open.onsuccess = () => {
      const store = open.result.transaction("kept").objectStore("kept")
      const [keys, values] = [store.getAllKeys(), store.getAll()]
      values.onsuccess = () => resolve(Object.fromEntries(keys.result.map((k, i) => [k, values.result[i]])))
    }
  }),
  // Each cache with the addresses it holds: the service worker's hold the site's files, never a query.
  caches: Object.fromEntries(
    await Promise.all(
      (await caches.keys()).map(async (name) => [name, (await (await caches.open(name)).keys()).map((r) => r.url)]),
    ),
  ),
})"""


def assert_nothing_kept(page, looked_for: set[str]) -> dict:
    """No typed value in storage, cookies, the address, the history's state or a cache's addresses; returns what
    was read. IndexedDB holds at most the runtime's notes, each a sha256 of the build's snapshot: the one in the
    HTTP cache, and the one the compiled runtime was made worth keeping for; Cache
    Storage at most the expanded snapshot's cache (what is in it: ``stored_pieces``) and the service worker's.
    """
    kept = page.evaluate(_KEPT)
    flat = repr(kept)
    assert not any(n in flat for n in looked_for), kept
    assert set(kept["idb"]) <= {"checker-runtime"} and kept["cookies"] == ""
    # The service worker's caches (sitebuild/service-worker.js) hold the site's own files, by their address.
    assert all(name == EXPANDED_SNAPSHOT_CACHE or name.startswith("guide-sw-") for name in kept["caches"]), kept
    assert not any("?" in url for urls in kept["caches"].values() for url in urls), kept["caches"]
    assert set(kept["runtime"]) <= {"snapshot", "warmed"}, kept["runtime"]
    assert all(re.fullmatch(r"(|[0-9a-f]{64})", note) for note in kept["runtime"].values()), kept["runtime"]
    return kept


def axe_violations(page, axe_source: str, selector: str | None = None) -> list[str]:
    """axe-core's violations in the page (or in ``selector``), each as "rule: targets"."""
    page.evaluate(axe_source)  # evaluated, not a <script>: the page's CSP stays as it is
    return page.evaluate(
        """async (selector) => (await axe.run(selector ? document.querySelector(selector) : document)).violations.map(
             (v) => v.id + ": " + v.nodes.map((n) => n.target.join(" ")).join(", "))""",
        selector,
    )
