"""What the tests and the benchmarks share, so each exists once.

- ``build_site``: the real strict MkDocs build into a folder;
- ``harness.dev_server``: ``mkdocs serve`` (``make serve``) in a project folder, on a free port;
- ``StaticServer``: the built site on 127.0.0.1, served as the real hosts serve it;
- ``Nginx``, ``Caddy``: the real servers with the configs in ``deploy/``, run for a test;
- ``Wrangler``: Cloudflare Pages' own runtime with the site's ``_headers``, run for a test;
- ``chromium``: Debian's Chromium (or ``$CHROMIUM``) with the flags that work here;
- ``harness.engines``: Chromium, Firefox ESR and WebKitGTK behind one tab interface, each browser
  with its own temporary profile and recording proxy (imported on its own: the tests of one engine
  need no other's client);
- ``harness.checker_page``: the checker read from any engine's page, and what Python says it should show;
- ``PAGES``: the site's pages; ``PALETTE_LOG`` and ``palette_at_first_paint``: which palette a page painted first;
- synthetic keys and IDs of the real form (never a real one).
"""

from __future__ import annotations

from harness import chromium
from harness.build import ROOT, BuildError, build_site, run_build
from harness.hosts import Caddy, HostFailed, HostMissing, Nginx, Wrangler, settled
from harness.pages import CHECKER_PAGE, PAGES, PALETTE_LOG, SUBPATH, page_name, palette_at_first_paint
from harness.server import Request, StaticServer
from harness.synthetic import ACCOUNT_ID, API_KEY, DASHBOARD_URL, SITE_ID, guid, make_key

#: Runs the checker in real Pyodide under Node: the parity test and the checker benchmark share it.
PYODIDE_RUNNER = ROOT / "harness" / "pyodide_runner.mjs"

__all__ = [
    "ACCOUNT_ID",
    "API_KEY",
    "CHECKER_PAGE",
    "DASHBOARD_URL",
    "PAGES",
    "PALETTE_LOG",
    "PYODIDE_RUNNER",
    "ROOT",
    "SITE_ID",
    "SUBPATH",
    "BuildError",
    "Caddy",
    "HostFailed",
    "HostMissing",
    "Nginx",
    "Request",
    "StaticServer",
    "Wrangler",
    "build_site",
    "chromium",
    "guid",
    "make_key",
    "page_name",
    "palette_at_first_paint",
    "run_build",
    "settled",
]
