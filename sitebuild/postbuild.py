"""What every build adds to the built site, whichever generator made it.

MkDocs runs ``finish_site`` from ``on_post_build``; after a Zensical build
(no hooks) ``python -m sitebuild finish`` runs it. A file the published site
needs from the build belongs here, so both generators' sites get it.
"""

from __future__ import annotations

from pathlib import Path

from sitebuild.hosting import configs
from sitebuild.runtime import precompress


def finish_site(site_dir: str | Path) -> None:
    # The runtime's siblings came staged (cached by content); the pages' own are small, made here.
    precompress.precompress(site_dir, keep_existing=True)
    configs.write_headers_file(site_dir)
