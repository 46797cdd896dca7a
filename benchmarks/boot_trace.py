"""Where the plain boot's time goes, from inside the checker's worker, in each engine.

    python -m benchmarks.boot_trace [--runs N] [--engine NAME] [--site NAME=DIR ...]

A copy of the built site whose lock file names no snapshot (always the plain
boot) and whose boot modules post a timestamp at each step (the
runtime files' arrival, each WebAssembly compile or instantiate, Pyodide's
start-up, the wheel checked, ``validator`` imported), served on localhost to
a bare page that starts the worker and asks one check. Prints each step's
median time from the worker's start, per engine. With ``--imports N``, also
when Python starts and when its ``site`` runs, and the N modules whose import
took longest (their own time, without the modules they import), each
``@dataclass`` applied, all regular expressions compiled, the search for
modules on ``sys.path`` and the garbage collections, timed inside Python (from
``site`` on: earlier imports are not seen). ``--site`` traces sites
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
globalThis.mark = (step) => postMessage({ type: "trace", step, at: performance.timeOrigin + performance.now() })
for (const name of ["compileStreaming", "instantiateStreaming", "instantiate"]) {
  const original = WebAssembly[name]
  WebAssembly[name] = async (...args) => {
    mark(`wasm ${name} starts`)
    try { return await original.apply(WebAssembly, args) } finally { mark(`wasm ${name} ends`) }
  }
}
"""
#: Where the steps are marked in the boot's modules: (a file, a line as a pattern, the same with a mark).
MARKS = [
    ("checker-downloads.js", r"^( *)file\.done = true\n", "\\g<0>\\1mark(`${file.name} arrived`)\n"),
    (
        "checker-boot.js",
        r"^( *)const pyodide = await loadPyodide\(\{ \.\.\.options, \.\.\.withChecker\(.*\)\n",
        '\\1mark("loadPyodide starts")\n\\g<0>\\1mark("loadPyodide ends")\n',
    ),
    ("checker-boot.js", r"^( *)return \{ pyodide, afterFirstAnswer", '\\1mark("wheel checked")\n\\g<0>'),
    ("checker-boot.js", r"^( *)let afterFirstAnswer", '\\1mark("validator imported")\n\\g<0>'),
]
# Times each module's execution (an import's own time: nested imports are subtracted) and each @dataclass,
# from site's .pth processing on. Written into site-packages beside the checker's .pth (checker-install.js).
IMPORT_HOOK = """
import _frozen_importlib as bootstrap, gc, sys, time

rows, stack = [], []


def timed(run, name, *args):
    start = time.perf_counter()
    stack.append(0.0)
    try:
        return run(*args)
    finally:
        total = (time.perf_counter() - start) * 1000
        own = total - stack.pop()
        if stack:
            stack[-1] += total
        rows.append((name, own))


def load(spec, load=bootstrap._load_unlocked):
    module = timed(load, spec.name, spec)
    if spec.name == "dataclasses":
        process = module._process_class
        name = "@dataclass {0.__module__}.{0.__qualname__}".format
        module._process_class = lambda cls, *args: timed(process, name(cls), cls, *args)
    if spec.name == "re._compiler":
        compile = module.compile
        module.compile = lambda *args: timed(compile, "re.compile (all)", *args)
    return module


def collected(phase, info, started=[]):
    if phase == "start":
        started.append(time.perf_counter())
    else:
        rows.append(("(gc collections, within the above)", (time.perf_counter() - started.pop()) * 1000))


def find(name, path, target=None, find=bootstrap._find_spec):
    return timed(find, "(finding modules on sys.path)", name, path, target)


bootstrap._load_unlocked = load
bootstrap._find_spec = find
gc.callbacks.append(collected)
sys._boot_trace_imports = rows
sys._boot_trace_site = time.perf_counter() * 1000  # the worker's performance.now()
"""
# The traced copy's checker-install.js: the hook and its .pth too (site runs .pth files in name order).
INSTALL_HOOK = """
export function withChecker(wheel) {
  const { fsInit } = withCheckerUntraced(wheel)
  return {
    fsInit: async (FS, info) => {
      await fsInit(FS, info)
      FS.writeFile(`${info.sitePackages}/_boot_trace_hook.py`, %s)
      FS.writeFile(`${info.sitePackages}/00-boot-trace.pth`, "import _boot_trace_hook\\n")
      mark("Python starts (fsInit ends)")
    },
  }
}
"""
#: Where the timed imports are posted (checker-boot.js): once validator is imported.
POST_IMPORTS = (
    r"^( *)let afterFirstAnswer",
    (
        '\\1postMessage({ type: "imports", rows: pyodide.runPython("import sys; sys._boot_trace_imports").toJs() })\n'
        '\\1postMessage({ type: "trace", step: "site runs", at: performance.timeOrigin + '
        'pyodide.runPython("import sys; sys._boot_trace_site") })\n'
        "\\g<0>"
    ),
)
PAGE = """<!doctype html><meta charset="utf-8"><title>Boot trace</title><p id="verdict">…</p>
<script type="module" src="trace.mjs"></script>"""
SCRIPT = """const steps = window.__trace = []
const worker = new Worker("../assets/javascripts/checker-worker.js", { type: "module" })
const start = performance.now()
worker.onmessage = ({ data }) => {
  if (data.type === "imports") window.__imports = data.rows
  if (data.type === "trace") steps.push([data.step, data.at - performance.timeOrigin - start])
  if (data.type === "result" || data.type === "error") {
    steps.push([data.type === "result" ? "first answer" : `error: ${data.kind}`, performance.now() - start])
    document.getElementById("verdict").dataset.done = "1"
  }
}
worker.postMessage({ type: "check", seq: 1, values: { api_key: null, account_id: null, site_id: "x" } })
"""


def traced_copy(site: Path, dest: Path, *, imports: bool = False) -> Path:
    """``site`` as hard links, but always booting plain and marking each step of it (and timing imports)."""
    shutil.copytree(site, dest, copy_function=os.link)
    runtime, scripts = dest / "assets" / "runtime", dest / "assets" / "javascripts"
    lock = json.loads((runtime / "pyodide-lock.json").read_text("utf-8"))
    lock["checker"].pop("snapshot", None)
    names = ["checker-install.js", *dict.fromkeys(name for name, _, _ in MARKS)]
    sources = {name: (scripts / name).read_text("utf-8") for name in names}
    if imports:
        install = sources["checker-install.js"].replace("export function withChecker(", "function withCheckerUntraced(")
        sources["checker-install.js"] = install + INSTALL_HOOK % json.dumps(IMPORT_HOOK)
    for name, pattern, marked in [*MARKS, *([("checker-boot.js", *POST_IMPORTS)] if imports else [])]:
        sources[name], found = re.subn(pattern, marked, sources[name], count=1, flags=re.MULTILINE)
        if not found:
            raise SystemExit(f"{name} changed: no {pattern!r} to mark")
    sources["checker-boot.js"] = PROBE + sources["checker-boot.js"]
    rewritten = [(runtime / "pyodide-lock.json", json.dumps(lock))] + [(scripts / n, t) for n, t in sources.items()]
    for path, text in rewritten:
        for stale in (path, path.with_name(path.name + ".br"), path.with_name(path.name + ".gz")):
            stale.unlink(missing_ok=True)  # a new file, never a write through the hard link
        path.write_text(text, "utf-8")
    (dest / "trace").mkdir()
    (dest / "trace" / "index.html").write_text(PAGE, "utf-8")
    (dest / "trace" / "trace.mjs").write_text(SCRIPT, "utf-8")
    return dest


def trace(engine: str, url: str) -> tuple[dict[str, float], dict[str, float]]:
    """Each step's time, and each timed import's (empty unless the copy times them)."""
    browser = launch(engine)
    try:
        tab = browser.new_tab()
        tab.goto(url)
        tab.wait_for("() => document.getElementById('verdict').dataset.done", timeout=180, message="the answer")
        imports: dict[str, float] = {}
        for name, own in tab.evaluate("() => window.__imports || []"):
            imports[name] = imports.get(name, 0) + own
        return dict(tab.evaluate("() => window.__trace")), imports  # a step marked twice: its last time
    finally:
        browser.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.boot_trace", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--engine", action="append", choices=ENGINES, help="only these engines (repeatable)")
    parser.add_argument("--imports", type=int, default=0, metavar="N", help="also the N slowest imports")
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
        imported: dict[str, list[dict[str, float]]] = {}
        with ExitStack() as servers:
            urls = {
                name: servers.enter_context(
                    StaticServer(traced_copy(Path(site), Path(tmp) / f"traced-{n}", imports=args.imports > 0))
                ).url("trace/")
                for n, (name, site) in enumerate(sites.items())
            }
            # Every site in turn within each run: a load on the shared machine falls on each alike.
            for _ in range(args.runs):
                for engine in engines:
                    for name, url in urls.items():
                        marked, imports = trace(engine, url)
                        runs.setdefault(f"{engine} {name}".strip(), []).append(marked)
                        imported.setdefault(f"{engine} {name}".strip(), []).append(imports)
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
    if args.imports:
        print()
        print(imports_table(imported, args.imports, args.runs).markdown())


def imports_table(imported: dict[str, list[dict[str, float]]], top: int, runs: int) -> Table:
    """The ``top`` slowest imports (and dataclasses) per column, their own time, and all of them summed."""
    own = {
        column: {name: median([t.get(name) for t in traces]) or 0 for t in traces for name in t}
        for column, traces in imported.items()
    }
    slowest = sorted(
        {name for times in own.values() for name in times}, key=lambda n: -max(t.get(n, 0) for t in own.values())
    )
    table = Table(
        "Slowest imports, own time (Python's clock, from site on)",
        ("module", *imported),
        intro=f"Medians of {runs} runs; a module's nested imports are not in its time.",
    )
    table.add(
        "all timed",
        *(ms(median([sum(v for n, v in t.items() if n[:3] != "(gc") for t in traces])) for traces in imported.values()),
    )
    table.add("@dataclass, all", *(ms(sum(v for n, v in t.items() if n.startswith("@"))) for t in own.values()))
    for name in slowest[:top]:
        table.add(name, *(ms(t.get(name)) for t in own.values()))
    return table


if __name__ == "__main__":
    main()
