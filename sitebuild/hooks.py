"""MkDocs hooks: the only place MkDocs calls into the build glue."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from sitebuild import checks, dev_server, log, postbuild
from sitebuild.runtime import staging

#: Whether MkDocs is serving (``mkdocs serve``) rather than building once.
_serving = False
#: The checks' state for the build under way; replaced at the start of every build.
_build: checks.Build | None = None


def _current() -> checks.Build:
    if _build is None:
        raise RuntimeError("sitebuild's hooks ran out of order: on_pre_build starts every build")
    return _build


def _fresh_checker() -> ModuleType:
    # `mkdocs serve` rebuilds in this same process (and watches validator/): forgetting every module of the
    # checker makes a writer's edits to it apply to the next build without a restart.
    for name in [m for m in sys.modules if m == "validator" or m.startswith("validator.")]:
        del sys.modules[name]
    return importlib.import_module("validator")


def on_startup(*, command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    dev_server.register_mime_types()
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    global _build
    # A warning fails the strict build, after all of them are printed.
    _build = checks.start(
        Path(config.config_file_path).parent, Path(config.site_dir), report=log.warning, checker=_fresh_checker()
    )
    staging.stage(config)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    src = Path(page.file.abs_src_path or "")
    checks.collect_page(
        _current(),
        page.file.src_uri,
        src,
        Path(config.site_dir) / page.file.dest_uri,
        markdown,
        src.read_text(encoding="utf-8"),
    )
    return markdown


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Callable[[], None]) -> LiveReloadServer:
    return dev_server.serve_livereload_as_file(server)


def on_post_build(config: MkDocsConfig) -> None:
    checks.check_site(_current())
    postbuild.finish_site(config.site_dir, serving=_serving)
