"""Build glue for the guide site: the checker's runtime and the build's checks.

MkDocs calls these through ``hooks.py``. What the published site needs is
staged as plain files (``overrides/assets/runtime/``), so a build that runs
no hooks (Zensical) can use it after ``python -m sitebuild stage``.
"""
