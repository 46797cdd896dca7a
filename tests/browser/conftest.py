"""The built site served on 127.0.0.1, and Debian's Chromium driven by Playwright.

The server mounts the site twice: at ``/`` as ``mkdocs build`` makes it, and
under ``/help/wix/`` as a sub-path deployment built with its own address. It
records the path of every request it answers, so tests can check server-side
that no request carried a typed value.
"""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser_helpers import new_tab

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

    def __init__(self, *args, server: "Server", **kwargs):
        self._server = server
        super().__init__(*args, **kwargs)

    def translate_path(self, path):
        route = urlsplit(path).path
        # The longest mount that holds the path serves it.
        for prefix in sorted(self._server.mounts, key=len, reverse=True):
            if route.startswith(prefix):
                self.directory = str(self._server.mounts[prefix])
                route = "/" + route[len(prefix):]
                break
        return super().translate_path(route)

    def send_head(self):
        with self._server.lock:
            self._server.log.append(self.path)
        return super().send_head()

    def end_headers(self):
        # Revalidate every time: a test must see what the site serves now.
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format, *args):
        pass


@dataclass
class Server:
    origin: str = ""
    mounts: dict[str, Path] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, page: str = "", *, subpath: bool = False) -> str:
        return self.origin + (SUBPATH if subpath else "/") + page

    def requests(self) -> list[str]:
        with self.lock:
            return list(self.log)


def _build_for(url: str, dest: Path) -> None:
    """The real build for a deployment at ``url`` (SITE_URL sets mkdocs.yml's site_url).

    Material's instant navigation only follows links listed in sitemap.xml,
    which lists pages only when site_url is set.
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": url}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(dest)],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    if result.returncode != 0:
        pytest.fail(f"mkdocs build for {url} failed:\n{result.stdout}\n{result.stderr}")


@pytest.fixture(scope="session")
def server(built_site, tmp_path_factory):
    """``/``: the site as ``mkdocs build`` makes it (no site_url). ``/help/wix/``: the
    same site deployed in a sub-path with its address configured."""
    state = Server()
    handler = functools.partial(_Handler, server=state)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    state.origin = f"http://127.0.0.1:{httpd.server_address[1]}"
    state.mounts["/"] = built_site
    deployed = tmp_path_factory.mktemp("deployed")
    _build_for(state.url(subpath=True), deployed)
    state.mounts[SUBPATH] = deployed
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


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
