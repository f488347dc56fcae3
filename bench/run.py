"""Every benchmark in one command: writes docs/benchmarks.md (and the load test's figures to
docs/reliability.md).

    python bench/run.py [--quick] [--skip NAME ...]

Runs, in order: extraction throughput, build (100/1k/10k beside the rdflib peer, updates,
growth), named-query latency (embedded, raw pyoxigraph, Oxigraph server, rdflib), export speed,
views (a 5,000-node network in headless Chromium), and the 30 s load test of `stafett serve`.
Each script writes its own section; this one writes the header with the machine and the date.
Run it on a quiet machine: every figure is wall-clock time. `--quick` uses smaller sizes (a
smoke test of the scripts, not figures to quote).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import machine, write_section  # noqa: E402

STEPS = {
    "extraction": (["bench_extract.py", "-n", "2000", "--write"], ["bench_extract.py", "-n", "200", "--write"]),
    "build": (["bench_build.py", "--sizes", "100,1000,10000", "--peer-cap", "900"],
              ["bench_build.py", "--sizes", "100,1000", "--peer-cap", "120"]),
    "queries": (["bench_queries.py"], ["bench_queries.py", "--interviews", "500", "--runs", "3"]),
    "export": (["bench_export.py", "--repeat", "3"], ["bench_export.py", "--interviews", "500", "--repeat", "1"]),
    "views": (["bench_views.py", "--write"], ["bench_views.py", "--interviews", "300", "--runs", "1", "--no-peer", "--write"]),
    "load": (["load_serve.py", "--write"], ["load_serve.py", "--seconds", "5", "--clients", "10", "--write"]),
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--skip", nargs="*", default=[], choices=list(STEPS))
    args = ap.parse_args()
    write_section("header", "\n".join([
        "Every figure below comes from a script in `bench/`; `python bench/run.py` runs them all and",
        "rewrites this page. Figures are wall-clock times on the machine named in each section;",
        "ratios against a peer are measured in the same run.",
        "",
        f"Last full run: {time.strftime('%Y-%m-%d')} on {machine()}.",
    ]), first=True)
    for name, (full, quick) in STEPS.items():
        if name in args.skip:
            continue
        cmd = [sys.executable, str(HERE / (quick if args.quick else full)[0]), *(quick if args.quick else full)[1:]]
        print(f"== {name}: {' '.join(cmd[1:])}", flush=True)
        started = time.perf_counter()
        code = subprocess.call(cmd)
        print(f"== {name}: exit {code} after {time.perf_counter() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main()
