"""What a merchant relies on when following the built pages."""

from __future__ import annotations

import html as htmllib
import re

import pytest

from harness import PAGES
from validator import ENTRIES

ACCOUNT_ID = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
SITE_ID = "5f6e7d8c-9b0a-4c1d-8e2f-3a4b5c6d7e8f"


def article(built_site, page: str) -> str:
    html = (built_site / page / "index.html").read_text(encoding="utf-8")
    return html[html.index("<article") : html.index("</article>")]


def text(fragment: str) -> str:
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def section(fragment: str, start_id: str) -> str:
    """From the heading with ``start_id`` to the next heading of the same or higher level."""
    m = re.search(rf'<h([1-6]) id="{start_id}"', fragment)
    assert m, start_id
    level = int(m[1])
    end = re.compile(rf"<h[1-{level}][ >]").search(fragment, m.end())
    return fragment[m.start() : end.start() if end else len(fragment)]


def test_strict_build_writes_every_page(built_site):
    for page in PAGES:
        assert (built_site / page / "index.html").is_file(), page


def test_guide_has_its_steps_in_order(built_site):
    guide = article(built_site, "guide/")
    steps = [
        "create-api-key",
        "copy-account-id",
        "find-site-id",
        "check-your-values",
        "enter-in-violet-connect",
        "after-connect",
    ]
    found = re.findall(r'<h2 id="([^"]+)"', guide)
    assert found == steps
    assert re.search(r'<h2 id="check-your-values">4. Check your values<', guide)


def test_guide_lists_the_five_permissions_exactly_as_wix_names_them(built_site):
    step = text(section(article(built_site, "guide/"), "create-api-key"))
    expected = [
        "Basic permissions Get Sites List",
        "All account permissions Manage Sites",
        "All site permissions Wix Stores",
        "All site permissions Wix Currencies",
        "All site permissions Business Info",
    ]
    positions = [step.find(p) for p in expected]
    assert -1 not in positions, step
    assert positions == sorted(positions)
    for click in ("Account Settings", "API Keys", "Generate API Key", "Save & Close"):
        assert click in step


def test_guide_says_the_key_is_shown_once(built_site):
    step = text(section(article(built_site, "guide/"), "create-api-key"))
    assert "only once" in step


def test_violet_connect_fields_are_named_as_violet_connect_names_them(built_site):
    step = section(article(built_site, "guide/"), "enter-in-violet-connect")
    rows = re.findall(r"<tr>\s*<td><strong>([^<]+)</strong></td>", step)
    assert rows == ["API Key", "Account ID", "Site ID"]
    assert "Connect" in text(step)


def test_site_id_step_shows_where_the_id_is_in_the_address(built_site):
    step = text(section(article(built_site, "guide/"), "find-site-id"))
    assert f"https://manage.wix.com/dashboard/{SITE_ID}/home" in step
    assert f"In this example it is {SITE_ID}" in step


def test_checker_has_its_place_in_the_guide(built_site):
    step = section(article(built_site, "guide/"), "check-your-values")
    assert "data-credential-checker" in step
    assert "nothing you type leaves it" in text(step)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.anchor)
def test_every_troubleshooting_entry_has_the_three_parts(built_site, entry):
    body = section(article(built_site, "troubleshooting/"), entry.anchor)
    terms = [text(t) for t in re.findall(r"<dt>(.*?)</dt>", body, re.DOTALL)]
    assert terms == ["What you see", "Why it happens", "How to fix it"]
    definitions = [text(d) for d in re.findall(r"<dd>(.*?)</dd>", body, re.DOTALL)]
    assert len(definitions) == 3 and all(len(d) > 20 for d in definitions)


def test_troubleshooting_covers_violet_connects_one_message(built_site):
    entry = text(section(article(built_site, "troubleshooting/"), "credentials-invalid"))
    assert "The provided merchant credentials are invalid" in entry


def test_pages_use_one_example_account_and_site_id(built_site):
    for page in PAGES:
        found = {
            g.lower()
            for g in re.findall(r"[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}", article(built_site, page))
        }
        assert found <= {ACCOUNT_ID, SITE_ID}, page
        assert ACCOUNT_ID != SITE_ID


def test_pages_do_not_repeat_the_seed_guides_mistakes(built_site):
    for page in PAGES:
        words = text(article(built_site, page))
        assert "Client ID" not in words and "Client Secret" not in words, page
        assert "Api Keys" not in words, page
        assert "”API" not in words, page  # the seed's backwards quotes


def test_prose_uses_curly_quotes_only(built_site):
    """Straight quotes belong in code, where they are typed; the seed mixed both."""
    for page in PAGES:
        body = article(built_site, page)
        if page == "guide/":  # the checker's own markup is not prose
            start = body.index('id="check-your-values"')
            body = body[:start] + body[body.index('id="enter-in-violet-connect"') :]
        prose = re.sub(r"<(code|pre|script|style)\b.*?</\1>", " ", body, flags=re.DOTALL)
        assert not re.search(r"[\"']", text(prose)), page


def test_start_page_says_what_the_merchant_needs(built_site):
    start = text(article(built_site, ""))
    for needed in ("three minutes", "API key", "delete", "owner or an admin", "Wix Stores", "Violet Connect"):
        assert needed in start, needed
