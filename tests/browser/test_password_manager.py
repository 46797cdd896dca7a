"""Chromium never offers to save or fill a checker field, whatever the merchant does next.

Chromium's password manager takes a password-type field beside text inputs for
a login form, with or without a <form>, and Material's instant navigation
counts as a same-document submission: it would offer to store the key in a
synced password manager under the Account ID. Its own log,
chrome://password-manager-internals, is read here from a tab opened before
anything happens, in a real on-disk profile (a fresh incognito-like context
logs nothing). Each path is run twice: on the guide as published, where the
log must show no login form, and on the same guide with an ordinary
<input type=password> for the key, where it must, so a probe that stopped
seeing anything cannot pass.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from playwright.sync_api import Error as PlaywrightError

from harness import ACCOUNT_ID, API_KEY, SITE_ID, SUBPATH, chromium

from .browser_helpers import fill, wait_ready

pytestmark = pytest.mark.browser

#: Lines the password manager logs when it takes the page for a login form, or decides to ask.
SIGNS = [
    re.compile(r"^\s*(New )?[Pp]assword element\s*:\s*[^\s,]", re.MULTILINE),
    re.compile(r"^\s*Username element\s*:\s*[^\s,]", re.MULTILINE),
    re.compile(r"type=password"),
    re.compile(r"PENDING_PASSWORD_STATE"),
    re.compile(r"Decision: ASK"),
    re.compile(r"Show password prompt"),
]
#: Lines it logs for any page it looks at: the log is alive.
ALIVE = "PasswordAutofillAgent::SendPasswordForms"
KEY_FIELD = re.compile(r"<textarea\b[^>]*\bcc-input--key\b[^>]*>\s*</textarea>")


def _key_as_password_field(route):
    """The positive control: the guide with the key in an ordinary password input."""
    try:
        response = route.fetch()
        text = response.text()
    except PlaywrightError:
        # A navigation the merchant's next step superseded (a link clicked while the page came back): its
        # response is disposed, and nothing waits for it. Any other failure leaves the page unloaded, which
        # the control's own assertions report.
        return
    html, count = KEY_FIELD.subn('<input class="cc-input" data-cc-input type="password" autocomplete="off">', text)
    assert count == 1, "the control page no longer has the key field it replaces"
    route.fulfill(response=response, body=html)


def _type_everything(page, site_id=SITE_ID, api_key=API_KEY):
    fill(page, api_key=api_key, account_id=ACCOUNT_ID, site_id=site_id)


def _navigation_link(page, root):
    _type_everything(page)
    page.locator(".md-sidebar--primary").get_by_role("link", name="Limitations").click()
    page.wait_for_url(f"{root}limitations/")


def _fix_link(page, root):
    wait_ready(page)
    _type_everything(page, api_key="Bearer " + API_KEY)
    page.locator("[data-cc-field=api_key]").get_by_role("link", name="How to fix this").click()
    page.wait_for_url(f"{root}troubleshooting/#key-bearer")


def _use_then_footer(page, root):
    wait_ready(page)
    _type_everything(page, site_id=f"https://manage.wix.com/dashboard/{SITE_ID}/home")
    page.get_by_role("button", name=f"Use {SITE_ID}").click()
    page.locator("[data-cc-field=site_id] .cc-ok").wait_for()
    page.locator("a.md-footer__link--next").click()
    page.wait_for_url(f"{root}limitations/")


def _back_then_link(page, root):
    _navigation_link(page, root)
    # A full page load comes back from the back/forward cache: no load event.
    page.go_back(wait_until="commit")
    page.wait_for_url(f"{root}guide/", wait_until="commit")
    page.get_by_label("Site ID", exact=True).wait_for()
    page.locator(".md-sidebar--primary").get_by_role("link", name="Troubleshooting").click()
    page.wait_for_url(f"{root}troubleshooting/")


def _close_tab(page, _root):
    _type_everything(page)
    page.close()


#: name → (the guide built with its address, so instant navigation is on?, what the merchant does)
PATHS = {
    "navigation link, instant": (True, _navigation_link),
    "navigation link, full page load": (False, _navigation_link),
    "How to fix this": (True, _fix_link),
    "Use, then the footer's Next": (True, _use_then_footer),
    "Back, then a link": (True, _back_then_link),
    "Back (full page load), then a link": (False, _back_then_link),
    "closing the tab": (True, _close_tab),
}


def _password_manager_log(browser, server, tmp_path, path: str, *, control: bool) -> str:
    instant, act = PATHS[path]
    # A real profile on disk, as a merchant's; back/forward cache on, as in their Chromium
    # (Playwright turns it off by default). The session's driver launches it.
    context = chromium.launch_persistent(
        SimpleNamespace(chromium=browser.browser_type),
        tmp_path / "profile",
        ignore_default_args=["--disable-back-forward-cache"],
    )
    try:
        internals = context.pages[0] if context.pages else context.new_page()
        internals.goto("chrome://password-manager-internals")
        if control:
            context.route("**/guide/", _key_as_password_field)
        page = context.new_page()
        root = server.url(mount=SUBPATH if instant else "/")
        page.goto(f"{root}guide/")
        act(page, root)
        # The decision to ask comes after the navigation; give it time to be logged.
        internals.wait_for_timeout(1500)
        return internals.inner_text("body")
    finally:
        context.close()


@pytest.mark.parametrize("path", list(PATHS))
def test_the_password_manager_never_takes_the_checker_for_a_login_form(browser, server, tmp_path, path):
    log = _password_manager_log(browser, server, tmp_path, path, control=False)
    assert ALIVE in log, "the password manager logged nothing: the probe is broken"
    seen = [match.group(0).strip() for sign in SIGNS for match in sign.finditer(log)]
    assert seen == [], f"{path}: the password manager took the checker for a login form: {seen}"


@pytest.mark.parametrize("path", list(PATHS))
def test_the_probe_sees_a_password_field_doing_the_same(browser, server, tmp_path, path):
    log = _password_manager_log(browser, server, tmp_path, path, control=True)
    assert SIGNS[0].search(log), f"{path}: the control's password field was never seen"
    assert "PENDING_PASSWORD_STATE" in log or "Decision: ASK" in log, f"{path}: no save was ever offered"
