"""The peer page's self-hosting (benchmarks/peer.py): every CDN address of markdown-exec's fence replaced by a
local copy, and a fence whose addresses changed fails the build instead of being measured against a CDN.
"""

from __future__ import annotations

import markdown
import markdown_exec
import pytest

from benchmarks import peer

VERSION = "314.0.7"


def fence_page(version: str = VERSION) -> str:
    """A page with markdown-exec's ``pyodide`` fence, rendered by markdown-exec itself, with Material's footer."""
    fence = {
        "name": "pyodide",
        "class": "pyodide",
        "validator": markdown_exec.validator,
        "format": markdown_exec.formatter,
    }
    md = markdown.Markdown(
        extensions=["pymdownx.superfences"], extension_configs={"pymdownx.superfences": {"custom_fences": [fence]}}
    )
    body = md.convert(f'```pyodide version="{version}"\nprint(1)\n```\n')
    return f'<html><body>{body}<a href="https://squidfunk.github.io/mkdocs-material/">Material</a></body></html>'


def local_paths(version: str = VERSION) -> dict[str, str]:
    return {item.url: item.local for item in peer.vendored(version)}


def test_every_cdn_address_of_the_fence_becomes_a_local_copy() -> None:
    page = peer.rewrite(fence_page(), local_paths())

    assert "vendor/pyodide/pyodide.js" in page
    assert "vendor/ace/ace.js" in page
    assert peer.outside_urls(page) == []
    assert "cdn" not in page


def test_a_fence_with_other_addresses_fails_loudly() -> None:
    # A markdown-exec that loads another Pyodide: the address the benchmark expects is not in the page.
    with pytest.raises(peer.PeerBuildError, match=r"v314\.0\.7/full/pyodide\.js 0 times"):
        peer.rewrite(fence_page("314.0.8"), local_paths())


def test_a_page_still_fetching_from_another_host_fails() -> None:
    page = fence_page().replace("</body>", '<script src="https://cdn.example.net/extra.js"></script></body>')

    with pytest.raises(peer.PeerBuildError, match=r"https://cdn\.example\.net/extra\.js"):
        peer.rewrite(page, local_paths())


def test_links_and_svg_namespaces_are_not_fetches() -> None:
    page = '<a href="https://example.com/">x</a><svg xmlns="http://www.w3.org/2000/svg"></svg>'
    local = '<script src="http://127.0.0.1:8000/a.js"></script><link href="vendor/a.css">'
    fetched = (
        '<link rel="stylesheet" href="//fonts.example.com/a.css"><div style="background: url(https://x.example/i.png)">'
    )

    assert peer.outside_urls(page + local) == []
    assert peer.outside_urls(fetched) == ["//fonts.example.com/a.css", "https://x.example/i.png"]
