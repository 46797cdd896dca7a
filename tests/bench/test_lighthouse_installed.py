"""Lighthouse on a next visit (``python -m benchmarks.lighthouse --installed``, ``make bench``'s “mobile,
installed”): Lighthouse runs in the profile a first visit left, its storage kept, so the page's files come from the
site's service worker. Lighthouse otherwise empties the browser's storage first: the same figure would then
measure a first visit again, and say nothing of the worker a merchant's browser has.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from benchmarks import lighthouse

pytestmark = pytest.mark.browser


def _assets_asked(server, since: int) -> list[str]:
    # Source maps are Lighthouse's own requests (its source map audit), not the page's.
    return [r.path for r in server.requests[since:] if "/assets/" in r.path and not r.path.endswith(".map")]


def test_lighthouse_on_a_next_visit_gets_the_pages_files_from_the_service_worker(browser, server, tmp_path):
    url = server.url("troubleshooting/")
    profile = tmp_path / "profile"
    assert lighthouse.install(SimpleNamespace(chromium=browser.browser_type), url, profile) == ""
    since = len(server.requests)
    report = lighthouse.run(url, preset="mobile", profile=profile)
    assert "error" not in report, report
    # Cache first: nothing of the page's scripts and styles is asked for (not even revalidated).
    assert _assets_asked(server, since) == []

    # The control: Lighthouse's own first visit asks the server for them.
    since = len(server.requests)
    report = lighthouse.run(url, preset="mobile")
    assert "error" not in report, report
    assert _assets_asked(server, since) != []
