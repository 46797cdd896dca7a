"""What a host must do for the checker to work, asserted over HTTP against each server that serves the site.

Types (module workers and wasm streaming refuse anything else), the
precompressed siblings for a client that accepts them, the README's cache
policy, and the site's 404 page.
"""

from __future__ import annotations

import gzip
import http.client
from urllib.parse import urlsplit

import pytest

from harness import PAGES, StaticServer

TYPES = {
    "": "text/html",
    "guide/": "text/html",
    "assets/javascripts/checker-worker.js": "text/javascript",
    "assets/runtime/pyodide.mjs": "text/javascript",
    "assets/runtime/pyodide.asm.wasm": "application/wasm",
    "assets/runtime/pyodide-lock.json": "application/json",
    "assets/runtime/python_stdlib.zip": "application/zip",
}


def get(url: str, **headers: str) -> tuple[int, http.client.HTTPMessage, bytes]:
    """One GET, headers as given (no decompression, no redirects followed)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request("GET", target, headers={k.replace("_", "-"): v for k, v in headers.items()})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def host(built_site):
    """The tests' own server (``harness.StaticServer``), as the browser tests use it."""
    with StaticServer(built_site) as server:
        yield server


def test_the_page_list_is_the_built_site(built_site):
    built = sorted(p.parent.relative_to(built_site).as_posix() + "/" for p in built_site.rglob("index.html")
                   if "assets" not in p.parts and "search" not in p.parts)
    assert built == sorted("./" if p == "" else p for p in PAGES)


@pytest.mark.parametrize("path", list(TYPES))
def test_each_file_has_its_type(host, path):
    status, headers, _ = get(host.url(path))
    assert status == 200
    assert headers.get_content_type() == TYPES[path]
    assert headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("coding,suffix", [("gzip", ".gz"), ("br", ".br")])
def test_a_client_that_accepts_it_gets_the_precompressed_sibling(host, built_site, coding, suffix):
    siblings = sorted(built_site.rglob("*.wasm" + suffix))
    if not siblings:
        pytest.skip(f"the build wrote no {suffix} siblings")
    wasm = siblings[0].with_suffix("")
    path = wasm.relative_to(built_site).as_posix()
    status, headers, body = get(host.url(path), accept_encoding=f"{coding}, deflate")
    assert status == 200
    assert headers["Content-Encoding"] == coding
    assert headers.get_content_type() == "application/wasm"
    assert "Accept-Encoding" in headers.get("Vary", "")
    assert body == siblings[0].read_bytes()
    if coding == "gzip":
        assert gzip.decompress(body) == wasm.read_bytes()


def test_a_client_that_accepts_no_encoding_gets_the_file_itself(host, built_site):
    status, headers, body = get(host.url("assets/runtime/pyodide.mjs"), accept_encoding="identity")
    assert status == 200
    assert "Content-Encoding" not in headers
    assert body == (built_site / "assets/runtime/pyodide.mjs").read_bytes()


def test_the_snapshot_is_cached_for_good_and_everything_else_revalidated(host, built_site):
    snapshot = next(built_site.glob("assets/runtime/*.snapshot")).relative_to(built_site).as_posix()
    _, headers, _ = get(host.url(snapshot))
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    for path in ("", "guide/", "assets/runtime/pyodide-lock.json", "assets/runtime/pyodide.asm.wasm",
                 "assets/javascripts/checker-worker.js"):
        status, headers, _ = get(host.url(path))
        assert headers["Cache-Control"] == "no-cache", path
        assert headers["ETag"], path
        again, _, body = get(host.url(path), if_none_match=headers["ETag"])
        assert (again, body) == (304, b""), path


def test_a_missing_page_gets_the_sites_404_page(host, built_site):
    status, headers, body = get(host.url("no-such-page/"))
    assert status == 404
    assert headers.get_content_type() == "text/html"
    assert body == (built_site / "404.html").read_bytes()


def test_the_server_logs_every_request_with_its_query(host):
    host.requests.clear()
    get(host.url("guide/?q=1"))
    get(host.url("no-such-page/?q=2"))
    assert host.targets() == ["/guide/?q=1", "/no-such-page/?q=2"]
    assert [(r.path, r.status) for r in host.requests] == [("/guide/", 200), ("/no-such-page/", 404)]


def test_nothing_outside_a_mount_is_served(built_site):
    with StaticServer({"/help/wix/": built_site}) as server:
        assert get(server.url("guide/", mount="/help/wix/"))[0] == 200
        assert get(server.url("guide/"))[0] == 404
        status, headers, _ = get(server.url("guide", mount="/help/wix/"))
        assert (status, headers["Location"]) == (301, "/help/wix/guide/")
