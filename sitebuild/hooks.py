"""MkDocs hooks: the only place MkDocs calls into the build glue."""

from __future__ import annotations

from sitebuild import checks, precompress, runtime


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
    # The runtime's siblings came staged; the pages' own are made here (about 0.2 s).
    precompress.precompress(config.site_dir, keep_existing=True)
