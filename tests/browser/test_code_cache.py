"""Chromium keeps the compiled runtime for the next visit only once V8 has optimized enough of it, which
a boot and a few checks never reach (checker-code-cache.js): without the warm-up, every visit validated
and compiled Pyodide's wasm module again. This test fails if that comes back: after one return visit
has warmed the runtime, the next starts from the module Chromium kept (V8's own trace events say which).
"""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest

from harness import CHECKER_PAGE, chromium
from harness.checker_page import wait_until_warmed

from .test_return_visit import VALUES, _snapshot, _visit, first_visit

pytestmark = pytest.mark.browser

# Where V8 tells how it got a wasm module: compiled from its bytes, or taken from the code cache.
CATEGORIES = "v8.wasm,disabled-by-default-v8.wasm.detailed"


def _traced_visit(context, server) -> tuple[dict, list[dict]]:
    """A visit to the checker, traced from before it starts until it has answered: its ready message, and
    V8's wasm events.
    """
    tracer = context.new_page()
    session = context.new_cdp_session(tracer)
    events: list[dict] = []
    done: list[bool] = []
    session.on("Tracing.dataCollected", lambda message: events.extend(message["value"]))
    session.on("Tracing.tracingComplete", lambda _: done.append(True))
    session.send("Tracing.start", {"categories": CATEGORIES, "transferMode": "ReportEvents"})
    page, ready = _visit(context, server, values=VALUES)
    session.send("Tracing.end")
    deadline = time.monotonic() + 30
    while not done:
        assert time.monotonic() < deadline, "the trace never ended"
        tracer.wait_for_timeout(50)
    page.close()
    tracer.close()
    return ready, events


def _count(events: list[dict], name: str) -> int:
    return sum(event.get("name") == name for event in events)


def test_after_a_return_visit_warms_it_the_next_starts_from_the_compiled_runtime(browser, server, built_site, tmp_path):
    snapshot = _snapshot(built_site)
    launcher = SimpleNamespace(chromium=browser.browser_type)
    context = chromium.launch_persistent(launcher, tmp_path / "profile")
    try:
        first_visit(context, server, snapshot).close()

        ready, compiled = _traced_visit(context, server)
        assert ready["snapshot"] == "expanded"
        # The control: a visit before the warm-up compiles the module from its bytes, lazily, function by function.
        assert _count(compiled, "wasm.Deserialize") == 0 and _count(compiled, "wasm.CompileLazy") > 200, (
            "the control visit did not compile the runtime itself"
        )

        page = context.new_page()
        page.goto(server.url(CHECKER_PAGE))
        assert wait_until_warmed(page, timeout_s=90) == snapshot["sha256"], "no return visit warmed the runtime"
        page.close()

        ready, kept = _traced_visit(context, server)
        assert ready["snapshot"] == "expanded"
        assert _count(kept, "wasm.Deserialize") >= 1, "the next visit compiled the runtime again"
        assert _count(kept, "wasm.CompileLazy") < 50, "the next visit compiled most of the runtime again"
    finally:
        context.close()
