"""Firefox keeps each tab's session on disk, form data included, to restore its tabs after a crash or a
restart: none of the three values may be in that file. Firefox leaves out fields marked autocomplete=off
(its SessionStoreUtils), which the checker's are; this fails if that mark goes, or Firefox stops honouring it.
"""

from __future__ import annotations

import time

import pytest

from harness import CHECKER_PAGE
from harness.checker_page import UNSEEN_VALUES, needles
from harness.engines import launch

from .engine_steps import fill, open_checker

pytestmark = pytest.mark.firefox

# What a merchant's Firefox does (the remote agent turns the crash session off), written every second
# instead of every 15 so the test need not wait: when it is written, not what.
SESSION_PREFS = {"browser.sessionstore.resume_from_crash": True, "browser.sessionstore.interval": 1000}
CONTROL = "a-field-firefox-keeps-7311"
# A box with no autocomplete mark, given a value as the checker's fields are (an input event): Firefox must
# keep this one.
CONTROL_BOX = """(value) => {
  const box = Object.assign(document.createElement("textarea"), { id: "control", value })
  document.body.append(box)
  box.dispatchEvent(new Event("input", { bubbles: true }))
  return true
}"""
#: Values of the real form typed nowhere else, the Site ID pasted as a dashboard address.
VALUES = {**UNSEEN_VALUES, "site_id": f"https://manage.wix.com/dashboard/{UNSEEN_VALUES['site_id']}/home"}


@pytest.fixture
def firefox():
    browser = launch("firefox", firefox_prefs=SESSION_PREFS)
    yield browser
    browser.close()


def test_firefoxs_session_file_keeps_none_of_the_three_values(firefox, server):
    tab = firefox.new_tab()
    open_checker(tab, server.url(CHECKER_PAGE))
    fill(tab, **VALUES)
    tab.evaluate(CONTROL_BOX, CONTROL)
    deadline = time.monotonic() + 30
    while CONTROL not in (session := firefox.session_file()):
        assert time.monotonic() < deadline, "Firefox wrote no session with the control's form data"
        time.sleep(0.5)
    assert '"formdata"' in session
    found = [value[:12] + "…" for value in needles(VALUES.values()) | {VALUES["api_key"][-60:]} if value in session]
    assert found == [], f"Firefox's session file holds typed values: {found}"
