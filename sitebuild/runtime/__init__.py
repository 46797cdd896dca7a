"""The checker's runtime as the site ships it, staged into ``overrides/assets/runtime/``.

``staging`` puts it together from these parts: Pyodide from node_modules, the
standard library cut to what the checker uses (``stdlib``), the checker's
wheel (``_wheel``), its memory snapshot (``snapshot``), the site's lock file
(``lockfile``) and the files' ``.br``/``.gz`` siblings (``precompress``). The
slow steps run Pyodide in Node (``_node`` and the ``*.mjs`` scripts) and are
cached by content (``_cache``).
"""
