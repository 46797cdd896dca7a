"""MkDocs hooks: the only place MkDocs calls into the build glue."""

from __future__ import annotations

from sitebuild import checks, runtime


def on_config(config):
    runtime.register_mime_types()
    return config


def on_pre_build(config):
    runtime.stage(config)


def on_page_markdown(markdown, page, config, files):
    checks.check_page_markdown(markdown, page, config)
    return markdown


def on_serve(server, config, builder):
    return runtime.serve_livereload_as_file(server)


def on_post_build(config):
    checks.check_site(config)
