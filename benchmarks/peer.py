"""The peer: how MkDocs sites run Python in a page today, built so the benchmark can time it beside the guide.

markdown-exec's ``pyodide`` fence on a Material site (``benchmarks/peer-site/``:
one page, one fence that finds the Site ID in a dashboard address), built
with the pinned mkdocs, Material and markdown-exec, then made self-hosted:
the five CDN addresses markdown-exec writes into the page are replaced by
copies of the same files from npm (Ace, highlight.js and its themes, and the
guide's own npm Pyodide). markdown-exec always loads micropip, which the npm
Pyodide does not ship: its PyPI wheel is downloaded once into ``build/``.
The result has the same ``.br``/``.gz`` siblings as the guide, so both are
served alike. A markdown-exec that writes other addresses fails the build
loudly instead of measuring a page that reaches a CDN.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from string import Template

from harness import DASHBOARD_URL, ROOT, SITE_ID
from sitebuild.runtime import precompress

SOURCE = Path(__file__).with_name("peer-site")
NPM = ROOT / "node_modules"
#: Where the benchmark serves the peer (a ``bench-`` path: ``page_speed.visit`` waits for its verdict).
MOUNT = "bench-peer/"
MICROPIP = "micropip==0.11.1"
WHEELS = ROOT / "build" / "peer-wheels"
PYODIDE_FILES = ("pyodide.js", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
#: Attributes by which a page makes the browser fetch something (an ``<a href>`` is only followed when clicked).
FETCHED = {"script": "src", "link": "href", "img": "src", "iframe": "src", "source": "src", "embed": "src"}

# Runs before the page's scripts (after page_speed's): presses Run as soon as the fence wires it (its output
# is cleared once Pyodide has loaded, in the same task that sets Run's handler), as a reader pressing Run
# at the first moment it works; the verdict is the moment the output shows the Site ID.
VERDICT_SCRIPT = Template("""
(() => {
  const siteId = $site_id
  document.addEventListener("DOMContentLoaded", () => {
    const output = document.querySelector("code.pyodide-output")
    const run = document.querySelector("[id$$='--run']")
    if (!output || !run) return
    let pressed = false
    new MutationObserver(() => {
      const text = output.textContent
      if (!pressed && text === "") {
        pressed = true
        run.click()
      }
      if (window.__bench.verdictAt === null && text.includes(siteId)) window.__bench.verdictAt = performance.now()
    }).observe(output, { subtree: true, childList: true, characterData: true })
  })
})()
""").substitute(site_id=json.dumps(SITE_ID))


class PeerBuildError(RuntimeError):
    """The peer cannot be built as measured (a CDN address moved, a download failed, mkdocs failed)."""


@dataclass(frozen=True)
class Vendored:
    """A file markdown-exec loads from ``url``, copied from ``source`` (a file, or the folder holding it)."""

    url: str
    source: Path
    local: str  # the file's path in the peer site


def pyodide_version() -> str:
    return str(json.loads((NPM / "pyodide" / "package.json").read_text("utf-8"))["version"])


def vendored(version: str) -> list[Vendored]:
    """Each CDN file of markdown-exec's fence and its npm copy, the folder layout as the CDN's."""
    themes = "https://cdn.jsdelivr.net/npm/highlightjs-themes@1.0.0"
    return [
        # Ace loads its Python mode and themes from beside ace.js: the whole folder is copied.
        Vendored(
            "https://cdnjs.cloudflare.com/ajax/libs/ace/1.16.0/ace.js",
            NPM / "ace-builds" / "src-min-noconflict",
            "vendor/ace/ace.js",
        ),
        Vendored(
            "https://cdnjs.cloudflare.com/ajax/libs/highlight.js/11.7.0/highlight.min.js",
            NPM / "@highlightjs" / "cdn-assets" / "highlight.min.js",
            "vendor/highlight.js/highlight.min.js",
        ),
        Vendored(
            f"https://cdn.jsdelivr.net/pyodide/v{version}/full/pyodide.js",
            NPM / "pyodide" / "pyodide.js",
            "vendor/pyodide/pyodide.js",
        ),
        # jsDelivr minifies the package's .css on request; the npm package has only the .css.
        *(
            Vendored(
                f"{themes}/{name}.min.css", NPM / "highlightjs-themes" / f"{name}.css", f"vendor/themes/{name}.css"
            )
            for name in ("tomorrow", "tomorrow-night-blue")
        ),
    ]


class _Fetched(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = FETCHED.get(tag)
        self.urls += [value for name, value in attrs if name == wanted and value]


def outside_urls(html: str) -> list[str]:
    """Absolute http(s) addresses the page would fetch from anywhere but 127.0.0.1."""
    parser = _Fetched()
    parser.feed(html)
    addresses = parser.urls + re.findall(r"""url\(\s*['"]?([^'")\s]+)""", html)
    return [url for url in addresses if re.match(r"(https?:)?//(?!127\.0\.0\.1[:/])", url)]


def rewrite(html: str, local: Mapping[str, str]) -> str:
    """``html`` with each CDN address in ``local`` replaced by its local path; every one must be there once,
    and nothing fetched from another host may be left.
    """
    for url, path in local.items():
        found = html.count(url)
        if found != 1:
            raise PeerBuildError(
                f"the peer page holds {url} {found} times, not once: markdown-exec's assets changed; "
                "update benchmarks/peer.py's vendored files"
            )
        html = html.replace(url, path)
    left = outside_urls(html)
    if left:
        raise PeerBuildError(f"the peer page would still fetch from outside 127.0.0.1: {', '.join(left)}")
    return html


def micropip_wheel(python: str) -> Path:
    """The micropip wheel from PyPI for Pyodide's ``python`` (``3.14.2``), downloaded once into ``build/``."""
    found = sorted(WHEELS.glob("micropip-*.whl"))
    if not found:
        command = [sys.executable, "-m", "pip", "download", MICROPIP, "--no-deps", "--only-binary=:all:"]
        command += ["--python-version", ".".join(python.split(".")[:2])]
        result = subprocess.run([*command, "-d", str(WHEELS)], capture_output=True, text=True, check=False)
        found = sorted(WHEELS.glob("micropip-*.whl"))
        if result.returncode != 0 or not found:
            raise PeerBuildError(f"pip download {MICROPIP} failed:\n{result.stderr[-2000:]}")
    return found[0]


def _with_micropip(runtime: Path) -> None:
    """The wheel beside Pyodide, and its sha256 in the lock (``loadPackage`` checks it; Pyodide's own build of
    the same version differs).
    """
    lock_path = runtime / "pyodide-lock.json"
    text = lock_path.read_text("utf-8")
    lock = json.loads(text)
    entry = lock["packages"]["micropip"]
    wheel = micropip_wheel(lock["info"]["python"])
    if entry["file_name"] != wheel.name:
        raise PeerBuildError(f"Pyodide's lock wants {entry['file_name']}, pip gave {wheel.name}: update MICROPIP")
    shutil.copy2(wheel, runtime / wheel.name)
    # Only these 64 characters change, so the rest of the lock is the npm package's own.
    lock_path.write_text(text.replace(entry["sha256"], hashlib.sha256(wheel.read_bytes()).hexdigest()), "utf-8")


def build(dest: Path) -> Path:
    """The peer site, self-hosted and precompressed, in ``dest/peer``."""
    project, site = dest / "peer-source", dest / "peer"
    shutil.copytree(SOURCE, project)
    page = project / "docs" / "index.md"
    version = pyodide_version()
    page.write_text(
        Template(page.read_text("utf-8")).substitute(pyodide_version=version, dashboard_url=DASHBOARD_URL), "utf-8"
    )
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise PeerBuildError(f"mkdocs build of the peer failed:\n{result.stderr[-2000:]}")
    files = vendored(version)
    for item in files:
        target = site / item.local
        if item.source.is_dir():
            shutil.copytree(item.source, target.parent)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(item.source, target)
    runtime = site / "vendor" / "pyodide"
    for name in PYODIDE_FILES:
        shutil.copy2(NPM / "pyodide" / name, runtime / name)
    _with_micropip(runtime)
    index = site / "index.html"
    index.write_text(rewrite(index.read_text("utf-8"), {item.url: item.local for item in files}), "utf-8")
    precompress.precompress(site)
    return site
