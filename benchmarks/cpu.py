"""Where the CPU goes before the guide's first verdict, from a Chromium trace.

A visit's time to its verdict is wall time; on a small machine it is bounded by
the CPU every thread of the browser needs meanwhile, not only the checker's.
This traces one cold and one warm visit on localhost (the ``Tracing`` domain
records every process) and sums, per kind of thread, the time its tasks ran
between navigation start and the verdict.

    python -m benchmarks.cpu [--runs N]     (builds the site; also a table of ``make bench``)
"""

from __future__ import annotations

import argparse
import collections
import os
import tempfile
from pathlib import Path

from playwright.sync_api import BrowserContext

from benchmarks import _site, page_speed
from benchmarks._tables import Table, ms
from harness import CHECKER_PAGE, DASHBOARD_URL, StaticServer

# Enough to see every thread's tasks and to tell the workers apart; the
# navigation start is blink.user_timing's mark.
CATEGORIES = "toplevel,devtools.timeline,blink.user_timing,v8,disabled-by-default-devtools.timeline"
# A thread's own tasks (nested ones are merged, so nothing counts twice).
TASKS = {"ThreadControllerImpl::RunTask", "RunTask", "ThreadPool_RunTask", "TaskGraphRunner::RunTask"}
GROUPS = (
    "the page's main thread",
    "the checker's worker (Pyodide)",
    "the page's other workers (Material's search)",
    "compilers, raster and other helpers of the page",
    "browser process (network, cache, navigation)",
    "GPU process (compositing)",
)


def traced_visit(
    context: BrowserContext, server: StaticServer, link: page_speed.Link, *, until_quiet: bool
) -> tuple[float | None, list]:
    """One visit of the guide (``page_speed.visit``) while the browser is traced: its verdict and the events."""
    tracer = context.new_page()  # the Tracing domain records every process, whichever page asks
    cdp = context.new_cdp_session(tracer)
    events: list = []
    done: list = []
    cdp.on("Tracing.dataCollected", lambda message: events.extend(message["value"]))
    cdp.on("Tracing.tracingComplete", lambda _: done.append(True))
    cdp.send("Tracing.start", {"categories": CATEGORIES, "transferMode": "ReportEvents"})
    visit = page_speed.visit(
        context, server, link, CHECKER_PAGE, fill=("Site ID", DASHBOARD_URL), until_quiet=until_quiet
    )
    cdp.send("Tracing.end")
    while not done:
        tracer.wait_for_timeout(50)
    tracer.close()
    return visit.verdict_ms, events


def cpu_by_group(events: list, verdict_ms: float) -> dict[str, float]:
    """Milliseconds of CPU per group of :data:`GROUPS`, from navigation start to the verdict."""
    threads, processes, urls = {}, {}, collections.defaultdict(set)
    for event in events:
        if event.get("ph") == "M" and event.get("name") == "thread_name":
            threads[(event["pid"], event["tid"])] = event["args"]["name"]
        elif event.get("ph") == "M" and event.get("name") == "process_name":
            processes[event["pid"]] = event["args"]["name"]
        data = (event.get("args") or {}).get("data")
        if isinstance(data, dict) and isinstance(data.get("url"), str):
            urls[(event["pid"], event.get("tid"))].add(data["url"])
    starts = [e["ts"] for e in events if e.get("name") == "navigationStart" and e.get("ts")]
    if not starts:
        raise RuntimeError("the trace has no navigationStart mark")
    begin = max(starts)
    end = begin + verdict_ms * 1000
    spans = collections.defaultdict(list)
    for event in events:
        if event.get("ph") == "X" and event.get("name") in TASKS and event.get("dur"):
            a, b = max(event["ts"], begin), min(event["ts"] + event["dur"], end)
            if a < b:
                spans[(event["pid"], event["tid"])].append((a, b))
    totals = dict.fromkeys(GROUPS, 0.0)
    for thread, intervals in spans.items():
        totals[_group(processes.get(thread[0], ""), threads.get(thread, ""), urls[thread])] += _union(intervals) / 1000
    return totals


def _group(process: str, thread: str, urls: set[str]) -> str:
    if process == "Renderer":
        if thread == "CrRendererMain":
            return GROUPS[0]
        if thread.startswith("DedicatedWorker"):
            return GROUPS[1] if any("checker-worker" in u or "/assets/runtime/" in u for u in urls) else GROUPS[2]
        return GROUPS[3]
    return GROUPS[5] if process.startswith("GPU") else GROUPS[4]


def _union(intervals: list[tuple[float, float]]) -> float:
    total, current = 0.0, None
    for a, b in sorted(intervals):
        if current and a <= current[1]:
            current[1] = max(current[1], b)
        else:
            total += current[1] - current[0] if current else 0.0
            current = [a, b]
    return total + (current[1] - current[0] if current else 0.0)


def cpu_table(browser: page_speed.Browser, server: StaticServer, link: page_speed.Link, runs: int = 3) -> Table:
    """Medians of ``runs`` cold visits (fresh profile, stayed on until quiet) and the warm visit after each."""
    cores = os.cpu_count() or 1
    per_visit: dict[str, list[tuple[float, dict]]] = {"cold": [], "warm": []}
    for _ in range(runs):
        with browser.session() as context:
            for kind in ("cold", "warm"):
                verdict, events = traced_visit(context, server, link, until_quiet=kind == "cold")
                if verdict is not None:
                    per_visit[kind].append((verdict, cpu_by_group(events, verdict)))
    table = Table(
        "Where the CPU goes before the first verdict (localhost)",
        ("", "cold", "warm"),
        intro=f"The guide on localhost, a dashboard address filled into Site ID; medians of {runs} visits, each "
        "traced (Chromium's `Tracing` domain, every process): the time each kind of thread ran tasks between "
        f"navigation start and the verdict. The machine has {cores} CPUs: the last row is the share of all "
        "of them that was busy. `python -m benchmarks.cpu`.",
    )
    med = page_speed.median
    for group in GROUPS:
        table.add(group, *(ms(med([cpu[group] for _, cpu in per_visit[k]])) for k in ("cold", "warm")))
    table.add("**all threads**", *(ms(med([sum(cpu.values()) for _, cpu in per_visit[k]])) for k in ("cold", "warm")))
    table.add("first verdict (wall)", *(ms(med([v for v, _ in per_visit[k]])) for k in ("cold", "warm")))
    table.add(
        f"busy share of {cores} CPUs",
        *(_percent(med([sum(cpu.values()) / (v * cores) for v, cpu in per_visit[k]])) for k in ("cold", "warm")),
    )
    return table


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f} %"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.cpu", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-cpu-") as tmp:
        site, _ = _site.build(Path(tmp))
        browser = page_speed.Browser()
        try:
            with StaticServer(site) as server:
                link = page_speed.Link("localhost", server.url(), lambda: sum(r.size for r in server.requests))
                print(cpu_table(browser, server, link, args.runs).markdown())
        finally:
            browser.close()


if __name__ == "__main__":
    main()
