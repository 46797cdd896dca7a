"""When the checker cannot run or stalls: the fields stay, the checklist appears beside them, Try again works."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import struct
import time

import pytest
from playwright.sync_api import Route

from harness import DASHBOARD_URL, ROOT, SITE_ID
from sitebuild.runtime import _wheel, snapshot

from .browser_helpers import WASM, expected_view, fill, hold_wasm, wait_for_view, wait_ready

pytestmark = pytest.mark.browser

# The page must give up on its own well within this (it is not a loading timeout).
FAILS_WITHIN_S = 12
# A tampered wheel is only found once Pyodide has booted (about 2 s idle, far more on a busy machine).
FAILS_AFTER_BOOT_WITHIN_S = 30


class Gate:
    """Holds the requests a failure breaks until the merchant has typed, then breaks them.

    So the failure arrives while a field has the focus and a value, as it
    would on a slow link, and the test proves both survive it.
    """

    def __init__(self, context, pattern: str, breaks):
        self.breaks = breaks
        self.held: list[Route] = []
        self.open = False
        context.route(pattern, self._handle)

    def _handle(self, route):
        if self.open:
            self.breaks(route)
        else:
            self.held.append(route)

    def release(self, page, timeout_s: float = 30) -> None:
        deadline = time.monotonic() + timeout_s
        while not self.held:
            assert time.monotonic() < deadline, "the checker never asked for the file this failure breaks"
            page.wait_for_timeout(50)
        self.open = True
        for route in self.held:
            self.breaks(route)


def _abort_wasm(tab, _tmp_path):
    return Gate(tab.context, WASM, lambda route: route.abort())


def _missing_runtime(tab, _tmp_path):
    return Gate(tab.context, "**/assets/runtime/**", lambda route: route.fulfill(status=404, body="not found"))


def _worker_script(body: str):
    def breaks(tab, _tmp_path):
        return Gate(
            tab.context,
            "**/checker-worker.js",
            lambda route: route.fulfill(status=200, content_type="text/javascript", body=body),
        )

    return breaks


def _tampered_snapshot(tab, _tmp_path):
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
    return Gate(
        tab.context,
        "**/assets/runtime/validator-*.whl",
        lambda route: route.fulfill(status=200, content_type="application/zip", body=data),
    )


def _checker_files_unreachable(tab, _tmp_path):
    # Offline after a visit that left neither the snapshot nor the wheel kept: Pyodide's own files come, the
    # checker's do not.
    tab.context.route("**/assets/runtime/*.snapshot", lambda route: route.abort())
    return Gate(tab.context, "**/assets/runtime/validator-*.whl", lambda route: route.abort())


#: name → (context options, what breaks it, can Try again help?, the reason the merchant is told)
FAILURES = {
    "pyodide.asm.wasm aborted": ({}, _abort_wasm, True, "its files could not be downloaded"),
    "runtime files missing": ({}, _missing_runtime, True, "its files could not be downloaded"),
    "snapshot and wheel unreachable": ({}, _checker_files_unreachable, True, "its files could not be downloaded"),
    "WebAssembly absent": (
        {"init_scripts": ("delete globalThis.WebAssembly;",)},
        None,
        False,
        "this browser cannot run it",
    ),
    "Worker absent": ({"init_scripts": ("delete globalThis.Worker;",)}, None, False, "this browser cannot run it"),
    "worker script throws": (
        {},
        _worker_script('throw new Error("broken on purpose")'),
        True,
        "it could not start in this browser",
    ),
    "worker out of memory": (
        {},
        _worker_script("const hoard = []; for (;;) hoard.push(new ArrayBuffer(1 << 30));"),
        True,
        "it could not start in this browser",
    ),
    "wheel tampered": ({}, _tampered_wheel, True, "its files are not the ones this site published"),
}
AFTER_BOOT = {"wheel tampered"}
#: Exception text that must never reach the merchant.
NEVER_SHOWN = ("broken on purpose", "Error", "Traceback", "exception", "undefined", "null")


@pytest.mark.parametrize("failure", list(FAILURES))
def test_a_failure_keeps_the_fields_and_shows_the_checklist_beside_them(open_tab, server, failure, tmp_path):
    options, breaks, can_retry, reason = FAILURES[failure]
    tab = open_tab(**options)
    gate = breaks(tab, tmp_path) if breaks else None
    page = tab.page
    page.goto(server.url("guide/"))
    site_id = page.get_by_label("Site ID", exact=True)
    site_id.fill(DASHBOARD_URL)
    started = time.monotonic()
    if gate:
        gate.release(page)
    limit = FAILS_AFTER_BOOT_WITHIN_S if failure in AFTER_BOOT else FAILS_WITHIN_S
    notice = page.locator("[data-cc-notice]")
    notice.wait_for(state="visible", timeout=limit * 1000)
    assert time.monotonic() - started < limit
    assert f"cannot run here: {reason}." in notice.inner_text()
    link = notice.get_by_role("link")
    assert link.evaluate("(a) => a.href") == server.url("troubleshooting/#checker-unavailable")
    assert page.get_by_role("button", name="Try again").is_visible() == can_retry
    # Beside the fields, which keep their value and the keyboard's place.
    assert page.locator("[data-cc-checklist]").is_visible()
    assert page.locator("[data-cc-checklist]").inner_text().count("IST.") >= 1
    assert page.locator("[data-cc-app]").is_visible()
    assert site_id.input_value() == DASHBOARD_URL
    assert site_id.evaluate("(el) => el === document.activeElement")
    shown = page.locator("[data-credential-checker]").inner_text()
    assert not any(word in shown for word in NEVER_SHOWN), shown
    # The guide itself stays usable.
    assert page.get_by_role("heading", name="Check your values").is_visible()
    assert tab.errors == []


def test_a_stalled_load_shows_the_checklist_beside_the_fields_and_keeps_it(open_tab, server):
    tab = open_tab()
    # The wasm request gets no answer until the test says so: no new byte arrives.
    held = hold_wasm(tab.context)
    page = tab.page
    # The page's own clock, so 20 s without a byte pass at once (the worker's is real).
    page.clock.install()
    page.goto(server.url("guide/"))
    site_id = page.get_by_label("Site ID", exact=True)
    site_id.fill(DASHBOARD_URL)
    progress = page.locator("[data-cc-progress]")
    progress.get_by_text("Loading the checker").wait_for()
    while not held:
        page.wait_for_timeout(50)
    notice = page.locator("[data-cc-notice]")
    checklist = page.locator("[data-cc-checklist]")
    assert not checklist.is_visible(), "a load still receiving bytes is not stalled"
    # How much has arrived, of how much: the other files came, the wasm has not.
    # The first count may be a few kB ("0.0 of"), and the total holds the wasm only once the lock file
    # has named its size: wait for both.
    deadline = time.monotonic() + 30
    while True:
        counts = re.search(r"([\d.]+) of ([\d.]+) MB", progress.inner_text())
        arrived, expected = map(float, counts.groups()) if counts else (0.0, 0.0)
        if 0 < arrived < expected or time.monotonic() > deadline:
            break
        page.wait_for_timeout(100)
    assert 0 < arrived < expected, progress.inner_text()
    # Other files may still be arriving: move the clock on until 20 s pass with none.
    stall_ms = page.evaluate(
        "async (url) => (await import(url)).STALL_MS", server.url("assets/javascripts/checker-runtime.js")
    )
    for _ in range(20):
        page.clock.run_for(stall_ms + 1000)
        if notice.is_visible():
            break
        page.wait_for_timeout(200)
    assert "stalled" in notice.inner_text()
    assert "stalled" in page.locator("[data-cc-status]").text_content(), "a screen reader is told too"
    assert progress.is_visible() and "Loading the checker" in progress.inner_text()
    assert checklist.is_visible()
    assert page.get_by_role("button", name="Try again").is_visible()
    assert site_id.input_value() == DASHBOARD_URL
    assert site_id.evaluate("(el) => el === document.activeElement")
    # No fixed give-up: ten minutes later it still waits for the bytes.
    page.clock.run_for(10 * 60_000)
    assert "stalled" in notice.inner_text() and "cannot run" not in notice.inner_text()
    # From now on the checklist stays, whatever arrives: record every time it hides.
    page.evaluate("""() => {
      const list = document.querySelector("[data-cc-checklist]")
      window.__checklistHidden = 0
      new MutationObserver(() => { if (list.hidden) window.__checklistHidden++ })
        .observe(list, { attributes: true, attributeFilter: ["hidden"] })
    }""")
    for route in held:
        route.continue_()
    tab.context.unroute(WASM)
    wait_for_view(page, expected_view({"site_id": DASHBOARD_URL}, server.url()), timeout_s=60)
    assert checklist.is_visible()
    assert page.evaluate("window.__checklistHidden") == 0
    assert not notice.is_visible(), "the checker is ready: nothing to try again"
    assert tab.errors == []


def test_try_again_restarts_the_load_without_a_reload(open_tab, server):
    tab = open_tab()
    broken = [True]
    tab.context.route(
        WASM,
        lambda route: route.abort() if broken[0] else route.continue_(),
    )
    page = tab.page
    page.goto(server.url("guide/"))
    page.evaluate("window.__samePage = true")
    site_id = page.get_by_label("Site ID", exact=True)
    site_id.fill(DASHBOARD_URL)
    retry = page.get_by_role("button", name="Try again")
    retry.wait_for(timeout=FAILS_WITHIN_S * 1000)
    broken[0] = False
    retry.click()
    wait_for_view(page, expected_view({"site_id": DASHBOARD_URL}, server.url()), timeout_s=60)
    assert page.evaluate("window.__samePage") is True, "Try again reloaded the page"
    assert sum(url.endswith("/checker-worker.js") for url in tab.requests) == 2, "a new worker, not the failed one"
    assert not page.locator("[data-cc-notice]").is_visible()
    assert page.locator("[data-cc-checklist]").is_visible(), "the checklist stays once shown"
    assert site_id.input_value() == DASHBOARD_URL
    # Try again is gone with the trouble: the keyboard goes back to the field, not to the page's top.
    assert site_id.evaluate("(el) => el === document.activeElement")
    assert tab.errors == []


def test_the_support_report_names_the_failure_by_its_kind_only(open_tab, server):
    tab = open_tab(permissions=["clipboard-read", "clipboard-write"])
    tab.context.route(WASM, lambda route: route.abort())
    page = tab.page
    page.goto(server.url("guide/"))
    page.get_by_label("Site ID", exact=True).fill(DASHBOARD_URL)
    page.get_by_role("button", name="Try again").wait_for(timeout=FAILS_WITHIN_S * 1000)
    page.get_by_role("button", name="Copy a report for support").click()
    page.get_by_text("Report copied").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert re.fullmatch(r"The checker in the page could not run \((network|integrity|startup|check)\)\.", copied), (
        copied
    )


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
    wait_for_view(page, expected_view({"site_id": address}, server.url()))
    # The snapshot was refused, so Python booted plainly from the checked wheel.
    assert any(url.endswith(".snapshot") for url in tab.requests)
    assert any(url.endswith(".whl") for url in tab.requests)
    assert tab.errors == []


@pytest.mark.parametrize("foreign", ["another kind of file", "another layout"])
def test_a_snapshot_of_another_kind_or_layout_falls_back_even_when_its_hash_is_the_locked_one(
    open_tab, server, built_site, foreign
):
    # The site's own snapshot with its magic, or its layout's version, changed, and a lock file vouching for
    # those very bytes: only the header tells it apart.
    runtime = built_site / "assets" / "runtime"
    lock = json.loads((runtime / "pyodide-lock.json").read_text("utf-8"))
    data = bytearray((runtime / lock["checker"]["snapshot"]["file_name"]).read_bytes())
    assert data[: len(snapshot.MAGIC)] == snapshot.MAGIC
    if foreign == "another kind of file":
        data[:4] = b"\0asm"
    else:
        data[4:8] = struct.pack("<I", snapshot.FORMAT + 1)
    lock["checker"]["snapshot"]["sha256"] = hashlib.sha256(data).hexdigest()
    tab = open_tab()
    tab.context.route(
        "**/assets/runtime/*.snapshot",
        lambda route: route.fulfill(status=200, content_type="application/octet-stream", body=bytes(data)),
    )
    tab.context.route(
        "**/assets/runtime/pyodide-lock.json",
        lambda route: route.fulfill(status=200, content_type="application/json", body=json.dumps(lock)),
    )
    page = tab.page
    page.goto(server.url("guide/"))
    wait_ready(page)
    fill(page, site_id=SITE_ID)
    wait_for_view(page, expected_view({"site_id": SITE_ID}, server.url()))
    assert any(url.endswith(".snapshot") for url in tab.requests)
    assert any(url.endswith(".whl") for url in tab.requests), "the plain boot, from the checked wheel"
    assert tab.errors == []


def test_the_checker_boots_from_the_snapshot_when_it_can(open_tab, server):
    tab = open_tab()
    tab.page.goto(server.url("guide/"))
    wait_ready(tab.page)
    assert any(url.endswith(".snapshot") for url in tab.requests)
    # The checker is inside the snapshot: its wheel is never fetched.
    assert not any(url.endswith(".whl") for url in tab.requests)
