"""The engines benchmark's HTTPS link (production is HTTPS, and WebKit asks for Brotli only there): the tests'
server over TLS with a certificate made at run time, through the recording proxy's tunnel and the shaped link.
"""

from __future__ import annotations

import gzip
import http.client
import socket
import ssl
from types import SimpleNamespace

import brotli
import pytest

from harness import Nginx, StaticServer, chromium
from harness.engines import ENGINES, EngineMissing, RecordingProxy, launch
from harness.shaping import Profile, ShapedLink
from harness.tls import LocalCertificate

TEXT = b"const runtime = 'the same bytes in every encoding'\n" * 400
#: What WebKitGTK 2.50 sends over HTTPS, and over plain HTTP.
WEBKIT_HTTPS, WEBKIT_HTTP = "gzip, deflate, br", "gzip, deflate"
DECODE = {"br": brotli.decompress, "gzip": gzip.decompress, None: bytes}


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> LocalCertificate:
    return LocalCertificate.make(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = tmp_path_factory.mktemp("site")
    (site / "runtime.js").write_bytes(TEXT)
    (site / "runtime.js.br").write_bytes(brotli.compress(TEXT))
    (site / "runtime.js.gz").write_bytes(gzip.compress(TEXT))
    (site / "index.html").write_text('<!doctype html><title>site</title><script src="runtime.js"></script>')
    return site


def get_over_tls(sock: socket.socket, certificate: LocalCertificate, accepts: str) -> http.client.HTTPResponse:
    """GET /runtime.js over ``sock`` (connected), verifying the server's certificate against its authority only."""
    connection = http.client.HTTPSConnection("127.0.0.1", context=certificate.client_context(), timeout=30)
    connection.sock = certificate.client_context().wrap_socket(sock, server_hostname="127.0.0.1")
    connection.request("GET", "/runtime.js", headers={"Accept-Encoding": accepts})
    response = connection.getresponse()
    response.body = response.read()  # type: ignore[attr-defined]
    return response


@pytest.mark.parametrize(("accepts", "coding"), [(WEBKIT_HTTPS, "br"), (WEBKIT_HTTP, "gzip"), ("identity", None)])
def test_the_tls_server_sends_the_sibling_the_client_accepts(certificate, site, accepts, coding) -> None:
    with StaticServer(site, tls=certificate.server_context()) as server:
        assert server.url().startswith("https://127.0.0.1:")
        port = int(server.origin.rsplit(":", 1)[1])
        response = get_over_tls(socket.create_connection(("127.0.0.1", port)), certificate, accepts)

    assert response.status == 200
    assert response.headers["Content-Encoding"] == coding
    assert DECODE[coding](response.body) == TEXT  # type: ignore[attr-defined]
    assert [(r.path, r.encoding) for r in server.requests] == [("/runtime.js", coding)]


def test_a_client_that_does_not_trust_the_certificate_is_refused(certificate, site) -> None:
    with StaticServer(site, tls=certificate.server_context()) as server:
        port = int(server.origin.rsplit(":", 1)[1])
        with pytest.raises(ssl.SSLCertVerificationError):
            ssl.create_default_context().wrap_socket(
                socket.create_connection(("127.0.0.1", port)), server_hostname="127.0.0.1"
            )


def connect(proxy: RecordingProxy, target: str) -> tuple[socket.socket, bytes]:
    """A connection to ``proxy`` after ``CONNECT target``, and the proxy's answer."""
    sock = socket.create_connection(("127.0.0.1", proxy.port), timeout=30)
    sock.sendall(f"CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n\r\n".encode())
    answer = b""
    while b"\r\n\r\n" not in answer and (data := sock.recv(1)):
        answer += data
    return sock, answer


def test_https_goes_through_the_proxys_tunnel_and_the_shaped_link_counting_every_byte(certificate, site) -> None:
    with (
        StaticServer(site, tls=certificate.server_context()) as server,
        ShapedLink(int(server.origin.rsplit(":", 1)[1]), Profile("fast", 100, 2), scheme="https") as link,
        RecordingProxy(tunnel=True) as proxy,
    ):
        assert link.url.startswith("https://")
        sock, answer = connect(proxy, f"127.0.0.1:{link.port}")
        assert answer.startswith(b"HTTP/1.1 200")
        response = get_over_tls(sock, certificate, WEBKIT_HTTPS)
        sock.close()

        assert response.headers["Content-Encoding"] == "br"
        assert brotli.decompress(response.body) == TEXT  # type: ignore[attr-defined]
        # The body and the TLS around it: what the bench counts before a verdict.
        assert link.delivered > len(response.body)  # type: ignore[attr-defined]
        assert [(seen.method, seen.url) for seen in proxy.seen] == [("CONNECT", f"127.0.0.1:{link.port}")]


@pytest.mark.parametrize(
    ("tunnel", "target"), [(False, "127.0.0.1:{port}"), (True, "example.com:443"), (True, "10.0.0.1:{port}")]
)
def test_the_proxy_tunnels_only_when_told_and_only_to_loopback(site, tunnel, target) -> None:
    with StaticServer(site) as server, RecordingProxy(tunnel=tunnel) as proxy:
        port = server.origin.rsplit(":", 1)[1]
        sock, answer = connect(proxy, target.format(port=port))
        sock.close()

    assert answer.startswith(b"HTTP/1.1 403")
    assert server.requests == []


@pytest.mark.webkit
def test_webkit_asks_for_brotli_over_the_https_link(certificate, site) -> None:
    with StaticServer(site, tls=certificate.server_context()) as server:
        try:
            browser = launch("webkit", https=True)
        except EngineMissing as error:
            pytest.fail(str(error))
        try:
            tab = browser.new_tab()
            tab.goto(server.url())
            tab.wait_for("() => document.title === 'site'", message="the page over HTTPS")
            tab.wait_for("() => performance.getEntriesByType('resource').length > 0", message="its script")
        finally:
            browser.close()

    assert ("/runtime.js", "br") in [(r.path, r.encoding) for r in server.requests]


PROTOCOL = """() => [performance.getEntriesByType("navigation")[0], ...performance.getEntriesByType("resource")]
  .map((entry) => entry.nextHopProtocol)"""


@pytest.mark.parametrize("engine", [pytest.param(name, marks=getattr(pytest.mark, name)) for name in ENGINES])
def test_every_engine_gets_http2_and_brotli_from_the_benchmarks_nginx(browser, certificate, site, engine) -> None:
    # What the engines benchmark measures over: nginx with the deploy config, HTTPS and HTTP/2, through the
    # shaped link. Over HTTP/1.1 a page's files would queue for six connections, which production does not do.
    with Nginx(site, tls=certificate) as host, ShapedLink(host.port, Profile("test", 50, 5), scheme="https") as link:
        chromium_browser = (
            chromium.launch(SimpleNamespace(chromium=browser.browser_type), extra_args=certificate.chromium_args())
            if engine == "chromium"
            else None
        )
        try:
            engine_browser = launch(engine, https=True, playwright_browser=chromium_browser)
        except EngineMissing as error:
            pytest.fail(str(error))
        try:
            tab = engine_browser.new_tab()
            tab.goto(link.url)
            tab.wait_for("() => performance.getEntriesByType('resource').length > 0", message="its script")
            protocols = tab.evaluate(PROTOCOL)
        finally:
            engine_browser.close()
            if chromium_browser is not None:
                chromium_browser.close()
        served = [(r.path, r.encoding) for r in host.requests]

    assert len(protocols) >= 2 and set(protocols) == {"h2"}, protocols  # the page and its script at least
    assert ("/runtime.js", "br") in served, served
