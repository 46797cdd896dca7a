"""WebKitGTK, the engine Safari is built on, driven through Debian's ``WebKitWebDriver``.

``WebKitWebDriver`` speaks classic WebDriver only (no BiDi), over plain HTTP:
a client of a few dozen lines on ``urllib`` does it, where Selenium would add
a large dependency and Selenium Manager, which tries to download drivers. It
runs the MiniBrowser that comes with WebKitGTK, which needs an X display: a
private Xvfb is started for it when there is none. ``WEBKIT_DRIVER`` names
another driver executable. Classic WebDriver reports neither the console nor
uncaught errors (MiniBrowser's console-to-stdout setting prints nothing under
the driver), and runs no script before the page's own, so ``init_scripts``
are refused: the recording proxy observes what the tests need without one.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from harness.engines.base import VIEWPORT, EngineMissing, Tab, end_with_parent, wrap_function
from harness.engines.proxy import RecordingProxy

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"
MINIBROWSER_DIRS = (
    "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1",
    "/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1",
    "/usr/libexec/webkit2gtk-4.1",
)


def executable() -> str:
    path = os.environ.get("WEBKIT_DRIVER") or shutil.which("WebKitWebDriver") or "/usr/bin/WebKitWebDriver"
    if not Path(path).is_file():
        raise EngineMissing(
            f"no WebKitWebDriver at {path}: install Debian's webkit2gtk-driver (make test does where "
            "there is apt-get) or set WEBKIT_DRIVER to the path of a WebKitWebDriver"
        )
    return path


def minibrowser() -> str | None:
    return next((f"{d}/MiniBrowser" for d in MINIBROWSER_DIRS if Path(f"{d}/MiniBrowser").is_file()), None)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class WebDriverError(RuntimeError):
    pass


class WebKitTab(Tab):
    engine = "webkit"
    browser: WebKit

    def __init__(self, browser: WebKit, handle: str) -> None:
        super().__init__()
        self.browser = browser
        self.handle = handle
        # Classic WebDriver reports neither.
        self.errors = None
        self.console = None
        self._since = len(browser.proxy.seen)

    @property
    def requests(self) -> list[str]:
        """WebKit's driver reports no request: what the proxy saw since the tab opened (tabs are used one at a time)."""
        return [seen.url for seen in self.browser.proxy.seen[self._since :] if seen.method != "CONNECT"] + [
            f"https://{seen.url}/" for seen in self.browser.proxy.seen[self._since :] if seen.method == "CONNECT"
        ]

    @requests.setter
    def requests(self, value: list[str]) -> None:
        pass

    def _send(self, method: str, path: str, body: Mapping[str, object] | None = None, timeout: float = 90) -> Any:
        self.browser.switch_to(self.handle)
        return self.browser.command(method, path, body, timeout)

    def goto(self, url: str) -> None:
        self._send("POST", "/url", {"url": url})

    def reload(self) -> None:
        self._send("POST", "/refresh", {})

    def back(self) -> None:
        self._send("POST", "/back", {})

    def evaluate(self, function: str, *args: object) -> Any:
        script = (
            "const done = arguments[arguments.length - 1];"
            f"({wrap_function(function)})(arguments[0]).then(done,"
            " (e) => done(JSON.stringify({__engineError: String(e && e.stack || e)})))"
        )
        value = self._unwrap(self._send("POST", "/execute/async", {"script": script, "args": [json.dumps(args)]}))
        if isinstance(value, dict) and "__engineError" in value:
            raise WebDriverError(value["__engineError"])
        return value

    def click(self, selector: str, text: str | None = None) -> None:
        element = self._send(
            "POST",
            "/execute/sync",
            {
                "script": """
          const [selector, text] = arguments
          for (const el of document.querySelectorAll(selector)) {
            if (text === null || el.textContent.trim() === text || el.getAttribute("aria-label") === text) {
              el.scrollIntoView({ block: "center" })
              return el
            }
          }
          return null""",
                "args": [selector, text],
            },
        )
        if not element:
            raise WebDriverError(f"no element {selector!r} with text {text!r}")
        # A pointer action right after the scroll (the element-click command waits longer before clicking).
        self._send(
            "POST",
            "/actions",
            {
                "actions": [
                    {
                        "type": "pointer",
                        "id": "mouse",
                        "parameters": {"pointerType": "mouse"},
                        "actions": [
                            {"type": "pointerMove", "x": 0, "y": 0, "origin": element},
                            {"type": "pointerDown", "button": 0},
                            {"type": "pointerUp", "button": 0},
                        ],
                    }
                ]
            },
        )

    def type(self, text: str) -> None:
        active = self._send("GET", "/element/active")
        self._send("POST", f"/element/{active[ELEMENT]}/value", {"text": text})

    def screenshot(self, path: Path) -> Path:
        Path(path).write_bytes(base64.b64decode(self._send("GET", "/screenshot")))
        return Path(path)

    def close(self) -> None:
        if self in self.browser.tabs:
            self.browser.tabs.remove(self)
            with contextlib.suppress(WebDriverError):
                self._send("DELETE", "/window")
            self.browser.back_to_first_window()


class WebKit:
    """One WebKitWebDriver session (one MiniBrowser) for a test session; ``new_tab()`` opens a window in it.

    WebKit under automation keeps one ephemeral store per session: the
    windows share its HTTP cache and storage, and nothing survives the session.
    """

    name = "webkit"

    def __init__(self, proxy: RecordingProxy) -> None:
        self.proxy = proxy
        proxy_port = proxy.port
        self.executable = executable()
        self._dir = Path(tempfile.mkdtemp(prefix="webkit-"))
        self._children: list[subprocess.Popen] = []
        env = {
            **os.environ,
            "HOME": str(self._dir),
            "XDG_CACHE_HOME": str(self._dir / "cache"),
            "XDG_DATA_HOME": str(self._dir / "data"),
            "WEBKIT_DISABLE_COMPOSITING_MODE": "1",
        }
        if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
            env["DISPLAY"] = self._start_xvfb()
        self._log = (self._dir / "webkit.log").open("wb")
        self.port = _free_port()
        self._children.append(
            subprocess.Popen(
                [self.executable, f"--port={self.port}"],
                env=env,
                stdout=self._log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                preexec_fn=end_with_parent,  # noqa: PLW1509 - only a prctl between fork and exec
            )
        )
        self._base = f"http://127.0.0.1:{self.port}"
        self._wait_until_listening()
        options: dict = {"args": ["--automation"]}
        if minibrowser():
            options["binary"] = minibrowser()
        answer = self._request(
            "POST",
            "/session",
            {
                "capabilities": {
                    "alwaysMatch": {
                        "webkitgtk:browserOptions": options,
                        "proxy": {
                            "proxyType": "manual",
                            "httpProxy": f"127.0.0.1:{proxy_port}",
                            # WebKit speaks TLS to an sslProxy (an HTTPS proxy, which the recording proxy is
                            # not): with the proxy's tunnel, HTTPS goes straight to the loopback server instead.
                            **({} if proxy.tunnel else {"sslProxy": f"127.0.0.1:{proxy_port}"}),
                            "noProxy": [],
                        },
                        "pageLoadStrategy": "normal",
                        # With the tunnel, HTTPS is to a local server with a certificate made at run time (harness.tls).
                        "acceptInsecureCerts": proxy.tunnel,
                    }
                }
            },
        )
        self.session = answer["sessionId"]
        self.version = answer["capabilities"].get("browserVersion", "")
        self._current = self.command("GET", "/window")
        self._first = self._current
        self.tabs: list[WebKitTab] = []
        self.command("POST", "/timeouts", {"script": 120_000, "pageLoad": 120_000})

    def _start_xvfb(self) -> str:
        xvfb = shutil.which("Xvfb")
        if not xvfb:
            raise EngineMissing(
                "WebKitGTK needs an X display: install Debian's xvfb (make test does where there "
                "is apt-get), or run under a desktop session"
            )
        read, write = os.pipe()
        self._children.append(
            subprocess.Popen(
                [xvfb, "-displayfd", str(write), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
                pass_fds=(write,),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                preexec_fn=end_with_parent,  # noqa: PLW1509 - only a prctl between fork and exec
            )
        )
        os.close(write)
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise EngineMissing("Xvfb did not start")
        return f":{number}"

    def _wait_until_listening(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
            except OSError:
                time.sleep(0.1)
            else:
                return
        self.close()
        log = (self._dir / "webkit.log").read_text("utf-8", "replace")
        raise EngineMissing(f"WebKitWebDriver did not start: {log}")

    def _request(self, method: str, path: str, body: Mapping[str, object] | None = None, timeout: float = 90) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(  # noqa: S310 - the driver's own loopback address
            self._base + path, data=data, method=method, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - as above
                return json.loads(response.read() or b"{}").get("value")
        except urllib.error.HTTPError as error:
            value = json.loads(error.read() or b"{}").get("value", {})
            raise WebDriverError(f"{method} {path}: {value.get('error')}: {value.get('message')}") from None

    def command(self, method: str, path: str, body: Mapping[str, object] | None = None, timeout: float = 90) -> Any:
        return self._request(method, f"/session/{self.session}{path}", body, timeout)

    def back_to_first_window(self) -> None:
        # The next command needs a current window: the session's first, never closed.
        self._current = None
        self.switch_to(self._first)

    def switch_to(self, handle: str) -> None:
        if handle != self._current:
            self.command("POST", "/window", {"handle": handle})
            self._current = handle

    def new_tab(self, *, init_scripts: tuple[str, ...] = ()) -> WebKitTab:
        if init_scripts:
            raise NotImplementedError("classic WebDriver runs no script before the page's own")
        # A window, not a tab: WebKit paints (and screenshots) only the window's visible tab.
        handle = self.command("POST", "/window/new", {"type": "window"})["handle"]
        tab = WebKitTab(self, handle)
        self.switch_to(handle)
        self.command("POST", "/window/rect", VIEWPORT)
        self.tabs.append(tab)
        return tab

    def close(self) -> None:
        if getattr(self, "session", None):
            with contextlib.suppress(WebDriverError, OSError):
                self._request("DELETE", f"/session/{self.session}", timeout=20)
        for child in reversed(self._children):
            child.terminate()
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        self._log.close()
        self.proxy.__exit__(None, None, None)
        shutil.rmtree(self._dir, ignore_errors=True)
