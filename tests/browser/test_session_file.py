"""Chromium keeps each tab's history on disk to restore it after a crash or a restart ("Continue where you
left off"), with the state of each page's fields: none of the three values may be in those files. Chromium
leaves out fields marked autocomplete=off, which the checker's are; this fails if that mark goes, or Chromium
stops honouring it. Firefox's file is tested in tests/engines/test_session_file.py.
"""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest

from harness import CHECKER_PAGE, chromium
from harness.checker_page import CONTROL_BOX, SESSION_VALUES, needles

from .browser_helpers import fill, wait_ready

pytestmark = pytest.mark.browser

CONTROL = "a-field-chromium-keeps-7312"


def _session_files(profile) -> bytes:
    return b"".join(path.read_bytes() for path in (profile / "Default" / "Sessions").glob("*") if path.is_file())


def _holds(files: bytes, text: str) -> bool:
    return text.encode() in files or text.encode("utf-16-le") in files


def test_chromiums_session_files_keep_none_of_the_three_values(browser, server, tmp_path):
    profile = tmp_path / "profile"
    # A real profile on disk, as a merchant's; the session's driver launches it.
    context = chromium.launch_persistent(SimpleNamespace(chromium=browser.browser_type), profile)
    try:
        page = context.pages[0] if context.pages else context.new_page()
        page.goto(server.url(CHECKER_PAGE))
        wait_ready(page)
        fill(page, **SESSION_VALUES)
        page.evaluate(CONTROL_BOX, CONTROL)
        # Leaving the page puts its fields' state in its history entry, which Chromium writes soon after.
        page.goto(server.url("limitations/"))
        deadline = time.monotonic() + 30
        while not _holds(files := _session_files(profile), CONTROL):
            assert time.monotonic() < deadline, "Chromium wrote no session with the control's field"
            time.sleep(0.5)
    finally:
        context.close()
    files = _session_files(profile)  # and once more as the browser closes
    pieces = needles(SESSION_VALUES.values()) | {SESSION_VALUES["api_key"][-60:]}
    found = [piece[:12] + "…" for piece in pieces if _holds(files, piece)]
    assert found == [], f"Chromium's session files hold typed values: {found}"
