"""A small static server for the benchmark, behaving like a well-configured host.

It serves a precompressed sibling (``x.br``, ``x.gz``) with ``Content-Encoding``
when the client accepts it, as nginx ``gzip_static``/``brotli_static`` do, gives
``.mjs`` and ``.wasm`` the types browsers insist on, and sends the caching
headers the README advises (HTML revalidated, everything else cacheable).
"""

from __future__ import annotations

import email.utils
import hashlib
import mimetypes
import os
import threading
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

mimetypes.add_type("text/javascript", ".mjs")
mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("application/wasm", ".wasm")
mimetypes.add_type("application/json", ".json")

# Caching policies the benchmark can compare ("none" = only Last-Modified, as a bare host sends).
CACHE_POLICIES = ("advised", "none")
ASSET_MAX_AGE = 7 * 24 * 3600


class _Handler(SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    cache_policy = "advised"
    precompressed = True

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def end_headers(self):
        self.send_header("Vary", "Accept-Encoding")
        super().end_headers()

    def _record(self, status: int, size: int, encoding: str | None) -> None:
        # Body bytes sent, per request: the worker's fetches are counted too,
        # which the page's own Resource Timing cannot see.
        self.server.requests.append((self.path.split("?")[0], status, size, encoding))

    def _accepts(self, coding: str) -> bool:
        accepted = self.headers.get("Accept-Encoding", "")
        return any(part.split(";")[0].strip() == coding for part in accepted.split(","))

    def _cache_control(self, path: str) -> str | None:
        if self.cache_policy == "none":
            return None
        if path.endswith(".html") or path.endswith("/"):
            return "no-cache"
        return f"public, max-age={ASSET_MAX_AGE}"

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the base class redirects
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path):
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return None
        served, encoding = path, None
        if self.precompressed:
            for coding, suffix in (("br", ".br"), ("gzip", ".gz")):
                if self._accepts(coding) and os.path.isfile(path + suffix):
                    served, encoding = path + suffix, coding
                    break
        stat = os.stat(served)
        etag = '"%s"' % hashlib.md5(f"{served}:{stat.st_mtime_ns}:{stat.st_size}".encode()).hexdigest()[:16]
        if self.cache_policy != "none" and self.headers.get("If-None-Match") == etag:
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("ETag", etag)
            cache = self._cache_control(path)
            if cache:
                self.send_header("Cache-Control", cache)
            self.send_header("Content-Length", "0")
            self.end_headers()
            self._record(304, 0, None)
            return None
        since = self.headers.get("If-Modified-Since")
        if since and self.cache_policy == "none":
            try:
                if int(stat.st_mtime) <= email.utils.parsedate_to_datetime(since).timestamp():
                    self.send_response(HTTPStatus.NOT_MODIFIED)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    self._record(304, 0, None)
                    return None
            except (TypeError, ValueError):
                pass
        handle = open(served, "rb")
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", self.guess_type(path))
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(stat.st_size))
        self.send_header("Last-Modified", self.date_time_string(int(stat.st_mtime)))
        if self.cache_policy != "none":
            self.send_header("ETag", etag)
        cache = self._cache_control(path)
        if cache:
            self.send_header("Cache-Control", cache)
        self.end_headers()
        self._record(200, stat.st_size, encoding)
        return handle


class StaticServer:
    """``with StaticServer(root) as server:`` serves ``root`` on 127.0.0.1 in a thread."""

    def __init__(self, root: Path, *, cache_policy: str = "advised", precompressed: bool = True):
        handler = type("Handler", (_Handler,), {"cache_policy": cache_policy, "precompressed": precompressed})
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(root)))
        self._httpd.daemon_threads = True
        self._httpd.requests = []
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def requests(self) -> list[tuple[str, int, int, str | None]]:
        """``(path, status, body bytes, content-encoding)`` of every request so far; clear() it between visits."""
        return self._httpd.requests

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def __enter__(self) -> "StaticServer":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
