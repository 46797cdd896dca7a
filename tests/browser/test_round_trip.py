"""What was typed survives a round trip to a troubleshooting entry in the same tab, in memory only.

Two ways there and back: instant navigation (the site built with its address),
where the page module keeps the values while Material swaps the page, and a
full page load (the site built without one), where the browser's
back/forward cache keeps the whole page in memory. Neither puts a value in
storage, cookies, the address or the history: a reload forgets them, and a
browser without the back/forward cache comes back to empty fields.
"""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest

from harness import ACCOUNT_ID, API_KEY, SITE_ID, SUBPATH, chromium

from .browser_helpers import (
    FIELD_LABELS,
    assert_nothing_kept,
    expected_view,
    fill,
    needles,
    new_tab,
    wait_for_view,
    wait_ready,
)

pytestmark = pytest.mark.browser

#: A key to fix, an ID, and an address whose Site ID the checker offers.
VALUES = {
    "api_key": "Bearer " + API_KEY,
    "account_id": ACCOUNT_ID,
    "site_id": f"https://manage.wix.com/dashboard/{SITE_ID}/home",
}
# Whether the element is on the screen, not under the theme's header.
IN_VIEW = """(selector) => {
  const el = document.querySelector(selector)
  if (!el) return false  // the page is still being swapped
  const r = el.getBoundingClientRect()
  return r.top >= 0 && r.bottom <= innerHeight
    && el.contains(document.elementFromPoint(r.left + 2, (r.top + r.bottom) / 2))
}"""
# Set on every page show: persisted is true when the back/forward cache restored the page.
PAGESHOW = "addEventListener('pageshow', (e) => { window.__restored = e.persisted })"


def _held(page) -> dict[str, str]:
    return {name: page.get_by_label(label, exact=True).input_value() for name, label in FIELD_LABELS.items()}


def _fill_and_follow_the_fix_link(page, root: str) -> None:
    """The link clicked as a merchant does, right after scrolling to it: the theme saves the scroll
    position only 100 ms after scrolling stops, which must not land on the entry's page.
    """
    wait_ready(page)
    fill(page, **VALUES)
    wait_for_view(page, expected_view(VALUES, root))
    page.evaluate("window.__restored = undefined")  # the next page show sets it
    fix = page.locator("[data-cc-field=api_key]").get_by_role("link", name="How to fix this")
    fix.scroll_into_view_if_needed()
    page.mouse.wheel(0, 120)
    fix.click()
    page.wait_for_url(f"{root}troubleshooting/#key-bearer")
    _wait_in_view(page, "#key-bearer", "the entry's heading")


WORKER_ACTIVE = "async () => !!(await navigator.serviceWorker.getRegistration())?.active"


def _wait_until(page, function: str, what: str, timeout_s: float) -> None:
    # Polled from here, as below.
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(function):
        if time.monotonic() > deadline:
            pytest.fail(f"{what}: not within {timeout_s} s")
        page.wait_for_timeout(100)


def _wait_in_view(page, selector: str, what: str, timeout_s: float = 3) -> None:
    # Polled from here: wait_for_function polls by evaluating a string in the page, which its policy refuses.
    deadline = time.monotonic() + timeout_s
    while not page.evaluate(IN_VIEW, selector):
        if time.monotonic() > deadline:
            top = page.evaluate("(s) => document.querySelector(s)?.getBoundingClientRect().top", selector)
            pytest.fail(f"{what} is not in view (its top at {top} px)")
        page.wait_for_timeout(50)


@pytest.fixture(scope="module")
def bfcache_browser(browser):
    """Chromium as merchants run it, back/forward cache on (Playwright turns it off by default)."""
    other = chromium.launch(
        SimpleNamespace(chromium=browser.browser_type), ignore_default_args=["--disable-back-forward-cache"]
    )
    yield other
    other.close()


def test_instant_navigation_there_and_back_keeps_the_values(open_tab, server):
    tab = open_tab()
    page = tab.page
    root = server.url(mount=SUBPATH)
    page.goto(f"{root}guide/")
    page.evaluate("window.__sameDocument = true")
    _fill_and_follow_the_fix_link(page, root)
    page.go_back()
    page.wait_for_url(f"{root}guide/")
    assert _held(page) == VALUES
    wait_for_view(page, expected_view(VALUES, root))
    _wait_in_view(page, "[data-cc-field=api_key] a.cc-link", "the link followed")
    # Elsewhere in the guide and back through its navigation: still there.
    nav = page.locator(".md-sidebar--primary")
    nav.get_by_role("link", name="Limitations").click()
    page.wait_for_url(f"{root}limitations/")
    nav.get_by_role("link", name="Connect your store").click()
    page.wait_for_url(f"{root}guide/")
    assert _held(page) == VALUES
    wait_for_view(page, expected_view(VALUES, root))
    assert page.evaluate("window.__sameDocument") is True, "the theme reloaded the page instead of swapping it"
    assert_nothing_kept(page, needles(VALUES.values()))
    # In memory only: a reload forgets them.
    page.reload()
    assert _held(page) == dict.fromkeys(FIELD_LABELS, "")
    assert tab.errors == []


def test_a_full_page_load_there_and_back_keeps_the_values(bfcache_browser, server):
    # A first visit: the site's worker installs and starts while the guide waits in the cache (a worker that
    # claimed the open pages then would evict it: tests/engines/test_checker.py, in Firefox).
    tab = new_tab(bfcache_browser, init_scripts=(PAGESHOW,), service_workers="allow")
    try:
        page = tab.page
        root = server.url()
        page.goto(f"{root}guide/")
        _fill_and_follow_the_fix_link(page, root)
        assert page.evaluate("window.__restored") is False, "the entry is a page load of its own"
        _wait_until(page, WORKER_ACTIVE, "the site's worker active", timeout_s=60)
        # Back restores the page from memory: no load event, so wait for the address only.
        page.go_back(wait_until="commit")
        page.wait_for_url(f"{root}guide/", wait_until="commit")
        page.wait_for_function("window.__restored !== undefined")
        reasons = page.evaluate("JSON.stringify(performance.getEntriesByType('navigation')[0].notRestoredReasons)")
        assert page.evaluate("window.__restored") is True, f"not restored from the back/forward cache: {reasons}"
        assert _held(page) == VALUES
        wait_for_view(page, expected_view(VALUES, root))
        assert_nothing_kept(page, needles(VALUES.values()))
        assert tab.errors == []
    finally:
        tab.context.close()


def test_without_the_back_forward_cache_nothing_comes_back(open_tab, server):
    """The browser's own form restoring is off (autocomplete=off): the history holds no value."""
    tab = open_tab()  # Playwright's default: no back/forward cache
    page = tab.page
    root = server.url()
    page.goto(f"{root}guide/")
    _fill_and_follow_the_fix_link(page, root)
    page.go_back()
    page.wait_for_url(f"{root}guide/")
    wait_ready(page)
    assert _held(page) == dict.fromkeys(FIELD_LABELS, "")
    assert_nothing_kept(page, needles(VALUES.values()))
