"""Every page: its Content-Security-Policy, instant navigation, the sub-path deployment, accessibility."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from harness import DASHBOARD_URL, PAGES, SITE_ID, SUBPATH

from .browser_helpers import axe_violations, expected_view, fill, python_check, wait_for_view, wait_ready

pytestmark = pytest.mark.browser

RUNTIME_FILES = ("/assets/runtime/", "checker-worker.js")

#: The policy's script directives may be no looser than these: the checker needs nothing more.
REQUIRED_CSP = {
    "default-src": {"'self'"},
    "script-src": {"'self'", "'wasm-unsafe-eval'"},
    "worker-src": {"'self'"},
    "connect-src": {"'self'"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
}


def _csp(page) -> dict[str, set[str]]:
    content = page.evaluate(
        """() => {
          const first = document.head.firstElementChild;
          return first && first.httpEquiv === "Content-Security-Policy" ? first.content : null;
        }"""
    )
    assert content, "the CSP meta must be the first element in <head>"
    directives = {}
    for part in content.split(";"):
        name, *sources = part.split()
        directives[name] = set(sources)
    return directives


def test_every_page_has_the_policy_and_violates_nothing(open_tab, server, built_site):
    tab = open_tab()
    page = tab.page
    for path in [*PAGES, "404.html"]:
        page.goto(server.url(path))
        directives = _csp(page)
        for name, sources in REQUIRED_CSP.items():
            assert directives.get(name) == sources, (path, name, directives.get(name))
        assert all("unsafe-eval" not in s.replace("wasm-unsafe-eval", "") for s in directives["script-src"])
        if path == "guide/":
            wait_ready(page)
            fill(page, site_id=DASHBOARD_URL)
            page.get_by_role("button", name=f"Use {SITE_ID}").wait_for()
        page.wait_for_timeout(300)
        assert page.evaluate("window.__csp") == [], path
    assert tab.errors == []
    # No inline script anywhere: the theme's are served as files (see overrides/partials/).
    for html in built_site.rglob("*.html"):
        for tag in re.findall(r"<script\b[^>]*>", html.read_text("utf-8")):
            assert "src=" in tag or 'type="application/json"' in tag, (html, tag)


def test_instant_navigation_keeps_one_pyodide_per_tab(open_tab, server):
    # Under the deployment built with its address: Material navigates instantly
    # only between pages its sitemap lists, which needs site_url.
    tab = open_tab()
    page = tab.page
    root = server.url(mount=SUBPATH)
    page.goto(root)
    page.wait_for_timeout(2500)  # longer than the checker's idle start: it must not start here
    assert not any(f in url for url in tab.requests for f in RUNTIME_FILES)
    page.evaluate("window.__sameDocument = true")

    nav = page.locator(".md-sidebar--primary")
    nav.get_by_role("link", name="Connect your store").click()
    page.wait_for_url(f"{root}guide/")
    wait_ready(page)
    fill(page, site_id=DASHBOARD_URL)
    page.get_by_role("button", name=f"Use {SITE_ID}").wait_for()

    nav.get_by_role("link", name="Limitations").click()
    page.wait_for_url(f"{root}limitations/")
    nav.get_by_role("link", name="Connect your store").click()
    page.wait_for_url(f"{root}guide/")
    wait_ready(page)
    fill(page, site_id=DASHBOARD_URL)
    page.get_by_role("button", name=f"Use {SITE_ID}").click()
    wait_for_view(page, expected_view({"site_id": SITE_ID}, root))

    assert page.evaluate("window.__sameDocument") is True, "the theme reloaded the page instead of swapping it"
    assert sum(url.endswith("/pyodide.asm.wasm") for url in tab.requests) == 1
    assert sum(url.endswith("/checker-worker.js") for url in tab.requests) == 1
    assert tab.errors == []


def test_pages_without_the_checker_load_no_runtime(open_tab, server):
    tab = open_tab()
    page = tab.page
    for path in PAGES:
        if path == "guide/":
            continue
        page.goto(server.url(path))
        page.wait_for_timeout(600)
    page.wait_for_timeout(2000)
    assert not any(f in url for url in tab.requests for f in RUNTIME_FILES), tab.requests
    assert tab.requests, "the tab recorded nothing: the test would prove nothing"


def test_the_site_works_under_a_sub_path(open_tab, server):
    tab = open_tab(permissions=["clipboard-read", "clipboard-write"])
    page = tab.page
    root = server.url(mount=SUBPATH)
    page.goto(server.url("guide/", mount=SUBPATH))
    wait_ready(page)
    fill(page, site_id=DASHBOARD_URL)
    report = python_check({"site_id": DASHBOARD_URL})
    shown = wait_for_view(page, expected_view({"site_id": DASHBOARD_URL}, root))
    assert shown["fields"]["site_id"]["findings"][0]["href"] == f"{root}troubleshooting/#site-url"
    page.get_by_role("button", name="Copy a report for support").click()
    page.get_by_text("Report copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == report.to_text(docs_url=root)
    # Instant navigation under the sub-path, then every request stayed inside it.
    page.locator(".md-sidebar--primary").get_by_role("link", name="Troubleshooting").click()
    page.wait_for_url(f"{root}troubleshooting/")
    for url in tab.requests:
        assert urlsplit(url).path.startswith(SUBPATH), url
    assert tab.errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_on_any_page(open_tab, server, axe_source, scheme):
    tab = open_tab(color_scheme=scheme)
    page = tab.page
    problems = {}
    for path in PAGES:
        page.goto(server.url(path))
        assert page.evaluate("document.body.dataset.mdColorScheme") == ("slate" if scheme == "dark" else "default")
        if path == "guide/":
            # The checker with findings, a suggestion and OK fields showing.
            wait_ready(page)
            fill(page, api_key="Bearer x", account_id="merchant@example.com", site_id=DASHBOARD_URL)
            page.get_by_role("button", name=f"Use {SITE_ID}").wait_for()
            page.get_by_role("button", name=f"Use {SITE_ID}").click()
            page.locator("[data-cc-field=site_id] .cc-ok").wait_for()
        violations = axe_violations(page, axe_source)
        if violations:
            problems[path] = violations
    assert problems == {}, "\n".join(f"{p}: {v}" for p, vs in problems.items() for v in vs)
