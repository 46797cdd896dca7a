"""Writes ``sitebuild.hosting.responses`` into every host's configuration.

Each place that serves the site takes its headers, cache policy and types from there:

- ``deploy/nginx.conf.template`` and ``deploy/Caddyfile``: hand-written
  configs whose header, type and cache lines sit between ``BEGIN/END
  sitebuild.hosting`` markers that ``python -m sitebuild.hosting`` rewrites
  (:data:`BLOCKS`). A config stays readable (and diffable) as the server's
  own syntax, and nothing at deploy time needs Python; ``tests/hosting``
  fails when a marked block is stale and checks each real server's answers
  against ``responses``.
- the ``<meta>`` policy in ``overrides/main.html`` (the same markers), for
  hosts that send no headers: a ``<meta>`` policy cannot carry
  ``frame-ancestors`` and does not reach the worker, so headers are better;
- ``_headers``, which every build writes into the site for static hosts that
  read one (Netlify, Cloudflare Pages).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from sitebuild import service_worker
from sitebuild.hosting.responses import (
    CACHE_IMMUTABLE,
    CACHE_REVALIDATE,
    DEFAULT_TYPE,
    IMMUTABLE,
    REFERRER,
    SECURITY_HEADERS,
    TYPES,
    policy,
)

# ---------------------------------------------------------------- _headers for static hosts


def headers_file(site_dir: Path) -> str:
    """A ``_headers`` file (Netlify, Cloudflare Pages) for the site built in ``site_dir``.

    Cloudflare Pages joins the values of a header that two matching rules
    set, so Cache-Control is set only for the snapshot (by its exact path);
    both hosts' default for the rest (STATIC_HOST_REVALIDATE) revalidates.
    Content types stay the host's own: a rule by suffix (``/*.js``) would
    also label the HTML of a 404 for a missing script.
    """
    lines = [
        "# Response headers for static hosts that read this file (Netlify, Cloudflare Pages).",
        "# Written by the build from sitebuild/hosting/responses.py.",
        "/*",
    ]
    lines += [f"  {name}: {value}" for name, value in SECURITY_HEADERS.items()]
    for path in sorted(site_dir.rglob("*")):
        route = "/" + path.relative_to(site_dir).as_posix()
        if path.is_file() and IMMUTABLE.search(route):
            lines += [route, f"  Cache-Control: {CACHE_IMMUTABLE}"]
    # The service worker's script: browsers check it on every visit, so a new build's worker is found.
    lines += [f"/{service_worker.FILE_NAME}", f"  Cache-Control: {CACHE_REVALIDATE}"]
    return "\n".join(lines) + "\n"


def write_headers_file(site_dir: str | Path) -> Path:
    target = Path(site_dir) / "_headers"
    target.write_text(headers_file(Path(site_dir)), encoding="utf-8")
    return target


# ---------------------------------------------------------------- marked blocks in the configs

ROOT = Path(__file__).resolve().parents[2]


def _nginx_headers(cache: str) -> list[str]:
    # add_header in a location drops every add_header of the server: each block repeats them all.
    return [
        f'add_header {name} "{value}" always;' for name, value in {**SECURITY_HEADERS, "Cache-Control": cache}.items()
    ]


def _caddy_types() -> list[str]:
    lines = []
    for kind, suffixes in TYPES.items():
        name = "type-" + re.sub(r"[^a-z0-9]+", "-", kind)
        lines += [f"@{name} path {' '.join('*.' + s for s in suffixes)}", f'header @{name} Content-Type "{kind}"']
    return lines


BLOCKS = {
    "deploy/nginx.conf.template": {
        "types": lambda: [
            "types {",
            *(f"    {kind} {' '.join(suffixes)};" for kind, suffixes in TYPES.items()),
            "}",
            f"default_type {DEFAULT_TYPE};",
        ],
        "headers": lambda: _nginx_headers(CACHE_REVALIDATE),
        "immutable": lambda: [
            f"location ~ {IMMUTABLE.pattern} {{",
            *("    " + line for line in _nginx_headers(CACHE_IMMUTABLE)),
            "}",
        ],
    },
    "deploy/Caddyfile": {
        "headers": lambda: [
            "header {",
            *(f'\t{name} "{value}"' for name, value in SECURITY_HEADERS.items()),
            "\t-Server",
            "}",
            # "?" sets a field at the end only if nothing else did (the snapshot's rule, the
            # types below, the file server); one line each, since it guards its whole block.
            f'header ?Cache-Control "{CACHE_REVALIDATE}"',
            f'header ?Content-Type "{DEFAULT_TYPE}"',
        ],
        "immutable": lambda: [
            f"@immutable path_regexp {IMMUTABLE.pattern}",
            f'header @immutable Cache-Control "{CACHE_IMMUTABLE}"',
        ],
        "types": _caddy_types,
    },
    "overrides/main.html": {
        "meta": lambda: [
            f'<meta http-equiv="Content-Security-Policy" content="{policy(meta=True)}">',
            f'<meta name="referrer" content="{REFERRER}">',
        ],
    },
}

_MARKED = re.compile(
    r"^(?P<indent>[ \t]*)(?P<open>\{#-? |# )BEGIN sitebuild\.hosting: (?P<name>[\w-]+)(?P<close> -?#\})?\n"
    r".*?"
    r"^(?P=indent)(?P=open)END sitebuild\.hosting: (?P=name)(?P=close)?\n",
    re.MULTILINE | re.DOTALL,
)


class StaleBlock(Exception):
    pass


def render(rel: str, text: str) -> str:
    """``text`` (the file ``rel``) with each marked block rewritten from :data:`BLOCKS`."""
    blocks = BLOCKS[rel]
    seen = set()

    def fill(match: re.Match) -> str:
        name, indent = match["name"], match["indent"]
        if name not in blocks:
            raise StaleBlock(f"{rel}: no block named {name!r} in sitebuild/hosting/configs.py")
        seen.add(name)
        close = match["close"] or ""
        body = [(indent + line) if line else line for line in blocks[name]()]
        return (
            "\n".join(
                [
                    f"{indent}{match['open']}BEGIN sitebuild.hosting: {name}{close}",
                    *body,
                    f"{indent}{match['open']}END sitebuild.hosting: {name}{close}",
                ]
            )
            + "\n"
        )

    out = _MARKED.sub(fill, text)
    missing = set(blocks) - seen
    if missing:
        raise StaleBlock(f"{rel}: the marked block(s) {', '.join(sorted(missing))} are gone")
    return out


def stale(root: Path = ROOT) -> list[str]:
    """The files whose marked blocks differ from :data:`BLOCKS`."""
    return [rel for rel in BLOCKS if render(rel, (root / rel).read_text("utf-8")) != (root / rel).read_text("utf-8")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sitebuild.hosting",
        description="Rewrite the marked header, type and cache lines of the deploy configs and the page's "
        "<meta> policy from sitebuild/hosting/responses.py.",
    )
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a file is stale")
    parser.add_argument("--root", type=Path, default=ROOT, help="the project folder")
    args = parser.parse_args(argv)
    try:
        outdated = stale(args.root)
        if not args.check:
            for rel in outdated:
                path = args.root / rel
                path.write_text(render(rel, path.read_text("utf-8")), encoding="utf-8")
                print(f"rewrote {rel}")
    except (OSError, StaleBlock) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.check and outdated:
        print(f"stale: {', '.join(outdated)}: run python -m sitebuild.hosting", file=sys.stderr)
        return 1
    return 0
