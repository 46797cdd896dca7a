"""The three engines merchants browse with, driven from Python through one small interface (``base.Tab``).

- ``chromium``: Debian's Chromium through Playwright, as the rest of the suite;
- ``firefox``: Debian's Firefox ESR over WebDriver BiDi, which it speaks by itself
  (no geckodriver), with a small client on ``websockets``;
- ``webkit``: WebKitGTK through Debian's ``WebKitWebDriver`` (classic WebDriver,
  over plain HTTP with ``urllib``; no Selenium, whose driver manager downloads).

Every tab sends its requests through a ``RecordingProxy``: what each engine
fetched, a stalled download, and Content-Security-Policy reports are observed
there the same way whatever the engine tells its driver. Nothing here
downloads a browser or a driver: ``CHROMIUM``, ``FIREFOX`` and ``WEBKIT_DRIVER``
name other executables.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from harness.engines.base import ColorScheme, EngineMissing, Tab
from harness.engines.proxy import RecordingProxy

if TYPE_CHECKING:
    from collections.abc import Mapping

    from playwright.sync_api import Browser

    from harness.engines.chromium import Chromium
    from harness.engines.firefox import Firefox
    from harness.engines.webkit import WebKit

ENGINES = ("chromium", "firefox", "webkit")


def launch(
    name: str,
    *,
    playwright_browser: Browser | None = None,
    https: bool = False,
    color_scheme: ColorScheme = "light",
    firefox_prefs: Mapping[str, object] | None = None,
) -> Chromium | Firefox | WebKit:
    """A new browser of engine ``name`` with its own profile and its own ``proxy``; ``close()`` ends both.

    Chromium runs in ``playwright_browser`` (Playwright's sync API allows one driver per thread; for
    ``harness.tls``' HTTPS, launched with its certificate's ``chromium_args()``). ``https``: the proxy
    tunnels HTTPS to loopback ports (it refuses it otherwise). ``color_scheme``: the system's setting
    its pages see in ``prefers-color-scheme``, set as a merchant's system sets it (Firefox's system-theme
    preference, GTK's dark-theme setting for WebKitGTK; Playwright's emulation for Chromium).
    ``firefox_prefs``: Firefox's preferences beside the harness's own (Firefox only).
    """
    if name not in ENGINES:
        raise ValueError(f"unknown engine {name!r}; known: {', '.join(ENGINES)}")
    proxy = RecordingProxy(tunnel=https).__enter__()
    try:
        if name == "chromium":
            from harness.engines.chromium import Chromium

            return Chromium(proxy, playwright_browser, color_scheme=color_scheme)
        if name == "firefox":
            from harness.engines.firefox import Firefox

            return Firefox(proxy, color_scheme=color_scheme, prefs=firefox_prefs)
        from harness.engines.webkit import WebKit

        return WebKit(proxy, color_scheme=color_scheme)
    except BaseException:
        proxy.__exit__(None, None, None)
        raise


__all__ = ["ENGINES", "ColorScheme", "EngineMissing", "RecordingProxy", "Tab", "launch"]
