"""A WebKitGTK browser for ``WebKitWebDriver`` that keeps its website data in a profile directory.

    /usr/bin/python3 webkit_browser.py --automation --profile=DIR [--scripts=DIR] [--dark]

MiniBrowser, the browser WebKitGTK ships for the driver, gives every automation
session an ephemeral store: no disk cache, and no Cache Storage, IndexedDB or
service worker that outlives the session. This one is the same engine
(``libwebkit2gtk-4.1``, through Debian's ``gir1.2-webkit2-4.1`` and
``python3-gi``) with a persistent ``WebsiteDataManager`` under ``DIR``: the HTTP
cache, Cache Storage, IndexedDB and service workers survive navigations and
sessions started with the same ``DIR``. It answers the driver as MiniBrowser
does: it allows automation on its context and, when the driver's session
starts, makes a window for each browsing context the session asks for. Each
window runs, before the page's own scripts, the ``*.js`` files in ``--scripts``
at the time it is made: classic WebDriver has no command for that. With
``--dark``, GTK prefers its dark theme, as a desktop set to dark does: pages see
``prefers-color-scheme: dark``.

Run by Debian's Python, not a virtualenv's: the bindings are system packages.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import gi  # type: ignore[import-not-found]  # Debian's python3-gi: not in a virtualenv

gi.require_version("Gtk", "3.0")
gi.require_version("WebKit2", "4.1")
from gi.repository import Gtk, WebKit2  # type: ignore[import-not-found]  # noqa: E402 - versions required first


def browser(profile: str, scripts: Path | None) -> WebKit2.WebContext:
    manager = WebKit2.WebsiteDataManager(base_data_directory=f"{profile}/data", base_cache_directory=f"{profile}/cache")
    context = WebKit2.WebContext(website_data_manager=manager)
    context.set_cache_model(WebKit2.CacheModel.WEB_BROWSER)
    settings = WebKit2.Settings(enable_developer_extras=True, enable_webgl=True)
    windows: list[Gtk.Window] = []

    def close(view: WebKit2.WebView) -> None:
        window = view.get_toplevel()
        if window in windows:
            windows.remove(window)
        window.destroy()

    def create_web_view(_session: WebKit2.AutomationSession) -> WebKit2.WebView:
        content = WebKit2.UserContentManager()
        for script in sorted(scripts.glob("*.js")) if scripts else ():
            content.add_script(
                WebKit2.UserScript(
                    script.read_text("utf-8"),
                    WebKit2.UserContentInjectedFrames.ALL_FRAMES,
                    WebKit2.UserScriptInjectionTime.START,
                    None,
                    None,
                )
            )
        view = WebKit2.WebView(
            web_context=context, settings=settings, user_content_manager=content, is_controlled_by_automation=True
        )
        view.connect("close", close)
        window = Gtk.Window()
        window.set_default_size(1280, 800)
        window.add(view)
        window.show_all()
        windows.append(window)
        return view

    def automation_started(_context: WebKit2.WebContext, session: WebKit2.AutomationSession) -> None:
        info = WebKit2.ApplicationInfo()
        info.set_name("webkit_browser")
        info.set_version(WebKit2.get_major_version(), WebKit2.get_minor_version(), WebKit2.get_micro_version())
        session.set_application_info(info)
        session.connect("create-web-view", create_web_view)

    context.set_automation_allowed(True)
    context.connect("automation-started", automation_started)
    return context


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="webkit_browser.py", description=__doc__.splitlines()[0])
    parser.add_argument("--automation", action="store_true", help="accepted as MiniBrowser does; always on")
    parser.add_argument("--profile", help="the directory the website data is kept in")
    parser.add_argument("--scripts", type=Path, help="a directory of scripts each new window runs first")
    parser.add_argument("--dark", action="store_true", help="prefer the dark theme, as a desktop set to dark does")
    parser.add_argument("--check", action="store_true", help="exit 0 if the bindings are there")
    args, _unknown = parser.parse_known_args(argv)
    if args.check:
        return 0
    if not args.profile:
        parser.error("--profile is required")
    Gtk.init([])
    if args.dark:
        Gtk.Settings.get_default().props.gtk_application_prefer_dark_theme = True
    context = browser(args.profile, args.scripts)  # noqa: F841 - kept alive for the main loop
    Gtk.main()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
