"""What every host of the site must do, asserted over HTTP against the real nginx and Caddy
with the configs in deploy/, Cloudflare Pages' own runtime (wrangler) with the _headers
every build writes, and the tests' own server.

Types (module workers and wasm streaming refuse anything else), the
precompressed siblings for a client that accepts them, the cache policy, the
security headers on every response, and the site's 404 page. The expected
values come from sitebuild/hosting/responses.py, the one place they are written.
"""

from __future__ import annotations

import gzip
import http.client
import mimetypes
import time
from urllib.parse import urlsplit

import brotli
import pytest

from harness import PAGES, Caddy, HostMissing, Nginx, StaticServer, Wrangler, settled
from sitebuild import dev_server
from sitebuild.hosting import configs, responses

HOSTS = {"nginx": Nginx, "caddy": Caddy, "python": StaticServer, "wrangler": Wrangler}
DECODE = {"gzip": gzip.decompress, "br": brotli.decompress}
#: What Chromium sends on plain-HTTP loopback.
CHROMIUM_ENCODINGS = "gzip, deflate, br, zstd"
SAMPLES = (
    "",
    "guide/",
    "assets/javascripts/checker-worker.js",
    "assets/runtime/pyodide.mjs",
    "assets/runtime/pyodide.asm.wasm",
    "assets/runtime/pyodide-lock.json",
    "assets/runtime/python_stdlib.zip",
    "sitemap.xml",
)


def get(url: str, **headers: str) -> tuple[int, http.client.HTTPMessage, bytes]:
    """One GET with exactly these headers (no decompression, no redirect followed)."""
    parts = urlsplit(url)
    assert parts.hostname, url
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request("GET", target, headers={k.replace("_", "-"): v for k, v in headers.items()})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def _host(kind: str, roots):
    try:
        return HOSTS[kind](roots)
    except HostMissing as error:  # say what to install, without a traceback
        raise pytest.fail.Exception(str(error), pytrace=False) from None


@pytest.fixture(scope="module", params=list(HOSTS))
def host(request, built_site):
    with _host(request.param, built_site) as server:
        yield server


def _wheel_and_snapshot(site) -> list[str]:
    return [
        p.relative_to(site).as_posix()
        for p in sorted(site.glob("assets/runtime/*"))
        if p.suffix in (".whl", ".snapshot")
    ]


def test_the_page_list_is_the_built_site(built_site):
    built = sorted(
        p.parent.relative_to(built_site).as_posix() + "/"
        for p in built_site.rglob("index.html")
        if "assets" not in p.parts and "search" not in p.parts
    )
    assert built == sorted("./" if p == "" else p for p in PAGES)


def test_the_deploy_configs_and_the_meta_policy_are_current():
    assert configs.stale() == [], "run: .venv/bin/python -m sitebuild.hosting"


def test_mkdocs_serve_gives_each_file_the_hosts_type(monkeypatch):
    # `mkdocs serve` answers with mimetypes' guess: the build registers the hosts' types there.
    monkeypatch.setattr(mimetypes, "_db", mimetypes.MimeTypes())  # Python's own types, not the machine's
    dev_server.register_mime_types()
    suffixes = [suffix for suffixes in responses.TYPES.values() for suffix in suffixes]
    served = {suffix: mimetypes.guess_type("file." + suffix)[0] for suffix in suffixes}
    assert served == {suffix: responses.content_type("file." + suffix) for suffix in suffixes}


def test_the_pages_carry_the_policy_a_meta_tag_can_hold(built_site):
    html = (built_site / "guide" / "index.html").read_text("utf-8")
    assert f'<meta http-equiv="Content-Security-Policy" content="{responses.policy(meta=True)}">' in html
    assert "frame-ancestors" not in responses.policy(meta=True) and "frame-ancestors" in responses.policy()


def test_the_build_writes_headers_for_static_hosts(built_site):
    written = (built_site / "_headers").read_text("utf-8")
    assert written == configs.headers_file(built_site)
    snapshot = next(built_site.glob("assets/runtime/*.snapshot")).relative_to(built_site).as_posix()
    assert f"/{snapshot}\n  Cache-Control: {responses.CACHE_IMMUTABLE}\n" in written
    for name, value in responses.SECURITY_HEADERS.items():
        assert f"\n  {name}: {value}\n" in written


@pytest.mark.parametrize("path", [*SAMPLES, "wheel and snapshot"])
def test_each_file_has_its_type(host, built_site, path):
    for each in _wheel_and_snapshot(built_site) if path == "wheel and snapshot" else [path]:
        status, headers, _ = get(host.url(each), accept_encoding=CHROMIUM_ENCODINGS)
        assert status == 200, each
        file = each + "index.html" if each == "" or each.endswith("/") else each
        expected = responses.content_type(file)
        if isinstance(host, Wrangler):
            expected = host.differing_types.get(file.rpartition(".")[2], expected)
        assert headers.get_content_type() == expected, each


def test_every_response_carries_the_security_headers(host, built_site):
    (snapshot,) = [p for p in _wheel_and_snapshot(built_site) if p.endswith(".snapshot")]
    _, first, _ = get(host.url("guide/"))
    answers = {
        "page": get(host.url("guide/"), accept_encoding=CHROMIUM_ENCODINGS),
        "worker script": get(host.url("assets/javascripts/checker-worker.js"), accept_encoding=CHROMIUM_ENCODINGS),
        "snapshot": get(host.url(snapshot), accept_encoding=CHROMIUM_ENCODINGS),
        "not modified": get(host.url("guide/"), if_none_match=first["ETag"]),
        "not found": get(host.url("no-such-page/")),
        "redirect": get(host.url("guide")),
    }
    assert [r[0] for r in answers.values()] == [200, 200, 200, 304, 404, answers["redirect"][0]]
    assert answers["redirect"][0] in (301, 308)
    for kind, (_, headers, _) in answers.items():
        for name, value in responses.SECURITY_HEADERS.items():
            assert headers.get_all(name) == [value], (kind, name)


def test_the_service_worker_is_checked_on_every_visit_under_the_policy(host, built_site):
    # Browsers look for a new build's worker by fetching sw.js again: it is never kept. As a worker it takes its
    # policy from its own response, which also allows it (worker-src) in the page's.
    status, headers, body = get(host.url("sw.js"), accept_encoding="identity")
    assert status == 200
    assert body == (built_site / "sw.js").read_bytes()
    expected = responses.content_type("sw.js")
    if isinstance(host, Wrangler):
        expected = host.differing_types.get("js", expected)
    assert headers.get_content_type() == expected
    assert headers["Cache-Control"] == responses.CACHE_REVALIDATE
    for name, value in responses.SECURITY_HEADERS.items():
        assert headers.get_all(name) == [value], name
    assert "worker-src 'self'" in responses.policy() and "worker-src 'self'" in responses.policy(meta=True)


@pytest.mark.parametrize(
    ("asked", "sent_to"),
    [
        ("guide", "/guide/"),
        ("troubleshooting?ref=ticket-1042&lang=en%20GB", "/troubleshooting/?ref=ticket-1042&lang=en%20GB"),
    ],
)
def test_a_page_without_its_slash_goes_to_the_page_with_its_query(host, asked, sent_to):
    # A link typed or pasted without the slash (a ticket's, a tracking query) still reaches the page.
    status, headers, _ = get(host.url(asked))
    assert (status, headers["Location"]) in ((301, sent_to), (308, sent_to))


@pytest.mark.parametrize(
    ("accepts", "coding", "suffix"),
    [
        (CHROMIUM_ENCODINGS, "br", ".br"),
        ("gzip", "gzip", ".gz"),
        ("br", "br", ".br"),
    ],
)
def test_a_client_gets_the_precompressed_sibling_it_accepts(host, built_site, accepts, coding, suffix):
    if isinstance(host, Wrangler):
        pytest.skip("the CDN compresses responses itself: test_the_cdn_sends_what_a_client_accepts")
    siblings = _siblings(built_site, suffix)
    if not siblings and coding == "br" and accepts == CHROMIUM_ENCODINGS:
        coding, suffix, siblings = "gzip", ".gz", _siblings(built_site, ".gz")  # no .br yet: gzip
    if not siblings:
        pytest.skip(f"the build wrote no {suffix} siblings")
    for sibling in siblings:
        original = sibling.with_suffix("")
        path = original.relative_to(built_site).as_posix()
        status, headers, body = get(host.url(path), accept_encoding=accepts)
        assert status == 200, path
        assert headers["Content-Encoding"] == coding, path
        assert headers.get_content_type() == responses.content_type(path), path
        assert "accept-encoding" in headers.get("Vary", "").lower(), path
        assert body == sibling.read_bytes(), path
        if coding == "gzip":
            assert gzip.decompress(body) == original.read_bytes(), path


@pytest.mark.parametrize("accepts", [CHROMIUM_ENCODINGS, "gzip", "br"])
def test_the_cdn_sends_what_a_client_accepts(host, built_site, accepts):
    """What a browser gets from Cloudflare for each file the build precompresses: an encoding it asked for
    (the edge picks which), or the file itself for a type the CDN does not compress.
    """
    if not isinstance(host, Wrangler):
        pytest.skip("a server with the build's siblings: test_a_client_gets_the_precompressed_sibling_it_accepts")
    accepted = [coding.strip() for coding in accepts.split(",")]
    for sibling in _siblings(built_site, ".gz"):
        original = sibling.with_suffix("")
        path = original.relative_to(built_site).as_posix()
        # Asked as a browser asks: the CDN sends /index.html on to its folder.
        status, headers, body = get(host.url(path.removesuffix("index.html")), accept_encoding=accepts)
        assert status == 200, path
        coding = headers["Content-Encoding"]
        if headers.get_content_type() in host.uncompressed_types:
            assert coding is None, path
        else:
            assert coding in accepted, path
        assert (DECODE[coding](body) if coding else body) == original.read_bytes(), path


def _siblings(site, suffix):
    """The runtime's siblings (the large files the encoding is for) and a page's."""
    return [s for s in [*sorted(site.glob(f"assets/runtime/*{suffix}")), site / f"index.html{suffix}"] if s.is_file()]


def test_a_client_that_accepts_no_encoding_gets_the_file_itself(host, built_site):
    status, headers, body = get(host.url("assets/runtime/pyodide.asm.wasm"), accept_encoding="identity")
    assert status == 200
    assert "Content-Encoding" not in headers
    assert body == (built_site / "assets/runtime/pyodide.asm.wasm").read_bytes()


def test_the_snapshot_is_cached_for_good_and_everything_else_revalidated(host, built_site):
    # The _headers file sets Cache-Control for the snapshot only: the CDN's own default revalidates the rest.
    revalidate = responses.STATIC_HOST_REVALIDATE if isinstance(host, Wrangler) else responses.CACHE_REVALIDATE
    for path in _wheel_and_snapshot(built_site) + list(SAMPLES):
        _, headers, _ = get(host.url(path), accept_encoding=CHROMIUM_ENCODINGS)
        expected = responses.cache_control("/" + path)
        assert headers["Cache-Control"] == (revalidate if expected == responses.CACHE_REVALIDATE else expected), path
        if expected == responses.CACHE_REVALIDATE:
            assert headers["ETag"] or headers["Last-Modified"], path
            again, _, body = get(host.url(path), accept_encoding=CHROMIUM_ENCODINGS, if_none_match=headers["ETag"])
            assert (again, body) == (304, b""), path
    assert any(p.endswith(".snapshot") for p in _wheel_and_snapshot(built_site))


def test_a_missing_page_gets_the_sites_404_page(host, built_site):
    status, headers, body = get(host.url("no-such-page/"))
    assert status == 404
    assert headers.get_content_type() == "text/html"
    assert body == (built_site / "404.html").read_bytes()
    status, headers, _ = get(host.url("assets/javascripts/no-such-script.js"))
    assert (status, headers.get_content_type()) == (404, "text/html")


def test_the_server_logs_every_request_with_its_query(host):
    if isinstance(host, Wrangler):
        pytest.skip("wrangler's request log holds no query (nor size or encoding): the other hosts' is tested")
    settled(host.requests, quiet_s=0.5, timeout_s=5)  # an earlier test's last line may still be on its way
    host.requests.clear()
    get(host.url("guide/?q=1"))
    get(host.url("no-such-page/?q=2"))
    deadline = time.monotonic() + 5
    while len(host.requests) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)  # nginx writes the line once the response is sent
    assert host.targets() == ["/guide/?q=1", "/no-such-page/?q=2"]
    assert [(r.path, r.status) for r in host.requests] == [("/guide/", 200), ("/no-such-page/", 404)]


@pytest.mark.parametrize("kind", list(HOSTS))
def test_a_site_mounted_in_a_sub_path_is_served_only_there(built_site, kind):
    server = _host(kind, {"/help/wix/": built_site})
    with server:
        assert get(server.url("guide/", mount="/help/wix/"))[0] == 200
        assert get(server.url("guide/"))[0] == 404
        status, headers, _ = get(server.url("guide", mount="/help/wix/"))
        assert status in (301, 308) and headers["Location"].endswith("/help/wix/guide/")
