"""The programs outside Python and npm that the tests and the benchmark need, and how to get them.

    python -m harness.system chromium nginx caddy firefox webkit xvfb

Each is looked up as the tests look it up (``CHROMIUM``, ``NGINX``,
``CADDY``, ``FIREFOX`` and ``WEBKIT_DRIVER`` name another executable).
Missing ones are installed with Debian's apt-get (with sudo when not root)
where there is one that offers them, after refreshing its package lists (a
fresh machine's may offer an old Chromium, or nothing); elsewhere, or when
that fails, it says what to install and exits 1. Chromium older than
``MIN_CHROMIUM`` is upgraded the same way, or named with the version needed.
Browsers and drivers come from the system's packages only, never downloaded.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

from harness import chromium, hosts
from harness.engines import EngineMissing, firefox, webkit

#: The oldest Chromium the browser tests are known to pass on: Chromium 150 never offers to save a
#: type=password field in the password-manager probe's full-page-load paths, so its controls fail there.
MIN_CHROMIUM = 156

#: Debian packages per tool, in order of preference where several could do.
PACKAGES = {
    "chromium": [["chromium"]],
    "nginx": [["nginx-light"], ["nginx"]],
    "nginx-brotli": [["libnginx-mod-http-brotli-static"]],
    "caddy": [["caddy"]],
    "firefox": [["firefox-esr"], ["firefox"]],
    # The driver, and the bindings harness/engines/webkit_browser.py runs WebKitGTK with.
    "webkit": [["webkit2gtk-driver", "python3-gi", "gir1.2-webkit2-4.1"]],
    # WebKitGTK's browser needs an X display; the tests start their own Xvfb where there is none.
    "xvfb": [["xvfb"]],
}
ELSEWHERE = {
    "chromium": "Chromium or Google Chrome, then CHROMIUM=/path/to/its/executable "
    "(macOS: CHROMIUM='/Applications/Google Chrome.app/Contents/MacOS/Google Chrome')",
    "nginx": "nginx, then NGINX=/path/to/nginx if it is not on the PATH",
    "nginx-brotli": "nginx's brotli_static module (ngx_brotli), or nginx built with it",
    "caddy": "Caddy 2 (https://caddyserver.com/docs/install), then CADDY=/path/to/caddy if it is not on the PATH",
    "firefox": "Firefox (ESR or later; it speaks WebDriver BiDi itself), then FIREFOX=/path/to/firefox",
    "webkit": "WebKitGTK's WebDriver (WebKitWebDriver) and WebKitGTK 4.1's GObject bindings for the system's "
    "python3 (PyGObject), then WEBKIT_DRIVER=/path/to/WebKitWebDriver",
    "xvfb": "Xvfb (an X server without a screen), or run the tests in a desktop session",
}


def chromium_version() -> int | None:
    """The major version of the Chromium the tests run (None when it does not say)."""
    try:
        said = subprocess.run(
            [chromium.executable(), "--version"], capture_output=True, text=True, timeout=60, check=False
        ).stdout
    except (chromium.ChromiumMissing, OSError, subprocess.TimeoutExpired):
        return None
    found = re.search(r"(\d+)\.\d+\.\d+", said)
    return int(found[1]) if found else None


def _present(tool: str) -> bool:
    try:
        if tool == "chromium":
            chromium.executable()
            return (chromium_version() or 0) >= MIN_CHROMIUM
        if tool == "nginx":
            hosts.Nginx.find()
        elif tool == "nginx-brotli":
            hosts.brotli_module(hosts.Nginx.find())
        elif tool == "caddy":
            hosts.Caddy.find()
        elif tool == "firefox":
            firefox.executable()
        elif tool == "webkit":
            webkit.executable()
            return webkit.browser_missing() is None
        elif tool == "xvfb":
            return bool(shutil.which("Xvfb") or os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    except (chromium.ChromiumMissing, hosts.HostMissing, EngineMissing):
        return False
    return True


def missing(tools: list[str]) -> list[str]:
    gone = [tool for tool in tools if not _present(tool)]
    # The brotli module is looked for in the nginx that is there.
    if "nginx" in tools and ("nginx" in gone or not _present("nginx-brotli")):
        gone.append("nginx-brotli")
    return gone


def _apt_candidates(tools: list[str]) -> list[str] | None:
    """The Debian packages for ``tools``, or None when apt offers no candidate for one of them."""
    packages = []
    for tool in tools:
        for choice in PACKAGES[tool]:
            policy = subprocess.run(
                ["apt-cache", "policy", *choice], capture_output=True, text=True, check=False
            ).stdout
            if "Candidate:" in policy and "Candidate: (none)" not in policy:
                packages += choice
                break
        else:
            return None
    return packages


#: The environment variable that names each tool's executable instead of the PATH.
OVERRIDES = {
    "chromium": "CHROMIUM",
    "nginx": "NGINX",
    "nginx-brotli": "NGINX",
    "caddy": "CADDY",
    "firefox": "FIREFOX",
    "webkit": "WEBKIT_DRIVER",
    "xvfb": "DISPLAY",
}


def install(tools: list[str]) -> list[str]:
    """Install what is missing with apt-get; the tools still missing afterwards."""
    # A tool named by its variable is that one: installing another would not help.
    gone = [tool for tool in missing(tools) if not os.environ.get(OVERRIDES[tool])]
    if not gone or not shutil.which("apt-get"):
        return missing(tools)
    sudo = [] if os.geteuid() == 0 else ["sudo"] if shutil.which("sudo") else None
    if sudo is None:
        return gone
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    # Always fresh lists first: stale ones install an old Chromium, or offer nothing at all.
    subprocess.run([*sudo, "apt-get", "update", "-qq"], env=env, check=False)
    packages = _apt_candidates(gone)
    if packages:
        print(f"installing {' '.join(packages)} with apt-get (make test needs them)", file=sys.stderr, flush=True)
        subprocess.run(
            [*sudo, "apt-get", "install", "-y", "-qq", *packages], env=env, check=False, stdout=subprocess.DEVNULL
        )
    return missing(tools)


def _too_old(tool: str) -> str:
    """Why an installed ``tool`` does not count ("" when it is missing, or fine)."""
    if tool == "chromium" and (version := chromium_version()) is not None and version < MIN_CHROMIUM:
        return f"Chromium {version} is installed; the tests need Chromium {MIN_CHROMIUM} or newer"
    return ""


def main(argv: list[str] | None = None) -> int:
    known = [t for t in PACKAGES if t != "nginx-brotli"]
    tools = (sys.argv[1:] if argv is None else argv) or known
    unknown = [t for t in tools if t not in known]
    if unknown:
        print(f"error: unknown tool(s) {', '.join(unknown)}; known: {', '.join(known)}", file=sys.stderr)
        return 2
    gone = install(tools)
    if not gone:
        return 0
    debian = " ".join(choice[0] for tool in gone for choice in PACKAGES[tool][:1])
    print("The tests need these programs, which are missing and could not be installed here:", file=sys.stderr)
    for tool in gone:
        named = os.environ.get(OVERRIDES[tool])
        why = _too_old(tool) or (f"{OVERRIDES[tool]}={named} is not one" if named else "")
        print(f"  - {ELSEWHERE[tool]}" + (f" ({why})" if why else ""), file=sys.stderr)
    print(f"On Debian: sudo apt-get install {debian}", file=sys.stderr)
    print("To preview the site, `make serve` needs none of them.", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
