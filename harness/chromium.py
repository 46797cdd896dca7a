"""Debian's Chromium, as every browser test, the benchmark and Lighthouse launch it.

Playwright's own browser download cannot work on these machines. A
``CHROMIUM`` environment variable names another executable.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, BrowserType

# Without the background-networking flags Chromium keeps trying to reach outside hosts.
LAUNCH_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


class ChromiumMissing(RuntimeError):
    pass


class Launcher(Protocol):
    # Playwright's sync API, or anything with its chromium launcher.
    @property
    def chromium(self) -> BrowserType: ...


def executable() -> str:
    """``$CHROMIUM``, else ``chromium`` on the PATH, else Debian's ``/usr/bin/chromium``; it must exist."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).is_file():
        raise ChromiumMissing(
            f"no Chromium at {path}: install Debian's (apt-get install chromium) "
            "or set CHROMIUM to the path of a Chromium or Chrome executable"
        )
    return path


def launch(playwright: Launcher, *, extra_args: Sequence[str] = (), **options: Any) -> Browser:
    """A headless Chromium browser from Playwright's sync API; ``extra_args`` after ``LAUNCH_ARGS``."""
    return playwright.chromium.launch(
        executable_path=executable(), args=[*LAUNCH_ARGS, *extra_args], headless=True, **options
    )


def launch_persistent(playwright: Launcher, profile_dir: str | Path, **options: Any) -> BrowserContext:
    """A headless Chromium with a profile on disk (its cache, its password manager), as a context."""
    return playwright.chromium.launch_persistent_context(
        str(profile_dir), executable_path=executable(), args=list(LAUNCH_ARGS), headless=True, **options
    )
