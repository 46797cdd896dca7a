"""The checker for a screen reader and for axe, in every state it can be in.

What a screen reader announces is what changes in a live region. Every
change to the checker's live regions is recorded from the page's first byte,
and each piece of news must be there exactly once: a region rewritten with the
same text is read again, which is noise a merchant cannot skip.
"""

from __future__ import annotations

from collections import Counter

import pytest

from harness import ACCOUNT_ID, API_KEY, DASHBOARD_URL, SITE_ID

from .browser_helpers import WASM, axe_violations, expected_view, fill, open_while_loading, wait_for_view, wait_ready

pytestmark = pytest.mark.browser

CHECKER = "[data-credential-checker]"

# Records, for each batch of DOM changes, the text of every live region of the checker it touched.
RECORD_LIVE_REGIONS = """
window.__said = [];
const LIVE = '[aria-live]:not([aria-live="off"]), [role="status"], [role="alert"], [role="log"]';
new MutationObserver((records) => {
  const touched = new Set();
  for (const record of records) {
    const node = record.target.nodeType === 1 ? record.target : record.target.parentElement;
    const region = node && node.closest(LIVE);
    if (region && region.closest("[data-credential-checker]")) touched.add(region);
  }
  for (const region of touched) {
    const name = region.id || Object.keys(region.dataset).find((key) => key.startsWith("cc"));
    window.__said.push([name, region.textContent.replace(/\\s+/g, " ").trim()]);
  }
}).observe(document, { subtree: true, childList: true, characterData: true });
"""


def _said(page) -> list[tuple[str, str]]:
    # An emptied region says nothing: only text is news.
    return [(region, text) for region, text in page.evaluate("window.__said") if text]


def _assert_each_once(said, expected: list[tuple[str, str]]) -> None:
    repeated = {item: n for item, n in Counter(said).items() if n > 1}
    assert repeated == {}, f"announced more than once: {repeated}"
    for region, words in expected:
        hits = [text for name, text in said if name.endswith(region) and words in text]
        assert len(hits) == 1, (
            f"{region} should have said {words!r} once; it said {[s for s in said if s[0].endswith(region)]}"
        )


def test_each_piece_of_news_is_announced_once(open_tab, server):
    tab = open_tab(init_scripts=(RECORD_LIVE_REGIONS,))
    page = tab.page
    # The wasm, most of the bytes, is held back until the checker is on the page: it is
    # wired while the load is under way, as on a merchant's link.
    open_while_loading(tab, server.url("guide/"))
    wait_ready(page)
    fill(page, site_id=DASHBOARD_URL)
    wait_for_view(page, expected_view({"site_id": DASHBOARD_URL}, server.url()))
    # Another field's news must not make the Site ID's unchanged finding be read again.
    fill(page, account_id=ACCOUNT_ID)
    wait_for_view(page, expected_view({"site_id": DASHBOARD_URL, "account_id": ACCOUNT_ID}, server.url()))
    page.get_by_role("button", name=f"Use {SITE_ID}").click()
    fill(page, api_key=API_KEY)
    values = {"site_id": SITE_ID, "account_id": ACCOUNT_ID, "api_key": API_KEY}
    wait_for_view(page, expected_view(values, server.url()))
    said = _said(page)
    _assert_each_once(
        said,
        [
            ("ccStatus", "Loading the checker."),
            ("ccSummary", "Paste the three values"),
            ("site_id-result", "whole web address"),
            ("account_id-result", "OK"),
            ("site_id-result", "OK"),
            ("api_key-result", "OK"),
            ("ccSummary", "Ready for Violet Connect"),
        ],
    )
    # Progress is told at milestones, never byte by byte.
    assert sum(name == "ccStatus" for name, _ in said) <= 3, said


def test_a_failure_and_try_again_are_announced_once(open_tab, server):
    tab = open_tab(init_scripts=(RECORD_LIVE_REGIONS,))
    broken = [True]
    tab.context.route(WASM, lambda route: route.abort() if broken[0] else route.continue_())
    page = tab.page
    page.goto(server.url("guide/"))
    retry = page.get_by_role("button", name="Try again")
    retry.wait_for()
    broken[0] = False
    retry.click()
    wait_ready(page)
    said = _said(page)
    _assert_each_once(
        said,
        [
            ("ccStatus", "The checker cannot run here"),
            ("ccStatus", "Loading the checker again."),
            ("ccSummary", "Paste the three values"),
        ],
    )
    failure = next(text for name, text in said if "cannot run" in text)
    assert "Try again" in failure and "by hand" in failure


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_in_any_state_of_the_checker(open_tab, server, axe_source, scheme):
    problems = {}

    def look(page, state):
        assert page.evaluate("document.body.dataset.mdColorScheme") == ("slate" if scheme == "dark" else "default")
        violations = axe_violations(page, axe_source, CHECKER)
        if violations:
            problems[state] = violations

    tab = open_tab(color_scheme=scheme)
    page = tab.page
    open_while_loading(tab, server.url("guide/"), lambda page: look(page, "loading"))
    wait_ready(page)
    look(page, "ready")
    fill(page, api_key="Bearer " + API_KEY, account_id="merchant@example.com", site_id=DASHBOARD_URL)
    page.get_by_role("button", name=f"Use {SITE_ID}").wait_for()
    look(page, "findings")
    page.get_by_role("button", name="Show key").click()
    assert page.get_by_role("button", name="Show key").get_attribute("aria-pressed") == "true"
    look(page, "key shown")

    failing = open_tab(color_scheme=scheme)
    failing.context.route(WASM, lambda route: route.abort())
    failing.page.goto(server.url("guide/"))
    failing.page.get_by_role("button", name="Try again").wait_for()
    look(failing.page, "failed")
    assert problems == {}, "\n".join(f"{state}: {v}" for state, vs in problems.items() for v in vs)
