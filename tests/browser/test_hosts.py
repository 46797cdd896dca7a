"""The guide in Chromium through the real nginx and Caddy with the configs in deploy/, and through
Cloudflare Pages' own runtime (wrangler) with the _headers every build writes.

The checker gives its verdict through each; no page of another origin can
frame the guide; the checker's worker cannot send anything to another host.
The last two hold only because each server sends the policy as a header (a
``<meta>`` policy cannot forbid framing and does not reach the worker): each
test also shows that the same site from a host that sends no headers (as
GitHub Pages-style hosts) lets it happen.
"""

from __future__ import annotations

import pytest

from harness import DASHBOARD_URL, SITE_ID, Caddy, HostMissing, StaticServer, Wrangler
from sitebuild.hosting import responses

from .browser_helpers import fill, wait_ready

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def caddy(built_site):
    with Caddy(built_site) as host:
        yield host


@pytest.fixture(scope="module")
def wrangler(built_site):
    try:
        host = Wrangler(built_site)
    except HostMissing as error:  # say what to install, without a traceback
        raise pytest.fail.Exception(str(error), pytrace=False) from None
    with host:
        yield host


@pytest.fixture(params=["nginx", "caddy", "wrangler"])
def host(request):
    """Nginx is the shared ``server`` fixture."""
    return request.getfixturevalue("server" if request.param == "nginx" else request.param)


@pytest.fixture(scope="module")
def elsewhere(tmp_path_factory):
    """Another origin (another loopback port) with no policy of its own: it frames pages, and takes requests."""
    folder = tmp_path_factory.mktemp("elsewhere")
    with StaticServer(folder, policy=False) as other:
        yield other


@pytest.fixture(scope="module")
def headerless(built_site):
    """The same site from a host that sends no security headers: only the pages' <meta> policy is left."""
    with StaticServer(built_site, policy=False) as host:
        yield host


def test_the_checker_gives_its_verdict(host, open_tab, built_site):
    tab = open_tab()
    encodings: dict[str, str | None] = {}
    tab.context.on(
        "response", lambda r: encodings.__setitem__(r.url.rsplit("/", 1)[-1], r.headers.get("content-encoding"))
    )
    page = tab.page
    response = page.goto(host.url("guide/"))
    assert response.headers["content-security-policy"] == responses.policy()
    wait_ready(page)
    fill(page, site_id=DASHBOARD_URL)
    page.get_by_role("button", name=f"Use {SITE_ID}").wait_for()
    assert page.evaluate("window.__csp") == []
    assert tab.errors == []
    # Chromium names a header it cannot parse, or a feature it does not know, on the console.
    assert not [m for m in tab.console if "Policy" in m or "policy" in m], tab.console
    # Whichever runtime file came over the wire, it came precompressed (Chromium accepts br and gzip).
    runtime = {name: coding for name, coding in encodings.items() if name.endswith((".wasm", ".snapshot", ".asm.mjs"))}
    assert runtime, encodings
    for name, coding in runtime.items():
        if isinstance(host, Wrangler):  # the CDN compresses by type, picking among what Chromium accepts
            compressed = responses.content_type(name) not in host.uncompressed_types
            assert (coding in ("br", "gzip", "zstd")) == compressed, (name, coding)
        else:
            best = "br" if any(built_site.rglob(name + ".br")) else "gzip"
            assert coding == best, (name, coding)


def _frame(elsewhere, host, open_tab):
    guide = host.url("guide/")
    name = f"frames-{host.origin.rsplit(':', 1)[1]}.html"
    (elsewhere.mounts["/"] / name).write_text(
        f'<!doctype html><title>Elsewhere</title><iframe src="{guide}" width="900" height="700"></iframe>', "utf-8"
    )
    tab = open_tab()
    page = tab.page
    page.goto(elsewhere.url(name))
    page.wait_for_load_state("load")
    return tab, page.frames[1], guide


def test_another_site_cannot_frame_the_guide(host, headerless, elsewhere, open_tab):
    tab, frame, guide = _frame(elsewhere, host, open_tab)
    assert guide in tab.requests  # the browser asked, and refused what came back
    assert frame.url != guide
    assert not any("/assets/" in url and url.startswith(host.origin) for url in tab.requests), tab.requests

    # From a host without the header, the same page shows the guide, checker and all.
    _, frame, guide = _frame(elsewhere, headerless, open_tab)
    assert frame.url == guide
    frame.get_by_role("heading", name="Check your values").wait_for()


def _send_from_the_worker(page, host, elsewhere) -> str:
    page.goto(host.url("guide/"))
    wait_ready(page)
    (worker,) = [w for w in page.workers if w.url.endswith("/checker-worker.js")]
    return worker.evaluate(
        "(url) => fetch(url, { mode: 'no-cors' }).then(() => 'sent', () => 'refused')",
        elsewhere.url(f"leak?site_id={SITE_ID}"),
    )


def test_the_checkers_worker_cannot_send_to_another_host(host, headerless, elsewhere, open_tab):
    elsewhere.requests.clear()
    tab = open_tab()
    assert _send_from_the_worker(tab.page, host, elsewhere) == "refused"
    tab.page.wait_for_timeout(500)
    assert elsewhere.targets() == []

    # From a host without the header, the worker has no policy and the same request goes out.
    assert _send_from_the_worker(open_tab().page, headerless, elsewhere) == "sent"
    assert elsewhere.targets() == [f"/leak?site_id={SITE_ID}"]
