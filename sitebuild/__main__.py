"""``python -m sitebuild``: the build glue without MkDocs, for a generator that runs no hooks (Zensical).

- ``stage``: copy Pyodide and build the checker's wheel into ``overrides/assets/runtime/``
  (MkDocs does it in ``on_pre_build``);
- ``check``: the checks MkDocs' hooks run, over ``docs/`` and a built site;
- ``finish``: what MkDocs' ``on_post_build`` adds to the built site (``.gz`` siblings).

Exit status: 0 when all is well, 1 when the checks find problems (or staging
fails), 2 for a usage error or input that cannot be read.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

import validator
from sitebuild import checks, postbuild
from sitebuild.runtime import staging


def main(argv: list[str] | None = None) -> int:
    project = argparse.ArgumentParser(add_help=False)
    project.add_argument("--root", type=Path, default=Path.cwd(), help="the project folder (holds mkdocs.yml)")
    site = argparse.ArgumentParser(add_help=False)
    site.add_argument("--site-dir", type=Path, default=Path("site"), help="the built site (default: ROOT/site)")
    parser = argparse.ArgumentParser(
        prog="python -m sitebuild",
        description="The build glue without MkDocs, for a generator that runs no hooks (Zensical).",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="{stage,check,finish}")
    stage = sub.add_parser(
        "stage", parents=[project], help="copy Pyodide and build the checker's wheel into overrides/assets/runtime/"
    )
    stage.add_argument(
        "--custom-dir", type=Path, default=Path("overrides"), help="the theme's custom_dir (default: ROOT/overrides)"
    )
    check = sub.add_parser(
        "check",
        parents=[project, site],
        help="check the pages and the built site: examples, links, troubleshooting entries, "
        "published anchors (what the MkDocs build checks)",
    )
    check.add_argument("--docs-dir", type=Path, default=Path("docs"), help="the pages (default: ROOT/docs)")
    sub.add_parser(
        "finish", parents=[project, site], help="add to the built site what MkDocs' hooks add (.gz siblings)"
    )
    args = parser.parse_args(argv)
    # What staging could not do (sitebuild.log), one line each, as MkDocs would show it.
    logging.basicConfig(format="%(levelname)s: %(message)s")
    root = args.root.resolve()
    if args.command == "stage":
        return _stage(root, root / args.custom_dir)
    if not (root / args.site_dir / "index.html").is_file():
        print(
            f"error: {args.site_dir}/ holds no built site (no index.html): build it first "
            "(`make build` or `make zensical`), or give its folder with --site-dir",
            file=sys.stderr,
        )
        return 2
    if args.command == "finish":
        postbuild.finish_site(root / args.site_dir)
        return 0
    return _check(root, root / args.docs_dir, root / args.site_dir)


def _stage(root: Path, custom_dir: Path) -> int:
    try:
        changed = staging.stage_into(root, custom_dir)
    except staging.StageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"staged {custom_dir / staging.RUNTIME_SUBDIR} ({len(changed)} file(s) changed)")
    return 0


def _check(root: Path, docs_dir: Path, site_dir: Path) -> int:
    build = checks.start(root, site_dir, report=lambda message: print(message, file=sys.stderr), checker=validator)
    docs, site = build.relative(docs_dir) + "/", build.relative(site_dir) + "/"
    if not docs_dir.is_dir():
        print(f"error: {docs} is not a folder of pages: give the pages' folder with --docs-dir", file=sys.stderr)
        return 2
    try:
        checks.collect_docs(build, docs_dir)
        problems = checks.check_site(build)
    except OSError as error:
        print(f"error: cannot read {error.filename or 'a file'}: {error.strerror or error}", file=sys.stderr)
        return 2
    if problems:
        print(
            f"{len(problems)} problem(s) in {docs} and {site}: fix them and check again; do not publish this site",
            file=sys.stderr,
        )
        return 1
    print(f"checked {len(build.pages)} pages in {docs} and the site in {site}: no problems")
    return 0


sys.exit(main())
