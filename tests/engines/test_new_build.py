"""A new build takes over only once no tab uses the old one, in Firefox ESR and WebKitGTK as in Chromium
(tests/browser/test_offline.py): a tab opened on the first build keeps its scripts and runtime while the new
build's service worker waits, the merchant's values stay in it, and the next visit is the new build's whole.
A retiring build (the README's kill switch) removes the worker and its caches, whether its sw.js or its pages
reach the browser first.

Each test serves its own copy of the built site with nginx and puts the new build in place while a tab is
open, as a deployment does; in a browser of its own, whose worker outlives its tabs.
"""

from __future__ import annotations

import shutil
import time

import pytest

from harness import ACCOUNT_ID, API_KEY, CHECKER_PAGE, SITE_ID, Nginx, build_site
from harness.build import change_deployed, deploy_new_build
from harness.checker_page import expected_view
from sitebuild import service_worker

from .engine_steps import BOOT_S, fill, open_checker, values, wait_for_view

VALUES = {"api_key": API_KEY, "account_id": ACCOUNT_ID, "site_id": SITE_ID}
#: The runtime files every way of booting the checker fetches.
RUNTIME = ("pyodide-lock.json", "pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
# The worker's state as the page sees it: the service worker's caches by name, with the file names each holds.
WORKER = """async () => {
  const registration = await navigator.serviceWorker.getRegistration()
  const kept = {}
  for (const name of await caches.keys()) {
    if (!name.startsWith("guide-sw-") || !(await caches.has(name))) continue
    kept[name] = (await (await caches.open(name)).keys()).map((request) => request.url.split("/").pop())
  }
  return {
    controlled: Boolean(navigator.serviceWorker.controller),
    active: Boolean(registration?.active),
    waiting: registration?.waiting?.state ?? null,
    kept,
  }
}"""
# Names only: opening a cache the retiring code is deleting would make it again.
REGISTERED = """async () => ({
  registered: Boolean(await navigator.serviceWorker.getRegistration()),
  caches: (await caches.keys()).filter((name) => name.startsWith("guide-sw-")),
})"""
FETCH_TEXT = "async (url) => (await fetch(url)).text()"
HEADING = "() => document.querySelector('article h1')?.textContent ?? ''"


def _wait(tab, ready, what: str, timeout_s: float = 90) -> dict:
    deadline = time.monotonic() + timeout_s
    while not ready(state := tab.evaluate(WORKER)):
        assert time.monotonic() < deadline, f"{tab.engine}: {what}: the worker's state is {state}"
        time.sleep(0.2)
    return state


def _runtime_kept(state: dict) -> bool:
    return any(set(RUNTIME) <= set(names) for names in state["kept"].values())


def _next_visit(browser, beside, url: str, timeout_s: float = 30):
    """A tab opened once the browser has let the old worker go (it learns a moment later that no tab is left
    on the old build); ``beside``, a tab elsewhere, keeps the profile's storage (Firefox's user context).
    """
    deadline = time.monotonic() + timeout_s
    while True:
        time.sleep(0.5)
        tab = browser.new_tab(beside=beside)
        tab.goto(url)
        if tab.evaluate(WORKER)["waiting"] is None:
            return tab
        tab.close()
        assert time.monotonic() < deadline, f"{browser.name}: the new build's worker still waits, no tab on the old one"


def test_a_new_build_takes_over_once_no_tab_uses_the_old_one(fresh_non_chromium, built_site, tmp_path):
    browser = fresh_non_chromium
    site = shutil.copytree(built_site, tmp_path / "site", symlinks=True)
    old_script = (site / "assets/javascripts/checker-view.js").read_text("utf-8")
    host = Nginx(site).start()
    tabs = [browser.new_tab()]
    try:
        root = host.url()
        page = tabs[0]
        open_checker(page, root + CHECKER_PAGE)
        fill(page, **VALUES)
        wait_for_view(page, expected_view(VALUES, root), timeout=BOOT_S)
        first = _wait(page, lambda s: s["active"] and _runtime_kept(s), "the first build's runtime is not kept")
        # A tab the first build's worker serves: one loaded once it is active (it never claims an open one).
        open_checker(page, root + CHECKER_PAGE)
        fill(page, **VALUES)
        wait_for_view(page, expected_view(VALUES, root), timeout=BOOT_S)
        assert page.evaluate(WORKER)["controlled"], "the worker does not serve a page loaded once it is active"

        deploy_new_build(site, "troubleshooting", "(build B)")
        # Another tab of the same browser: the page comes from the network first, and its navigation finds
        # the new build's worker, which waits while a tab uses the first build.
        tabs.append(other := browser.new_tab(beside=page))
        other.goto(root + "troubleshooting/")
        assert "(build B)" in other.evaluate(HEADING), "the page did not come from the network first"
        _wait(other, lambda s: s["waiting"] == "installed", "the new build's worker is not waiting")
        for tab in (page, other):
            assert tab.evaluate(FETCH_TEXT, root + "assets/javascripts/checker-view.js") == old_script
        assert values(page)["site_id"] == SITE_ID, "the typed values left the page"
        fill(page, account_id=ACCOUNT_ID.upper())
        wait_for_view(page, expected_view({**VALUES, "account_id": ACCOUNT_ID.upper()}, root), timeout=BOOT_S)
        # The merchant closes the guide's tabs: none is left on the first build (a blank one keeps the profile).
        tabs.append(blank := browser.new_tab(beside=page))
        for tab in (page, other):
            tab.close()
            tabs.remove(tab)
        tabs.append(page := _next_visit(browser, blank, root + "troubleshooting/"))
        assert page.evaluate(FETCH_TEXT, root + "assets/javascripts/checker-view.js").endswith("// (build B)\n")
        state = _wait(page, lambda s: s["controlled"], "the new build's worker does not control the page")
        assert not set(first["kept"]) & set(state["kept"]), "the first build's cache is left behind"
        assert _runtime_kept(state)
        open_checker(page, root + CHECKER_PAGE)
        fill(page, **VALUES)
        wait_for_view(page, expected_view(VALUES, root), timeout=BOOT_S)
    finally:
        for tab in tabs:
            tab.close()
        host.close()


@pytest.fixture(scope="module")
def retiring(tmp_path_factory):
    """The site built with ``SERVICE_WORKER=retire``, as the README says to retire the worker."""
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv(service_worker.ENVIRONMENT, "retire")
        return build_site(tmp_path_factory.mktemp("retiring"))


@pytest.mark.parametrize("first", ["worker", "pages"])
def test_a_retiring_build_unregisters_the_worker_and_deletes_its_caches(
    fresh_non_chromium, built_site, retiring, tmp_path, first
):
    browser = fresh_non_chromium
    site = shutil.copytree(built_site, tmp_path / "site", symlinks=True)
    host = Nginx(site).start()
    tab = browser.new_tab()
    try:
        root = host.url()
        tab.goto(root)
        _wait(tab, lambda s: s["active"] and s["kept"], "the worker is not installed")
        if first == "worker":
            # What a tab of the old build finds when the browser checks sw.js.
            change_deployed(site / "sw.js", lambda _: (retiring / "sw.js").read_text("utf-8"))
            tab.reload()
        else:
            # The retiring build's pages, with the old worker still in place.
            shutil.copytree(retiring, site, dirs_exist_ok=True, ignore=shutil.ignore_patterns("sw.js*"))
            tab.goto(root + "guide/")
        deadline = time.monotonic() + 30
        while (state := tab.evaluate(REGISTERED)) != {"registered": False, "caches": []}:
            assert time.monotonic() < deadline, f"{browser.name}: the retiring build's {first} left {state}"
            time.sleep(0.2)
        if first == "pages":
            tab.goto(root)
            time.sleep(1.5)  # a page's script registers once the page has loaded
            assert tab.evaluate(REGISTERED)["registered"] is False, "the retiring build's page registered a worker"
    finally:
        tab.close()
        host.close()
