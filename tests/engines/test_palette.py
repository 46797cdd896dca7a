"""The reader's palette is on the page from its first paint in every engine: the system's on a first visit,
the one chosen with the header's toggle after that (the theme's bundle used to set both after painting).
"""

from __future__ import annotations

from harness import PALETTE_LOG, palette_at_first_paint

THEMES_BUNDLE_RAN = "() => document.querySelector('[data-md-component=palette] label:not([hidden])') !== null"
SYSTEM = "() => matchMedia('(prefers-color-scheme: dark)').matches ? 'slate' : 'default'"


def first_paint(tab) -> tuple[str | None, set[str], dict]:
    tab.wait_for(THEMES_BUNDLE_RAN, message="the theme's bundle to run")
    seen = tab.evaluate("() => window.__schemes")
    return (*palette_at_first_paint(seen), seen)


def test_the_readers_palette_is_painted_from_the_start(engine, server):
    tab = engine.new_tab(init_scripts=(PALETTE_LOG,))
    try:
        tab.goto(server.url("troubleshooting/"))
        system = tab.evaluate(SYSTEM)
        shown, later, seen = first_paint(tab)
        assert (shown, later <= {system}) == (system, True), seen

        chosen = "default" if system == "slate" else "slate"
        tab.click("[data-md-component=palette] label:not([hidden])")
        tab.wait_for("(scheme) => document.body.dataset.mdColorScheme === scheme", chosen)
        tab.goto(server.url("guide/"))
        shown, later, seen = first_paint(tab)
        assert (shown, later <= {chosen}) == (chosen, True), seen
    finally:
        # Material keeps the choice in storage, which WebKit's windows share: leave it as the system's.
        tab.evaluate("() => localStorage.clear()")
        tab.close()
