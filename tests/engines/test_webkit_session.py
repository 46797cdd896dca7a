"""WebKit keeps what a page stores, as Safari does, and a crashed page costs one session, not the browser.

WebKitWebDriver's own MiniBrowser runs every automation session on an
ephemeral store; ``harness/engines/webkit_browser.py`` keeps the website data
in a profile directory instead. Here a small server of the test's own counts
what reaches it, so a response the HTTP cache kept is one it never sees again.
"""

from __future__ import annotations

import contextlib
import http.server
import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.engines import launch
from harness.engines.webkit import WebDriverError, WebKit

pytestmark = pytest.mark.webkit

PAGE = b"<!doctype html><meta charset=utf-8><title>profile</title><h1>profile</h1>"
WORKER = b"// registered, handles nothing"
KEEP = """async () => {
  const cache = await caches.open("kept")
  await cache.put("/kept", new Response("in Cache Storage"))
  await navigator.serviceWorker.register("/sw.js")
  await navigator.serviceWorker.ready
  return (await fetch("/cached")).text()
}"""
READ = """async () => {
  const kept = await (await caches.open("kept")).match("/kept")
  return {
    cacheStorage: kept ? await kept.text() : null,
    http: await (await fetch("/cached")).text(),
    worker: Boolean(await navigator.serviceWorker.getRegistration("/")),
  }
}"""
KEPT = {"cacheStorage": "in Cache Storage", "http": "max-age", "worker": True}


class _Origin(http.server.ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.hits: Counter[str] = Counter()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Origin

    def do_GET(self) -> None:
        self.server.hits[self.path] += 1
        body, kind, cache = {
            "/cached": (b"max-age", "text/plain", "max-age=3600"),
            "/sw.js": (WORKER, "text/javascript", "no-cache"),
        }.get(self.path, (PAGE, "text/html", "no-cache"))
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Cache-Control", cache)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def origin() -> Iterator[_Origin]:
    server = _Origin()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def _webkit(profile: Path) -> WebKit:
    from harness.engines import RecordingProxy

    proxy = RecordingProxy().__enter__()
    try:
        return WebKit(proxy, profile)
    except BaseException:
        proxy.__exit__(None, None, None)
        raise


def _written(profile: Path) -> bool:
    """Whether the disk cache has written a response's record (it does about a second after the response)."""
    return any(path.is_file() for path in profile.glob("cache/WebKitCache/*/Records/*/*/*"))


def _processes(parent: int) -> dict[int, str]:
    """The processes under ``parent``, by id, with their names."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry.name))
    found: dict[int, str] = {}
    todo = list(children.get(parent, []))
    while todo:
        pid = todo.pop()
        try:
            found[pid] = Path(f"/proc/{pid}/comm").read_text().strip()
        except OSError:
            continue
        todo += children.get(pid, [])
    return found


def test_what_a_page_keeps_survives_a_navigation_and_a_new_session_on_its_profile(origin, tmp_path):
    profile = tmp_path / "profile"
    browser = _webkit(profile)
    try:
        tab = browser.new_tab()
        tab.goto(origin.url + "/first")
        assert tab.evaluate(KEEP) == "max-age"
        tab.goto(origin.url + "/second")
        assert tab.evaluate(READ) == KEPT
        assert origin.hits["/cached"] == 1, "the HTTP cache did not keep the response across a navigation"
        deadline = time.monotonic() + 20
        while not _written(profile):
            assert time.monotonic() < deadline, "the disk cache wrote nothing"
            time.sleep(0.1)
    finally:
        browser.close()
    assert profile.is_dir(), "the browser deleted a profile it was given"

    browser = _webkit(profile)
    try:
        tab = browser.new_tab()
        tab.goto(origin.url + "/third")
        assert tab.evaluate(READ) == KEPT
        assert origin.hits["/cached"] == 1, "the HTTP cache did not keep the response for the next session"
    finally:
        browser.close()


def test_a_crashed_page_ends_its_session_and_the_next_tab_starts_another(origin):
    browser = launch("webkit")
    assert isinstance(browser, WebKit)
    try:
        tab = browser.new_tab()
        tab.goto(origin.url + "/first")
        assert tab.evaluate(KEEP) == "max-age"
        driver = browser._children[-1].pid  # noqa: SLF001 - the test finds the processes the driver started
        pages = [pid for pid, name in _processes(driver).items() if name.startswith("WebKitWebProces")]
        assert pages, f"no web process under the driver: {_processes(driver)}"
        for pid in pages:
            os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 20
        while not browser.lost:
            assert time.monotonic() < deadline, "the driver kept the session of a crashed page"
            with contextlib.suppress(WebDriverError):  # the first answers may be the crash's own errors
                tab.evaluate("() => document.title")
            time.sleep(0.2)
        tab.close()

        tab = browser.new_tab()
        tab.goto(origin.url + "/second")
        assert tab.evaluate(READ)["cacheStorage"] == "in Cache Storage"
        tab.close()
    finally:
        browser.close()
