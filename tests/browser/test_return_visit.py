"""A return visit boots the checker from the snapshot an earlier visit kept expanded in Cache Storage
(checker-snapshot.js): no request for the snapshot, nothing to decode. Anything off with what is kept
falls back to the served file; nothing typed is ever kept.
"""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from playwright.sync_api import Page

from harness import ACCOUNT_ID, API_KEY, CHECKER_PAGE, SITE_ID, chromium
from harness.checker_page import UNSEEN_VALUES, WORKER_MESSAGES, typed_pieces_stored

from .browser_helpers import EXPANDED_SNAPSHOT_CACHE, expected_view, fill, wait_for_view
from .test_checker_boot import fetched, wait_ready

pytestmark = pytest.mark.browser

VALUES = {"api_key": API_KEY, "account_id": ACCOUNT_ID, "site_id": SITE_ID}
# Until the worker has written the expanded snapshot (a little after the first answer): megabytes.
KEPT = """async ([name, url]) => {
  const kept = await (await caches.open(name)).match(url)
  return !!kept && (await kept.arrayBuffer()).byteLength > 1e6
}"""


def _snapshot(built_site) -> dict[str, str]:
    lock = json.loads((built_site / "assets/runtime/pyodide-lock.json").read_text("utf-8"))
    return lock["checker"]["snapshot"]


def _expanded_url(server, snapshot: dict[str, str]) -> str:
    return server.url(f"assets/runtime/expanded-snapshot/{snapshot['sha256']}")


def _wait_until_kept(page, url: str, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(KEPT, [EXPANDED_SNAPSHOT_CACHE, url]):
        assert time.monotonic() < deadline, "the worker never kept the expanded snapshot"
        time.sleep(0.25)


def _wait_for_cache_index(profile: Path, since: float, timeout_s: float = 30) -> None:
    """Until Chromium has written its Cache Storage index after ``since`` (a time.time()): it does so a few
    seconds after a write, and a browser closed before that forgets the write (the next visit then boots
    from the served file).
    """
    deadline = time.monotonic() + timeout_s
    indexes = "Default/Service Worker/CacheStorage/*/index.txt"
    name = EXPANDED_SNAPSHOT_CACHE.encode()
    while not any(i.stat().st_mtime > since and name in i.read_bytes() for i in profile.glob(indexes)):
        assert time.monotonic() < deadline, "Chromium never wrote its Cache Storage index"
        time.sleep(0.2)


def _visit(context, server, *, values: dict[str, str] = VALUES) -> tuple[Page, dict]:
    """A new tab on the checker, the values typed and answered; the page and the worker's ready message."""
    page = context.new_page()
    page.goto(server.url(CHECKER_PAGE))
    fill(page, **values)
    ready = wait_ready(page)
    wait_for_view(page, expected_view(values, server.url()), timeout_s=30)
    return page, ready


def first_visit(context, server, snapshot: dict[str, str]) -> Page:
    """A profile's first visit to the checker: it boots from the served snapshot, then keeps it expanded."""
    context.add_init_script(WORKER_MESSAGES)
    page, ready = _visit(context, server)
    assert (ready["strategy"], ready["snapshot"]) == ("snapshot", "served")
    _wait_until_kept(page, _expanded_url(server, snapshot))
    return page


def test_a_return_visit_boots_from_the_expanded_snapshot_without_asking_for_it(browser, server, built_site, tmp_path):
    snapshot = _snapshot(built_site)
    # A real profile on disk, closed and opened again between the visits, as a merchant's browser.
    launcher = SimpleNamespace(chromium=browser.browser_type)
    context = chromium.launch_persistent(launcher, tmp_path / "profile")
    try:
        first_visit(context, server, snapshot)
        _wait_for_cache_index(tmp_path / "profile", since=time.time())
    finally:
        context.close()

    context = chromium.launch_persistent(launcher, tmp_path / "profile")
    try:
        context.add_init_script(WORKER_MESSAGES)
        since = len(server.requests)
        _, ready = _visit(context, server, values={"site_id": SITE_ID})
        assert (ready["strategy"], ready["snapshot"]) == ("snapshot", "expanded")
        assert fetched(server, since, snapshot["file_name"]) == 0, "the return visit asked for the snapshot"
    finally:
        context.close()


def test_a_kept_snapshot_with_a_wrong_header_falls_back_and_another_builds_is_deleted(open_tab, server, built_site):
    snapshot = _snapshot(built_site)
    tab = open_tab(init_scripts=(WORKER_MESSAGES,))
    tab.page.goto(server.url("404.html"))
    stale = server.url(f"assets/runtime/expanded-snapshot/{hashlib.sha256(b'another build').hexdigest()}")
    tab.page.evaluate(
        """async ([name, urls]) => {
          const cache = await caches.open(name)
          for (const url of urls) await cache.put(url, new Response("not a snapshot"))
        }""",
        [EXPANDED_SNAPSHOT_CACHE, [_expanded_url(server, snapshot), stale]],
    )
    since = len(server.requests)
    page, ready = _visit(tab.context, server)
    assert (ready["strategy"], ready["snapshot"]) == ("snapshot", "served")
    assert fetched(server, since, snapshot["file_name"]) == 1
    # The one it booted from is kept in its place; the other build's is gone.
    _wait_until_kept(page, _expanded_url(server, snapshot))
    kept = page.evaluate(
        "async (name) => (await (await caches.open(name)).keys()).map((r) => r.url)", EXPANDED_SNAPSHOT_CACHE
    )
    assert kept == [_expanded_url(server, snapshot)]
    page, ready = _visit(tab.context, server)
    assert ready["snapshot"] == "expanded"


def test_a_kept_snapshot_python_cannot_boot_from_falls_back_to_the_plain_boot_and_is_replaced(
    open_tab, server, built_site
):
    """The header and layout right, the memory not Pyodide's (all zeros): Pyodide refuses it, the checker
    boots plain, and the snapshot fetched for the next visit takes its place.
    """
    snapshot = _snapshot(built_site)
    tab = open_tab(init_scripts=(WORKER_MESSAGES,))
    tab.page.goto(server.url("404.html"))
    tab.page.evaluate(
        """async ([name, url]) => {
          const size = 1 << 20
          const whole = new Uint8Array(24 + size)
          whole.set([..."CKSP"].map((c) => c.charCodeAt(0)))
          const words = new DataView(whole.buffer)
          for (const [i, word] of [1, size, 1, 0, size].entries()) words.setUint32(4 * (i + 1), word, true)
          await (await caches.open(name)).put(url, new Response(whole))
        }""",
        [EXPANDED_SNAPSHOT_CACHE, _expanded_url(server, snapshot)],
    )
    page, ready = _visit(tab.context, server)
    assert ready["strategy"] == "plain"
    deadline = time.monotonic() + 60
    while True:  # replaced by the served snapshot, expanded: tens of megabytes, not the one planted
        size = page.evaluate(
            "async ([name, url]) => (await (await (await caches.open(name)).match(url))?.arrayBuffer())?.byteLength",
            [EXPANDED_SNAPSHOT_CACHE, _expanded_url(server, snapshot)],
        )
        if size and size > 24 + (1 << 20):
            break
        assert time.monotonic() < deadline, "the planted snapshot was never replaced"
        time.sleep(0.25)
    page, ready = _visit(tab.context, server)
    assert (ready["strategy"], ready["snapshot"]) == ("snapshot", "expanded")


def test_nothing_typed_reaches_cache_storage_or_indexeddb(open_tab, server, built_site):
    """All three fields filled, answered, and the snapshot kept: every stored byte of the origin is read.
    Every key shares its header and the payload's field names with the keys the site's own examples show,
    so the pieces the served snapshot already holds say nothing; every other piece counts.
    """
    snapshot = _snapshot(built_site)
    tab = open_tab(init_scripts=(WORKER_MESSAGES,))
    page, ready = _visit(tab.context, server, values=UNSEEN_VALUES)
    assert ready["strategy"] == "snapshot"
    _wait_until_kept(page, _expanded_url(server, snapshot))
    # A return visit that answers again, from the kept snapshot.
    page, ready = _visit(tab.context, server, values=UNSEEN_VALUES)
    assert ready["snapshot"] == "expanded"
    served = (built_site / "assets/runtime" / snapshot["file_name"]).read_bytes()
    found, entries = typed_pieces_stored(page, UNSEEN_VALUES, served)
    assert entries >= 1, "nothing was read: the expanded snapshot should be there"
    assert found == []
