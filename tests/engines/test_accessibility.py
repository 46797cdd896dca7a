"""axe-core finds nothing on the checker's page with findings showing, in light and in dark, in every engine.

The dark scheme is chosen as a merchant does, with the header's toggle (Material keeps the choice).
"""

from __future__ import annotations

from harness import API_KEY, CHECKER_PAGE, DASHBOARD_URL, SITE_ID

from .engine_steps import axe_violations, fill, open_checker

SCHEME = "() => document.body.dataset.mdColorScheme"


def test_axe_finds_nothing_in_light_and_dark(tab, server, axe_source):
    open_checker(tab, server.url(CHECKER_PAGE))
    fill(tab, api_key="Bearer " + API_KEY, account_id="merchant@example.com", site_id=DASHBOARD_URL)
    tab.wait_for(
        "(text) => [...document.querySelectorAll('button.cc-use')].some((b) => b.textContent === text)",
        f"Use {SITE_ID}",
    )
    tab.click("[data-cc-field=api_key] button[aria-pressed]")  # the key shown too
    problems = {}
    try:
        for scheme, toggle in (("default", "Switch to dark mode"), ("slate", "Switch to light mode")):
            assert tab.evaluate(SCHEME) == scheme
            problems[scheme] = axe_violations(tab, axe_source)
            tab.click(f"label[title='{toggle}']")
            tab.wait_for("(scheme) => document.body.dataset.mdColorScheme !== scheme", scheme)
    finally:
        # Material keeps the choice in storage, which WebKit's windows share: leave it light.
        tab.evaluate("() => localStorage.clear()")
    assert {scheme: found for scheme, found in problems.items() if found} == {}
