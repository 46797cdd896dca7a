"""Debian's Firefox ESR driven over WebDriver BiDi, which stock Firefox speaks by itself.

No geckodriver: Firefox started with ``--remote-debugging-port`` is the
server, and this small client talks to it over one WebSocket (``websockets``'
sync client, so the tests stay plain synchronous pytest). BiDi gives what the
tests need beyond a page: scripts that run before the page's own
(``script.addPreloadScript``), console and error entries (``log.entryAdded``),
real pointer and key input, history traversal and screenshots. ``FIREFOX``
names another executable. Each browser gets a temporary profile, whose
``user.js`` points it at the recording proxy.
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import os
import queue
import re
import shutil
import subprocess
import tempfile
import threading
import time
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


def executable() -> str:
    path = os.environ.get("FIREFOX") or shutil.which("firefox-esr") or shutil.which("firefox") or "/usr/bin/firefox-esr"
    if not Path(path).is_file():
        raise EngineMissing(
            f"no Firefox at {path}: install Debian's firefox-esr (make test does where there is "
            "apt-get) or set FIREFOX to the path of a Firefox executable"
        )
    return path


#: Beyond what Firefox's remote agent already sets: no background traffic, no first-run pages.
PREFS = {
    "browser.shell.checkDefaultBrowser": False,
    "browser.startup.homepage_override.mstone": "ignore",
    "browser.newtabpage.enabled": False,
    "browser.safebrowsing.update.enabled": False,
    "datareporting.policy.dataSubmissionEnabled": False,
    "network.captive-portal-service.enabled": False,
    "network.connectivity-service.enabled": False,
    "network.dns.disablePrefetch": True,
    "network.prefetch-next": False,
    "app.normandy.enabled": False,
    "services.settings.server": "data:,#remote-settings-dummy/v1",
    "browser.region.network.url": "",
    "geo.provider.network.url": "",
    "extensions.getAddons.cache.enabled": False,
    "extensions.blocklist.enabled": False,
    "extensions.update.enabled": False,
    "browser.search.update": False,
    "dom.disable_open_during_load": False,
}


class BiDiError(RuntimeError):
    pass


class _Connection:
    """Commands by id over one WebSocket; events go to the subscribers' callbacks from the reader thread."""

    def __init__(self, url: str) -> None:
        from websockets.sync.client import connect

        self._socket = connect(url, max_size=None, open_timeout=20).__enter__()
        self._ids = itertools.count(1)
        self._waiting: dict[int, queue.Queue] = {}
        self._lock = threading.Lock()
        self.listeners: list = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        try:
            for raw in self._socket:
                message = json.loads(raw)
                if "id" in message and message["id"] in self._waiting:
                    self._waiting.pop(message["id"]).put(message)
                elif message.get("type") == "event":
                    for listener in list(self.listeners):
                        listener(message["method"], message["params"])
        except Exception:  # noqa: BLE001 - the browser closed, however the socket says so: every waiting command fails below
            for waiting in list(self._waiting.values()):
                waiting.put({"type": "error", "error": "closed", "message": "the browser went away"})

    def send(self, method: str, params: dict, timeout: float = 60) -> dict:
        box: queue.Queue = queue.Queue()
        with self._lock:
            number = next(self._ids)
            self._waiting[number] = box
        self._socket.send(json.dumps({"id": number, "method": method, "params": params}))
        try:
            answer = box.get(timeout=timeout)
        except queue.Empty:
            raise BiDiError(f"{method}: no answer within {timeout} s") from None
        if answer.get("type") == "error":
            raise BiDiError(f"{method}: {answer.get('error')}: {answer.get('message')}")
        return answer["result"]

    def close(self) -> None:
        self._socket.close()


class FirefoxTab(Tab):
    engine = "firefox"
    browser: Firefox
    console: list[str]
    errors: list[str]

    def __init__(self, browser: Firefox, context: str, user_context: str) -> None:
        super().__init__()
        self.browser = browser
        self._bidi = browser.bidi
        self.context_id = context
        self.user_context = user_context

    def goto(self, url: str) -> None:
        self._bidi.send("browsingContext.navigate", {"context": self.context_id, "url": url, "wait": "complete"})

    def reload(self) -> None:
        self._bidi.send("browsingContext.reload", {"context": self.context_id, "wait": "complete"})

    def back(self) -> None:
        self._bidi.send("browsingContext.traverseHistory", {"context": self.context_id, "delta": -1})

    def evaluate(self, function: str, *args: object) -> Any:
        result = self._bidi.send(
            "script.callFunction",
            {
                "functionDeclaration": wrap_function(function),
                "awaitPromise": True,
                "target": {"context": self.context_id},
                "arguments": [{"type": "string", "value": json.dumps(args)}],
            },
        )
        if result["type"] == "exception":
            raise BiDiError(result["exceptionDetails"]["text"])
        return self._unwrap(result["result"]["value"])

    def _element(self, selector: str, text: str | None) -> dict:
        result = self._bidi.send(
            "script.callFunction",
            {
                "functionDeclaration": "(selector, text) => window.__engineFind(selector, text)",
                "awaitPromise": False,
                "target": {"context": self.context_id},
                "arguments": [
                    {"type": "string", "value": selector},
                    {"type": "string", "value": text} if text is not None else {"type": "null"},
                ],
            },
        )
        if result["type"] == "exception" or result["result"]["type"] != "node":
            raise BiDiError(f"no element {selector!r} with text {text!r}")
        return {"sharedId": result["result"]["sharedId"]}

    def click(self, selector: str, text: str | None = None) -> None:
        self.evaluate(FIND_FUNCTION_INSTALL)
        element = self._element(selector, text)
        self._bidi.send(
            "input.performActions",
            {
                "context": self.context_id,
                "actions": [
                    {
                        "type": "pointer",
                        "id": "mouse",
                        "parameters": {"pointerType": "mouse"},
                        "actions": [
                            {"type": "pointerMove", "x": 0, "y": 0, "origin": {"type": "element", "element": element}},
                            {"type": "pointerDown", "button": 0},
                            {"type": "pointerUp", "button": 0},
                        ],
                    }
                ],
            },
        )

    def type(self, text: str) -> None:
        keys = []
        for char in text:
            keys += [{"type": "keyDown", "value": char}, {"type": "keyUp", "value": char}]
        self._keys(keys)

    def paste(self) -> None:
        self._keys(PASTE_KEYS)

    def _keys(self, keys: list[dict]) -> None:
        self._bidi.send(
            "input.performActions",
            {"context": self.context_id, "actions": [{"type": "key", "id": "keyboard", "actions": keys}]},
        )

    def screenshot(self, path: Path) -> Path:
        data = self._bidi.send("browsingContext.captureScreenshot", {"context": self.context_id})["data"]
        Path(path).write_bytes(base64.b64decode(data))
        return Path(path)

    def close(self) -> None:
        self.browser.tabs.remove(self)
        with contextlib.suppress(BiDiError):
            self._bidi.send("browsingContext.close", {"context": self.context_id})
            if not any(tab.user_context == self.user_context for tab in self.browser.tabs):
                self._bidi.send("browser.removeUserContext", {"userContext": self.user_context})


def _lz4_block(data: bytes) -> bytes:
    """One LZ4 block, decompressed (https://github.com/lz4/lz4/blob/dev/doc/lz4_Block_format.md)."""
    out = bytearray()
    at = 0

    def length(start: int) -> int:
        nonlocal at
        if start != 15:
            return start
        while True:
            byte = data[at]
            at += 1
            start += byte
            if byte != 255:
                return start

    while at < len(data):
        token = data[at]
        at += 1
        literals = length(token >> 4)
        out += data[at : at + literals]
        at += literals
        if at >= len(data):  # the last sequence is literals only
            break
        offset = data[at] | data[at + 1] << 8
        at += 2
        start = len(out) - offset
        for i in range(length(token & 15) + 4):  # byte by byte: a match may overlap what it copies
            out.append(out[start + i])
    return bytes(out)


FIND_FUNCTION_INSTALL = """() => {
  window.__engineFind = (selector, text) => {
    for (const el of document.querySelectorAll(selector)) {
      if (text === null || el.textContent.trim() === text || el.getAttribute("aria-label") === text) {
        el.scrollIntoView({ block: "center", behavior: "instant" })
        return el
      }
    }
    return null
  }
}"""


class Firefox:
    """One Firefox for a test session; ``new_tab()`` opens a tab in its own user context (cookies, storage)."""

    name = "firefox"

    def __init__(
        self, proxy: RecordingProxy, color_scheme: ColorScheme = "light", prefs: Mapping[str, object] | None = None
    ) -> None:
        self.proxy = proxy
        proxy_port = proxy.port
        self._bidi: _Connection | None = None
        self.executable = executable()
        self._dir = Path(tempfile.mkdtemp(prefix="firefox-"))
        profile = self._dir / "profile"
        profile.mkdir()
        prefs = {
            **PREFS,
            "network.proxy.type": 1,
            "network.proxy.http": "127.0.0.1",
            "network.proxy.http_port": proxy_port,
            "network.proxy.ssl": "127.0.0.1",
            "network.proxy.ssl_port": proxy_port,
            "network.proxy.allow_hijacking_localhost": True,
            "network.proxy.no_proxies_on": "",
            # What a system's dark or light setting tells Firefox (a headless one reads no desktop theme).
            "ui.systemUsesDarkTheme": int(color_scheme == "dark"),
            **(prefs or {}),
        }
        (profile / "user.js").write_text(
            "".join(f"user_pref({json.dumps(k)}, {json.dumps(v)});\n" for k, v in prefs.items()), "utf-8"
        )
        self._log = (self._dir / "firefox.log").open("wb")
        self._process = subprocess.Popen(
            [
                self.executable,
                "--headless",
                "--no-remote",
                "--remote-debugging-port=0",
                "--profile",
                str(profile),
                "about:blank",
            ],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            preexec_fn=end_with_parent,  # noqa: PLW1509 - only a prctl between fork and exec
            env={**os.environ, "MOZ_CRASHREPORTER_DISABLE": "1"},
        )
        self._bidi = _Connection(self._wait_for_endpoint() + "/session")
        started = self.bidi.send(
            "session.new",
            {
                "capabilities": {
                    "alwaysMatch": {
                        "unhandledPromptBehavior": {"default": "ignore"},
                        "acceptInsecureCerts": proxy.tunnel,
                    }
                }
            },
        )
        self.version = started["capabilities"].get("browserVersion", "")
        self.bidi.listeners.append(self._on_event)
        self.bidi.send("session.subscribe", {"events": ["log.entryAdded", "network.beforeRequestSent"]})
        self.tabs: list[FirefoxTab] = []

    @property
    def bidi(self) -> _Connection:
        if self._bidi is None:
            raise EngineMissing("Firefox is not connected yet")
        return self._bidi

    def session_file(self) -> str:
        """The session Firefox keeps on disk to restore its tabs after a crash or a restart (its form data
        among them), as text; empty until it has written one.
        """
        path = self._dir / "profile/sessionstore-backups/recovery.jsonlz4"
        if not path.is_file():
            return ""
        data = path.read_bytes()
        # mozLz4: a magic, the text's length (4 bytes, little-endian), then one LZ4 block.
        if not data.startswith(b"mozLz40\0"):
            raise ValueError(f"{path} is not a mozLz4 file")
        return _lz4_block(data[12:]).decode("utf-8")

    def _wait_for_endpoint(self, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        log = self._dir / "firefox.log"
        while time.monotonic() < deadline:
            found = re.search(r"WebDriver BiDi listening on (ws://\S+)", log.read_text("utf-8", "replace"))
            if found:
                return found[1]
            if self._process.poll() is not None:
                break
            time.sleep(0.1)
        self.close()
        raise EngineMissing(f"Firefox did not start:\n{log.read_text('utf-8', 'replace')[-2000:]}")

    def _on_event(self, method: str, params: dict) -> None:
        if method == "network.beforeRequestSent":
            for tab in self.tabs:
                if params.get("context") == tab.context_id:
                    tab.requests.append(params["request"]["url"])
        elif method == "log.entryAdded":
            source = params.get("source", {}).get("context")
            for tab in self.tabs:
                if source is None or source == tab.context_id:
                    (tab.errors if params.get("type") == "javascript" else tab.console).append(params.get("text", ""))

    def new_tab(
        self, *, init_scripts: tuple[str, ...] = (), beside: Tab | None = None, viewport: Viewport = VIEWPORT
    ) -> FirefoxTab:
        """A tab in a user context of its own (its own storage), or in ``beside``'s, as two tabs of one profile."""
        if isinstance(beside, FirefoxTab):
            user_context = beside.user_context
        else:
            user_context = self.bidi.send("browser.createUserContext", {})["userContext"]
        context = self.bidi.send("browsingContext.create", {"type": "tab", "userContext": user_context})["context"]
        for script in init_scripts:
            self.bidi.send(
                "script.addPreloadScript", {"functionDeclaration": f"() => {{ {script} }}", "contexts": [context]}
            )
        self.bidi.send("browsingContext.setViewport", {"context": context, "viewport": viewport})
        tab = FirefoxTab(self, context, user_context)
        self.tabs.append(tab)
        return tab

    def close(self) -> None:
        try:
            if self._bidi is not None:
                self._bidi.send("browser.close", {}, timeout=10)
        except Exception:  # noqa: BLE001, S110 - already gone, whatever closing it raises
            pass
        self.proxy.__exit__(None, None, None)
        try:
            self._process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._log.close()
        shutil.rmtree(self._dir, ignore_errors=True)
