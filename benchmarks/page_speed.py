"""Page speed in headless Chromium: first verdict, keystroke latency, main-thread blocking, bytes.

Every time is taken inside the page with ``performance.now()`` (milliseconds
from navigation start), so Playwright's own polling adds nothing to it.
Bytes are counted outside the browser, so a worker's fetches count too: by the
shaped link (``harness.shaping``) when there is one, else by the server.
"""

from __future__ import annotations

import statistics
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from string import Template
from typing import Literal, overload
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Page, Playwright, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from harness import StaticServer, chromium
from harness.checker_page import EXPANDED_SNAPSHOT_CACHE

#: What the checker shows for a dashboard address pasted into Site ID: a link to its troubleshooting entry.
CHECKER_VERDICT = '[data-credential-checker] a[href*="#site-url"]'
BENCH_VERDICT = "#verdict[data-done]"

# Runs before any script of the page: long tasks, first paint, the moment the
# verdict appears in the DOM (a MutationObserver, not polling), and how the
# checker's worker booted (its "ready" message).
INIT_SCRIPT = Template("""
(() => {
  const bench = window.__bench = { longtasks: [], fcp: null, verdictAt: null, boot: "", workerAt: null };
  if (window.Worker) window.Worker = class extends window.Worker {
    constructor(...args) {
      super(...args);
      if (String(args[0]).includes("checker-worker")) bench.workerAt ??= performance.now();
      this.addEventListener("message", (e) => { if (e.data && e.data.type === "ready") bench.boot = e.data.strategy; });
    }
  };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.longtasks.push([e.startTime, e.duration]);
    }).observe({ type: "longtask", buffered: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.name === "first-contentful-paint") bench.fcp = e.startTime;
    }).observe({ type: "paint", buffered: true });
  } catch (e) {}
  const selector = $selector;
  const look = () => {
    if (bench.verdictAt === null && document.querySelector(selector)) bench.verdictAt = performance.now();
  };
  new MutationObserver(look).observe(document, { subtree: true, childList: true, attributes: true });
})();
""").substitute(selector=repr(CHECKER_VERDICT + ", " + BENCH_VERDICT))

# Edits of the Site ID field, alternating a dashboard address and the bare Site
# ID, so that each edit changes the verdict; timed from the input event to the
# DOM mutation that shows the new verdict.
KEYSTROKES = """
async (input, { edits, url, id, selector }) => {
  const root = input.closest("[data-credential-checker]") || document.body;
  const shown = () => root.querySelector(selector) !== null;
  const out = [];
  for (let i = 0; i < edits; i++) {
    const value = shown() ? id : url;
    const want = value === url;
    out.push(await new Promise((resolve) => {
      let start;
      const observer = new MutationObserver(() => {
        if (shown() === want) { observer.disconnect(); clearTimeout(timer); resolve(performance.now() - start); }
      });
      const timer = setTimeout(() => { observer.disconnect(); resolve(null); }, 5000);
      observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true });
      start = performance.now();
      input.value = value;
      input.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste" }));
    }));
    await new Promise((r) => setTimeout(r, 30));
  }
  return out;
}
"""


@dataclass(frozen=True)
class Link:
    """How the browser reaches the site: ``base`` URL, and a count of the bytes delivered over it so far."""

    name: str
    base: str
    delivered: Callable[[], int]


@dataclass
class Visit:
    """One page load: when the verdict showed, what blocked the main thread, what came over the wire."""

    verdict_ms: float | None
    fcp_ms: float | None
    worker_ms: float | None  # when the page started the checker's worker
    tbt_ms: float
    longtasks: int
    longest_ms: float
    bytes_at_verdict: int  # everything delivered until the verdict showed (or the page loaded)
    bytes_visit: int  # until the page went quiet (what it fetches after its verdict too)
    bytes_runtime: int  # of which Pyodide and the checker's runtime (by the server's log)
    beyond_pages: tuple[str, ...] = ()  # what was fetched besides pages (their revalidation), by the server's log
    bytes_beyond_pages: int = 0
    boot: str = ""
    note: str = ""


def median(values: Iterable[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return statistics.median(known) if known else None


def percentile(values: Iterable[float | None], q: float) -> float | None:
    known = sorted(v for v in values if v is not None)
    if not known:
        return None
    k = (len(known) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(known) - 1)
    return known[lo] + (known[hi] - known[lo]) * (k - lo)


def is_page(path: str) -> bool:
    return path.endswith(("/", ".html"))


def is_runtime(path: str) -> bool:
    """A request for Pyodide or the checker's runtime (wasm, standard library, wheel, snapshot)."""
    return "/assets/runtime/" in path or "/bench-pyodide/" in path


#: Nothing listens on the discard port: a request through this proxy fails at once.
REFUSING_PROXY = {"server": "http://127.0.0.1:9", "bypass": "127.0.0.1"}


def is_loopback(url: str) -> bool:
    return urlsplit(url).hostname == "127.0.0.1" or not url.startswith(("http:", "https:"))


class Browser:
    """Headless Chromium (harness' launcher); each ``session()`` is a fresh profile on disk: an empty cache.

    It reaches 127.0.0.1 only: every other host goes to a proxy that refuses
    the connection (a page that would use a CDN fails, and ``visit`` notes it).
    """

    def __init__(self) -> None:
        self._pw = sync_playwright().start()

    @property
    def playwright(self) -> Playwright:
        """Its Playwright, for another browser launched beside it (one driver per thread)."""
        return self._pw

    def close(self) -> None:
        self._pw.stop()

    @contextmanager
    def session(self, script: str = "") -> Iterator[BrowserContext]:
        """A fresh profile; ``script`` runs in every page after the benchmark's own marks, before the page's."""
        with tempfile.TemporaryDirectory(prefix="bench-profile-") as profile:
            context = chromium.launch_persistent(
                self._pw, profile, viewport={"width": 1280, "height": 900}, proxy=REFUSING_PROXY
            )
            context.add_init_script(INIT_SCRIPT)
            if script:
                context.add_init_script(script)
            try:
                yield context
            finally:
                context.close()


@overload
def visit(
    context: BrowserContext,
    server: StaticServer,
    link: Link,
    path: str,
    *,
    fill: tuple[str, str] | None = None,
    settle_ms: int = 300,
    timeout_ms: int = 240_000,
    until_quiet: bool = False,
    keep: Literal[False] = False,
) -> Visit: ...
@overload
def visit(
    context: BrowserContext,
    server: StaticServer,
    link: Link,
    path: str,
    *,
    fill: tuple[str, str] | None = None,
    settle_ms: int = 300,
    timeout_ms: int = 240_000,
    until_quiet: bool = False,
    keep: Literal[True],
) -> tuple[Visit, Page]: ...
def visit(
    context: BrowserContext,
    server: StaticServer,
    link: Link,
    path: str,
    *,
    fill: tuple[str, str] | None = None,
    settle_ms: int = 300,
    timeout_ms: int = 240_000,
    until_quiet: bool = False,
    keep: bool = False,
) -> Visit | tuple[Visit, Page]:
    """Load ``path`` over ``link`` and wait for its verdict (without one to wait for: the load, plus ``settle_ms``).

    ``fill``: ``(label, value)`` typed as soon as the field accepts input.
    ``until_quiet``: then stay until nothing more arrives for 3 s (at most a
    minute), as a merchant reading the answer would: what the page fetches
    for later (the snapshot, on a slow link) is in ``bytes_visit``.
    """
    page = context.new_page()
    logged, delivered = len(server.requests), link.delivered()
    note = ""
    outside: list[str] = []
    page.on("request", lambda request: None if is_loopback(request.url) else outside.append(request.url))
    try:
        page.goto(link.base + path, wait_until="commit", timeout=timeout_ms)
    except PlaywrightError as error:  # offline with nothing to serve the page: a result too
        failed = Visit(None, None, None, 0.0, 0, 0.0, 0, 0, 0, note=f"no page: {str(error).splitlines()[0][:160]}")
        if keep:
            return failed, page
        page.close()
        return failed
    expects_verdict = fill is not None or path.startswith("bench-")
    try:
        if fill is not None:
            label, value = fill
            page.get_by_label(label, exact=True).fill(value, timeout=timeout_ms)
        if expects_verdict:
            page.wait_for_function("() => window.__bench.verdictAt !== null", timeout=timeout_ms, polling=20)
        else:
            page.wait_for_load_state("load", timeout=timeout_ms)
    except PlaywrightError as error:  # a missing verdict is a result to report, not a crash
        note = f"no verdict: {type(error).__name__}: {str(error).splitlines()[0][:160]}"
    at_verdict = link.delivered() - delivered
    page.wait_for_timeout(settle_ms)
    state = page.evaluate("window.__bench")
    page_error = page.evaluate("document.querySelector('#verdict[data-error]')?.textContent || ''")
    if page_error:
        note = (note + " page error: " + page_error[-160:]).strip()
    end = state["verdictAt"] if state["verdictAt"] is not None else page.evaluate("performance.now()")
    blocking = [max(0.0, d - 50) for s, d in state["longtasks"] if s + d > (state["fcp"] or 0) and s < end + settle_ms]
    if until_quiet:
        wait_until_quiet(page, link)
    if outside:
        note = (note + " refused requests to other hosts: " + ", ".join(sorted(set(outside)))[:300]).strip()
    requests = server.requests[logged:]
    beyond = [r for r in requests if not is_page(r.path)]
    result = Visit(
        verdict_ms=state["verdictAt"],
        fcp_ms=state["fcp"],
        worker_ms=state["workerAt"],
        tbt_ms=sum(blocking),
        longtasks=len(state["longtasks"]),
        longest_ms=max((d for _, d in state["longtasks"]), default=0.0),
        bytes_at_verdict=at_verdict,
        bytes_visit=link.delivered() - delivered,
        bytes_runtime=sum(r.size for r in requests if is_runtime(r.path)),
        beyond_pages=tuple(r.path for r in beyond),
        bytes_beyond_pages=sum(r.size for r in beyond),
        boot=state["boot"],
        note=note,
    )
    if keep:
        return result, page
    page.close()
    return result


def wait_until_quiet(page: Page, link: Link, quiet_ms: int = 3000, most_ms: int = 60_000) -> None:
    waited, last, since = 0, link.delivered(), 0
    while since < quiet_ms and waited < most_ms:
        page.wait_for_timeout(250)
        waited += 250
        now = link.delivered()
        since = since + 250 if now == last else 0
        last = now


# What a first visit leaves for the next one, once settled: the site's service worker activated (its activation
# keeps the runtime the visit fetched), and the checker's snapshot kept expanded (a site without a snapshot, as a
# lever's, keeps none: that is waited for only a while). Null where the page has neither.
SETTLED = """async (cache) => {
  if (!document.querySelector("script[src$='/offline.js']") || !navigator.serviceWorker) return null
  const registration = await navigator.serviceWorker.getRegistration()
  const worker = registration?.active?.state === "activated"
  const expanded = (await caches.has(cache)) && (await (await caches.open(cache)).keys()).length > 0
  return { worker, expanded: expanded || !document.querySelector("[data-credential-checker]") }
}"""


def wait_until_settled(page: Page, worker_ms: int = 120_000, expanded_ms: int = 10_000) -> str:
    """Waits until ``page``'s visit has left what a merchant's next visit finds (``SETTLED``): its service worker
    active, for up to ``worker_ms``, then the expanded snapshot for up to ``expanded_ms`` more. On a page that
    registers no worker, at once. Returns "", or a note when the worker is still not active.
    """
    waited = 0
    while (state := page.evaluate(SETTLED, EXPANDED_SNAPSHOT_CACHE)) and not state["worker"] and waited < worker_ms:
        page.wait_for_timeout(250)
        waited += 250
    waited = 0
    while state and not state["expanded"] and waited < expanded_ms:
        page.wait_for_timeout(250)
        waited += 250
        state = page.evaluate(SETTLED, EXPANDED_SNAPSHOT_CACHE)
    return "the service worker not active" if state and not state["worker"] else ""


def stop_service_workers(context: BrowserContext, page: Page) -> None:
    """Stops the profile's service workers, as the browser does with one idle for a while: a merchant's return
    visit starts it again.
    """
    session = context.new_cdp_session(page)
    session.send("ServiceWorker.enable")
    session.send("ServiceWorker.stopAllWorkers")
    session.detach()


def cold_and_warm(
    browser: Browser,
    server: StaticServer,
    link: Link,
    path: str,
    *,
    fill: tuple[str, str] | None = None,
    script: str = "",
) -> tuple[Visit, Visit]:
    """A first visit on an empty cache, then a return visit in the same profile, a new tab once the first visit
    has settled (its service worker active: ``wait_until_settled``, then stopped as after a while away). Both stay
    on until quiet: what a return visit fetches later counts too. ``script``: see ``Browser.session``.
    """
    cold, warm, _ = visits_in_one_profile(browser, server, link, path, fill=fill, script=script)
    return cold, warm


def visits_in_one_profile(
    browser: Browser,
    server: StaticServer,
    link: Link,
    path: str,
    *,
    fill: tuple[str, str] | None = None,
    script: str = "",
    offline: bool = False,
) -> tuple[Visit, Visit, Visit | None]:
    """``cold_and_warm``'s two visits, and with ``offline`` a third with the network off (Playwright's offline
    mode): what a merchant gets without a network after those visits.
    """
    with browser.session(script) as context:
        cold, page = visit(context, server, link, path, fill=fill, until_quiet=True, keep=True)
        settled = wait_until_settled(page)
        stop_service_workers(context, page)
        page.close()
        warm = visit(context, server, link, path, fill=fill, until_quiet=True)
        if settled:
            warm.note = (warm.note + f" after a first visit with {settled}").strip()
        unplugged = None
        if offline:
            context.set_offline(True)
            unplugged = visit(context, server, link, path, fill=fill, timeout_ms=60_000)
    return cold, warm, unplugged


def keystrokes(
    browser: Browser,
    server: StaticServer,
    link: Link,
    path: str,
    *,
    label: str,
    url_value: str,
    id_value: str,
    edits: int = 200,
) -> list[float | None]:
    """Keystroke-to-verdict latencies (ms) on a warm page whose checker is ready."""
    with browser.session() as context:
        visit(context, server, link, path, fill=(label, url_value))
        first, page = visit(context, server, link, path, fill=(label, url_value), keep=True)
        if first.verdict_ms is None:
            page.close()
            return []
        latencies = page.get_by_label(label, exact=True).evaluate(
            KEYSTROKES,
            {"edits": edits, "url": url_value, "id": id_value, "selector": CHECKER_VERDICT.split("] ", 1)[1]},
        )
        page.close()
    return latencies
