"""Where the plain boot's time goes, from inside the checker's worker, in each engine.

    python -m benchmarks.boot_trace [--runs N] [--engine NAME] [--site NAME=DIR ...]

A copy of the built site whose lock file names no snapshot (always the plain
boot) and whose ``checker-boot.js`` posts a timestamp at each step (the
runtime files' arrival, each WebAssembly compile or instantiate, Pyodide's
start-up, the wheel checked, ``validator`` imported), served on localhost to
a bare page that starts the worker and asks one check. Prints each step's
median time from the worker's start, per engine. ``--site`` traces sites
built earlier instead (e.g. ``before=/tmp/old/site``, ``after=site``), in the
same run: a change to the boot measured against its parent on the same busy
machine. Not part of ``make bench``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import tempfile
from contextlib import ExitStack
from pathlib import Path

from benchmarks import _site
from benchmarks._tables import Table, ms
from benchmarks.page_speed import median
from harness import StaticServer
from harness.engines import ENGINES, launch

# Posts each step's time (the page's clock) to the page; wraps WebAssembly's compile and instantiate.
PROBE = """
const mark = (step) => postMessage({ type: "trace", step, at: performance.timeOrigin + performance.now() })
for (const name of ["instantiateStreaming", "instantiate"]) {
  const original = WebAssembly[name]
  WebAssembly[name] = async (...args) => {
    mark(`wasm ${name} starts`)
    try { return await original.apply(WebAssembly, args) } finally { mark(`wasm ${name} ends`) }
  }
}
"""
#: Where the steps are marked in checker-boot.js: (a line, as a pattern; the same with a mark).
MARKS = [
    (r"^( *)file\.done = true\n", "\\g<0>\\1mark(`${file.name} arrived`)\n"),
    (
        r"^( *)const pyodide = await loadPyodide\(.*\)\n",
        '\\1mark("loadPyodide starts")\n\\g<0>\\1mark("loadPyodide ends")\n',
    ),
    (r"^( *)return pyodide\n", '\\1mark("wheel checked")\n\\g<0>'),
    (r"^( *)let afterFirstAnswer", '\\1mark("validator imported")\n\\g<0>'),
]
PAGE = """<!doctype html><meta charset="utf-8"><title>Boot trace</title><p id="verdict">…</p>
<script type="module" src="trace.mjs"></script>"""
SCRIPT = """const steps = window.__trace = []
const worker = new Worker("../assets/javascripts/checker-worker.js", { type: "module" })
const start = performance.now()
worker.onmessage = ({ data }) => {
  if (data.type === "trace") steps.push([data.step, data.at - performance.timeOrigin - start])
  if (data.type === "result" || data.type === "error") {
    steps.push([data.type === "result" ? "first answer" : `error: ${data.kind}`, performance.now() - start])
    document.getElementById("verdict").dataset.done = "1"
  }
}
worker.postMessage({ type: "check", seq: 1, values: { api_key: null, account_id: null, site_id: "x" } })
"""


def traced_copy(site: Path, dest: Path) -> Path:
    """``site`` as hard links, but always booting plain and marking each step of it."""
    shutil.copytree(site, dest, copy_function=os.link)
    runtime, scripts = dest / "assets" / "runtime", dest / "assets" / "javascripts"
    lock = json.loads((runtime / "pyodide-lock.json").read_text("utf-8"))
    lock["checker"].pop("snapshot", None)
    boot = (scripts / "checker-boot.js").read_text("utf-8")
    for pattern, marked in MARKS:
        boot, found = re.subn(pattern, marked, boot, count=1, flags=re.MULTILINE)
        if not found:
            raise SystemExit(f"checker-boot.js changed: no {pattern!r} to mark")
    for path, text in ((runtime / "pyodide-lock.json", json.dumps(lock)), (scripts / "checker-boot.js", PROBE + boot)):
        for stale in (path, path.with_name(path.name + ".br"), path.with_name(path.name + ".gz")):
            stale.unlink(missing_ok=True)  # a new file, never a write through the hard link
        path.write_text(text, "utf-8")
    (dest / "trace").mkdir()
    (dest / "trace" / "index.html").write_text(PAGE, "utf-8")
    (dest / "trace" / "trace.mjs").write_text(SCRIPT, "utf-8")
    return dest


def trace(engine: str, url: str) -> dict[str, float]:
    browser = launch(engine)
    try:
        tab = browser.new_tab()
        tab.goto(url)
        tab.wait_for("() => document.getElementById('verdict').dataset.done", timeout=180, message="the answer")
        return dict(tab.evaluate("() => window.__trace"))  # a step marked twice: its last time
    finally:
        browser.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.boot_trace", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--engine", action="append", choices=ENGINES, help="only these engines (repeatable)")
    parser.add_argument(
        "--site",
        action="append",
        metavar="NAME=DIR",
        help="trace this built site instead of building one (repeatable: columns side by side)",
    )
    args = parser.parse_args(argv)
    engines = args.engine or list(ENGINES)
    with tempfile.TemporaryDirectory(prefix="boot-trace-") as tmp:
        sites = dict(site.split("=", 1) for site in args.site or [])
        if not sites:
            sites = {"": str(_site.build(Path(tmp))[0])}
        runs: dict[str, list[dict[str, float]]] = {}
        with ExitStack() as servers:
            urls = {
                name: servers.enter_context(StaticServer(traced_copy(Path(site), Path(tmp) / f"traced-{n}"))).url(
                    "trace/"
                )
                for n, (name, site) in enumerate(sites.items())
            }
            # Every site in turn within each run: a load on the shared machine falls on each alike.
            for _ in range(args.runs):
                for engine in engines:
                    for name, url in urls.items():
                        runs.setdefault(f"{engine} {name}".strip(), []).append(trace(engine, url))
    steps = list(dict.fromkeys(step for traces in runs.values() for t in traces for step in t))
    steps.sort(key=lambda step: median([t.get(step) for traces in runs.values() for t in traces]) or 0)
    table = Table(
        "The plain boot, step by step (localhost)",
        ("step", *runs),
        intro=f"Medians of {args.runs} runs: ms from the worker's start (a new browser each run).",
    )
    for step in steps:
        table.add(step, *(ms(median([t.get(step) for t in traces])) for traces in runs.values()))
    print(table.markdown())


if __name__ == "__main__":
    main()
