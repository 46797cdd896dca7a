"""The first verdict in every engine: Chromium, Firefox and WebKit, on each link, cold and warm.

    python -m benchmarks.engines [--runs N] [--engine NAME] [--link NAME] [--http1 | --http]

Each engine is driven through ``harness.engines`` (Chromium on Playwright,
Firefox over WebDriver BiDi, WebKitGTK through WebKitWebDriver), so every
request goes through their recording proxy; the slow links are
``harness.shaping``'s. Three pages in each engine, in the same run: the
guide's checker, the plain ``loadPyodide()`` page (``bench-baseline/``), and
the floor (``bench-floor/``: the site's own runtime files, loadPyodide() and
one check, nothing else). A cold visit is a new browser, with a new profile
(WebKit's too: ``harness.engines.webkit`` keeps its HTTP cache and storage as
Safari does); once nothing more arrives for 3 s (what the page fetches for the
next visit), the warm one is the same tab again.

The site is served as in production: by nginx with ``deploy/nginx.conf.template``,
over HTTPS (``harness.tls``: TLS to 127.0.0.1 with a certificate made at run
time) and HTTP/2. HTTPS because that is where Safari asks for Brotli (over plain
HTTP WebKitGTK asks for gzip only); HTTP/2 because over HTTP/1.1 a page's files
queue for the browser's six connections, a round trip each, which the guide's
dozen small files pay and a bare page does not. ``--http1`` measures Python's
server over HTTPS and HTTP/1.1, ``--http`` over plain HTTP (the tests' link).
Each engine's encoding is the one the server sent the checker's large files
(the runtime) in.

Times are the page's ``performance.now()`` at the verdict (from navigation
start): the bare pages stamp it themselves; for the checker, an observer set
after the page's load event, when Site ID gets a dashboard address. Bytes are
the link's count (on localhost the server's) from navigation to the verdict.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, Playwright

from benchmarks import _site
from benchmarks._tables import Table, megabytes, met, ms, ratio, times
from benchmarks.page_speed import Link, median
from harness import CHECKER_PAGE, DASHBOARD_URL, Nginx, StaticServer
from harness.engines import ENGINES, Tab, launch
from harness.shaping import SLOW_LINKS, ShapedLink
from harness.tls import LocalCertificate

PAGES = {"plain page": "bench-baseline/", "floor": "bench-floor/", "checker": CHECKER_PAGE}
#: How the site was served (``measure_site``'s ``served``): what each table says of it, and the option.
SERVED = {
    "h2": (
        (
            "Every link is HTTPS and HTTP/2, as in production: nginx with `deploy/nginx.conf.template` (TLS to "
            "127.0.0.1, certificate made at run time), every request of a page on one connection."
        ),
        "",
    ),
    "h1": (
        (
            "Every link is HTTPS over HTTP/1.1 (Python's server, certificate made at run time): at most six "
            "connections, each a request at a time, so a page of many files waits for free connections."
        ),
        " --http1",
    ),
    "http": (
        "Every link is plain HTTP/1.1 (Python's server): WebKitGTK then asks for gzip only, where Safari gets Brotli.",
        " --http",
    ),
}
#: The files whose encoding the table shows are those this large or larger (as sent): the runtime, the bundle.
LARGE = 10_000
#: The targets for the checker's cold verdict, as a ratio to the plain page's, per link.
COLD_TARGETS = {"localhost": None, SLOW_LINKS[0].label: 0.70, SLOW_LINKS[1].label: 0.60}

# Stamps the checker's verdict (a finding linking #site-url) once it shows; set after the load event.
WATCH = """() => {
  const found = () => document.querySelector('[data-credential-checker] a[href*="#site-url"]')
  window.__verdictAt = found() ? performance.now() : null
  new MutationObserver(() => { if (window.__verdictAt === null && found()) window.__verdictAt = performance.now() })
    .observe(document, { subtree: true, childList: true, attributes: true })
}"""
FILL = """(value) => {
  const field = document.querySelector('[data-cc-field="site_id"] [data-cc-input]')
  if (!field || document.querySelector('[data-cc-app]').hidden) return false
  field.value = value
  field.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste" }))
  return true
}"""
VERDICT = """() => {
  const bare = document.querySelector("#verdict[data-done]")
  if (bare) return { at: Number(bare.dataset.at), error: bare.dataset.error ? bare.textContent.slice(-160) : "" }
  return window.__verdictAt == null ? null : { at: window.__verdictAt, error: "" }
}"""


@dataclass
class Visit:
    verdict_ms: float | None
    bytes_at_verdict: int
    boot: str = ""  # the checker's, from what it fetched: "snapshot" or "plain"
    encodings: str = ""  # the Content-Encodings the server sent the files of LARGE bytes or more in, e.g. "br"
    note: str = ""


def visit(tab: Tab, server: Nginx | StaticServer, link: Link, path: str, timeout_s: float = 240) -> Visit:
    logged, delivered = len(server.requests), link.delivered()
    note = ""
    found = None
    try:
        tab.goto(link.base + path)
        if path == CHECKER_PAGE:
            tab.evaluate(WATCH)
            tab.wait_for(FILL, DASHBOARD_URL, timeout=timeout_s, message="the Site ID field takes input")
        found = tab.wait_for(VERDICT, timeout=timeout_s, message="the verdict")
    except Exception as error:  # noqa: BLE001 - a missing verdict is a result to report, not a crash
        note = f"no verdict: {type(error).__name__}: {str(error).splitlines()[0][:160]}"
    at_verdict = link.delivered() - delivered
    answered = server.requests[logged:]
    names = [r.path.rsplit("/", 1)[-1] for r in answered]
    encodings = ", ".join(sorted({r.encoding or "none" for r in answered if r.size >= LARGE})) or "–"
    boot = ""
    if path == CHECKER_PAGE:
        boot = "plain" if any(n.endswith(".whl") for n in names) else "snapshot"
    if found and found["error"]:
        note = f"page error: {found['error']}"
    return Visit(found["at"] if found and not found["error"] else None, at_verdict, boot, encodings, note)


def quiet(link: Link, quiet_s: float = 3, most_s: float = 60) -> None:
    """Until nothing more arrives over ``link`` for ``quiet_s`` (at most ``most_s``)."""
    waited, since, last = 0.0, 0.0, link.delivered()
    while since < quiet_s and waited < most_s:
        time.sleep(0.25)
        waited += 0.25
        now = link.delivered()
        since, last = (since + 0.25 if now == last else 0.0), now


def measure(
    engine: str, server: Nginx | StaticServer, link: Link, path: str, playwright_browser: Browser | None = None
) -> tuple[Visit, Visit]:
    """A cold visit in a new browser, then the warm one in the same tab."""
    browser = launch(engine, playwright_browser=playwright_browser, https=server.origin.startswith("https:"))
    try:
        tab = browser.new_tab()
        cold = visit(tab, server, link, path)
        quiet(link)  # as a merchant reading the answer: what the page keeps for later arrives
        warm = visit(tab, server, link, path)
    finally:
        browser.close()
    return cold, warm


def run(
    engines: Iterable[str],
    links: Sequence[Link],
    runs: int,
    server: Nginx | StaticServer,
    playwright_browser: Browser | None,
) -> dict:
    results: dict = {}
    for link in links:
        for engine in engines:
            for page, path in PAGES.items():
                print(f"{engine}, {link.name}, {page} × {runs}…", flush=True)
                pairs = [
                    measure(
                        engine,
                        server,
                        link,
                        path + (f"?site_id={DASHBOARD_URL}" if page != "checker" else ""),
                        playwright_browser,
                    )
                    for _ in range(runs)
                ]
                results[(engine, link.name, page)] = pairs
                for cold, warm in pairs:
                    for v in (cold, warm):
                        if v.note:
                            print(f"  note: {v.note}", flush=True)
    return results


def tables(results: dict, engines: Sequence[str], links: Sequence[Link], runs: int, served: str = "h2") -> list[Table]:
    protocol, option = SERVED[served]

    def med(engine: str, link: str, page: str, which: int, attr: str = "verdict_ms") -> float | None:
        pairs = results.get((engine, link, page), [])
        return median([getattr(pair[which], attr) for pair in pairs])

    first = Table(
        "First verdict in every engine",
        (
            "engine",
            "link",
            "checker cold",
            "plain page cold",
            "ratio",
            "bytes before the verdict (checker / plain)",
            "ratio",
            "checker warm",
            "warm / plain cold",
            "floor cold",
            "checker / floor",
            "cold / Chromium's",
            "booted from (cold, warm)",
            "encoding (checker cold, files ≥ 10 kB)",
        ),
        intro=f"Medians of {runs} cold visits (a new browser) and the warm one after each; ratios within one "
        f"engine and link. {protocol} `python -m benchmarks.engines{option}`.",
    )
    for link in (link.name for link in links):
        for engine in engines:
            cold, base = med(engine, link, "checker", 0), med(engine, link, "plain page", 0)
            mine_b, base_b = (med(engine, link, p, 0, "bytes_at_verdict") for p in ("checker", "plain page"))
            warm, floor = med(engine, link, "checker", 1), med(engine, link, "floor", 0)
            chromium = med("chromium", link, "checker", 0)
            boots = [f"{pair[0].boot}, {pair[1].boot}" for pair in results.get((engine, link, "checker"), [])]
            first.add(
                engine,
                link,
                ms(cold),
                ms(base),
                times(ratio(cold, base)),
                f"{megabytes(mine_b)} / {megabytes(base_b)}",
                times(ratio(mine_b, base_b)),
                ms(warm),
                times(ratio(warm, base)),
                ms(floor),
                times(ratio(cold, floor)),
                times(ratio(cold, chromium)) if engine != "chromium" else "–",
                "; ".join(boots) or "–",
                "; ".join(pair[0].encodings for pair in results.get((engine, link, "checker"), [])) or "–",
            )

    goals = Table(
        "Targets in every engine (issue 16)",
        ("engine", "link", "figure", "measured", "target", "met"),
        intro="From the table below; ratios to the plain `loadPyodide()` page in the same engine and run. " + protocol,
    )
    for link in (link.name for link in links):
        for engine in engines:

            def goal(figure: str, value: float | None, limit: float, engine: str = engine, link: str = link) -> None:
                ok = None if value is None else value <= limit
                goals.add(engine, link, figure, times(value), f"≤ {limit:.2f}×", met(ok))

            cold, base = med(engine, link, "checker", 0), med(engine, link, "plain page", 0)
            if (limit := COLD_TARGETS.get(link)) is not None:
                goal("cold", ratio(cold, base), limit)
                goal(
                    "bytes before the verdict",
                    ratio(*(med(engine, link, p, 0, "bytes_at_verdict") for p in ("checker", "plain page"))),
                    0.6,
                )
            goal("warm (to the plain page cold)", ratio(med(engine, link, "checker", 1), base), 0.15)
            goal("checker cold / floor cold", ratio(cold, med(engine, link, "floor", 0)), 1.15)
            if engine != "chromium":
                goal("cold / Chromium's cold", ratio(cold, med("chromium", link, "checker", 0)), 1.3)
    return [goals, first]


def _delivered(link: ShapedLink) -> Callable[[], int]:
    return lambda: link.delivered


def measure_site(
    site: Path,
    engines: Sequence[str],
    link_names: Sequence[str],
    runs: int,
    *,
    served: str = "h2",
    playwright: Playwright | None = None,
) -> tuple[dict, list[Link]]:
    """Serve ``site`` on the links named, and measure every engine on each.

    ``served`` (a key of SERVED): "h2", nginx over HTTPS and HTTP/2, as production; "h1", Python's server
    over HTTPS and HTTP/1.1; "http", Python's server over plain HTTP. ``playwright``: the caller's, where it
    has one running (a thread runs one sync Playwright at a time).
    """
    if served not in SERVED:
        raise ValueError(f"served: one of {', '.join(SERVED)}, not {served!r}")
    https = served != "http"
    with tempfile.TemporaryDirectory(prefix="bench-engines-tls-") as tmp:
        certificate = LocalCertificate.make(Path(tmp)) if https else None
        host: Nginx | StaticServer = (
            Nginx(site, tls=certificate)
            if served == "h2"
            else StaticServer(site, tls=certificate.server_context() if certificate else None)
        )
        with host as server:
            port = int(server.origin.rsplit(":", 1)[1])
            scheme = "https" if https else "http"
            shaped = [ShapedLink(port, p, scheme=scheme) for p in SLOW_LINKS if p.label in link_names]
            for s in shaped:
                s.__enter__()
            links = (
                [Link("localhost", server.url(), lambda: sum(r.size for r in server.requests))]
                if "localhost" in link_names
                else []
            )
            links += [Link(s.profile.label, s.url, _delivered(s)) for s in shaped]
            own: Playwright | None = None
            browser: Browser | None = None
            try:
                if "chromium" in engines:
                    from playwright.sync_api import sync_playwright

                    from harness import chromium

                    if playwright is None:
                        playwright = own = sync_playwright().start()
                    browser = chromium.launch(playwright, extra_args=certificate.chromium_args() if certificate else ())
                return run(engines, links, runs, server, browser), links
            finally:
                if browser is not None:
                    browser.close()
                if own is not None:
                    own.stop()
                for s in shaped:
                    s.__exit__(None, None, None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.engines", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="cold+warm visits per figure")
    parser.add_argument("--engine", action="append", choices=ENGINES, help="only these engines (repeatable)")
    names = ["localhost", *(p.label for p in SLOW_LINKS)]
    parser.add_argument("--link", action="append", choices=names, help="only these links (repeatable)")
    protocol = parser.add_mutually_exclusive_group()
    protocol.add_argument(
        "--http1", action="store_true", help="HTTPS over HTTP/1.1 from Python's server, instead of nginx's HTTP/2"
    )
    protocol.add_argument(
        "--http", action="store_true", help="plain HTTP/1.1 (WebKitGTK asks for Brotli over HTTPS only)"
    )
    args = parser.parse_args(argv)
    engines = args.engine or list(ENGINES)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bench-engines-") as tmp:
        print("building the site…", flush=True)
        site, note = _site.build(Path(tmp))
        served = "http" if args.http else "h1" if args.http1 else "h2"
        results, links = measure_site(site, engines, args.link or names, args.runs, served=served)
    for table in tables(results, engines, links, args.runs, served):
        print("\n" + table.markdown())
    if note:
        print("note:", note)
    print(f"\nbenchmark took {(time.monotonic() - started) / 60:.1f} min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
