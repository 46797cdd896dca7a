"""Stages the checker's runtime (issue 4): Pyodide from node_modules and the checker's wheel."""

from __future__ import annotations

import mimetypes


def register_mime_types() -> None:
    # Module workers and WebAssembly are refused when served with the wrong type.
    mimetypes.add_type("text/javascript", ".mjs")
    mimetypes.add_type("application/wasm", ".wasm")


def stage(config) -> None:
    """Placeholder: filled in by the in-page checker work."""
