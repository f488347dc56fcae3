"""Build time and peak memory for 100, 1k and 10k generated interviews, beside the peer.

    python bench/bench_build.py [--sizes 100,1000,10000] [--peer-cap 900] [--work DIR] [--write]

For each size: a corpus from `stafett synth` (seed 1), then `stafett build DIR` into a fresh
store (extraction, mapping, SHACL validation and loading), timed as a whole process with the
peak resident memory of its process tree; the same pipeline on rdflib's in-memory store with
pyshacl (bench/peer_rdflib.py), capped; and `stafett build --update` of one changed interview.
Prints a table and the growth from 1k to 10k (flagged when worse than linear); with --write,
also writes the "Build" section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import machine, median, mib, run, stafett, write_section  # noqa: E402


def corpus(work: Path, n: int) -> Path:
    folder = work / f"corpus-{n}"
    if not folder.exists():
        r = run([*stafett(), "synth", "--interviews", str(n), "--seed", "1", "--out", str(folder)])
        if r.returncode:
            raise SystemExit(r.stderr)
    return folder


def build(folder: Path, store: Path) -> tuple[float, int, int, int]:
    shutil.rmtree(store, ignore_errors=True)
    r = run([*stafett(), "build", str(folder), "--store", str(store), "--keep-going"])
    if r.returncode:
        raise SystemExit(f"build failed: {r.stderr[-2000:]}")
    triples = int(re.search(r"triples:\s+(\d+)", r.stdout).group(1))
    built = int(re.search(r"interviews:\s+(\d+)", r.stdout).group(1))
    return r.seconds, r.peak_rss, triples, built


def update(folder: Path, store: Path, repeats: int = 3) -> float:
    victim = sorted(p for p in folder.iterdir() if p.suffix == ".txt")[len(list(folder.iterdir())) // 3 % 50]
    original = victim.read_bytes()
    times = []
    try:
        for i in range(repeats):
            victim.write_bytes(original + b"\n" * (i + 1))
            r = run([*stafett(), "build", "--update", str(victim), "--store", str(store), "-q"])
            if r.returncode:
                raise SystemExit(f"update failed: {r.stderr[-2000:]}")
            times.append(r.seconds)
    finally:
        victim.write_bytes(original)
        run([*stafett(), "build", "--update", str(victim), "--store", str(store), "-q"])
    return median(times)


def peer(folder: Path, work: Path, cap: float) -> tuple[float | None, int, dict]:
    r = run([sys.executable, str(Path(__file__).with_name("peer_rdflib.py")), str(folder), str(work / "peer.nq")], timeout=cap)
    if r.returncode == -9:
        return None, r.peak_rss, {}
    if r.returncode:
        raise SystemExit(f"peer failed: {r.stderr[-2000:]}")
    return r.seconds, r.peak_rss, json.loads(r.stdout.strip().splitlines()[-1])["phases"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100,1000,10000")
    ap.add_argument("--peer-cap", type=float, default=900.0, help="seconds before the rdflib peer is stopped")
    ap.add_argument("--work", type=Path, default=None)
    ap.add_argument("--update-runs", type=int, default=3, help="timed updates per size (median)")
    ap.add_argument("--write", action="store_true", help="write the figures to docs/benchmarks.md (else print them only)")
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="stafett-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    sizes = [int(x) for x in args.sizes.split(",")]
    rows, by = [], {}
    for n in sizes:
        folder = corpus(work, n)
        secs, rss, triples, built = build(folder, work / f"store-{n}")
        upd = update(folder, work / f"store-{n}", repeats=args.update_runs)
        p_secs, p_rss, phases = peer(folder, work, args.peer_cap)
        by[n] = (secs, rss)
        ratio = f"{p_secs / secs:.1f}×" if p_secs else f"> {args.peer_cap / secs:.1f}×"
        peer_s = f"{p_secs:.1f}" if p_secs else f"stopped at {args.peer_cap:.0f}"
        rows.append(f"| {n:,} | {built:,} | {triples:,} | {secs:.1f} | {mib(rss)} | {upd:.2f} | {peer_s} | {mib(p_rss)} | {ratio} |")
        print(rows[-1], flush=True)
    lines = [
        "## Build",
        "",
        f"Machine: {machine()}.",
        "",
        "`python bench/bench_build.py` — generated interviews (`stafett synth --seed 1`) built from their texts into a fresh",
        "embedded store: extraction, mapping, the derived municipality links, SHACL validation and loading, as one process",
        "tree (wall seconds, peak resident",
        "memory of all its processes). *Update*: `stafett build --update` of one changed interview on that store (median of 3).",
        "The peer is the same extraction, mapping and links on rdflib's in-memory `Dataset` with pyshacl validation, saved as N-Quads",
        "(`bench/peer_rdflib.py`).",
        "",
        "| interviews | built | quads in store | stafett s | stafett peak | update s | rdflib peer s | peer peak | peer / stafett |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        *rows,
    ]
    if 1000 in by and 10000 in by:
        t_ratio = by[10000][0] / by[1000][0]
        m_ratio = by[10000][1] / by[1000][1]
        flag = " — **worse than linear**" if t_ratio > 11 or m_ratio > 11 else " (linear or better)"
        lines += ["", f"Growth from 1k to 10k interviews: time ×{t_ratio:.1f}, peak memory ×{m_ratio:.1f}{flag}."]
        print(lines[-1])
    if args.write:
        write_section("build", "\n".join(lines))


if __name__ == "__main__":
    main()
