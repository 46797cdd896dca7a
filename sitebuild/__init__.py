"""Build glue for the guide site: the checker's runtime and the build's checks.

MkDocs calls it through ``hooks.py``: stage the runtime before the build,
collect every page's markdown, then check the built site and finish it.
Zensical runs no hooks, so ``python -m sitebuild stage``, ``finish`` and
``check`` do the same around its build (``make zensical``). What the
published site needs is staged as plain files (``overrides/assets/runtime/``)
that either generator copies.
"""
