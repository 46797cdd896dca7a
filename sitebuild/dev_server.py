"""What ``mkdocs serve`` needs for the checker to run: the hosts' content types, and a live reload the CSP allows.

The live reload is a patch of a private method of MkDocs' dev server
(mkdocs 1.6.1, the last MkDocs 1.x): a newer MkDocs may rename it, and this
module is the one place to look then.
"""

from __future__ import annotations

import mimetypes

from mkdocs.livereload import LiveReloadServer

from sitebuild.hosting.responses import TYPES


def register_mime_types() -> None:
    # Module workers and WebAssembly are refused when served with the wrong type;
    # `mkdocs serve` answers with whatever mimetypes.guess_type() says: the hosts' types.
    for kind, suffixes in TYPES.items():
        for suffix in suffixes:
            mimetypes.add_type(kind, "." + suffix)


def serve_livereload_as_file(server: LiveReloadServer) -> LiveReloadServer:
    """MkDocs ``on_serve``: live reload that the page's CSP allows.

    The dev server injects its poller as an inline script, which the CSP
    (rightly) refuses; inject ``assets/javascripts/livereload.js`` instead.
    """
    from mkdocs.livereload import _timestamp

    src = server.mount_path + "assets/javascripts/livereload.js"

    def inject(content: bytes, epoch: int) -> bytes:
        tag = f'<script src="{src}" data-epoch="{epoch}" data-request-id="{_timestamp()}"></script>'.encode()
        end = content.rfind(b"</body>")
        end = len(content) if end < 0 else end
        return content[:end] + tag + content[end:]

    server._inject_js_into_html = inject  # type: ignore[method-assign]  # the patch is the point
    return server
