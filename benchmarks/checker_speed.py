"""Speed of one ``check()`` of all three fields, under CPython and under Pyodide in Node.

    python -m benchmarks.checker_speed [--iterations N] [--no-pyodide]

Prints a table (median and p95 per input); it passes or fails nothing.
Target (issue 2): median under 1 ms under CPython.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import ACCOUNT_ID, API_KEY, PYODIDE_RUNNER, SITE_ID, guid  # synthetic keys: never a real one
from validator import check

ROOT = Path(__file__).resolve().parent.parent

RUNNER = PYODIDE_RUNNER

#: A realistic mix: what merchants paste most often (the first four), then absurd input.
REALISTIC = 4
INPUTS = {
    "all three correct": dict(api_key=API_KEY, account_id=ACCOUNT_ID, site_id=SITE_ID),
    "address in Site ID": dict(
        api_key=API_KEY, account_id=ACCOUNT_ID, site_id=f"https://manage.wix.com/dashboard/{SITE_ID}/home"
    ),
    "key wrapped over 3 lines": dict(
        api_key=f"{API_KEY[:240]}\n{API_KEY[240:480]}\n{API_KEY[480:]}", account_id=ACCOUNT_ID, site_id=SITE_ID
    ),
    "wrong account, upper case": dict(api_key=API_KEY, account_id=guid(5).upper(), site_id=SITE_ID),
    "a megabyte in API Key": dict(api_key="x" * 1_000_000, account_id=ACCOUNT_ID, site_id=SITE_ID),
    # The slowest path: just under the length limit, every character needs a look.
    "4,096 characters of debris in each": dict(
        api_key=(API_KEY + " \u200b") * 5, account_id=("\u0430 " * 2048), site_id=("\u202e\u00a0" * 2048)
    ),
}


def _stats(samples_ms: list[float]) -> tuple[float, float]:
    ordered = sorted(samples_ms)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def cpython(iterations: int) -> dict[str, tuple[float, float]]:
    out = {}
    for name, values in INPUTS.items():
        check(**values)
        samples = []
        for _ in range(iterations):
            t0 = time.perf_counter()
            check(**values)
            samples.append((time.perf_counter() - t0) * 1000)
        out[name] = _stats(samples)
    return out


def pyodide(iterations: int) -> tuple[dict[str, tuple[float, float]], dict] | None:
    node = shutil.which("node")
    if not node or not (ROOT / "node_modules" / "pyodide" / "pyodide.mjs").exists():
        return None
    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp) / "in.json", Path(tmp) / "out.json"
        source.write_text(json.dumps(list(INPUTS.values())), "utf-8")
        subprocess.run([node, str(RUNNER), "bench", str(source), str(target), str(iterations)], check=True)
        ran = json.loads(target.read_text("utf-8"))
    return {name: _stats(t) for name, t in zip(INPUTS, ran["times_ms"])}, ran


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=500)
    parser.add_argument("--no-pyodide", action="store_true")
    args = parser.parse_args(argv)
    ours = cpython(args.iterations)
    theirs = None if args.no_pyodide else pyodide(args.iterations)
    py = f"CPython {sys.version.split()[0]}"
    head = f"| input | {py} median | p95 |"
    rule = "|---|---:|---:|"
    if theirs:
        head += f" Pyodide {theirs[1]['pyodide']} (Python {theirs[1]['python']}, Node) median | p95 |"
        rule += "---:|---:|"
    print(f"check() of all three fields, {args.iterations} runs per input, times in ms")
    print(head)
    print(rule)
    for name in INPUTS:
        row = f"| {name} | {ours[name][0]:.3f} | {ours[name][1]:.3f} |"
        if theirs:
            row += f" {theirs[0][name][0]:.3f} | {theirs[0][name][1]:.3f} |"
        print(row)
    realistic = list(INPUTS)[:REALISTIC]
    mix = statistics.median(ours[n][0] for n in realistic)
    print(f"\nCPython, median of the {REALISTIC} realistic inputs' medians: {mix:.3f} ms (target: under 1 ms)")
    if theirs:
        print(f"Pyodide, the same: {statistics.median(theirs[0][n][0] for n in realistic):.3f} ms")
    if theirs:
        print(f"Pyodide boot in Node: {theirs[1]['boot_ms']:.0f} ms")
    elif not args.no_pyodide:
        print("Pyodide: not measured (node or node_modules/pyodide missing)")


if __name__ == "__main__":
    main()
