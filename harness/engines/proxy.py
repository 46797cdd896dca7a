"""A recording HTTP proxy that every engine's tab is pointed at: what each engine can be asked the same way.

The browser sends every plain-HTTP request through it, page and worker alike,
whatever the engine reports itself. It:

- records each request (method, absolute URL, when) as the browser sent it,
  before anything is answered, so "the snapshot was asked for" is seen even
  when the answer never completes;
- forwards only to loopback servers (another origin is recorded and refused
  with 502, a ``CONNECT`` with 403: nothing ever leaves the machine);
  ``tunnel=True`` lets a ``CONNECT`` to a loopback port through, for HTTPS
  to a local server: recorded, but opaque (not held, no report-uri added).
  WebKitGTK sends no ``CONNECT``: it speaks TLS to an ``sslProxy``, which
  this proxy cannot read, so with the tunnel its HTTPS goes around it;
- holds the requests matching a pattern until the test lets them go, as a
  link that stalls;
- copies each response's Content-Security-Policy with a ``report-uri`` back
  to itself, so a violation in the page or in its worker is reported here,
  in every engine, without a script in the page (WebKit's WebDriver cannot
  add one before the page's own);
- can route one upstream port through another (a ``ShapedLink``), keeping
  the origin the browser sees and so its HTTP cache.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Self
from urllib.parse import urlsplit

from harness.loop_server import LoopServer

REPORT_PATH = "/__csp-report"
LOOPBACK = {"127.0.0.1", "localhost"}


@dataclass(frozen=True)
class Seen:
    method: str
    url: str
    at: float  # time.monotonic()


@dataclass
class Hold:
    """Requests matching ``pattern`` wait here until ``release()``."""

    pattern: re.Pattern[str]
    held: int = 0
    #: Set by ``release()``: the held requests go on.
    released: threading.Event = field(default_factory=threading.Event)

    def release(self) -> None:
        self.released.set()


class RecordingProxy(LoopServer):
    """``with RecordingProxy() as proxy:`` → ``proxy.port`` for a browser's HTTP proxy setting."""

    def __init__(self, *, tunnel: bool = False) -> None:
        super().__init__()
        self.tunnel = tunnel
        self.seen: list[Seen] = []
        #: The requests whose whole response has been passed on to the browser.
        self.finished: list[Seen] = []
        self.reports: list[dict] = []
        self.holds: list[Hold] = []
        #: upstream port → the port actually connected to (a ShapedLink in front of it).
        self.via: dict[int, int] = {}

    def __enter__(self) -> Self:
        if not self.start():
            raise RuntimeError("the recording proxy did not start")
        return self

    def __exit__(self, *exc: object) -> None:
        for hold in self.holds:
            hold.release()
        self.stop()

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def urls(self, since: int = 0) -> list[str]:
        return [seen.url for seen in self.seen[since:]]

    def hold(self, pattern: str) -> Hold:
        hold = Hold(re.compile(pattern))
        self.holds.append(hold)
        return hold

    def unhold(self, hold: Hold) -> None:
        hold.release()
        if hold in self.holds:
            self.holds.remove(hold)

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            # One request per connection: the proxy answers "Connection: close", so the
            # browser opens a new one for the next request and each is seen on its own.
            head = await reader.readuntil(b"\r\n\r\n")
            line, *lines = head.decode("latin-1").split("\r\n")
            method, target, version = line.split(" ", 2)
            self.seen.append(Seen(method, target, time.monotonic()))
            if method == "CONNECT":
                host, _, port = target.rpartition(":")
                if self.tunnel and host in LOOPBACK and port.isdigit():
                    await self._tunnel(reader, writer, self.via.get(int(port), int(port)))
                else:
                    await self._answer(writer, 403)
                return
            parts = urlsplit(target)
            if parts.hostname not in LOOPBACK or not parts.port:
                await self._answer(writer, 502)
                return
            hop_by_hop = ("connection", "proxy-connection", "keep-alive")
            headers = [h for h in lines if h and h.split(":", 1)[0].lower() not in hop_by_hop]
            length = next((int(h.split(":", 1)[1]) for h in headers if h.lower().startswith("content-length:")), 0)
            body = await reader.readexactly(length) if length else b""
            if parts.path == REPORT_PATH:
                self._record_report(body)
                await self._answer(writer, 204)
                return
            for hold in list(self.holds):
                if hold.pattern.search(target):
                    hold.held += 1
                    await asyncio.get_running_loop().run_in_executor(None, hold.released.wait)
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            upstream_reader, upstream_writer = await asyncio.open_connection(
                "127.0.0.1", self.via.get(parts.port, parts.port)
            )
            upstream_writer.write(f"{method} {path} {version}\r\n".encode("latin-1"))
            upstream_writer.write(("\r\n".join([*headers, "Connection: close"]) + "\r\n\r\n").encode("latin-1") + body)
            await upstream_writer.drain()
            response = await upstream_reader.readuntil(b"\r\n\r\n")
            writer.write(self._with_report_uri(response))
            while data := await upstream_reader.read(64 * 1024):
                writer.write(data)
                await writer.drain()
            self.finished.append(Seen(method, target, time.monotonic()))
            upstream_writer.close()
        except (asyncio.IncompleteReadError, ConnectionError, OSError, ValueError):
            pass
        finally:
            writer.close()

    @staticmethod
    async def _tunnel(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, port: int) -> None:
        upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        await writer.drain()

        async def pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
            try:
                while data := await source.read(64 * 1024):
                    sink.write(data)
                    await sink.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                sink.close()

        try:
            await asyncio.gather(pipe(reader, upstream_writer), pipe(upstream_reader, writer))
        except asyncio.CancelledError:
            # The proxy is stopping with the browser's kept-alive connection still open: that ends it.
            upstream_writer.close()

    @staticmethod
    async def _answer(writer: asyncio.StreamWriter, status: int) -> None:
        writer.write(f"HTTP/1.1 {status} Proxy\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".encode())
        await writer.drain()

    @staticmethod
    def _with_report_uri(head: bytes) -> bytes:
        lines = head.decode("latin-1").rstrip("\r\n").split("\r\n")
        policies = [h.split(":", 1)[1].strip() for h in lines if h.lower().startswith("content-security-policy:")]
        # The same policy again with a report-uri: the effective policy is unchanged (both must pass).
        copies = [f"Content-Security-Policy: {p.rstrip('; ')}; report-uri {REPORT_PATH}" for p in policies]
        return ("\r\n".join([*lines, *copies]) + "\r\n\r\n").encode("latin-1")

    def _record_report(self, body: bytes) -> None:
        try:
            report = json.loads(body or b"{}")
        except ValueError:
            report = {"unreadable": body[:200].decode("latin-1")}
        self.reports.append(report.get("csp-report", report) if isinstance(report, dict) else {"report": report})
