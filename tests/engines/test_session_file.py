"""Firefox keeps each tab's session on disk, form data included, to restore its tabs after a crash or a
restart: none of the three values may be in that file. Firefox leaves out fields marked autocomplete=off
(its SessionStoreUtils), which the checker's are; this fails if that mark goes, or Firefox stops honouring it.
"""

from __future__ import annotations

import time

import pytest

from harness import CHECKER_PAGE
from harness.checker_page import CONTROL_BOX, SESSION_VALUES, needles
from harness.engines import launch

from .engine_steps import fill, open_checker

pytestmark = pytest.mark.firefox

# What a merchant's Firefox does (the remote agent turns the crash session off), written every second
# instead of every 15 so the test need not wait: when it is written, not what.
SESSION_PREFS = {"browser.sessionstore.resume_from_crash": True, "browser.sessionstore.interval": 1000}
CONTROL = "a-field-firefox-keeps-7311"


@pytest.fixture
def firefox():
    browser = launch("firefox", firefox_prefs=SESSION_PREFS)
    yield browser
    browser.close()


def test_firefoxs_session_file_keeps_none_of_the_three_values(firefox, server):
    tab = firefox.new_tab()
    open_checker(tab, server.url(CHECKER_PAGE))
    fill(tab, **SESSION_VALUES)
    tab.evaluate(CONTROL_BOX, CONTROL)
    deadline = time.monotonic() + 30
    while CONTROL not in (session := firefox.session_file()):
        assert time.monotonic() < deadline, "Firefox wrote no session with the control's form data"
        time.sleep(0.5)
    assert '"formdata"' in session
    found = [
        value[:12] + "…"
        for value in needles(SESSION_VALUES.values()) | {SESSION_VALUES["api_key"][-60:]}
        if value in session
    ]
    assert found == [], f"Firefox's session file holds typed values: {found}"
