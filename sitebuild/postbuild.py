"""What every build adds to the built site, whichever generator made it.

MkDocs runs ``finish_site`` from ``on_post_build``; after a Zensical build
(no hooks) ``python -m sitebuild finish`` runs it. A file the published site
needs from the build belongs here, so both generators' sites get it.
"""

from __future__ import annotations

from pathlib import Path

from sitebuild import service_worker
from sitebuild.hosting import configs
from sitebuild.runtime import precompress


def finish_site(site_dir: str | Path, *, serving: bool = False) -> None:
    # First: its list holds every other file. The dev server gets the worker that retires any worker.
    service_worker.write(site_dir, retired=serving or service_worker.retired_by_environment())
    # The runtime's siblings came staged (cached by content); the pages' own are small, made here.
    precompress.precompress(site_dir, keep_existing=True)
    configs.write_headers_file(site_dir)
