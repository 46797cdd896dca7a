"""Debian's Chromium through Playwright (as the rest of the browser suite drives it), behind the common Tab."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, BrowserContext, Playwright

from harness import chromium
from harness.engines.base import VIEWPORT, ColorScheme, EngineMissing, Tab, Viewport, wrap_function
from harness.engines.proxy import RecordingProxy


class ChromiumTab(Tab):
    engine = "chromium"
    browser: Chromium

    def __init__(self, browser: Chromium, context: BrowserContext, init_scripts: tuple[str, ...]) -> None:
        super().__init__()
        self.browser = browser
        self.context = context
        for script in init_scripts:
            context.add_init_script(script)
        self.page = context.new_page()
        console: list[str] = []
        errors: list[str] = []
        self.console, self.errors = console, errors
        context.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda message: console.append(message.text))
        self.page.on("pageerror", lambda error: errors.append(str(error)))
        self.page.on("worker", lambda worker: worker.on("console", lambda m: console.append(m.text)))

    def goto(self, url: str) -> None:
        self.page.goto(url)

    def reload(self) -> None:
        self.page.reload()

    def back(self) -> None:
        self.page.go_back()

    def evaluate(self, function: str, *args: object) -> Any:
        return self._unwrap(self.page.evaluate(wrap_function(function), json.dumps(args)))

    def click(self, selector: str, text: str | None = None) -> None:
        # Scrolled as in the other engines (to the middle), then a real mouse click at once on its middle
        # (an element handle's click waits for the element to hold still first).
        point = self.page.evaluate(
            """([selector, text]) => {
                 const el = [...document.querySelectorAll(selector)].find((el) =>
                   text === null || el.textContent.trim() === text || el.getAttribute("aria-label") === text)
                 if (!el) return null
                 el.scrollIntoView({ block: "center", behavior: "instant" })
                 const box = el.getBoundingClientRect()
                 return [box.left + box.width / 2, box.top + box.height / 2]
               }""",
            [selector, text],
        )
        if point is None:
            raise AssertionError(f"no element {selector!r} with text {text!r}")
        self.page.mouse.click(*point)

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)

    def paste(self) -> None:
        self.page.keyboard.press("Control+V")

    def screenshot(self, path: Path) -> Path:
        self.page.screenshot(path=str(path))
        return Path(path)

    def close(self) -> None:
        if self.browser.tabs_in(self.context) > 1:
            self.page.close()
        else:
            self.context.close()


class Chromium:
    """A Playwright Chromium browser; each tab a fresh context (its own cache) sent through the proxy."""

    name = "chromium"

    def __init__(
        self, proxy: RecordingProxy, browser: Browser | None = None, color_scheme: ColorScheme = "light"
    ) -> None:
        try:
            chromium.executable()
        except chromium.ChromiumMissing as error:
            raise EngineMissing(str(error)) from None
        self._owned: Playwright | None = None
        if browser is None:
            from playwright.sync_api import sync_playwright

            self._owned = sync_playwright().start()
            browser = chromium.launch(self._owned)
        self.browser = browser
        self.version = browser.version
        self.proxy = proxy
        self.color_scheme = color_scheme

    def new_tab(
        self, *, init_scripts: tuple[str, ...] = (), beside: Tab | None = None, viewport: Viewport = VIEWPORT
    ) -> ChromiumTab:
        """A tab in a context of its own (its own cache), or in ``beside``'s, as two tabs of one profile."""
        if isinstance(beside, ChromiumTab):
            tab = ChromiumTab(self, beside.context, init_scripts)
            tab.page.set_viewport_size(viewport)
            return tab
        # Chromium sends loopback requests around a proxy unless told "<-loopback>".
        context = self.browser.new_context(
            viewport=viewport,
            proxy={"server": f"http://{self.proxy.address}", "bypass": "<-loopback>"},
            color_scheme=self.color_scheme,
        )
        return ChromiumTab(self, context, init_scripts)

    def tabs_in(self, context: BrowserContext) -> int:
        return len(context.pages)

    def close(self) -> None:
        if self._owned is not None:
            self.browser.close()
            self._owned.stop()
        self.proxy.__exit__(None, None, None)
