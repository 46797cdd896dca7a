"""The README's `make serve` path: `mkdocs serve` serves the runtime with the right types,
its live reload passes the CSP, and the checker works there.
"""

from __future__ import annotations

import urllib.request

import pytest

from harness import ROOT, SITE_ID
from harness.dev_server import dev_server as run_dev_server

from .browser_helpers import fill, new_tab, wait_ready

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def dev_server(tmp_path_factory):
    with run_dev_server(ROOT, tmp_path_factory.mktemp("serve") / "mkdocs-serve.log") as server:
        yield server


@pytest.mark.parametrize(
    ("path", "types"),
    [
        ("assets/javascripts/checker-worker.js", {"text/javascript", "application/javascript"}),
        ("assets/runtime/pyodide.mjs", {"text/javascript", "application/javascript"}),
        ("assets/runtime/pyodide.asm.wasm", {"application/wasm"}),
        ("assets/runtime/pyodide-lock.json", {"application/json"}),
    ],
)
def test_the_dev_server_serves_the_runtime_with_its_type(dev_server, path, types):
    url = dev_server.url
    with urllib.request.urlopen(url + path, timeout=10) as response:
        assert response.headers.get_content_type() in types


def test_the_checker_works_under_the_dev_server(browser, dev_server):
    url, log = dev_server.url, dev_server.log
    tab = new_tab(browser)
    try:
        page = tab.page
        page.goto(url + "guide/")
        wait_ready(page)
        fill(page, site_id=f"https://manage.wix.com/dashboard/{SITE_ID}/home")
        page.get_by_role("button", name=f"Use {SITE_ID}").wait_for()
        # The live-reload poller runs as a file, so the CSP has nothing to refuse.
        assert page.locator('script[src$="assets/javascripts/livereload.js"]').count() == 1
        assert page.evaluate("window.__csp") == []
        assert tab.errors == []
        # Staging rewrote nothing, so the watcher saw no change: no endless rebuilds.
        assert "Detected file changes" not in log.read_text()
    finally:
        tab.context.close()


def test_the_dev_server_keeps_no_service_worker(browser, dev_server):
    # A writer sees each edit at once: sw.js there is the worker that removes itself, and no page asks for it.
    with urllib.request.urlopen(dev_server.url + "sw.js", timeout=10) as response:
        worker = response.read().decode("utf-8")
    assert "registration.unregister()" in worker and "const SITE" not in worker
    tab = new_tab(browser, service_workers="allow")
    try:
        tab.page.goto(dev_server.url)
        tab.page.wait_for_load_state("load")
        tab.page.wait_for_timeout(1000)  # the page's script starts once the page has loaded
        assert not [url for url in tab.requests if url.endswith("/sw.js")], "a page asked for the service worker"
        assert tab.page.evaluate("async () => (await navigator.serviceWorker.getRegistrations()).length") == 0
    finally:
        tab.context.close()
