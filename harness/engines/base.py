"""The small interface the cross-engine tests drive every engine through, and what the engines share."""

from __future__ import annotations

import ctypes
import json
import signal
import sys
import time
from pathlib import Path
from typing import Any, Literal, Self, TypedDict


class EngineMissing(RuntimeError):
    """The browser or its driver is not installed, or did not start; the message says what to install."""


def end_with_parent() -> None:
    """For ``Popen(preexec_fn=...)``: on Linux the child gets SIGTERM when the test process dies, even when it
    is killed and cannot close its browsers (a browser left behind would hold its cores and ports). Linux
    sends it when the starting *thread* ends: start a browser from a thread that outlives it.
    """
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def wrap_function(function: str) -> str:
    """``function`` (a JavaScript function's source) called with JSON arguments, its result returned as JSON:
    one way of passing values that every protocol carries the same.
    """
    return (
        f"async (json) => {{ const value = await ({function})(...JSON.parse(json)); "
        "return JSON.stringify(value === undefined ? null : value) }"
    )


# Sets a field's value as a paste does: the value, then an input event the page listens to.
_FILL = """(selector, value) => {
  const field = document.querySelector(selector)
  field.focus()
  const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(field), "value").set
  setter.call(field, value)
  field.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste", data: value }))
}"""


#: The viewport every engine's tabs get, so a layout check means the same in each.
class Viewport(TypedDict):
    width: int
    height: int


VIEWPORT: Viewport = {"width": 1280, "height": 800}

#: The system setting a browser's pages see in ``prefers-color-scheme``.
ColorScheme = Literal["light", "dark"]

#: Ctrl+V as WebDriver key actions, the same in BiDi (Firefox) and classic WebDriver (WebKit): U+E009 is Control.
PASTE_KEYS = [
    {"type": "keyDown", "value": "\ue009"},
    {"type": "keyDown", "value": "v"},
    {"type": "keyUp", "value": "v"},
    {"type": "keyUp", "value": "\ue009"},
]


class Tab:
    """One page in its own browser context (cookies, storage; the HTTP cache may be the browser's).

    ``requests`` holds what the engine reports the page and its workers asked
    for (WebKit's driver reports nothing: there it is the proxy's record);
    ``console`` and ``errors`` what it reports of the page's console and
    uncaught errors (``None`` where the driver cannot see them). Stalls and
    CSP reports are the browser's recording proxy's.
    """

    engine = ""
    #: The browser the tab is in; its ``proxy`` is the RecordingProxy the tab's requests go through.
    browser: object

    def __init__(self) -> None:
        self.console: list[str] | None = []
        self.errors: list[str] | None = []
        #: Every URL the tab's page and workers asked for, as the engine reports them.
        self.requests: list[str] = []

    # Each engine implements these.
    def goto(self, url: str) -> None:
        raise NotImplementedError

    def reload(self) -> None:
        raise NotImplementedError

    def back(self) -> None:
        raise NotImplementedError

    def evaluate(self, function: str, *args: object) -> Any:
        """Calls ``function`` (JavaScript source of a function, may be async) with ``args``; its JSON-able result."""
        raise NotImplementedError

    def click(self, selector: str, text: str | None = None) -> None:
        """A real pointer click on the first ``selector`` whose text (or aria-label) is ``text``."""
        raise NotImplementedError

    def type(self, text: str) -> None:
        """Real key presses into the focused element."""
        raise NotImplementedError

    def paste(self) -> None:
        """Ctrl+V pressed in the focused element: what the engine's clipboard holds is pasted there."""
        raise NotImplementedError

    def screenshot(self, path: Path) -> Path:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    # Shared.
    @staticmethod
    def _unwrap(value: object) -> object:
        return json.loads(value) if isinstance(value, str) else value

    def fill(self, selector: str, value: str) -> None:
        self.evaluate(_FILL, selector, value)

    def url(self) -> str:
        return self.evaluate("() => location.href")

    def wait_for(self, function: str, *args: object, timeout: float = 30, message: str = "") -> Any:
        """Until ``function(*args)`` returns something truthy; that value. Fails after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                value = self.evaluate(function, *args)
            except Exception:  # noqa: BLE001 - each engine's own error: between two documents, a script may find no realm
                value = None
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.engine}: {message or function} not true within {timeout} s")
            time.sleep(0.05)

    def wait_for_url(self, url: str, timeout: float = 30) -> None:
        self.wait_for("(url) => location.href === url", url, timeout=timeout, message=f"URL {url}")

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
