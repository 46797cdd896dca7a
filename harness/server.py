"""A static server on 127.0.0.1 that behaves like the real hosts in ``deploy/``.

Like nginx ``gzip_static``/``brotli_static`` and Caddy ``precompressed``, it
sends a ``.br`` or ``.gz`` sibling with ``Content-Encoding`` to a client that
accepts it; it sends the types, security headers and cache policy of
``sitebuild/hosting/responses.py`` (as the deploy configs do) with ETags, and the
site's 404 page. Sites are mounted at URL prefixes (``/`` and a sub-path
such as ``/help/wix/``). Every request it answers is logged, so tests can
check on the server side that no typed value was sent and benchmarks can
count the bytes a worker fetched.
"""

from __future__ import annotations

import email.utils
import hashlib
import os
import socket
import ssl
import sys
import threading
from collections.abc import Mapping
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import BinaryIO, NamedTuple, Self
from urllib.parse import urlsplit

from sitebuild.hosting import responses

#: Siblings in the order a host prefers them.
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))


class Request(NamedTuple):
    """One answered request: ``path`` without the query, ``target`` as the client sent it."""

    path: str
    status: int
    size: int  # body bytes sent
    encoding: str | None
    target: str


class _Handler(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _HTTPServer
    #: (body bytes, Content-Encoding) of the response under way, for its log line.
    _sent: tuple[int, str | None] = (0, None)

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        return responses.content_type(str(path))

    def log_message(self, format: str, *args: object) -> None:
        pass

    def log_request(self, code: int | str = "-", _size: int | str = "-") -> None:
        # Called for every response, errors included: the log misses nothing.
        target = getattr(self, "path", "")
        body, encoding = getattr(self, "_sent", (0, None))
        self.server.owner.requests.append(
            Request(urlsplit(target).path, int(getattr(code, "value", code)), body, encoding, target)
        )
        self._sent = (0, None)

    def end_headers(self) -> None:
        # On every response, errors and redirects included, as the deploy configs send them.
        owner = self.server.owner
        route = urlsplit(getattr(self, "path", "/")).path
        headers = responses.headers_for(route) if owner.policy else {}
        headers.setdefault("Cache-Control", responses.cache_control(route))
        for name, value in {"Vary": "Accept-Encoding", **headers}.items():
            self.send_header(name, value)
        super().end_headers()

    def _accepts(self, coding: str) -> bool:
        accepted = self.headers.get("Accept-Encoding", "")
        return any(part.split(";")[0].strip() == coding for part in accepted.split(","))

    def _locate(self, route: str) -> tuple[Path, str] | None:
        """The mount's root and the path inside it, for the longest mount prefix that holds ``route``."""
        for prefix in sorted(self.server.owner.mounts, key=len, reverse=True):
            if route.startswith(prefix):
                return self.server.owner.mounts[prefix], "/" + route[len(prefix) :]
        return None

    def send_head(self) -> BinaryIO | None:
        route = urlsplit(self.path).path
        found = self._locate(route)
        if found is None:
            return self._not_found(None)
        root, inside = found
        self.directory = str(root)
        path = self.translate_path(inside)
        if Path(path).is_dir():
            if not route.endswith("/"):
                query = urlsplit(self.path).query
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", route + "/" + (f"?{query}" if query else ""))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            path = str(Path(path) / "index.html")
        if not Path(path).is_file():
            return self._not_found(root)
        return self._send_file(path, HTTPStatus.OK)

    def _not_found(self, root: Path | None) -> BinaryIO | None:
        page = root / "404.html" if root is not None else None
        if page is not None and page.is_file():
            return self._send_file(str(page), HTTPStatus.NOT_FOUND)
        self.send_error(HTTPStatus.NOT_FOUND, "File not found")
        return None

    def _send_file(self, path: str, status: HTTPStatus) -> BinaryIO | None:
        owner = self.server.owner
        served, encoding = path, None
        if owner.precompressed:
            for coding, suffix in ENCODINGS:
                if self._accepts(coding) and Path(path + suffix).is_file():
                    served, encoding = path + suffix, coding
                    break
        stat = Path(served).stat()
        version = f"{served}:{stat.st_mtime_ns}:{stat.st_size}".encode()
        etag = f'"{hashlib.md5(version, usedforsecurity=False).hexdigest()[:16]}"'
        if status == HTTPStatus.OK and self._not_modified(etag, stat.st_mtime):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        handle = Path(served).open("rb")  # noqa: SIM115 - send_head's contract: the base class copies and closes it
        self._sent = (0 if self.command == "HEAD" else stat.st_size, encoding)
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(path))
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(stat.st_size))
        self.send_header("Last-Modified", self.date_time_string(int(stat.st_mtime)))
        self.send_header("ETag", etag)
        self.end_headers()
        return handle

    def _not_modified(self, etag: str, mtime: float) -> bool:
        if self.headers.get("If-None-Match"):
            return self.headers["If-None-Match"] == etag
        since = self.headers.get("If-Modified-Since")
        if not since:
            return False
        try:
            return int(mtime) <= email.utils.parsedate_to_datetime(since).timestamp()
        except (TypeError, ValueError):
            return False


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    owner: StaticServer
    tls: ssl.SSLContext | None = None

    def finish_request(
        self, request: socket.socket | tuple[bytes, socket.socket], client_address: tuple[str, int]
    ) -> None:
        # The TLS handshake in the connection's own thread: a slow client never holds up the accepting one.
        if self.tls is not None and isinstance(request, socket.socket):
            request.settimeout(60)
            request = self.tls.wrap_socket(request, server_side=True)
        super().finish_request(request, client_address)

    def handle_error(
        self, request: socket.socket | tuple[bytes, socket.socket], client_address: tuple[str, int]
    ) -> None:
        # A client that dropped its download (a browser giving up a file, the benchmark's shaped
        # link closing), or one that refused the certificate, is not the server's error: no traceback for it.
        if not isinstance(sys.exc_info()[1], (ConnectionError, ssl.SSLError, TimeoutError)):
            super().handle_error(request, client_address)


class StaticServer:
    """``with StaticServer(site) as server:`` serves ``site`` at ``server.url()`` from a thread.

    ``roots``: a folder served at ``/``, or ``{prefix: folder}`` (prefixes
    end in ``/``; nothing outside them is served). ``mount()`` adds one later,
    e.g. a site built for the server's own address. ``harness.Nginx`` and
    ``harness.Caddy`` serve the same way through the real servers. ``tls``
    (e.g. ``harness.tls.LocalCertificate``'s ``server_context()``): HTTPS.
    """

    def __init__(
        self,
        roots: Path | Mapping[str, Path] | None = None,
        *,
        precompressed: bool = True,
        policy: bool = True,
        tls: ssl.SSLContext | None = None,
    ) -> None:
        self.precompressed = precompressed
        #: False: no security headers (for pages with inline scripts, which the policy refuses).
        self.policy = policy
        self.mounts: dict[str, Path] = {}
        for prefix, root in ({"/": roots} if isinstance(roots, (str, os.PathLike)) else dict(roots or {})).items():
            self.mount(prefix, root)
        #: Every answered request, in order; ``clear()`` it between measurements.
        self.requests: list[Request] = []
        self._httpd = _HTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self
        self._httpd.tls = tls
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def mount(self, prefix: str, root: Path) -> None:
        if not (prefix.startswith("/") and prefix.endswith("/")):
            raise ValueError(f"a mount prefix starts and ends with '/': {prefix!r}")
        self.mounts[prefix] = Path(root)

    @property
    def origin(self) -> str:
        scheme = "https" if self._httpd.tls is not None else "http"
        return f"{scheme}://127.0.0.1:{self._httpd.server_address[1]}"

    def url(self, path: str = "", *, mount: str = "/") -> str:
        """The address of ``path`` (relative to a mount, e.g. ``guide/``) under ``mount``."""
        return self.origin + mount + path

    def targets(self) -> list[str]:
        """Every request target so far, query included, as clients sent them."""
        return [r.target for r in list(self.requests)]

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
