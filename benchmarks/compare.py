"""The guide's first verdict on localhost, for built sites side by side.

    python -m benchmarks.compare SITE [SITE ...] [--runs N]

Each SITE is a built site folder (``harness.build_site``, or a copy of one
edited by hand to try a lever). For a change to the boot smaller than
``make bench``'s noise between runs: the sites are visited in turn, round
after round (a cold visit in a fresh profile, then the warm one), so the
machine's load falls on all of them alike. Prints the medians.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from benchmarks import page_speed
from benchmarks._tables import Table, ms
from harness import CHECKER_PAGE, DASHBOARD_URL, StaticServer


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.compare", description=__doc__.split("\n\n")[0])
    parser.add_argument("sites", nargs="+", type=Path, help="built site folders")
    parser.add_argument("--runs", type=int, default=6, help="rounds (a cold and a warm visit of each site)")
    args = parser.parse_args(argv)
    for site in args.sites:
        if not (site / CHECKER_PAGE / "index.html").is_file():
            parser.error(f"{site}: no built guide page in it (build the site first)")
    mounts = {f"/{i}/": site for i, site in enumerate(args.sites)}
    visits: dict[int, list] = {i: [] for i in range(len(args.sites))}
    browser = page_speed.Browser()
    try:
        with StaticServer(mounts) as server:
            link = page_speed.Link("localhost", server.url(), lambda: sum(r.size for r in server.requests))
            for round_ in range(args.runs):
                for i, site in enumerate(args.sites):
                    mounted = page_speed.Link(link.name, f"{link.base}{i}/", link.delivered)
                    cold, warm = page_speed.cold_and_warm(
                        browser, server, mounted, CHECKER_PAGE, fill=("Site ID", DASHBOARD_URL)
                    )
                    visits[i].append((cold, warm))
                    print(
                        f"round {round_ + 1}, {site}: cold {ms(cold.verdict_ms)}, warm {ms(warm.verdict_ms)}"
                        f" {cold.note or warm.note}",
                        flush=True,
                    )
    finally:
        browser.close()
    table = Table(
        "First verdict on localhost",
        ("site", "cold", "warm", "worker started (cold / warm)", "booted from"),
        intro=f"Medians of {args.runs} rounds.",
    )
    for i, site in enumerate(args.sites):
        colds, warms = [c for c, _ in visits[i]], [w for _, w in visits[i]]
        table.add(
            f"`{site}`",
            ms(page_speed.median([v.verdict_ms for v in colds])),
            ms(page_speed.median([v.verdict_ms for v in warms])),
            f"{ms(page_speed.median([v.worker_ms for v in colds]))} / "
            f"{ms(page_speed.median([v.worker_ms for v in warms]))}",
            ", ".join(sorted({v.boot for v in colds + warms if v.boot})) or "–",
        )
    print(table.markdown())


if __name__ == "__main__":
    main()
