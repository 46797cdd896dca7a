"""Debian's Chromium, as every browser test, the benchmark and Lighthouse launch it.

Playwright's own browser download cannot work on these machines. A
``CHROMIUM`` environment variable names another executable.
"""

from __future__ import annotations

import os
import shutil

# Without the background-networking flags Chromium keeps trying to reach outside hosts.
LAUNCH_ARGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
)


class ChromiumMissing(RuntimeError):
    pass


def executable() -> str:
    """``$CHROMIUM``, else ``chromium`` on the PATH, else Debian's ``/usr/bin/chromium``; it must exist."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.isfile(path):
        raise ChromiumMissing(
            f"no Chromium at {path}: install Debian's (apt-get install chromium) "
            "or set CHROMIUM to the path of a Chromium or Chrome executable")
    return path


def launch(playwright, **options):
    """A headless Chromium browser from Playwright's sync or async API."""
    return playwright.chromium.launch(executable_path=executable(), args=list(LAUNCH_ARGS), headless=True, **options)


def launch_persistent(playwright, profile_dir, **options):
    """A headless Chromium with a profile on disk (its cache, its password manager), as a context."""
    return playwright.chromium.launch_persistent_context(
        str(profile_dir), executable_path=executable(), args=list(LAUNCH_ARGS), headless=True, **options)
