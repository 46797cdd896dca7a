"""The built site served on 127.0.0.1, and Debian's Chromium driven by Playwright.

The server mounts the same site twice, at ``/`` and under ``/help/wix/`` (a
sub-path deployment), and records the path of every request it answers, so
tests can check server-side that no request carried a typed value.
"""

from __future__ import annotations

import functools
import http.server
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser_helpers import new_tab

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SUBPATH = "/help/wix/"
ROOT = Path(__file__).resolve().parents[2]
#: Every page of the site, as paths relative to the site root.
PAGES = ["", "guide/", "limitations/", "manage-key/", "troubleshooting/"]


class _Handler(http.server.SimpleHTTPRequestHandler):
    # Module scripts and workers are refused as text/plain; wasm streaming needs application/wasm.
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
        ".whl": "application/zip",
        ".zip": "application/zip",
    }

    def __init__(self, *args, log: list[str], lock: threading.Lock, **kwargs):
        self._log = log
        self._lock = lock
        super().__init__(*args, **kwargs)

    def translate_path(self, path):
        parts = urlsplit(path)
        route = parts.path
        if route.startswith(SUBPATH):
            route = "/" + route[len(SUBPATH):]
        return super().translate_path(route + (f"?{parts.query}" if parts.query else ""))

    def send_head(self):
        with self._lock:
            self._log.append(self.path)
        return super().send_head()

    def end_headers(self):
        # Revalidate every time: a test must see what the site serves now.
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format, *args):
        pass


@dataclass
class Server:
    origin: str
    log: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, page: str = "", *, subpath: bool = False) -> str:
        return self.origin + (SUBPATH if subpath else "/") + page

    def requests(self) -> list[str]:
        with self.lock:
            return list(self.log)


@pytest.fixture(scope="session")
def server(built_site):
    log: list[str] = []
    lock = threading.Lock()
    handler = functools.partial(_Handler, directory=str(built_site), log=log, lock=lock)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(f"http://127.0.0.1:{httpd.server_address[1]}", log, lock)
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def open_tab(browser):
    """``open_tab(**context_options)`` → a Tab; closed after the test."""
    contexts = []

    def _open(*, init_scripts: tuple[str, ...] = (), **options) -> Tab:
        tab = new_tab(browser, init_scripts=init_scripts, **options)
        contexts.append(tab.context)
        return tab

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    return (ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text("utf-8")
