"""Nothing typed leaves the page and the Content-Security-Policy holds, in every engine.

Requests are what the engine reports for the tab (page and worker; in
WebKit, whose driver reports none, what its recording proxy saw). Policy
violations reach the proxy as reports: it repeats each response's policy with
a report-uri, which leaves the policy in force as it was, in the page and in
the worker alike.
"""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from harness import ACCOUNT_ID, API_KEY, CHECKER_PAGE, DASHBOARD_URL, PAGES, SITE_ID
from harness.checker_page import expected_view, needles

from .engine_steps import fill, open_checker, use_each_suggestion, wait_for_view

TYPED = {"api_key": "Bearer " + API_KEY, "account_id": f'"{ACCOUNT_ID}"', "site_id": DASHBOARD_URL}


def _use_the_checker(tab, server) -> None:
    open_checker(tab, server.url(CHECKER_PAGE))
    fill(tab, **TYPED)
    wait_for_view(tab, expected_view(TYPED, server.url()))
    use_each_suggestion(tab, TYPED, {"api_key": API_KEY, "account_id": ACCOUNT_ID, "site_id": SITE_ID}, server.url())


def test_nothing_typed_leaves_the_page(tab, server):
    since = len(server.requests)
    _use_the_checker(tab, server)
    looked_for = needles(TYPED.values()) | needles([API_KEY, ACCOUNT_ID, SITE_ID]) | {API_KEY[-60:]}
    assert any(url.endswith("/pyodide.asm.wasm") for url in tab.requests), "the engine's requests were not seen"
    for url in tab.requests:
        assert url.startswith((server.origin + "/", "data:", "blob:")), url
        assert not any(n in url for n in looked_for), url
    for target in server.targets()[since:]:
        assert not any(n in target for n in looked_for), target
    for line in tab.console or []:
        assert not any(n in line for n in looked_for), line
    assert not tab.errors


def test_no_page_violates_the_policy_and_a_violation_would_be_seen(tab, server):
    reports = tab_reports(tab)
    for path in PAGES:
        if path == CHECKER_PAGE:
            _use_the_checker(tab, server)
        else:
            tab.goto(server.url(path))
    time.sleep(1)  # reports are sent after the violation, not with it
    assert reports() == []
    # The control: an image from another origin is refused by the policy, and its report arrives.
    tab.evaluate("() => document.body.append(Object.assign(new Image(), { src: 'http://example.invalid/x.png' }))")
    deadline = time.monotonic() + 10
    while not reports() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [urlsplit(r.get("blocked-uri", "")).hostname for r in reports()] == ["example.invalid"], reports()
    assert not any("example.invalid" in url for url in tab.browser.proxy.urls()), "the policy let the request go"


def tab_reports(tab):
    """The CSP reports the tab's browser sends from now on."""
    proxy = tab.browser.proxy
    start = len(proxy.reports)
    return lambda: proxy.reports[start:]
