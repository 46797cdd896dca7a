"""``python -m benchmarks``: build the site, serve it on localhost, measure it in headless Chromium.

Prints a table and writes ``benchmarks/RESULTS.md``. Not a test: it passes or
fails nothing, it reports numbers (each the median of ``--runs`` page loads)
against the targets of issue 5.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import _assets, _pages, levers, lighthouse, page_speed
from harness import CHECKER_PAGE, PAGES, BuildError, StaticServer, build_site, chromium

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
SITE_ID = "3f2c8a71-9b4e-4d5a-8c16-2e7f0b9d4a58"  # synthetic
DASHBOARD_URL = f"https://manage.wix.com/dashboard/{SITE_ID}/home"
PAGES_WITHOUT_CHECKER = tuple(path for path in PAGES if path != CHECKER_PAGE)
LIGHTHOUSE_PAGES = {"start": "", "guide": "guide/", "troubleshooting": "troubleshooting/"}


def build(dest: Path) -> str:
    """The real MkDocs build (strict; non-strict only if strict fails, and then said so)."""
    for strict in (True, False):
        try:
            build_site(dest, strict=strict)
            return "" if strict else "strict build failed; measured a non-strict build"
        except BuildError as error:
            failed = error
    raise SystemExit(f"mkdocs build failed:\n{failed.result.stderr[-2000:]}")


def _ms(value):
    return "–" if value is None else f"{value:,.0f} ms"


def _bytes(value):
    return "–" if value is None else f"{value / 1e6:.2f} MB" if value >= 100_000 else f"{value / 1e3:.1f} kB"


def _ratio(a, b):
    return None if a is None or not b else a / b


def _fmt_ratio(r):
    return "–" if r is None else f"{r:.2f}×"


def _met(ok):
    return "–" if ok is None else ("yes" if ok else "**no**")


def machine() -> dict[str, str]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    browser = subprocess.run([chromium.executable(), "--version"], capture_output=True, text=True).stdout.strip()
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    return {"cpus": str(os.cpu_count()), "cpu": cpu, "chromium": browser, "node": node,
            "python": platform.python_version(), "os": platform.platform()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="page loads per figure (median taken); default 5")
    parser.add_argument("--lever-runs", type=int, default=3, help="runs per lever experiment; default 3")
    parser.add_argument("--edits", type=int, default=200, help="edits for keystroke latency; default 200")
    parser.add_argument("--skip", action="append", default=[], choices=["lighthouse", "levers", "throttled"],
                        help="leave a part out (repeatable)")
    parser.add_argument("--no-write", action="store_true", help="print only; do not rewrite RESULTS.md")
    args = parser.parse_args(argv)
    started = time.monotonic()
    rows: list[tuple[str, str, str, str]] = []  # figure, value, target, met
    notes: list[str] = []
    lever_lines: list[str] = []

    with tempfile.TemporaryDirectory(prefix="bench-site-") as tmp:
        site = Path(tmp) / "site"
        print("building the site (mkdocs build)…", flush=True)
        build_note = build(site)
        if build_note:
            notes.append(build_note)
        pyodide_dir = _assets.find_pyodide(site)
        wheel = _assets.find_wheel(site)
        from sitebuild import precompress

        lock = json.loads((pyodide_dir / "pyodide-lock.json").read_text("utf-8"))
        snapshot_path = pyodide_dir / lock.get("checker", {}).get("snapshot", {}).get("file_name", "missing.snapshot")
        if not snapshot_path.is_file():
            notes.append("the build made no snapshot")
        _pages.write_pages(site, pyodide_dir, wheel, DASHBOARD_URL, snapshot_path.name)
        had_gz = any(site.rglob("*.wasm.gz"))
        t = time.monotonic()
        compressed = precompress.precompress(site)
        precompress_s = time.monotonic() - t
        if not had_gz:
            notes.append("the site build wrote no .gz siblings; the benchmark added them "
                         f"(sitebuild.precompress, {precompress_s:.1f} s) as a static host with gzip_static serves them")

        browser = page_speed.Browser()
        try:
            with StaticServer(site) as server:
                base = server.url()
                baseline_url, checker_url = base + "bench-baseline/", base + "guide/"
                fill = ("Site ID", DASHBOARD_URL)
                checker_ready = page_speed.has_field(browser, checker_url, "Site ID")
                if not checker_ready:
                    notes.append("the guide has no field named \"Site ID\" yet: checker figures not measured")
                results = {}
                profiles = {k: v for k, v in page_speed.PROFILES.items()
                            if not (k == "throttled" and "throttled" in args.skip)}
                for profile_name, profile in profiles.items():
                    variants = [("baseline", server, baseline_url, None), ("checker", server, checker_url, fill)]
                    for name, srv, url, f in variants:
                        if name.startswith("checker") and not checker_ready:
                            continue
                        print(f"first verdict: {name}, {profile_name} × {args.runs}…", flush=True)
                        colds, warms = [], []
                        for _ in range(args.runs):
                            cold, warm = page_speed.cold_and_warm(browser, srv, url, profile=profile, fill=f)
                            colds.append(cold)
                            warms.append(warm)
                        results[(name, profile_name)] = (colds, warms)
                        for v in colds + warms:
                            if v.note:
                                notes.append(f"{name}, {profile_name}: {v.note}")
                                break

                def med(name, profile_name, which, attr="verdict_ms"):
                    visits = results.get((name, profile_name), ([], []))[0 if which == "cold" else 1]
                    return page_speed.median([getattr(v, attr) for v in visits])

                for profile_name in profiles:
                    b_cold, b_warm = med("baseline", profile_name, "cold"), med("baseline", profile_name, "warm")
                    rows.append((f"baseline first verdict, cold, {profile_name}", _ms(b_cold), "", ""))
                    rows.append((f"baseline first verdict, warm, {profile_name}", _ms(b_warm), "", ""))
                    for name in ("checker",):
                        if (name, profile_name) not in results:
                            continue
                        c_cold, c_warm = med(name, profile_name, "cold"), med(name, profile_name, "warm")
                        r_cold, r_warm = _ratio(c_cold, b_cold), _ratio(c_warm, b_cold)
                        cold_target = "≤ 0.35× baseline" if profile_name == "localhost" else "< baseline (1.00×)"
                        cold_limit = 0.35 if profile_name == "localhost" else 1.0
                        rows.append((f"{name} first verdict, cold, {profile_name}",
                                     f"{_ms(c_cold)} ({_fmt_ratio(r_cold)})", cold_target,
                                     _met(None if r_cold is None else r_cold <= cold_limit)))
                        rows.append((f"{name} first verdict, warm, {profile_name} (ratio to baseline cold)",
                                     f"{_ms(c_warm)} ({_fmt_ratio(r_warm)}; "
                                     f"{_fmt_ratio(_ratio(c_warm, b_warm))} of baseline warm)",
                                     "≤ 0.15× baseline", _met(None if r_warm is None else r_warm <= 0.15)))

                print(f"keystroke to verdict × {args.edits}…", flush=True)
                latencies = [] if not checker_ready else page_speed.keystrokes(browser, server, checker_url, label="Site ID",
                                                  url_value=DASHBOARD_URL, id_value=SITE_ID, edits=args.edits)
                done = [x for x in latencies if x is not None]
                p50, p95 = page_speed.median(done), page_speed.percentile(done, 0.95)
                rows.append((f"keystroke → verdict, median / p95 ({len(done)} of {args.edits} edits)",
                             f"{_ms(p50)} / {_ms(p95)}" if done else "– (no verdict)", "p95 ≤ 16 ms",
                             _met(None if p95 is None else p95 <= 16)))
                if len(done) < len(latencies):
                    notes.append(f"keystrokes: {len(latencies) - len(done)} edits showed no verdict within 5 s")

                for name in ("baseline", "checker"):
                    if (name, "localhost") not in results:
                        continue
                    colds = results.get((name, "localhost"), ([], []))[0]
                    tbt = page_speed.median([v.tbt_ms for v in colds])
                    longest = page_speed.median([v.longest_ms for v in colds])
                    count = page_speed.median([v.longtasks for v in colds])
                    rows.append((f"main thread during load, {name} (cold, localhost): TBT / long tasks / longest",
                                 f"{_ms(tbt)} / {count if count is not None else '–'} / {_ms(longest)}",
                                 "TBT ≤ 100 ms" if name != "baseline" else "",
                                 _met(None if tbt is None else tbt <= 100) if name != "baseline" else ""))
                    rows.append((f"bytes, {name} page (cold): total / Pyodide+checker",
                                 f"{_bytes(page_speed.median([v.bytes_total for v in colds]))} / "
                                 f"{_bytes(page_speed.median([v.bytes_runtime for v in colds]))}", "", ""))

                print("pages without the checker…", flush=True)
                for path in PAGES_WITHOUT_CHECKER:
                    with browser.session() as context:
                        v = page_speed.visit(context, server, base + path, settle_ms=3000)
                    rows.append((f"page without checker `/{path}`: bytes / Pyodide bytes / TBT",
                                 f"{_bytes(v.bytes_total)} / {_bytes(v.bytes_runtime)} / {_ms(v.tbt_ms)}",
                                 "0 Pyodide bytes; TBT ≤ 100 ms",
                                 _met(v.bytes_runtime == 0 and v.tbt_ms <= 100)))

                if "lighthouse" not in args.skip:
                    for preset in ("desktop", "mobile"):
                        for name, path in LIGHTHOUSE_PAGES.items():
                            print(f"lighthouse {preset}: {name}…", flush=True)
                            report = lighthouse.run(base + path, preset=preset)
                            if "error" in report:
                                rows.append((f"Lighthouse {preset}, {name}", "error", "", "**no**"))
                                notes.append(f"lighthouse {preset} {name}: {report['error']}")
                                continue
                            s = report["scores"]
                            ok = (s["performance"] or 0) >= 95 and all(
                                s[c] == 100 for c in ("accessibility", "best-practices", "seo"))
                            rows.append((f"Lighthouse {preset}, {name}: perf / a11y / best practices / SEO (TBT)",
                                         f"{s['performance']} / {s['accessibility']} / {s['best-practices']} / "
                                         f"{s['seo']} ({_ms(report['tbt_ms'])})", "≥ 95 / 100 / 100 / 100",
                                         _met(ok)))
                            for audit_id, title in report["failed"].items():
                                if not title.startswith("performance"):
                                    notes.append(f"Lighthouse {preset}, {name}: `{audit_id}` — {title}")

                if "levers" not in args.skip:
                    lever_lines += lever_section(browser, server, site, pyodide_dir, snapshot_path, compressed,
                                                 args.lever_runs, precompress_s)
        finally:
            browser.close()

    elapsed = time.monotonic() - started
    table = ["| figure | median | target | met |", "| --- | --- | --- | --- |"]
    table += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    print("\n".join(table))
    if lever_lines:
        print("\n".join(lever_lines))
    for note in dict.fromkeys(notes):
        print("note:", note)
    print(f"benchmark took {elapsed:.0f} s")
    if not args.no_write:
        write_results(table, lever_lines, list(dict.fromkeys(notes)), args, elapsed)
    return 0


def lever_section(browser, server, site, pyodide_dir, snapshot_path, compressed, runs, precompress_s):
    lines = ["", "### Levers (bare module worker, `bench-worker/`)", ""]
    print("levers: sizes…", flush=True)
    table = levers.sizes(site, pyodide_dir, snapshot_path if snapshot_path.is_file() else None)
    lines += ["| file | raw | gzip -9 | brotli |", "| --- | --- | --- | --- |"]
    for name, row in table.items():
        if row["raw"] > 50_000:
            lines.append(f"| `{name}` | {_bytes(row['raw'])} | {_bytes(row['gzip'])} | {_bytes(row.get('brotli'))} |")
    lines.append("")
    lines.append(f"Precompressing the built site (`sitebuild.precompress`, gzip -9) took {precompress_s:.1f} s "
                 f"for {len(compressed)} files.")
    lines += ["", "| worker boot, profile | cold | warm | bytes cold | booted from |", "| --- | --- | --- | --- | --- |"]
    if snapshot_path.is_file():
        print(f"levers: worker boots × {runs}…", flush=True)
        boots = levers.boots(browser, server, server.url(), runs)
        for key, visits in boots.items():
            lines.append(f"| {key} | {_ms(page_speed.median([v.verdict_ms for v in visits['cold']]))} | "
                         f"{_ms(page_speed.median([v.verdict_ms for v in visits['warm']]))} | "
                         f"{_bytes(page_speed.median([v.bytes_total for v in visits['cold']]))} | "
                         f"{', '.join(sorted({v.boot for v in visits['cold']}))} |")
    print("levers: no precompressed files, no caching headers…", flush=True)
    for label, kwargs, profile in (
        ("worker plain, identity encoding (no .gz), throttled", {"precompressed": False}, page_speed.THROTTLED),
        ("worker plain, no caching headers (Last-Modified only), localhost", {"cache_policy": "none"}, None),
    ):
        with StaticServer(site, **kwargs) as other:
            colds, warms = [], []
            for _ in range(runs):
                c, w = page_speed.cold_and_warm(browser, other, other.url("bench-worker/?boot=plain"), profile=profile)
                colds.append(c)
                warms.append(w)
        lines.append(f"| {label} | {_ms(page_speed.median([v.verdict_ms for v in colds]))} | "
                     f"{_ms(page_speed.median([v.verdict_ms for v in warms]))} | "
                     f"{_bytes(page_speed.median([v.bytes_total for v in colds]))} | plain |")
    return lines


def write_results(table, lever_lines, notes, args, elapsed):
    m = machine()
    command = "make bench   # = .venv/bin/python -m benchmarks" + "".join(f" --skip {s}" for s in args.skip) + (
        f" --runs {args.runs}" if args.runs != 5 else "")
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    text = [
        "# Benchmark results",
        "",
        f"Measured {date} on commit `{commit}` with `{command}` ({elapsed:.0f} s).",
        "",
        f"Machine: {m['cpus']} CPUs ({m['cpu']}), {m['os']}; {m['chromium']} headless via Playwright; "
        f"Node {m['node']}; Python {m['python']}. Other work may share the CPUs: absolute times are noisy, "
        "ratios taken in one run are not.",
        "",
        f"Each time is the median of {args.runs} page loads, taken in the page with `performance.now()` from "
        "navigation start to the verdict in the DOM. Cold = fresh browser profile, cache disabled; warm = repeat "
        "visit in the same profile. Throttled = DevTools `Network.emulateNetworkConditions`, 9 Mbit/s, 40 ms. "
        "Baseline = a page loading the same self-hosted Pyodide on the main thread with `loadPyodide()`, then the "
        "checker's wheel, then one check. Checker = the guide: a dashboard address filled into Site ID as soon "
        "as the field accepts input, until its finding links `troubleshooting/#site-url`. Bytes = response bodies "
        "counted by the benchmark's server (which serves `.gz` siblings like nginx `gzip_static`). "
        "Lighthouse 12.2.3, `--preset=desktop` and the default mobile preset (simulated throttling).",
        "",
        *table,
        *lever_lines,
        "",
        "## Notes",
        "",
        *(f"- {n}" for n in notes),
        "",
    ]
    RESULTS.write_text("\n".join(text), encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
