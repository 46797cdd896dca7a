"""The site's service worker, ``sw.js`` at the site's root, written by every build from the built files.

The worker's code is ``service-worker.js`` beside this module; the build fills in the list of the files it
serves (each one's kind and sha256) and an id for the build, so each build's worker keeps a cache of its own
and serves that build's bytes only. ``overrides/assets/javascripts/offline.js`` registers it.

To retire the worker (``SERVICE_WORKER=retire`` at build time, and always under ``mkdocs serve``), the build
writes ``service-worker-retired.js`` instead: browsers that had the worker drop its caches and unregister it.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

FILE_NAME = "sw.js"
SOURCE = Path(__file__).with_name("service-worker.js")
RETIRED_SOURCE = Path(__file__).with_name("service-worker-retired.js")
#: The environment variable that retires the worker: ``SERVICE_WORKER=retire make build``.
ENVIRONMENT = "SERVICE_WORKER"
#: The line of SOURCE the build replaces.
PLACEHOLDER = 'const SITE = { build: "", files: {} }'
#: Served network first (a writer's fix reaches the next visit); everything else cache first.
NETWORK_FIRST = ("search/search_index.json", "sitemap.xml")
RUNTIME = "assets/runtime/"
#: Never served by the worker: source maps, the precompressed siblings (the host picks them), the dev
#: server's live reload, the search's word splitters for languages other than the site's, the host's file.
_LEFT_OUT_SUFFIXES = (".map", ".br", ".gz")
_LEFT_OUT = ("_headers", FILE_NAME, "assets/javascripts/livereload.js")
_LEFT_OUT_FOLDERS = ("assets/javascripts/lunr/",)


def kind(path: str) -> str:
    """How the worker serves the built file ``path``: ``page`` (network first), ``runtime`` (cache first, kept
    once used) or ``asset`` (cache first, kept at install).
    """
    if path.endswith(".html") or path in NETWORK_FIRST:
        return "page"
    return "runtime" if path.startswith(RUNTIME) else "asset"


def address(path: str) -> str:
    """The path under the site's root a browser asks for: a page by its folder (``guide/``)."""
    return path.removesuffix("index.html") if path == "index.html" or path.endswith("/index.html") else path


def served(site_dir: Path) -> dict[str, list[str]]:
    """Each file the worker serves, by the path a browser asks for: its kind and the sha256's first 16 digits."""
    files = {}
    for file in sorted(site_dir.rglob("*")):
        path = file.relative_to(site_dir).as_posix()
        if (
            not file.is_file()
            or path.endswith(_LEFT_OUT_SUFFIXES)
            or path in _LEFT_OUT
            or path.startswith(_LEFT_OUT_FOLDERS)
        ):
            continue
        files[address(path)] = [kind(path), hashlib.sha256(file.read_bytes()).hexdigest()[:16]]
    return files


def source(site_dir: Path) -> str:
    """The worker for the site built in ``site_dir``."""
    files = served(site_dir)
    build = hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()[:16]
    code = SOURCE.read_text("utf-8")
    if code.count(PLACEHOLDER) != 1:
        raise RuntimeError(f"{SOURCE.name} must hold the line {PLACEHOLDER!r} once: the build fills it in")
    lines = ",\n".join(f"    {json.dumps(path)}: {json.dumps(entry)}" for path, entry in files.items())
    return code.replace(PLACEHOLDER, f'const SITE = {{\n  build: "{build}",\n  files: {{\n{lines},\n  }},\n}}')


def retired_by_environment() -> bool:
    # mkdocs.yml reads the same variable (extra.service_worker): the retiring build's pages register nothing.
    return os.environ.get(ENVIRONMENT) == "retire"


def write(site_dir: str | Path, *, retired: bool = False) -> Path:
    """Write ``sw.js`` into the built site: the worker, or with ``retired`` the one that retires it."""
    site = Path(site_dir)
    target = site / FILE_NAME
    code = RETIRED_SOURCE.read_text("utf-8") if retired else source(site)
    target.write_text(code, encoding="utf-8")
    return target
