"""Build glue for the guide site, in three parts.

- ``runtime/``: packages the checker's runtime (Pyodide, the cut standard
  library, the checker's wheel and snapshot, the lock file, precompressed
  siblings) into ``overrides/assets/runtime/``;
- ``checks/``: the writer checks over the pages and the built site;
- ``hosting/``: the headers, cache policy and types every host sends, and the
  configs written from them.

MkDocs calls it through ``hooks.py`` (named in mkdocs.yml): stage the runtime
before the build, collect every page's markdown, then check the built site
and finish it (``postbuild.py``); ``dev_server.py`` fits ``mkdocs serve`` to
the checker. Zensical runs no hooks, so ``python -m sitebuild stage``,
``finish`` and ``check`` do the same around its build (``make zensical``).
What the published site needs is staged as plain files that either generator
copies. ``synthetic.py`` makes the keys of the real form the pages' examples
are completed with (and the tests draw theirs from).
"""

from __future__ import annotations

import logging

#: Where the build glue reports what it could not do: under MkDocs' ``mkdocs.*`` loggers a warning is shown
#: with the build's own and fails a strict build; ``python -m sitebuild`` prints it to stderr.
log = logging.getLogger("mkdocs.plugins.sitebuild")
