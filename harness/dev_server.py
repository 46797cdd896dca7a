"""``mkdocs serve`` (what ``make serve`` runs) in a project folder, on a free port, for a test."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


class DevServerFailed(RuntimeError):
    """``mkdocs serve`` did not start; the message holds its log."""


@dataclass(frozen=True)
class DevServer:
    url: str
    #: Where ``mkdocs serve`` writes its log (stderr).
    log: Path


@contextmanager
def dev_server(project: Path, log: Path, *, watch: Sequence[str] = (), timeout: float = 300) -> Iterator[DevServer]:
    """``mkdocs serve`` in ``project``, once its first build is served; ``watch``: more folders it rebuilds on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", *(f"--watch={w}" for w in watch)],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
        text=True,
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(url, timeout=2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise DevServerFailed(f"mkdocs serve did not start:\n{log.read_text()}") from None
                time.sleep(0.3)
        yield DevServer(url, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
