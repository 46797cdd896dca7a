"""WebKitGTK, the engine Safari is built on, driven through Debian's ``WebKitWebDriver``.

``WebKitWebDriver`` speaks classic WebDriver only (no BiDi), over plain HTTP:
a client of a few dozen lines on ``urllib`` does it, where Selenium would add
a large dependency and Selenium Manager, which tries to download drivers. The
browser it runs is ``webkit_browser.py`` beside this file, on Debian's
``python3-gi`` and ``gir1.2-webkit2-4.1``: the same WebKitGTK as its
MiniBrowser, whose automation sessions are ephemeral (no disk cache; Cache
Storage and service workers gone with the session), but keeping the website
data in a profile directory, as Safari keeps its caches. It needs an X
display: a private Xvfb is started for it when there is none.
``WEBKIT_DRIVER`` names another driver executable. Classic WebDriver reports
neither the console nor uncaught errors (the recording proxy observes what the
tests need without them), and runs no script before the page's own: the
browser runs a new window's ``init_scripts`` itself.
"""

from __future__ import annotations

import base64
import contextlib
import functools
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

from harness.engines.base import (
    PASTE_KEYS,
    VIEWPORT,
    ColorScheme,
    EngineMissing,
    Tab,
    Viewport,
    end_with_parent,
    wrap_function,
)
from harness.engines.proxy import RecordingProxy

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"
#: Debian's Python, which has the system's GObject bindings (a virtualenv's has not).
SYSTEM_PYTHON = "/usr/bin/python3"
BROWSER = Path(__file__).with_name("webkit_browser.py")
#: What the driver answers once the session is gone, as after a page crash.
SESSION_GONE = "invalid session id"


def executable() -> str:
    path = os.environ.get("WEBKIT_DRIVER") or shutil.which("WebKitWebDriver") or "/usr/bin/WebKitWebDriver"
    if not Path(path).is_file():
        raise EngineMissing(
            f"no WebKitWebDriver at {path}: install Debian's webkit2gtk-driver (make test does where "
            "there is apt-get) or set WEBKIT_DRIVER to the path of a WebKitWebDriver"
        )
    return path


@functools.cache
def browser_missing() -> str | None:
    """Why ``webkit_browser.py`` cannot run here (None when it can)."""
    try:
        done = subprocess.run(
            [SYSTEM_PYTHON, str(BROWSER), "--check"], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"{SYSTEM_PYTHON}: {error}"
    return None if done.returncode == 0 else (done.stderr.strip().splitlines() or ["failed"])[-1]


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
              el.scrollIntoView({ block: "center", behavior: "instant" })
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

    def paste(self) -> None:
        self._send("POST", "/actions", {"actions": [{"type": "key", "id": "keyboard", "actions": PASTE_KEYS}]})

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
    """One WebKitWebDriver session for a test session; ``new_tab()`` opens a window in it.

    The windows share the browser's website data (HTTP cache, Cache Storage,
    IndexedDB, service workers), kept in ``profile``: a directory of its own,
    deleted at ``close()``, unless one is given, which is kept for a later
    browser to open again. The disk cache writes a response about a second
    after it arrives: one closed sooner is not kept for the next browser.
    When the driver deletes the session (as it does when a page crashes), the
    next ``new_tab()`` starts a new session on the same profile.
    """

    name = "webkit"

    def __init__(self, proxy: RecordingProxy, profile: Path | None = None, color_scheme: ColorScheme = "light") -> None:
        self.proxy = proxy
        self.color_scheme = color_scheme
        self.executable = executable()
        if why := browser_missing():
            raise EngineMissing(
                f"WebKitGTK's browser cannot start ({why}): install Debian's python3-gi and gir1.2-webkit2-4.1 "
                "(make test does where there is apt-get)"
            )
        self._dir = Path(tempfile.mkdtemp(prefix="webkit-"))
        self.profile = profile or self._dir / "profile"
        # The scripts the browser runs first in the next window it makes.
        self._scripts = self._dir / "init-scripts"
        self._scripts.mkdir()
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
        self.tabs: list[WebKitTab] = []
        self.session = ""
        self.lost = False
        self._start_session()

    def _start_session(self) -> None:
        answer = self._request(
            "POST",
            "/session",
            {
                "capabilities": {
                    "alwaysMatch": {
                        "webkitgtk:browserOptions": {
                            "binary": SYSTEM_PYTHON,
                            "args": [
                                str(BROWSER),
                                "--automation",
                                f"--profile={self.profile}",
                                f"--scripts={self._scripts}",
                                *(["--dark"] if self.color_scheme == "dark" else []),
                            ],
                        },
                        "proxy": {
                            "proxyType": "manual",
                            "httpProxy": f"127.0.0.1:{self.proxy.port}",
                            # WebKit speaks TLS to an sslProxy (an HTTPS proxy, which the recording proxy is
                            # not): with the proxy's tunnel, HTTPS goes straight to the loopback server instead.
                            **({} if self.proxy.tunnel else {"sslProxy": f"127.0.0.1:{self.proxy.port}"}),
                            "noProxy": [],
                        },
                        "pageLoadStrategy": "normal",
                        # With the tunnel, HTTPS is to a local server with a certificate made at run time (harness.tls).
                        "acceptInsecureCerts": self.proxy.tunnel,
                    }
                }
            },
        )
        self.session = answer["sessionId"]
        self.lost = False
        self.version = answer["capabilities"].get("browserVersion", "")
        self._current = self.command("GET", "/window")
        self._first = self._current
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
        try:
            return self._request(method, f"/session/{self.session}{path}", body, timeout)
        except WebDriverError as error:
            if SESSION_GONE in str(error):
                self.lost = True
            raise

    def back_to_first_window(self) -> None:
        # The next command needs a current window: the session's first, never closed.
        self._current = None
        if not self.lost:
            self.switch_to(self._first)

    def switch_to(self, handle: str) -> None:
        if handle != self._current:
            self.command("POST", "/window", {"handle": handle})
            self._current = handle

    def new_tab(
        self,
        *,
        init_scripts: tuple[str, ...] = (),
        beside: Tab | None = None,  # noqa: ARG002 - every window shares the data
        viewport: Viewport = VIEWPORT,
    ) -> WebKitTab:
        """A window; every window shares the browser's website data, ``beside`` another or not."""
        if self.lost:
            # Its tabs went with it; what they kept stays in the profile.
            self.tabs.clear()
            self._start_session()
        for number, source in enumerate(init_scripts):
            (self._scripts / f"{number}.js").write_text(source, "utf-8")
        try:
            # A window, not a tab: WebKit paints (and screenshots) only the window's visible tab.
            handle = self.command("POST", "/window/new", {"type": "window"})["handle"]
        finally:
            for written in self._scripts.iterdir():
                written.unlink()
        tab = WebKitTab(self, handle)
        self.switch_to(handle)
        self.command("POST", "/window/rect", viewport)
        self.tabs.append(tab)
        return tab

    def close(self) -> None:
        if getattr(self, "session", None) and not self.lost:
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
