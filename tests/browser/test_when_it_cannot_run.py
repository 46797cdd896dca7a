"""When the checker cannot run, the merchant gets a clear message and the manual checklist, fast."""

from __future__ import annotations

import shutil
import time

import pytest
from browser_helpers import expected_view, fill, wait_for_view, wait_ready

import validator
from harness import ROOT, SITE_ID
from sitebuild import _wheel

pytestmark = pytest.mark.browser

# The page must give up on its own well within this (it is not a loading timeout).
FAILS_WITHIN_S = 12
# A tampered wheel is only found once Pyodide has booted (about 2 s idle, far more on a busy machine).
FAILS_AFTER_BOOT_WITHIN_S = 30


def _abort_wasm(tab, tmp_path):
    tab.context.route("**/assets/runtime/pyodide.asm.wasm", lambda route: route.abort())


def _missing_runtime(tab, tmp_path):
    tab.context.route("**/assets/runtime/**", lambda route: route.fulfill(status=404, body="not found"))


def _throwing_worker(tab, tmp_path):
    tab.context.route(
        "**/checker-worker.js",
        lambda route: route.fulfill(status=200, content_type="text/javascript", body='throw new Error("broken on purpose")'),
    )


def _worker_out_of_memory(tab, tmp_path):
    body = "const hoard = []; for (;;) hoard.push(new ArrayBuffer(1 << 30));"
    tab.context.route(
        "**/checker-worker.js",
        lambda route: route.fulfill(status=200, content_type="text/javascript", body=body),
    )


def _tampered_snapshot(tab, tmp_path):
    tab.context.route(
        "**/assets/runtime/*.snapshot",
        lambda route: route.fulfill(status=200, content_type="application/octet-stream", body=b"\0" * 4096),
    )


def _tampered_wheel(tab, tmp_path):
    # A valid wheel of other code under the same name: only the sha256 in the
    # site's lock file tells it apart, so this proves that check is made. The
    # snapshot is tampered too, or the worker would boot from it and never
    # fetch the wheel.
    _tampered_snapshot(tab, tmp_path)
    other = tmp_path / "validator"
    shutil.copytree(ROOT / "validator", other, ignore=shutil.ignore_patterns("__pycache__"))
    (other / "_check.py").write_text((other / "_check.py").read_text() + "\n# not the published code\n")
    data = _wheel.build(other).data
    tab.context.route(
        "**/assets/runtime/validator-*.whl",
        lambda route: route.fulfill(status=200, content_type="application/zip", body=data),
    )


FAILURES = {
    "pyodide.asm.wasm aborted": ({}, _abort_wasm),
    "runtime files missing": ({}, _missing_runtime),
    "WebAssembly absent": ({"init_scripts": ("delete globalThis.WebAssembly;",)}, None),
    "Worker absent": ({"init_scripts": ("delete globalThis.Worker;",)}, None),
    "worker script throws": ({}, _throwing_worker),
    "worker out of memory": ({}, _worker_out_of_memory),
    "wheel tampered": ({}, _tampered_wheel),
}
AFTER_BOOT = {"wheel tampered"}


@pytest.mark.parametrize("failure", list(FAILURES))
def test_the_checklist_takes_the_checkers_place(open_tab, server, failure, tmp_path):
    options, breaks = FAILURES[failure]
    tab = open_tab(**options)
    if breaks:
        breaks(tab, tmp_path)
    page = tab.page
    limit = FAILS_AFTER_BOOT_WITHIN_S if failure in AFTER_BOOT else FAILS_WITHIN_S
    started = time.monotonic()
    page.goto(server.url("guide/"))
    notice = page.locator("[data-cc-unavailable]")
    notice.wait_for(state="visible", timeout=limit * 1000)
    assert time.monotonic() - started < limit
    assert "cannot run" in notice.inner_text()
    link = notice.get_by_role("link")
    assert link.evaluate("(a) => a.href") == server.url("troubleshooting/#checker-unavailable")
    assert page.locator("[data-cc-checklist]").is_visible()
    assert page.locator("[data-cc-checklist]").inner_text().count("IST.") >= 1
    assert not page.locator("[data-cc-app]").is_visible()
    # The guide itself stays usable.
    assert page.get_by_role("heading", name="Check your values").is_visible()
    assert tab.errors == []


def test_a_load_that_stalls_is_explained_and_the_checklist_shown(open_tab, server):
    tab = open_tab()
    # The wasm request never gets an answer: no progress at all.
    tab.context.route("**/assets/runtime/pyodide.asm.wasm", lambda route: None)
    page = tab.page
    page.goto(server.url("guide/"))
    progress = page.locator("[data-cc-progress]")
    progress.get_by_text("taking longer than usual").wait_for(timeout=15_000)
    assert page.locator("[data-cc-checklist]").is_visible()
    # The form stays: it still works if the load finishes.
    fill(page, site_id="still typing")
    assert page.get_by_label("Site ID", exact=True).is_visible()


def test_without_javascript_the_checklist_is_there(open_tab, server):
    tab = open_tab(java_script_enabled=False)
    page = tab.page
    page.goto(server.url("guide/"))
    assert page.locator("[data-cc-checklist]").is_visible()
    assert not page.locator("[data-cc-app]").is_visible()
    assert not any("/assets/runtime/" in url for url in tab.requests)


def test_a_broken_snapshot_falls_back_to_the_plain_boot(open_tab, server, tmp_path):
    tab = open_tab()
    _tampered_snapshot(tab, tmp_path)
    page = tab.page
    page.goto(server.url("guide/"))
    wait_ready(page)
    address = f"https://manage.wix.com/dashboard/{SITE_ID}/home"
    fill(page, site_id=address)
    wait_for_view(page, expected_view(validator.check(site_id=address), {"site_id"}, server.url()))
    # The snapshot was refused, so Python booted plainly from the checked wheel.
    assert any(url.endswith(".snapshot") for url in tab.requests)
    assert any(url.endswith(".whl") for url in tab.requests)
    assert tab.errors == []


def test_the_checker_boots_from_the_snapshot_when_it_can(open_tab, server):
    tab = open_tab()
    tab.page.goto(server.url("guide/"))
    wait_ready(tab.page)
    assert any(url.endswith(".snapshot") for url in tab.requests)
    # The checker is inside the snapshot: its wheel is never fetched.
    assert not any(url.endswith(".whl") for url in tab.requests)
