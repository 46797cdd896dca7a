"""The checker in the guide: realistic mistakes pasted, fixed with "Use", reported to support.

One tab for the whole module, reloaded before each check so that it starts
with no field touched (a reload forgets what was typed); its traffic, storage
and console are checked at the end for every value typed.
"""

from __future__ import annotations

import pytest

from harness import ACCOUNT_ID, API_KEY, SITE_ID, guid, make_key
from validator import MAX_LENGTH, Report

from .browser_helpers import (
    FIELD_LABELS,
    assert_nothing_kept,
    checker,
    expected_view,
    fill,
    needles,
    new_tab,
    python_check,
    read,
    wait_for_view,
    wait_ready,
)

pytestmark = pytest.mark.browser

OTHER_ACCOUNT = guid(33)

#: (name, values pasted, codes the checker must report).
MISTAKES = [
    (
        "dashboard address in Site ID",
        {"site_id": f"https://manage.wix.com/dashboard/{SITE_ID}/home"},
        {"site_id": ["site-url"]},
    ),
    (
        "editor address in Site ID",
        {
            "site_id": f"https://editor.wix.com/html/editor/web/renderer/edit/{guid(44)}?metaSiteId={SITE_ID}&editorSessionId={guid(45)}"
        },
        {"site_id": ["site-url"]},
    ),
    ("Bearer before the key", {"api_key": "Bearer " + API_KEY}, {"api_key": ["key-bearer"]}),
    ("e-mail as Account ID", {"account_id": "merchant@example.com"}, {"account_id": ["account-is-email"]}),
    ("quotes around the Account ID", {"account_id": f'"{ACCOUNT_ID}"'}, {"account_id": ["extra-punctuation"]}),
    ("Account ID in Site ID", {"account_id": ACCOUNT_ID, "site_id": ACCOUNT_ID}, {"site_id": ["site-is-account"]}),
    ("the key in Site ID", {"site_id": API_KEY}, {"site_id": ["site-is-key"]}),
    ("key cut short", {"api_key": API_KEY[:400]}, {"api_key": ["key-truncated"]}),
    (
        "key of another account",
        {"api_key": make_key(OTHER_ACCOUNT), "account_id": ACCOUNT_ID},
        {"account_id": ["account-mismatch"]},
    ),
    ("key wrapped over lines", {"api_key": API_KEY[:300] + "\n" + API_KEY[300:]}, {"api_key": ["spaces"]}),
    ("upper-case Site ID", {"site_id": SITE_ID.upper()}, {"site_id": ["id-format"]}),
]

#: Every value typed in this module: none may leave the page.
TYPED: set[str] = {API_KEY, ACCOUNT_ID, SITE_ID, OTHER_ACCOUNT, "merchant@example.com"}


@pytest.fixture(scope="module")
def tab(browser, server):
    tab = new_tab(browser, permissions=["clipboard-read", "clipboard-write"])
    tab.page.goto(server.url("guide/"))
    wait_ready(tab.page)
    tab.history_at_start = tab.page.evaluate("history.length")
    yield tab
    tab.context.close()


def fresh(page):
    """The checker as a merchant first finds it: no field touched (a reload forgets what was typed)."""
    page.reload()
    wait_ready(page)


def check_in_page(page, server, values: dict[str, str]) -> tuple[Report, dict]:
    """Paste ``values`` (the other fields untouched) and wait until the page shows what Python says."""
    fresh(page)
    fill(page, **values)
    # What the fields hold (a value may be cut where it is typed): what the page sends.
    held = {name: page.get_by_label(FIELD_LABELS[name], exact=True).input_value() for name in values}
    return python_check(held), wait_for_view(page, expected_view(held, server.url()))


@pytest.mark.parametrize(("values", "codes"), [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES])
def test_a_realistic_mistake_shows_its_message_link_and_suggestion(tab, server, values, codes):
    report, shown = check_in_page(tab.page, server, values)
    for field, wanted in codes.items():
        assert [f.code for f in report.for_field(field)] == wanted, "the checker's rules changed"
        assert [f["href"].rsplit("#", 1)[1] for f in shown["fields"][field]["findings"]] == wanted


def test_a_dashboard_address_in_site_id_offers_the_site_id_and_use_fixes_it(tab, server):
    page = tab.page
    check_in_page(page, server, {"site_id": f"https://manage.wix.com/dashboard/{SITE_ID}/home?referralInfo=sidebar"})
    page.get_by_role("button", name=f"Use {SITE_ID}").click()
    assert page.get_by_label("Site ID", exact=True).input_value() == SITE_ID
    wait_for_view(page, expected_view({"site_id": SITE_ID}, server.url()))
    # "Use" leaves the keyboard where the merchant was working.
    assert page.evaluate("document.activeElement.id") == page.get_by_label("Site ID", exact=True).get_attribute("id")


def test_the_corrected_key_is_offered_without_showing_it(tab, server):
    page = tab.page
    _, shown = check_in_page(
        page, server, {"api_key": "Bearer " + API_KEY, "account_id": ACCOUNT_ID, "site_id": SITE_ID}
    )
    assert API_KEY[20:60] not in checker(page).inner_text()
    page.get_by_role("button", name="Use the corrected key").click()
    assert page.get_by_label("API Key", exact=True).input_value() == API_KEY
    shown = wait_for_view(
        page, expected_view({"api_key": API_KEY, "account_id": ACCOUNT_ID, "site_id": SITE_ID}, server.url())
    )
    assert shown["summary"].startswith("Ready for Violet Connect:")
    assert all(shown["fields"][n]["ok"] for n in ("api_key", "account_id", "site_id"))


def test_the_summary_follows_the_fields(tab, server):
    page = tab.page
    _, shown = check_in_page(
        page, server, {"api_key": API_KEY, "account_id": "merchant@example.com", "site_id": "my-store.wixsite.com"}
    )
    assert shown["summary"].startswith("Not ready yet")
    assert "Account ID" in shown["summary"] and "Site ID" in shown["summary"]
    fill(page, account_id=ACCOUNT_ID)
    shown = wait_for_view(
        page,
        expected_view({"api_key": API_KEY, "account_id": ACCOUNT_ID, "site_id": "my-store.wixsite.com"}, server.url()),
    )
    assert "Account ID" not in shown["summary"] and "Site ID" in shown["summary"]


def test_the_summary_is_no_alarm_for_fields_not_pasted_yet(tab, server):
    page = tab.page
    summary = checker(page).locator("[data-cc-summary]")
    colour = "(node) => getComputedStyle(node).color"
    body = checker(page).evaluate(colour)
    _, shown = check_in_page(page, server, {"api_key": API_KEY})
    assert shown["summary"].startswith("No mistake found in API Key so far")
    assert summary.evaluate(colour) == body  # neither red nor green
    fill(page, account_id="merchant@example.com")
    wait_for_view(page, expected_view({"api_key": API_KEY, "account_id": "merchant@example.com"}, server.url()))
    red = summary.evaluate(colour)
    fill(page, account_id=ACCOUNT_ID, site_id=SITE_ID)
    wait_for_view(page, expected_view({"api_key": API_KEY, "account_id": ACCOUNT_ID, "site_id": SITE_ID}, server.url()))
    green = summary.evaluate(colour)
    assert len({body, red, green}) == 3


def test_a_paste_from_the_clipboard_is_checked(tab, server):
    page = tab.page
    fresh(page)
    url = f"https://manage.wix.com/dashboard/{SITE_ID}/home"
    page.evaluate("(text) => navigator.clipboard.writeText(text)", url)
    page.get_by_label("Site ID", exact=True).focus()
    page.keyboard.press("Control+V")
    wait_for_view(page, expected_view({"site_id": url}, server.url()))


MASK = "(el) => getComputedStyle(el).webkitTextSecurity"


def test_the_key_is_masked_until_shown(tab):
    page = tab.page
    key = page.get_by_label("API Key", exact=True)
    toggle = page.get_by_role("button", name="Show key")
    # Masked by CSS in a textarea, never a password field: see test_password_manager.py.
    assert key.evaluate("(el) => el.localName") == "textarea"
    assert key.evaluate(MASK) == "disc"
    assert toggle.get_attribute("aria-pressed") == "false"
    key.fill(API_KEY)
    assert key.evaluate("(el) => el.clientHeight") < 40, "masked, the key is one line"
    toggle.click()
    assert key.evaluate(MASK) == "none" and toggle.get_attribute("aria-pressed") == "true"
    # Shown, it is readable: the box grows to 12 lines (the whole key at this width, or most of it).
    lines = key.evaluate("(el) => el.clientHeight / parseFloat(getComputedStyle(el).lineHeight)")
    assert lines >= 10, f"the shown key's box holds {lines:.1f} lines"
    toggle.click()
    assert key.evaluate(MASK) == "disc"
    fresh(page)
    for name in ("API Key", "Account ID", "Site ID"):
        field = page.get_by_label(name, exact=True)
        for attribute, value in [
            ("autocomplete", "off"),
            ("spellcheck", "false"),
            ("autocapitalize", "off"),
            ("autocorrect", "off"),
        ]:
            assert field.get_attribute(attribute) == value, (name, attribute)
        assert field.get_attribute("name") is None
        assert field.get_attribute("type") != "password"
        assert field.evaluate("(el) => el.closest('form')") is None


def test_everything_works_from_the_keyboard(tab, server):
    page = tab.page
    fresh(page)
    focused = (
        "() => { const el = document.activeElement; return el.labels && el.labels.length ? "
        "el.labels[0].textContent : el.getAttribute('aria-label') || el.textContent }"
    )
    page.get_by_label("API Key", exact=True).focus()
    page.keyboard.press("Tab")
    assert page.evaluate(focused) == "Show key"
    page.keyboard.press("Space")
    assert page.get_by_label("API Key", exact=True).evaluate(MASK) == "none"
    page.keyboard.press("Space")
    for expected in ("Copy the API Key", "Account ID", "Copy the Account ID", "Site ID"):
        page.keyboard.press("Tab")
        assert page.evaluate(focused) == expected
    url = f"https://manage.wix.com/dashboard/{SITE_ID}/home"
    page.keyboard.insert_text(url)
    wait_for_view(page, expected_view({"site_id": url}, server.url()))
    for expected in ("Copy the Site ID", "How to fix this", f"Use {SITE_ID}"):
        page.keyboard.press("Tab")
        assert page.evaluate(focused) == expected
    page.keyboard.press("Enter")
    assert page.get_by_label("Site ID", exact=True).input_value() == SITE_ID
    assert page.evaluate(focused) == "Site ID"
    wait_for_view(page, expected_view({"site_id": SITE_ID}, server.url()))
    # The focused control is visibly marked.
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")


def test_the_support_report_has_codes_and_links_and_no_key(tab, server):
    page = tab.page
    values = {
        "api_key": "Bearer " + API_KEY,
        "account_id": "merchant@example.com",
        "site_id": f"https://manage.wix.com/dashboard/{SITE_ID}/home",
    }
    report, _ = check_in_page(page, server, values)
    page.get_by_role("button", name="Copy a report for support").click()
    page.get_by_text("Report copied").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == report.to_text(docs_url=server.url())
    for code in ("key-bearer", "account-is-email", "site-url"):
        assert f"{server.url()}troubleshooting/#{code}" in copied
    assert API_KEY not in copied and API_KEY[11:50] not in copied


def test_a_wrapped_key_keeps_its_line_break_and_enter_adds_none(tab, server):
    page = tab.page
    wrapped = API_KEY[:300] + "\n" + API_KEY[300:]
    report, _ = check_in_page(page, server, {"api_key": wrapped})
    key = page.get_by_label("API Key", exact=True)
    # Held as pasted, so Python can say the key was broken over lines (a one-line input makes it a space).
    assert key.input_value() == wrapped
    assert [f.code for f in report.for_field("api_key")] == ["spaces"]
    key.press("End")
    key.press("Enter")
    assert key.input_value() == wrapped, "Enter is no part of a key"


def test_the_report_button_names_the_sites_support_route(tab):
    page = tab.page
    report = page.get_by_role("button", name="Copy a report for support")
    link = checker(page).locator("a[data-support-route]")
    assert link.is_visible()
    assert link.evaluate("(a) => a.href") == page.locator("footer a[data-support-route]").evaluate("(a) => a.href")
    # Next to the button: right below it, not somewhere else on the page.
    below = link.bounding_box()["y"] - (report.bounding_box()["y"] + report.bounding_box()["height"])
    assert 0 <= below < 60


def test_copy_buttons_copy_the_checked_values(tab, server):
    page = tab.page
    check_in_page(page, server, {"account_id": ACCOUNT_ID, "site_id": SITE_ID})
    page.get_by_role("button", name="Copy the Site ID").click()
    page.get_by_text("Site ID copied.").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == SITE_ID


def test_typed_text_is_shown_as_text_never_as_html(tab, server):
    page = tab.page
    check_in_page(page, server, {"site_id": '<img src=x onerror="window.__pwned=1">'})
    assert checker(page).locator("img").count() == 0
    assert page.evaluate("window.__pwned") is None


def test_every_field_is_bounded_where_it_is_typed_at_the_checkers_limit(tab):
    # One source: the page cuts a paste one character past what Python looks at, so
    # Python still sees that it was too long (contract 3 in TEAM.md).
    bounds = tab.page.eval_on_selector_all("[data-cc-input]", "(fields) => fields.map((f) => f.maxLength)")
    assert bounds == [MAX_LENGTH + 1] * 3


@pytest.mark.parametrize("name", ["api_key", "site_id"])
def test_a_paste_of_megabytes_is_cut_and_named_too_long(tab, server, name):
    page = tab.page
    fresh(page)
    # A real paste through the clipboard, as a merchant's Ctrl+V of a whole file would be.
    page.evaluate("(line) => navigator.clipboard.writeText(line.repeat(Math.ceil(5e6 / line.length)))", API_KEY + "\n")
    field = page.get_by_label(FIELD_LABELS[name], exact=True)
    field.focus()
    page.keyboard.press("Control+V")
    held = field.input_value()
    assert len(held) == MAX_LENGTH + 1
    assert [f.code for f in python_check({name: held}).for_field(name)] == ["too-long"]
    wait_for_view(page, expected_view({name: held}, server.url()))


def test_nothing_typed_leaves_the_page(tab, server):
    """Runs last in this module: everything typed above is looked for everywhere."""
    page = tab.page
    assert read(page)  # the tab is alive and has been used
    looked_for = needles(TYPED) | {API_KEY[-60:]}  # the key's signature, the part that is unique to it

    for url in tab.requests:
        assert url.startswith((server.origin + "/", "data:", "blob:")), url
        assert not any(n in url for n in looked_for), url
    for path in server.targets():
        assert not any(n in path for n in looked_for), path

    kept = assert_nothing_kept(page, looked_for)
    assert kept["historyLength"] == tab.history_at_start, "typing must not add history entries"
    assert not any(n in line for line in tab.console for n in looked_for)
    assert tab.errors == []
    assert page.evaluate("window.__csp") == []
