"""The site's service worker (sw.js) in Chromium: after one visit the guide works without a network; pages
come from the network first; a new build takes over only once no tab uses the old one; a retiring build
removes the worker.

Each test serves its own copy of the built site with nginx, so it can put a new build in place while a tab
is open, as a deployment does.
"""

from __future__ import annotations

import shutil
import time

import pytest

from harness import ACCOUNT_ID, API_KEY, CHECKER_PAGE, PAGES, SITE_ID, SUBPATH, Nginx, build_site, settled
from harness.build import change_deployed, deploy_new_build
from harness.checker_page import expected_view
from sitebuild import service_worker

from .browser_helpers import fill, wait_for_view

pytestmark = pytest.mark.browser

VALUES = {"api_key": API_KEY, "account_id": ACCOUNT_ID, "site_id": SITE_ID}
#: The runtime files every way of booting the checker fetches (and the snapshot or the wheel besides).
RUNTIME = (
    "assets/runtime/pyodide-lock.json",
    "assets/runtime/pyodide.mjs",
    "assets/runtime/pyodide.asm.mjs",
    "assets/runtime/pyodide.asm.wasm",
    "assets/runtime/python_stdlib.zip",
)
# The worker's state as the page sees it, and what its caches hold (cache name -> paths under the site root,
# or none when only the names are asked for: opening a cache that something deletes meanwhile makes it anew).
WORKER = """async ([root, contents]) => {
  const registration = await navigator.serviceWorker.getRegistration(root)
  const caches_ = {}
  for (const name of await caches.keys()) {
    if (!contents) caches_[name] = null
    else if (await caches.has(name)) {
      const keys = await (await caches.open(name)).keys()
      caches_[name] = keys.map((request) => request.url.slice(root.length))
    }
  }
  return {
    controlled: Boolean(navigator.serviceWorker.controller),
    active: registration?.active?.state ?? null,
    waiting: registration?.waiting?.state ?? null,
    registered: Boolean(registration),
    caches: caches_,
  }
}"""
FETCH_TEXT = "async (url) => (await fetch(url)).text()"


@pytest.fixture
def site(built_site, tmp_path):
    """A copy of the built site to change as a new deployment would."""
    return shutil.copytree(built_site, tmp_path / "site", symlinks=True)


@pytest.fixture
def served(browser, site):
    """``(host, root, context)``: the copy served by nginx, and a browser context that allows service workers."""
    with Nginx(site) as host:
        context = browser.new_context(service_workers="allow")
        try:
            yield host, host.url(), context
        finally:
            context.close()


def _worker(page, root: str, *, contents: bool = True) -> dict:
    return page.evaluate(WORKER, [root, contents])


def _wait(page, root: str, ready, what: str, timeout_s: float = 90, *, contents: bool = True) -> dict:
    # Polled from here: wait_for_function evaluates a string in the page, which its policy refuses.
    deadline = time.monotonic() + timeout_s
    state = _worker(page, root, contents=contents)
    while not ready(state):
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: the worker's state is {state}")
        page.wait_for_timeout(100)
        state = _worker(page, root, contents=contents)
    return state


def _active(state: dict) -> bool:
    """The worker installed and started: pages loaded from now on are its (it never claims one already open)."""
    return state["active"] == "activated"


def _kept(state: dict) -> set[str]:
    return {path for name, paths in state["caches"].items() if name.startswith("guide-sw-") for path in paths}


def _either(state: dict) -> set[str]:
    """The wheel or the snapshot, as kept: a boot fetches one or the other."""
    return {path for path in _kept(state) if path.endswith((".whl", ".snapshot"))}


def _visit_and_check(page, root: str) -> None:
    page.goto(root + CHECKER_PAGE)
    fill(page, **VALUES)
    wait_for_view(page, expected_view(VALUES, root), timeout_s=60)


def _next_visit(context, url: str, timeout_s: float = 20):
    """A tab opened once the browser has let the old worker go (it learns that the last tab closed a moment later)."""
    deadline = time.monotonic() + timeout_s
    while True:
        time.sleep(0.5)
        page = context.new_page()
        page.goto(url)
        if page.evaluate("async () => !(await navigator.serviceWorker.getRegistration())?.waiting"):
            return page
        if time.monotonic() > deadline:
            pytest.fail("the new build's worker still waits, with no tab left on the old one")
        page.close()


def test_after_one_visit_pages_search_pictures_and_the_checker_work_offline(served):
    host, root, context = served
    page = context.new_page()
    _visit_and_check(page, root)
    state = _wait(
        page,
        root,
        lambda s: _active(s) and set(RUNTIME) <= _kept(s) and _either(s),
        "the visit's pages and runtime are not all kept",
    )
    assert {"", *PAGES, "search/search_index.json", "images/site-id-in-address-bar.svg"} <= _kept(state)
    asked = settled(host.requests)
    # Of the wheel and the snapshot, the one the boot fetched, and the other never asked for (WebKit
    # downloads what it is asked for "only-if-cached": the page tells the worker which it was instead).
    fetched = {path.lstrip("/") for path in host.targets()}
    assert len(_either(state)) == 1 and _either(state) <= fetched, (_either(state), fetched)
    assert not [path for path in fetched - _either(state) if path.endswith((".whl", ".snapshot"))], fetched
    context.set_offline(True)

    for path in PAGES:
        response = page.goto(root + path)
        assert response is not None and response.ok, path
        assert page.locator("h1").first.is_visible(), path
    # A picture (lazy: scrolled to), on the page loaded offline.
    page.goto(root + CHECKER_PAGE)
    picture = page.locator("img[src$='site-id-in-address-bar.svg']")
    picture.scroll_into_view_if_needed()
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=picture.element_handle())
    # Search, in its worker, over the kept index.
    page.locator("input.md-search__input").click()
    page.keyboard.type("Bearer", delay=20)
    page.locator(".md-search-result__list a[href*='troubleshooting/'][href$='#key-bearer']").first.wait_for()
    page.keyboard.press("Escape")
    # The checker boots from the kept runtime and answers.
    page.goto(root + CHECKER_PAGE)
    fill(page, **VALUES)
    wait_for_view(page, expected_view(VALUES, root), timeout_s=60)
    # Only the browser's own checks for a new worker (which Playwright's offline mode does not cover).
    reached = [target for target in host.targets()[asked:] if target != "/sw.js"]
    assert reached == [], "requests reached the server while offline"


def test_offline_the_tab_of_a_first_visit_still_reaches_the_next_page(browser, server):
    # The worker never takes over the tab it was installed from (that would evict a page the merchant left
    # from Firefox's back/forward cache): offline, that tab's instant navigation fails, and the theme loads
    # the page instead, which the worker serves. No dead end.
    root = server.url(mount=SUBPATH)  # the deployment built with its address: instant navigation
    context = browser.new_context(service_workers="allow")
    try:
        page = context.new_page()
        page.goto(root)
        state = _wait(page, root, lambda s: _active(s) and "limitations/" in _kept(s), "not installed")
        assert not state["controlled"], "the worker took over a tab it was not loaded by"
        context.set_offline(True)
        page.locator(".md-sidebar--primary").get_by_role("link", name="Limitations").click()
        page.wait_for_url(root + "limitations/")
        page.locator("article h1", has_text="Limitations").wait_for()
        assert _worker(page, root)["controlled"]
    finally:
        context.close()


def test_a_changed_page_shows_on_the_next_visit_and_the_cached_one_offline(served, site):
    _, root, context = served
    page = context.new_page()
    page.goto(root)
    _wait(page, root, _active, "the worker is not active")
    change_deployed(site / "limitations/index.html", lambda html: html.replace("</h1>", " (revised)</h1>", 1))
    page.goto(root + "limitations/")
    assert "(revised)" in page.locator("h1").first.inner_text()
    context.set_offline(True)
    page.goto(root + "limitations/")
    assert "(revised)" not in page.locator("h1").first.inner_text(), "offline: the build's own copy"


def test_a_new_build_takes_over_once_no_tab_uses_the_old_one(served, site):
    _, root, context = served
    old_script = (site / "assets/javascripts/checker-view.js").read_text("utf-8")
    page = context.new_page()
    _visit_and_check(page, root)
    first = _wait(page, root, lambda s: _active(s) and set(RUNTIME) <= _kept(s), "not kept")
    # A tab the first build's worker serves: one loaded once it is active.
    _visit_and_check(page, root)
    assert _worker(page, root)["controlled"]
    deploy_new_build(site, "troubleshooting", "(build B)")
    # The open tab finds the new worker (a visit to another page checks sw.js), which waits.
    other = context.new_page()
    other.goto(root + "troubleshooting/")
    assert "(build B)" in other.locator("h1").first.inner_text(), "the page comes from the network first"
    _wait(other, root, lambda s: s["waiting"] == "installed", "the new build's worker is not waiting")
    # Both tabs keep the first build's scripts and runtime; the typed values stay in the page.
    for tab in (page, other):
        assert tab.evaluate(FETCH_TEXT, root + "assets/javascripts/checker-view.js") == old_script
    assert page.get_by_label("Site ID", exact=True).input_value() == SITE_ID
    fill(page, account_id=ACCOUNT_ID.upper())
    wait_for_view(page, expected_view({**VALUES, "account_id": ACCOUNT_ID.upper()}, root), timeout_s=60)
    page.close()
    other.close()

    # No tab left on the first build: the next visit is the new build's, scripts and all.
    page = _next_visit(context, root + "troubleshooting/")
    state = _worker(page, root)
    assert page.evaluate(FETCH_TEXT, root + "assets/javascripts/checker-view.js").endswith("// (build B)\n")
    (old_cache,) = [name for name in first["caches"] if name.startswith("guide-sw-")]
    assert old_cache not in state["caches"], "the first build's cache is left behind"
    # The unchanged runtime came over from the first build's cache, not over the network again.
    assert set(RUNTIME) <= _kept(state)
    _visit_and_check(page, root)


def test_a_visit_without_the_checker_installs_the_worker_but_downloads_no_runtime(served):
    # A merchant who opens a troubleshooting link from a ticket, on a phone: the pages are kept for offline
    # use, but the checker's megabytes only once its page has run it.
    host, root, context = served
    page = context.new_page()
    page.goto(root + "troubleshooting/")
    state = _wait(page, root, lambda s: _active(s) and "troubleshooting/" in _kept(s), "not installed")
    page.wait_for_timeout(2000)
    settled(host.requests)
    asked = host.targets()
    state = _worker(page, root)
    assert "/troubleshooting/" in asked, asked
    assert not [target for target in asked if "/assets/runtime/" in target]
    assert not [path for path in _kept(state) if path.startswith("assets/runtime/")]


def test_a_return_visit_asks_the_server_for_the_page_and_checks_for_a_new_build_once(served):
    host, root, context = served
    page = context.new_page()
    _visit_and_check(page, root)
    _wait(page, root, lambda s: _active(s) and set(RUNTIME) <= _kept(s), "not kept")
    # A merchant comes back later: the browser has stopped the idle worker meanwhile.
    session = context.new_cdp_session(page)
    session.send("ServiceWorker.enable")
    session.send("ServiceWorker.stopAllWorkers")
    session.detach()
    page.close()
    since = settled(host.requests)
    page = context.new_page()
    _visit_and_check(page, root)
    page.wait_for_timeout(3000)  # the page registers its worker a second after the checker's answer
    page.close()  # and the browser may check sw.js once its tab is gone
    asked = [request.path for request in host.requests[since : settled(host.requests)]]
    # The page (the search index and the sitemap, which the theme asks for, come network first too), and sw.js
    # once, for a new build: the runtime, scripts and pictures all come from the worker's cache.
    assert sorted(asked) == sorted(
        "/" + path for path in (CHECKER_PAGE, "search/search_index.json", "sitemap.xml", "sw.js")
    ), asked


def _gone(state: dict) -> bool:
    return not state["registered"] and not any(name.startswith("guide-sw-") for name in state["caches"])


def test_a_retiring_build_unregisters_the_worker_and_deletes_its_caches(browser, site, tmp_path, monkeypatch):
    monkeypatch.setenv(service_worker.ENVIRONMENT, "retire")
    retiring = build_site(tmp_path / "retiring")
    worker = (site / "sw.js").read_text("utf-8")
    with Nginx(site) as host:
        root = host.url()
        for what in ("worker", "pages"):
            context = browser.new_context(service_workers="allow")
            try:
                page = context.new_page()
                page.goto(root)
                _wait(page, root, lambda s: _active(s) and _kept(s), "the worker is not installed")
                if what == "worker":
                    # What a tab of the old build finds when it checks sw.js.
                    change_deployed(site / "sw.js", lambda _: (retiring / "sw.js").read_text("utf-8"))
                    page.reload()
                else:
                    # The retiring build's pages, with the old worker still in place.
                    shutil.copytree(retiring, site, dirs_exist_ok=True, ignore=shutil.ignore_patterns("sw.js*"))
                    page.goto(root + "guide/")
                # Names only: the probe must not make again a cache the retiring code is deleting.
                _wait(page, root, _gone, f"the retiring build's {what} left the worker or its caches", contents=False)
            finally:
                context.close()
            change_deployed(site / "sw.js", lambda _: worker)
        page = (context := browser.new_context(service_workers="allow")).new_page()
        try:
            page.goto(root)
            page.wait_for_timeout(1000)  # a page's script registers once the page has loaded
            assert _worker(page, root)["registered"] is False, "the retiring build's page registered a worker"
        finally:
            context.close()
