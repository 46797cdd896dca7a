"""MkDocs hooks: the only place MkDocs calls into the build glue."""

from __future__ import annotations

import logging
from pathlib import Path

from sitebuild import checks, postbuild, runtime

log = logging.getLogger("mkdocs.plugins.sitebuild")

#: The checks' state for the build under way; replaced at the start of every build.
_build: checks.Build | None = None


def on_config(config):
    runtime.register_mime_types()
    return config


def on_pre_build(config):
    global _build
    # A warning fails the strict build, after all of them are printed.
    _build = checks.start(Path(config.config_file_path).parent, Path(config.site_dir), report=log.warning)
    runtime.stage(config)


def on_page_markdown(markdown, page, config, files):
    src = Path(page.file.abs_src_path)
    checks.collect_page(_build, page.file.src_uri, src, Path(config.site_dir) / page.file.dest_uri,
                        markdown, src.read_text(encoding="utf-8"))
    return markdown


def on_serve(server, config, builder):
    return runtime.serve_livereload_as_file(server)


def on_post_build(config):
    checks.check_site(_build)
    postbuild.finish_site(config.site_dir)
