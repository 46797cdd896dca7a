"""The reader's palette is on the page from its first paint in every engine: the system's on a first visit,
the one chosen with the header's toggle after that (the theme's bundle used to set both after painting).

On a system set to dark, the first visit is the case that fails when the palette comes late: the page
paints in the site's first palette (light) until the theme's bundle runs. On localhost some engines wait
for the bundle before they paint, so the first visit holds the bundle back, as a slow link does, and
checks that the page painted before it arrived.
"""

from __future__ import annotations

import threading

import pytest

from harness import PALETTE_LOG, palette_at_first_paint

THEMES_BUNDLE_RAN = "() => document.querySelector('[data-md-component=palette] label:not([hidden])') !== null"
SYSTEM = "() => matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'"
PALETTE = {"light": "default", "dark": "slate"}
THEMES_BUNDLE = r"/assets/javascripts/bundle\.[0-9a-f]+\.min\.js$"
BUNDLE_ARRIVED = """() => performance.getEntriesByType("resource").find((entry) =>
  /\\/assets\\/javascripts\\/bundle\\./.test(entry.name))?.responseEnd ?? null"""


def first_paint(tab) -> tuple[str | None, set[str], dict]:
    tab.wait_for(THEMES_BUNDLE_RAN, message="the theme's bundle to run")
    seen = tab.evaluate("() => window.__schemes")
    return (*palette_at_first_paint(seen), seen)


@pytest.mark.parametrize("system", ["light", "dark"])
def test_the_readers_palette_is_painted_from_the_start(request, engine, server, system):
    browser = engine if system == "light" else request.getfixturevalue("dark_engine")
    tab = browser.new_tab(init_scripts=(PALETTE_LOG,))
    try:
        hold = browser.proxy.hold(THEMES_BUNDLE)
        threading.Timer(1.5, hold.release).start()
        try:
            tab.goto(server.url("troubleshooting/"))
        finally:
            browser.proxy.unhold(hold)
        assert tab.evaluate(SYSTEM) == system, "the browser does not see the system's setting"
        shown, later, seen = first_paint(tab)
        assert hold.held and shown and seen["painted"] < tab.evaluate(BUNDLE_ARRIVED), (
            "the page did not paint before the theme's bundle arrived",
            seen,
        )
        assert (shown, later <= {PALETTE[system]}) == (PALETTE[system], True), seen

        chosen = PALETTE["light" if system == "dark" else "dark"]
        tab.click("[data-md-component=palette] label:not([hidden])")
        tab.wait_for("(scheme) => document.body.dataset.mdColorScheme === scheme", chosen)
        tab.goto(server.url("guide/"))
        shown, later, seen = first_paint(tab)
        assert (shown, later <= {chosen}) == (chosen, True), seen
    finally:
        # Material keeps the choice in storage, which WebKit's windows share: leave it as the system's.
        tab.evaluate("() => localStorage.clear()")
        tab.close()
