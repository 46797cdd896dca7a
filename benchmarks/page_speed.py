"""Page speed in headless Chromium: first verdict, keystroke latency, main-thread blocking, bytes.

Every time is taken inside the page with ``performance.now()`` (milliseconds
from navigation start), so Playwright's own polling adds nothing to it. Bytes
are counted by the benchmark's server, so a worker's fetches count too.
"""

from __future__ import annotations

import statistics
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field

from playwright.sync_api import sync_playwright

from harness import chromium

#: "Fast 4G"-like: 9 Mbit/s down, 40 ms round trip (DevTools protocol units: bytes/s, ms).
THROTTLED = {"offline": False, "latency": 40, "downloadThroughput": 9_000_000 / 8, "uploadThroughput": 9_000_000 / 8}
PROFILES = {"localhost": None, "throttled": THROTTLED}

#: What the checker shows for a dashboard address pasted into Site ID: a link to its troubleshooting entry.
CHECKER_VERDICT = '[data-credential-checker] a[href*="#site-url"]'
BENCH_VERDICT = "#verdict[data-done]"

# Runs before any script of the page: long tasks, first paint, and the moment
# the verdict appears in the DOM (a MutationObserver, not polling).
INIT_SCRIPT = """
(() => {
  const bench = window.__bench = { longtasks: [], fcp: null, verdictAt: null, firstInputAt: null };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.longtasks.push([e.startTime, e.duration]);
    }).observe({ type: "longtask", buffered: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.name === "first-contentful-paint") bench.fcp = e.startTime;
    }).observe({ type: "paint", buffered: true });
  } catch (e) {}
  const selector = %s;
  const look = () => {
    if (bench.verdictAt === null && document.querySelector(selector)) bench.verdictAt = performance.now();
  };
  new MutationObserver(look).observe(document, { subtree: true, childList: true, attributes: true });
  document.addEventListener("input", () => { bench.firstInputAt ??= performance.now(); }, true);
})();
""" % repr(CHECKER_VERDICT + ", " + BENCH_VERDICT)

# 200 edits of the Site ID field, alternating a dashboard address and the bare
# Site ID, so that each edit changes the verdict; timed from the input event to
# the DOM mutation that shows the new verdict.
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


@dataclass
class Visit:
    """One page load: when the verdict showed, what blocked the main thread, what came over the wire."""

    verdict_ms: float | None
    fcp_ms: float | None
    input_ms: float | None
    tbt_ms: float
    longtasks: int
    longest_ms: float
    bytes_total: int
    bytes_runtime: int
    requests: int
    note: str = ""
    boot: str = ""
    paths: list = field(default_factory=list)


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def percentile(values, q):
    values = sorted(v for v in values if v is not None)
    if not values:
        return None
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def is_runtime(path: str) -> bool:
    """A request for Pyodide or the checker's wheel/snapshot."""
    name = path.rsplit("/", 1)[-1]
    return "/runtime/" in path or "bench-pyodide" in path or name.startswith("pyodide") or name.endswith(
        (".wasm", ".whl", ".snapshot", "python_stdlib.zip"))


class Browser:
    """Headless Debian Chromium; each ``session()`` is a fresh profile on disk (empty cache)."""

    def __init__(self):
        self._pw = sync_playwright().start()

    def close(self):
        self._pw.stop()

    @contextmanager
    def session(self):
        with tempfile.TemporaryDirectory(prefix="bench-profile-") as profile:
            context = chromium.launch_persistent(self._pw, profile, viewport={"width": 1280, "height": 900})
            context.add_init_script(INIT_SCRIPT)
            try:
                yield context
            finally:
                context.close()


def _page(context, profile, *, cold):
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    if cold:
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    if profile is not None:
        cdp.send("Network.emulateNetworkConditions", profile)
    return page, cdp


def visit(context, server, url, *, profile=None, cold=True, fill=None, settle_ms=300, timeout_ms=60_000,
          keep=False):
    """Load ``url`` and wait for its verdict (or, with no verdict to wait for, for the load plus ``settle_ms``).

    ``fill``: ``(label, value)`` typed as soon as the field accepts input.
    """
    page, cdp = _page(context, profile, cold=cold)
    server.requests.clear()
    note = ""
    page.goto(url, wait_until="commit", timeout=timeout_ms)
    expects_verdict = fill is not None or "bench-" in url
    try:
        if fill is not None:
            label, value = fill
            page.get_by_label(label, exact=True).fill(value, timeout=timeout_ms)
        if expects_verdict:
            page.wait_for_function("() => window.__bench.verdictAt !== null", timeout=timeout_ms, polling=50)
        else:
            page.wait_for_load_state("load", timeout=timeout_ms)
    except Exception as error:  # a missing verdict is a result to report, not a crash
        note = f"no verdict: {type(error).__name__}: {str(error).splitlines()[0][:160]}"
    page.wait_for_timeout(settle_ms)
    state = page.evaluate("window.__bench")
    error = page.evaluate("document.querySelector('#verdict[data-error]')?.textContent || ''")
    if error:
        note = (note + " page error: " + error[-160:]).strip()
    boot = page.evaluate("document.querySelector('#verdict')?.dataset.boot || ''")
    requests = list(server.requests)
    end = state["verdictAt"] if state["verdictAt"] is not None else page.evaluate("performance.now()")
    start = state["fcp"] or 0
    blocking = [max(0.0, d - 50) for s, d in state["longtasks"] if s + d > start and s < end + settle_ms]
    result = Visit(
        verdict_ms=state["verdictAt"], fcp_ms=state["fcp"], input_ms=state["firstInputAt"],
        tbt_ms=sum(blocking), longtasks=len(state["longtasks"]),
        longest_ms=max((d for _, d in state["longtasks"]), default=0.0),
        bytes_total=sum(r[2] for r in requests), bytes_runtime=sum(r[2] for r in requests if is_runtime(r[0])),
        requests=len(requests), note=note, boot=boot, paths=requests,
    )
    cdp.detach()
    if keep:
        return result, page
    page.close()
    return result


def cold_and_warm(browser, server, url, *, profile=None, fill=None):
    """A first visit on an empty cache, then a repeat visit in the same profile."""
    with browser.session() as context:
        cold = visit(context, server, url, profile=profile, cold=True, fill=fill)
        warm = visit(context, server, url, profile=profile, cold=False, fill=fill)
    return cold, warm


def keystrokes(browser, server, url, *, label, url_value, id_value, edits=200):
    """Keystroke-to-verdict latencies (ms) on a warm page whose checker is ready."""
    with browser.session() as context:
        visit(context, server, url, fill=(label, url_value))
        first, page = visit(context, server, url, cold=False, fill=(label, url_value), keep=True)
        if first.verdict_ms is None:
            page.close()
            return []
        field_ = page.get_by_label(label, exact=True)
        latencies = field_.evaluate(KEYSTROKES, {"edits": edits, "url": url_value, "id": id_value,
                                                 "selector": CHECKER_VERDICT.split("] ", 1)[1]})
        page.close()
    return latencies


def has_field(browser, url, label, timeout_ms=20_000) -> bool:
    """Whether ``url`` shows an enabled field named ``label`` (the checker has landed on that page)."""
    with browser.session() as context:
        page = context.new_page()
        page.goto(url)
        try:
            page.get_by_label(label, exact=True).wait_for(state="visible", timeout=timeout_ms)
            return True
        except Exception:
            return False
