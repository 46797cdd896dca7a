"""What every response of the site carries: the security headers, the cache policy and the content types.

Written once here; ``sitebuild.hosting.configs`` writes them into each
host's configuration, and the tests' and benchmark's own server
(``harness.StaticServer``) answers with them.
"""

from __future__ import annotations

import re

#: The Content-Security-Policy. Scripts run only from this origin (no inline
#: script: the theme's are files, see overrides/partials/javascripts/);
#: 'wasm-unsafe-eval' lets Pyodide compile WebAssembly; styles allow inline
#: because the theme sets style attributes. As a response header it also
#: binds the checker's worker (whose script's own headers set its policy),
#: so a worker cannot send a value to another host.
POLICY = {
    "default-src": "'self'",
    "script-src": "'self' 'wasm-unsafe-eval'",
    "worker-src": "'self'",
    "connect-src": "'self'",
    "img-src": "'self' data:",
    "style-src": "'self' 'unsafe-inline'",
    "font-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'none'",
    # No other site may frame the guide and lay its own buttons over Copy and Use.
    "frame-ancestors": "'none'",
}
#: Directives a <meta> policy cannot carry (browsers ignore them there, with a console error).
HEADER_ONLY = frozenset({"frame-ancestors"})
#: Powerful features the guide never uses, refused to it and to anything it could embed.
PERMISSIONS = ("accelerometer", "camera", "geolocation", "gyroscope", "magnetometer", "microphone", "payment", "usb")
REFERRER = "no-referrer"


def policy(*, meta: bool = False) -> str:
    """The Content-Security-Policy as one line; ``meta``: without what a <meta> tag cannot carry."""
    return "; ".join(f"{name} {sources}" for name, sources in POLICY.items() if not (meta and name in HEADER_ONLY))


#: Sent with every response, errors and redirects included.
SECURITY_HEADERS = {
    "Content-Security-Policy": policy(),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": REFERRER,
    "Permissions-Policy": ", ".join(f"{feature}=()" for feature in PERMISSIONS),
}

#: The checker's memory snapshot is named by its content: a new build means a new name.
IMMUTABLE = re.compile(r"/assets/runtime/[^/]+\.snapshot$")
CACHE_IMMUTABLE = "public, max-age=31536000, immutable"
#: Everything else is revalidated (ETag / Last-Modified), above all pyodide-lock.json, which
#: names the wheel and the snapshot with their sha256.
CACHE_REVALIDATE = "no-cache"
#: What Netlify and Cloudflare Pages send where ``_headers`` sets no Cache-Control: to a browser the same
#: as CACHE_REVALIDATE (it asks again before each use, and never uses a stale copy).
STATIC_HOST_REVALIDATE = "public, max-age=0, must-revalidate"


def cache_control(path: str) -> str:
    """The Cache-Control for a URL path (any mount prefix)."""
    return CACHE_IMMUTABLE if IMMUTABLE.search(path) else CACHE_REVALIDATE


def headers_for(path: str) -> dict[str, str]:
    """Every header this module decides for a response to ``path``."""
    return {**SECURITY_HEADERS, "Cache-Control": cache_control(path)}


#: Content types by suffix, for every kind of file the site holds. Module
#: scripts and workers are refused as anything but JavaScript; WebAssembly
#: streaming compilation needs application/wasm.
TYPES = {
    "text/html": ("html",),
    "text/css": ("css",),
    "text/javascript": ("js", "mjs"),
    "application/json": ("json", "map"),
    "application/wasm": ("wasm",),
    "application/zip": ("zip", "whl"),
    "application/xml": ("xml",),
    "text/plain": ("txt",),
    "image/svg+xml": ("svg",),
    "image/png": ("png",),
    "image/x-icon": ("ico",),
}
#: Anything else (the snapshot) is bytes.
DEFAULT_TYPE = "application/octet-stream"


def content_type(path: str) -> str:
    suffix = path.rsplit("/", 1)[-1].rpartition(".")[2].lower()
    return next((kind for kind, suffixes in TYPES.items() if suffix in suffixes), DEFAULT_TYPE)
