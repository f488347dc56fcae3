"""Every benchmark in one command; the docs change only with --write.

    python bench/run.py [--write] [--skip NAME ...]   # the full run (an hour or more on 2 cores)
    python bench/run.py --quick                       # a smoke test of every script (about 2 minutes)

Runs, in order: extraction throughput, build (100/1k/10k beside the rdflib peer, updates,
growth), named-query latency (embedded, raw pyoxigraph, Oxigraph server, rdflib), export speed,
views (a 5,000-node network in headless Chromium), and the 30 s load test of `stafett serve`.
Each script prints its figures. With --write each also writes its section of
docs/benchmarks.md (the load test: docs/reliability.md) and this script the header with the
machine and the date; without it no file of the repository is touched. Run a full run on a quiet
machine: every figure is wall-clock time.

--quick runs every script once at toy sizes (tens of interviews, one timed run, no rdflib
peers, a 3 s load test), in temporary folders: it shows that each script runs, in about two
minutes on 2 cores; its figures are not to quote, so it never writes the docs.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import machine, write_section  # noqa: E402

#: name -> the full run's arguments (each script takes --write)
FULL = {
    "extraction": ["bench_extract.py", "-n", "2000"],
    "build": ["bench_build.py", "--sizes", "100,1000,10000", "--peer-cap", "900"],
    "queries": ["bench_queries.py"],
    "export": ["bench_export.py", "--repeat", "3"],
    "views": ["bench_views.py"],
    "load": ["load_serve.py"],
}


def quick(work: Path) -> dict[str, list[str]]:
    """The smoke test's arguments: toy sizes, one run, no peers, everything under ``work``."""
    return {
        "extraction": ["bench_extract.py", "-n", "10", "--repeat", "1"],
        "build": ["bench_build.py", "--sizes", "10", "--peer-cap", "5", "--update-runs", "1", "--work", str(work / "build")],
        "queries": ["bench_queries.py", "--interviews", "10", "--runs", "1", "--no-rdflib", "--no-server",
                    "--workdir", str(work / "queries")],
        "export": ["bench_export.py", "--interviews", "10", "--repeat", "1", "--no-peer", "--work", str(work / "export")],
        "views": ["bench_views.py", "--interviews", "10", "--runs", "1", "--no-peer"],
        "load": ["load_serve.py", "--seconds", "3", "--clients", "4", "--interviews", "10", "--no-slow"],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 epilog=__doc__.split("\n\n", 2)[2], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--write", action="store_true",
                    help="write the figures into docs/benchmarks.md and docs/reliability.md (full run only)")
    ap.add_argument("--quick", action="store_true",
                    help="a smoke test: every script once at toy sizes, about 2 minutes; prints, never writes the docs")
    ap.add_argument("--skip", nargs="*", default=[], choices=list(FULL), help="leave these benchmarks out")
    args = ap.parse_args()
    if args.quick and args.write:
        ap.error("--quick figures are a smoke test, not figures for the docs: run --write without --quick")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="stafett-bench-quick-") as tmp:
        steps = quick(Path(tmp)) if args.quick else FULL
        if args.write:
            write_section("header", "\n".join([
                "Every figure below comes from a script in `bench/`; `python bench/run.py --write` runs them all and",
                "rewrites this page (without `--write` they only print; `python bench/run.py --quick` is a",
                "two-minute smoke test of every script that never writes). Figures are wall-clock times on the machine named in each section;",
                "ratios against a peer are measured in the same run.",
                "",
                f"Last full run: {time.strftime('%Y-%m-%d')} on {machine()}.",
            ]), first=True)
        failed = []
        for name, argv in steps.items():
            if name in args.skip:
                continue
            cmd = [sys.executable, str(HERE / argv[0]), *argv[1:], *(["--write"] if args.write else [])]
            print(f"== {name}: {' '.join(cmd[1:])}", flush=True)
            began = time.perf_counter()
            code = subprocess.call(cmd)
            print(f"== {name}: exit {code} after {time.perf_counter() - began:.0f} s", flush=True)
            if code:
                failed.append(name)
    print(f"== all: {time.perf_counter() - started:.0f} s" + (f"; FAILED: {', '.join(failed)}" if failed else ""), flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
