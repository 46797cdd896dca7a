"""A slow link between a browser and a local server: a TCP proxy on 127.0.0.1 (the benchmarks and tests/engines use it).

Every byte the page and its worker fetch goes through it, whatever the
browser throttles or not: one downstream bandwidth shared by all
connections (as on a real link), half a round trip added each way, and one
more round trip to open a connection. Responses are not reordered within a
connection; nothing is dropped. TLS passes through it as any other bytes
(``scheme="https"`` only changes ``url``), its handshake paying the link's
round trips as on a real one.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Self

from harness.loop_server import LoopServer


@dataclass(frozen=True)
class Profile:
    name: str
    mbit: float  # downstream, megabits per second
    rtt_ms: float

    @property
    def label(self) -> str:
        return f"{self.mbit:g} Mbit/s + {self.rtt_ms:g} ms"


#: The slow links the benchmarks measure on.
SLOW_LINKS = (Profile("9 Mbit/s + 40 ms", 9, 40), Profile("1.6 Mbit/s + 150 ms", 1.6, 150))


class ShapedLink(LoopServer):
    """``with ShapedLink(port, profile) as link:`` → ``link.url`` reaches 127.0.0.1:port through the link."""

    CHUNK = 16 * 1024
    #: Chunks read from the server and not yet delivered, at most.
    READ_AHEAD = 4

    def __init__(self, upstream_port: int, profile: Profile, *, scheme: str = "http") -> None:
        super().__init__()
        self.upstream_port = upstream_port
        self.scheme = scheme
        self.profile = profile
        self.bytes_per_s = profile.mbit * 1e6 / 8
        self.half_rtt = profile.rtt_ms / 2000
        self._next_free = 0.0  # when the shared link is free to send the next byte (monotonic seconds)
        #: Bytes delivered to the browser so far (all connections); reset it between measurements.
        self.delivered = 0

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}/"

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    async def handle(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        try:
            await asyncio.sleep(2 * self.half_rtt)  # the handshake
            upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", self.upstream_port)
            await asyncio.gather(
                self._pump(client_reader, upstream_writer, shaped=False),
                self._pump(upstream_reader, client_writer, shaped=True),
            )
        except (asyncio.CancelledError, ConnectionError, OSError):
            client_writer.close()  # the benchmark is over, or the server went away

    async def _pump(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, *, shaped: bool) -> None:
        """Delivers each chunk when the link would have, reading ahead only a little.

        Link time is taken when a chunk is read, so little read-ahead means a
        download the browser drops stops using the link at once.
        """
        queue: asyncio.Queue = asyncio.Queue(maxsize=self.READ_AHEAD)

        async def deliver() -> None:
            while (item := await queue.get()) is not None:
                when, data = item
                await asyncio.sleep(max(0.0, when - time.monotonic()))
                writer.write(data)
                await writer.drain()
                if shaped:
                    self.delivered += len(data)

        delivering = asyncio.ensure_future(deliver())
        try:
            while not delivering.done() and (data := await reader.read(self.CHUNK)):
                now = time.monotonic()
                sent = now
                if shaped:
                    # The bottleneck serialises every connection's bytes in turn.
                    self._next_free = max(now, self._next_free) + len(data) / self.bytes_per_s
                    sent = self._next_free
                await queue.put((sent + self.half_rtt, data))
            if not delivering.done():
                await queue.put(None)
                await delivering
        except (ConnectionError, OSError):
            pass
        finally:
            delivering.cancel()
            writer.close()
