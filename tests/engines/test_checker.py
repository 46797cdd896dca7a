"""What a merchant does with the checker, in Chromium, Firefox ESR and WebKitGTK alike."""

from __future__ import annotations

import time

import pytest

from harness import ACCOUNT_ID, API_KEY, CHECKER_PAGE, DASHBOARD_URL, SITE_ID, SUBPATH
from harness.checker_page import expected_view, python_check
from validator.catalogue import FIELDS

from .engine_steps import BOOT_S, field, fill, open_checker, use_each_suggestion, values, wait_for_view

#: One finding in each field, each with a suggestion its Use button applies.
MISTAKES = {"api_key": "Bearer " + API_KEY, "account_id": f'"{ACCOUNT_ID}"', "site_id": DASHBOARD_URL}
FIXED = {"api_key": API_KEY, "account_id": ACCOUNT_ID, "site_id": SITE_ID}
MASK = "(selector) => getComputedStyle(document.querySelector(selector)).webkitTextSecurity"
SHOW_KEY = "[data-cc-field=api_key] button[aria-pressed]"


def test_it_boots_and_finds_the_three_values_ready(tab, server):
    open_checker(tab, server.url(CHECKER_PAGE))
    fill(tab, api_key=API_KEY, site_id=SITE_ID)
    # The Account ID typed key by key, as a merchant would.
    tab.click(field("account_id"))
    tab.type(ACCOUNT_ID)
    shown = wait_for_view(tab, expected_view(FIXED, server.url()))
    assert shown["summary"].startswith("Ready for Violet Connect:")
    assert all(shown["fields"][name]["ok"] for name in FIXED)


def test_a_finding_in_each_field_and_its_use_button(tab, server):
    open_checker(tab, server.url(CHECKER_PAGE))
    fill(tab, **MISTAKES)
    shown = wait_for_view(tab, expected_view(MISTAKES, server.url()))
    report = python_check(MISTAKES)
    for name in FIELDS:  # FIXED has the three, in this order
        findings = shown["fields"][name]["findings"]
        assert [f["href"].rsplit("#", 1)[1] for f in findings] == [f.code for f in report.for_field(name)]
        assert findings[0]["use"], f"{name}: no Use button"
    use_each_suggestion(tab, MISTAKES, FIXED, server.url())
    # Use leaves the keyboard where the merchant was working.
    assert tab.evaluate("(selector) => document.activeElement === document.querySelector(selector)", field("site_id"))


def test_the_key_is_masked_until_show_key(tab, server):
    open_checker(tab, server.url(CHECKER_PAGE))
    fill(tab, api_key=API_KEY)
    key = field("api_key")
    assert tab.evaluate("(selector) => document.querySelector(selector).localName", key) == "textarea"
    assert tab.evaluate(MASK, key) == "disc"
    assert tab.evaluate("(s) => document.querySelector(s).getAttribute('aria-pressed')", SHOW_KEY) == "false"
    tab.click(SHOW_KEY)
    assert tab.evaluate(MASK, key) == "none"
    assert tab.evaluate("(s) => document.querySelector(s).getAttribute('aria-pressed')", SHOW_KEY) == "true"
    tab.click(SHOW_KEY)
    assert tab.evaluate(MASK, key) == "disc"


def test_a_findings_link_and_back_keep_the_three_values(tab, server):
    # The deployment built with its address: Material navigates instantly there.
    root = server.url(mount=SUBPATH)
    open_checker(tab, f"{root}{CHECKER_PAGE}")
    fill(tab, **MISTAKES)
    wait_for_view(tab, expected_view(MISTAKES, root))
    tab.click("[data-cc-field=api_key] a.cc-link")
    tab.wait_for_url(f"{root}troubleshooting/#key-bearer")
    tab.wait_for("() => !!document.getElementById('key-bearer')", message="the troubleshooting entry")
    tab.back()
    tab.wait_for_url(f"{root}{CHECKER_PAGE}")
    tab.wait_for("() => !!document.querySelector('[data-cc-field=api_key] .cc-finding')", timeout=BOOT_S)
    assert values(tab) == MISTAKES
    wait_for_view(tab, expected_view(MISTAKES, root))


# Where the test pastes what a copy button put in the engine's clipboard: a box of its own, emptied and focused.
PASTE_TARGET = """() => {
  let box = document.getElementById("paste-target")
  if (!box) document.body.append(box = Object.assign(document.createElement("textarea"), { id: "paste-target" }))
  box.value = ""
  return true
}"""


def _pasted(tab) -> str:
    tab.evaluate(PASTE_TARGET)
    tab.click("#paste-target")
    tab.paste()
    return tab.wait_for("() => document.getElementById('paste-target').value", timeout=5, message="a paste")


def test_the_copy_buttons_and_the_report_for_support_reach_the_clipboard(tab, server):
    # Each copy is made in the click itself (Safari refuses one made later), and pasted as a merchant would:
    # Ctrl+V, through the engine's own clipboard.
    root = server.url()
    open_checker(tab, root + CHECKER_PAGE)
    fill(tab, **MISTAKES)
    wait_for_view(tab, expected_view(MISTAKES, root))
    copied = "() => document.querySelector('[data-cc-copied]').textContent"
    tab.click("[data-cc-field=site_id] [data-cc-copy]")
    assert tab.wait_for(copied, message="the copy told") == "Site ID copied."
    assert _pasted(tab) == MISTAKES["site_id"]
    tab.click("button", "Copy a report for support")
    tab.wait_for(f"() => ({copied})().startsWith('Report copied')", message="the report's copy told")
    report = _pasted(tab)
    assert report == python_check(MISTAKES).to_text(docs_url=root)
    assert API_KEY[-60:] not in report, "the key's signature is in the report"


# Set on every page show: whether it came back from the back/forward cache.
RECORD_PAGESHOW = """() => {
  window.__restored = null
  addEventListener("pageshow", (event) => { window.__restored = event.persisted })
}"""
WORKER_ACTIVE = "async () => !!(await navigator.serviceWorker.getRegistration())?.active"


def test_a_full_page_load_there_and_back_keeps_the_three_values(fresh_non_chromium, server):
    # A first visit to the site built without its address: the entry is a page load of its own, and Back
    # brings the guide back from the back/forward cache. Meanwhile the site's worker installs and starts
    # (that once evicted the guide from Firefox's cache), and WebKit empties fields marked autocomplete=off.
    tab = fresh_non_chromium.new_tab()
    root = server.url()
    open_checker(tab, f"{root}{CHECKER_PAGE}")
    fill(tab, **MISTAKES)
    wait_for_view(tab, expected_view(MISTAKES, root))
    tab.evaluate(RECORD_PAGESHOW)
    tab.click("[data-cc-field=api_key] a.cc-link")
    tab.wait_for_url(f"{root}troubleshooting/#key-bearer")
    assert tab.evaluate("() => window.__restored === undefined"), "the entry is a page load of its own"
    tab.wait_for(WORKER_ACTIVE, timeout=BOOT_S, message="the site's worker active")
    tab.back()
    tab.wait_for_url(f"{root}{CHECKER_PAGE}")
    restored = tab.wait_for("() => document.readyState === 'complete' && String(window.__restored)", message="a page")
    assert restored == "true", f"{tab.engine}: the guide was loaded again, not brought back from memory"
    time.sleep(0.5)  # WebKit's emptying comes in a task of its own after the page shows
    assert values(tab) == MISTAKES
    wait_for_view(tab, expected_view(MISTAKES, root))


# Times of the first scroll and the first click from now on, by the page's own clock.
RECORD_SCROLL_AND_CLICK = """() => {
  window.__scrolled = window.__clicked = null
  addEventListener("scroll", () => { window.__scrolled ??= performance.now() }, { capture: true })
  addEventListener("click", () => { window.__clicked ??= performance.now() }, { capture: true })
}"""
# The entry's heading in the viewport, below the theme's sticky header.
HEADING_IN_VIEW = """(id) => {
  const heading = document.getElementById(id)
  if (!heading) return false
  const top = heading.getBoundingClientRect().top
  const header = document.querySelector(".md-header").getBoundingClientRect().bottom
  return top >= header - 1 && top < innerHeight - heading.offsetHeight ? top : false
}"""


def test_a_quick_click_after_a_scroll_lands_on_the_entry(tab, server):
    root = server.url(mount=SUBPATH)
    open_checker(tab, f"{root}{CHECKER_PAGE}")
    fill(tab, site_id=DASHBOARD_URL)
    tab.wait_for("() => !!document.querySelector('[data-cc-field=site_id] a.cc-link')")
    tab.evaluate("() => scrollTo(0, 0)")
    time.sleep(0.5)  # at rest at the top: the theme has saved that position
    tab.evaluate(RECORD_SCROLL_AND_CLICK)
    # The click brings the link into view (a scroll) and clicks it at once.
    tab.click("[data-cc-field=site_id] a.cc-link")
    tab.wait_for_url(f"{root}troubleshooting/#site-url")
    tab.wait_for("() => window.__scrolled !== undefined", message="the same document (instant navigation)")
    scrolled, clicked = tab.evaluate("() => [window.__scrolled, window.__clicked]")
    assert scrolled is not None and clicked is not None and abs(clicked - scrolled) < 100, (scrolled, clicked)
    tab.wait_for(HEADING_IN_VIEW, "site-url", timeout=10, message="the entry's heading in view")
    time.sleep(0.5)  # and it stays there: nothing restores an older position afterwards
    assert tab.evaluate(HEADING_IN_VIEW, "site-url") is not False


# When, after the page's load event, the checker's worker was asked for; null until it is.
WORKER_ASKED_AFTER_LOAD = """() => {
  const worker = performance.getEntriesByType("resource").find((e) => e.name.endsWith("/checker-worker.js"))
  const page = performance.getEntriesByType("navigation")[0]
  return worker && page.loadEventEnd ? { after: worker.startTime - page.loadEventEnd } : null
}"""


def test_left_alone_the_checker_starts_loading_once_the_page_has_loaded(tab, server):
    # Far below the fold, the checker starts when the tab is idle; where the engine cannot say so (Safari's
    # WebKit has no requestIdleCallback), once the page has loaded, not a fixed second later.
    tab.goto(server.url(CHECKER_PAGE))
    if tab.evaluate("() => typeof requestIdleCallback === 'function'"):
        pytest.skip(f"{tab.engine} tells the page when it is idle: the checker starts then")
    asked = tab.wait_for(WORKER_ASKED_AFTER_LOAD, timeout=10, message="the checker's worker asked for")
    assert asked["after"] < 500, f"the checker's worker was asked for {asked['after']:.0f} ms after the load event"
