"""Debian's Chromium driven by Playwright, against the built site served by the real nginx
(``server``, in tests/conftest.py: the cross-engine tests share it).
"""

from __future__ import annotations

import pytest

from .browser_helpers import Tab, new_tab


@pytest.fixture
def open_tab(browser):
    """``open_tab(**context_options)`` → a Tab; closed after the test."""
    contexts = []

    def _open(*, init_scripts: tuple[str, ...] = (), **options) -> Tab:
        tab = new_tab(browser, init_scripts=init_scripts, **options)
        contexts.append(tab.context)
        return tab

    yield _open
    for context in contexts:
        context.close()
