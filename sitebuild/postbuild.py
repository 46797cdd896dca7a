"""What every build adds to the built site, whichever generator made it.

MkDocs runs ``finish_site`` from ``on_post_build``; after a Zensical build
(no hooks) ``python -m sitebuild finish`` runs it. A file the published site
needs from the build belongs here, so both generators' sites get it.
"""

from __future__ import annotations

import os

from sitebuild import hosting, precompress


def finish_site(site_dir: str | os.PathLike) -> None:
    # The runtime's siblings came staged; the pages' own are made here (about 0.2 s).
    precompress.precompress(site_dir, keep_existing=True)
    hosting.write_headers_file(site_dir)
