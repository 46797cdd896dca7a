"""The real servers with the configs in ``deploy/``, nginx and Caddy, and Cloudflare Pages' own runtime
(``wrangler pages dev``, with the ``_headers`` every build writes), each run as a child process.

Each serves on a free loopback port, in the foreground, with its pid, logs
and state in a temporary folder, and stops with the test. Sites are mounted
at URL prefixes as with ``StaticServer`` (one site root made of symlinks,
since each config serves one folder), so a test can use any of them.
nginx and Caddy log every request to a JSON access log, read as
``StaticServer.requests`` is; wrangler's log has no query, size or encoding.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import ClassVar, Self, overload

from harness.build import ROOT
from harness.server import Request
from harness.tls import LocalCertificate

DEPLOY = ROOT / "deploy"
#: How long a server may take to answer its first connection.
START_TIMEOUT_S = 20


class HostMissing(RuntimeError):
    """The server is not installed (or lacks a module the config needs); the message says what to install."""


class HostFailed(RuntimeError):
    """The server refused its config or stopped; the message holds its log."""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def brotli_module(nginx: str) -> str:
    """The load_module line for brotli_static, which the config uses ("" when built in); HostMissing if absent."""
    version = subprocess.run([nginx, "-V"], capture_output=True, text=True, check=False).stderr
    if "brotli" in version:
        return ""
    found = re.search(r"--modules-path=(\S+)", version)
    module = Path(found[1] if found else "/usr/lib/nginx/modules") / "ngx_http_brotli_static_module.so"
    if not module.is_file():
        raise HostMissing(
            f"nginx has no brotli_static module ({module} is missing): install Debian's "
            "libnginx-mod-http-brotli-static (make test does where there is apt-get)"
        )
    return f"load_module {module};"


def _nginx_request(entry: dict) -> Request:
    target = entry["target"]
    return Request(target.split("?", 1)[0], int(entry["status"]), int(entry["size"]), entry["encoding"] or None, target)


def _caddy_request(entry: dict) -> Request:
    target = entry["request"]["uri"]
    encoding = entry.get("resp_headers", {}).get("Content-Encoding", [None])[0]
    return Request(target.split("?", 1)[0], int(entry["status"]), int(entry["size"]), encoding, target)


def settled(requests: Sequence[Request], quiet_s: float = 1.0, timeout_s: float = 30.0) -> int:
    """How many requests a host has logged, once none has been added for ``quiet_s``: a host logs a request
    when its response is sent, so the client may have the response before its line is written.
    """
    count, deadline = -1, time.monotonic() + timeout_s
    while count != len(requests) and time.monotonic() < deadline:
        count = len(requests)
        time.sleep(quiet_s)
    return count


class _AccessLog(Sequence[Request]):
    """A host's JSON access log as a read-only list of Requests, like ``StaticServer.requests``
    (``clear()`` forgets what was logged so far).
    """

    def __init__(self, path: Path, request: Callable[[dict], Request] | None) -> None:
        self.path = path
        self._request = request  # None: a host that keeps no such log
        self._start = 0

    def _entries(self) -> list[Request]:
        if self._request is None or not self.path.is_file():
            return []
        with self.path.open("rb") as log:
            log.seek(self._start)
            lines = log.read().decode("utf-8").splitlines()
        return [self._request(json.loads(line)) for line in lines]

    @overload
    def __getitem__(self, index: int) -> Request: ...
    @overload
    def __getitem__(self, index: slice) -> list[Request]: ...
    def __getitem__(self, index: int | slice) -> Request | list[Request]:
        return self._entries()[index]

    def __iter__(self) -> Iterator[Request]:
        return iter(self._entries())

    def __len__(self) -> int:
        return len(self._entries())

    def clear(self) -> None:
        self._start = self.path.stat().st_size if self.path.is_file() else 0


class _Host:
    """What nginx and Caddy share: a folder of state, a site root of symlinks, a child process."""

    name = ""
    #: The environment variable that names another executable, and the Debian package of the usual one.
    variable = ""
    package = ""
    default_config: Path | None
    #: One line of the host's JSON access log, as a Request.
    log_entry: Callable[[dict], Request] | None
    start_timeout: float = START_TIMEOUT_S

    @classmethod
    def find(cls) -> str:
        """``$NGINX``/``$CADDY``, else the program on the PATH (or in /usr/sbin); HostMissing if none."""
        path = (
            os.environ.get(cls.variable)
            or shutil.which(cls.name)
            or shutil.which(cls.name, path="/usr/sbin:/usr/local/sbin")
        )
        if not path or not Path(path).is_file():
            raise HostMissing(
                f"no {cls.name}{f' at {path}' if path else ''}: install Debian's {cls.package} "
                f"(make test does where there is apt-get), or set {cls.variable} to its path"
            )
        return path

    def __init__(self, roots: Path | Mapping[str, Path] | None = None, *, config: Path | None = None) -> None:
        self.executable = self.find()
        self.config: Path | None = config or self.default_config
        self._dir = Path(tempfile.mkdtemp(prefix=f"{self.name}-"))
        self.webroot = self._dir / "webroot"
        self.webroot.mkdir()
        self.mounts: dict[str, Path] = {}
        for prefix, root in ({"/": roots} if isinstance(roots, (str, os.PathLike)) else dict(roots or {})).items():
            self.mount(prefix, root)
        self.port = 0
        self._process: subprocess.Popen | None = None
        self._log = self._dir / f"{self.name}.log"
        self._access_log = _AccessLog(self._dir / "access.log", type(self).log_entry)

    def mount(self, prefix: str, root: Path) -> None:
        """Serve ``root`` at ``prefix`` (also while running: the servers follow symlinks at each request)."""
        if not (prefix.startswith("/") and prefix.endswith("/")):
            raise ValueError(f"a mount prefix starts and ends with '/': {prefix!r}")
        root = Path(root).resolve()
        if prefix == "/":
            for child in root.iterdir():
                (self.webroot / child.name).symlink_to(child)
        else:
            link = self.webroot / prefix.strip("/")
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(root, target_is_directory=True)
        self.mounts[prefix] = root

    @property
    def scheme(self) -> str:
        return "http"

    @property
    def origin(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def url(self, path: str = "", *, mount: str = "/") -> str:
        return self.origin + mount + path

    @property
    def requests(self) -> _AccessLog:
        """Every request the server has answered, from its access log (written once each response is sent)."""
        return self._access_log

    def targets(self) -> list[str]:
        """Every request target so far, query included, as clients sent them."""
        return [r.target for r in self.requests]

    def _command(self) -> tuple[list[str], dict[str, str]]:
        raise NotImplementedError

    def start(self) -> Self:
        for _attempt in range(3):  # another process may take the free port before the server binds it
            self.port = _free_port()
            command, env = self._command()
            with self._log.open("ab") as log:
                self._process = subprocess.Popen(
                    command, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
                )
            if self._wait_until_listening():
                return self
            if "address already in use" not in self._log.read_text("utf-8", "replace").lower():
                break
        message = f"{self.name} did not start:\n{self._log.read_text('utf-8', 'replace')[-3000:]}"
        self.close()
        raise HostFailed(message)

    def _wait_until_listening(self) -> bool:
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self._process is None or self._process.poll() is not None:
                return False
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
            except OSError:
                time.sleep(0.1)
            else:
                return True
        self.stop()
        return False

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.send_signal(signal.SIGTERM)
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._process = None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self._dir, ignore_errors=True)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()


class Nginx(_Host):
    """``deploy/nginx.conf.template`` filled in as envsubst would, in a minimal main config.

    With ``tls`` (a ``harness.tls.LocalCertificate``), it listens for HTTPS and HTTP/2, as a production
    host does: one connection for every request, instead of HTTP/1.1's six at most, each a request at a time.
    """

    name, variable, package = "nginx", "NGINX", "nginx-light"
    default_config = DEPLOY / "nginx.conf.template"
    config: Path
    log_entry = staticmethod(_nginx_request)

    def __init__(
        self,
        roots: Path | Mapping[str, Path] | None = None,
        *,
        config: Path | None = None,
        tls: LocalCertificate | None = None,
    ) -> None:
        super().__init__(roots, config=config)
        self.tls = tls

    @property
    def scheme(self) -> str:
        return "http" if self.tls is None else "https"

    def _command(self) -> tuple[list[str], dict[str, str]]:
        # As envsubst with the variable list the official image passes: only these two names are replaced.
        server = self.config.read_text("utf-8")
        if self.tls is not None:
            listen = "    listen ${PORT};\n"
            if listen not in server:
                raise HostFailed(f"{self.config}: no line {listen.strip()!r} to make HTTPS")
            server = server.replace(
                listen,
                "    listen ${PORT} ssl http2;\n"
                f"    ssl_certificate {self.tls.certificate};\n"
                f"    ssl_certificate_key {self.tls.key};\n",
            )
        for name, value in {"PORT": f"127.0.0.1:{self.port}", "SITE_ROOT": str(self.webroot)}.items():
            server = server.replace("${" + name + "}", value)
        (self._dir / "server.conf").write_text(server, "utf-8")
        state = self._dir
        main = [
            "daemon off;",
            "worker_processes 1;",
            # As root, workers would switch to "nobody", who cannot read pytest's private temporary folders.
            *(["user root;"] if os.geteuid() == 0 else []),
            f"pid {state}/nginx.pid;",
            f"error_log {self._log} warn;",
            brotli_module(self.executable),
            "events { worker_connections 256; }",
            "http {",
            (
                '    log_format harness escape=json \'{"status":"$status","size":"$body_bytes_sent",'
                '"target":"$request_uri","encoding":"$sent_http_content_encoding"}\';'
            ),
            f"    access_log {state}/access.log harness;",
            *(
                f"    {kind}_temp_path {state}/{kind}_temp;"
                for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
            ),
            f"    include {state}/server.conf;",
            "}",
        ]
        (self._dir / "nginx.conf").write_text("\n".join(main) + "\n", "utf-8")
        return [self.executable, "-p", f"{state}/", "-e", str(self._log), "-c", f"{state}/nginx.conf"], dict(os.environ)


class Caddy(_Host):
    """``deploy/Caddyfile`` as it is, with PORT and SITE_ROOT in the environment."""

    name, variable, package = "caddy", "CADDY", "caddy"
    default_config = DEPLOY / "Caddyfile"
    log_entry = staticmethod(_caddy_request)

    def _command(self) -> tuple[list[str], dict[str, str]]:
        home = self._dir / "home"
        env = {
            **os.environ,
            "PORT": str(self.port),
            "SITE_ROOT": str(self.webroot),
            "CADDY_ADMIN": "off",
            "CADDY_ACCESS_LOG": f"file {self._access_log.path}",
            # Caddy keeps its autosaved config and data under these.
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"),
        }
        return [self.executable, "run", "--config", str(self.config), "--adapter", "caddyfile"], env


class Wrangler(_Host):
    """Cloudflare Pages as ``wrangler pages dev`` runs it (workerd, the CDN's own runtime), offline and without
    an account: the site's ``_headers`` is its whole config. Like the CDN, it compresses responses itself (the
    types Cloudflare compresses) and serves precompressed siblings as plain files.
    """

    name, variable, package = "wrangler", "WRANGLER", "wrangler"
    default_config = None  # the mounted site's own _headers
    log_entry = None
    #: A date the bundled workerd supports (a newer one stops it from starting).
    compatibility_date = "2025-01-01"
    #: Node starts wrangler, which starts workerd: slower than nginx on a busy machine.
    start_timeout = 60
    #: Where the CDN's type differs from sitebuild.hosting's, by suffix (_headers could set types only by
    #: suffix, which would label the HTML of a 404 too). A browser takes the same: module scripts and workers
    #: run under any JavaScript type, and the checker reads the wheel as bytes.
    differing_types: ClassVar[dict[str, str]] = {
        "js": "application/javascript",
        "mjs": "application/javascript",
        "whl": "application/octet-stream",
    }
    #: Types sent as they are: Cloudflare compresses a list of types, and these are not on it. The stdlib zip
    #: is compressed already; the checker's snapshot crosses in full.
    uncompressed_types = ("application/zip", "application/octet-stream")

    @classmethod
    def find(cls) -> str:
        """``$WRANGLER``, else the npm devDependency in node_modules; HostMissing if neither."""
        path = os.environ.get(cls.variable) or str(ROOT / "node_modules" / ".bin" / "wrangler")
        if not Path(path).is_file():
            raise HostMissing(
                f"no wrangler at {path}: run `make test` (npm ci installs the devDependencies, "
                f"wrangler among them), or set {cls.variable} to its path"
            )
        return path

    def mount(self, prefix: str, root: Path) -> None:
        """As the other hosts; the site at ``/`` brings its ``_headers`` (the CDN reads it at its root only)."""
        super().mount(prefix, root)
        if prefix == "/":
            # Wrangler takes a symlink to a file for a folder: the root's own files are linked hard (or copied).
            for link in self.webroot.iterdir():
                if link.is_symlink() and link.is_file():
                    target = link.resolve()
                    link.unlink()
                    try:
                        os.link(target, link)
                    except OSError:
                        shutil.copy2(target, link)

    @property
    def requests(self) -> _AccessLog:
        # A log without queries would let a test that no typed value reached the host pass without looking.
        raise NotImplementedError(
            "wrangler logs no query, size or encoding: read requests from nginx, Caddy or StaticServer"
        )

    def _command(self) -> tuple[list[str], dict[str, str]]:
        home = self._dir / "home"
        env = {
            **os.environ,
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / "config"),
            # Offline: no metrics, no request for Cloudflare's request metadata, no update check (the banner's).
            "WRANGLER_SEND_METRICS": "false",
            "CLOUDFLARE_CF_FETCH_ENABLED": "false",
            "WRANGLER_HIDE_BANNER": "true",
            "NO_COLOR": "1",
            "FORCE_COLOR": "0",
        }
        return [
            self.executable,
            "pages",
            "dev",
            str(self.webroot),
            "--cwd",
            str(self._dir),  # .wrangler/ there
            "--ip",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--inspector-port",
            str(_free_port()),
            "--compatibility-date",
            self.compatibility_date,
            "--log-level",
            "info",
        ], env
