"""Export speed on a generated graph of about a million triples, beside rdflib's serialisers.

    python bench/bench_export.py [--interviews 6500] [--work DIR] [--store DIR] [--repeat 3] [--no-peer] [--no-tables] [--write]

Builds (once, kept in --work) a store from `stafett synth --interviews N --seed 1`; then, for
N-Triples, N-Quads, Turtle and TriG, times what `stafett export` does for that format -- the
dump from the store to a file (`graph/export/rdf.py`: Oxigraph's own serialisers; N-Quads graph
by graph on a couple of threads, the manifest left out) -- as the best of --repeat runs, alone
and with the four written together by one export (Turtle and TriG then converted from the
N-Triples and N-Quads files), and prints triples per second (the union's triples for the triple
formats, the named graphs' quads for the quad formats), with the CPU time beside the wall time
because the machine may be shared. Then (unless --no-tables) the tables: reading them from the
snapshot (`TableSet.read`: every CSV table's SELECTs), writing the CSV files and writing
`stafett.xlsx`, each as a ratio to the N-Triples dump of the same run (one read of the whole
union: the floor of anything that reads the graph). The peer is rdflib 7: the same data parsed into its in-memory Graph
(union) and Dataset (named graphs) untimed, then each of its serialisers timed once. With --write,
writes the "export" section of docs/benchmarks.md (between `<!-- bench:export -->` markers).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import graph_digest  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "benchmarks.md"
FORMATS = [("nt", "N-Triples"), ("nq", "N-Quads"), ("ttl", "Turtle"), ("trig", "TriG")]
RDFLIB = {"nt": "nt", "nq": "nquads", "ttl": "turtle", "trig": "trig"}


def ensure_store(work: Path, interviews: int) -> Path:
    """The store of ``interviews`` generated interviews in ``work``, built again when the code that
    shapes the graph has changed since (a stamp beside it holds the digest)."""
    store = work / f"store-{interviews}"
    stamp = work / f"store-{interviews}.made"
    if (store / "current").exists() and stamp.exists() and stamp.read_text() == graph_digest():
        return store
    shutil.rmtree(store, ignore_errors=True)
    corpus = work / f"corpus-{interviews}"
    stafett = [sys.executable, "-c", "from graph.cli import main; main()"]
    if not corpus.exists():
        subprocess.run([*stafett, "synth", "--interviews", str(interviews), "--seed", "1", "--out", str(corpus)], check=True)
    print(f"building {store} (once) ...", flush=True)
    subprocess.run([*stafett, "build", "--store", str(store), str(corpus), "--keep-going", "-q"], check=True,
                   stderr=subprocess.DEVNULL)
    stamp.write_text(graph_digest())
    return store


def timed(fn, repeat: int) -> tuple[float, float]:
    """Best wall time of ``repeat`` runs of ``fn``, and the CPU time of that run."""
    best = (float("inf"), 0.0)
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        fn()
        best = min(best, (time.perf_counter() - w, time.process_time() - c))
    return best


def ours(store_dir: Path, out: Path, repeat: int) -> tuple[dict, int, int]:
    """Each format alone (a dump from the store), then the four written together by one export
    (Turtle and TriG then re-serialised from the N-Triples and N-Quads files)."""
    from graph.export import ExportFormat, export
    from graph.export.rdf import dump
    from graph.export.snapshot import open_snapshot
    from graph.store import EmbeddedStore

    results = {}
    with EmbeddedStore(store_dir) as store, open_snapshot(store) as snap:
        triples, quads = snap.triples(), snap.quads()
        for name, _ in FORMATS:
            fmt = ExportFormat(name)
            path = out / f"stafett.{name}"
            wall, cpu = timed(lambda: dump(snap, fmt, str(path)), repeat)
            n = quads if fmt.quads else triples
            results[name] = {"n": n, "wall": wall, "cpu": cpu, "bytes": path.stat().st_size, "together": float("inf")}
        for _ in range(repeat):
            summary = export(store, out / "together", [ExportFormat(n) for n, _ in FORMATS], validate=False)
            for name, _ in FORMATS:
                results[name]["together"] = min(results[name]["together"], summary.seconds[name])
    return results, triples, quads


def tables_timing(store_dir: Path, out: Path) -> dict:
    """Seconds to read the tables, write them as CSV and as the workbook (once each)."""
    from graph.export.snapshot import open_snapshot
    from graph.export.tables import TableSet, write_tables
    from graph.export.workbook import write_workbook
    from graph.store import EmbeddedStore

    with EmbeddedStore(store_dir) as store, open_snapshot(store) as snap:
        holder = {}
        read = timed(lambda: holder.update(ts=TableSet.read(snap)), 1)
    ts = holder["ts"]
    csv_s = timed(lambda: write_tables(ts, out / "csv"), 1)
    xlsx = timed(lambda: write_workbook(ts, out / "stafett.xlsx"), 1)
    rows = sum(len(r) for r in ts.rows.values())
    cells = sum(len(ts.rows[t.name]) * len(t.columns) for t in ts.tables)
    return {"read": read, "csv": csv_s, "xlsx": xlsx, "rows": rows, "cells": cells, "tables": len(ts.tables)}


def tables_report(t: dict, nt: dict) -> list[str]:
    """``t``'s steps as (wall, CPU) beside the N-Triples dump ``nt`` of the same run."""
    def row(label, key):
        wall, cpu = t[key]
        return f"| {label} | {wall:.2f} | {cpu:.2f} | {wall / nt['wall']:.2f}× | {cpu / nt['cpu']:.2f}× |"

    return [
        "",
        f"The tables ({t['tables']} CSV files, {t['rows']:,} rows, {t['cells']:,} cells), once each, beside the N-Triples "
        f"dump of the same run ({nt['wall']:.2f} s wall, {nt['cpu']:.2f} s CPU: one read of the whole union):",
        "",
        "| step | wall s | CPU s | wall ÷ N-Triples dump | CPU ÷ N-Triples dump |",
        "|---|---:|---:|---:|---:|",
        row("read the tables (their SELECTs on the snapshot)", "read"),
        row("write the CSV files", "csv"),
        row("write `stafett.xlsx` (openpyxl, streaming)", "xlsx"),
    ]


def peer(out: Path) -> dict:
    import rdflib

    results = {}
    started = time.perf_counter()
    union = rdflib.Graph().parse(out / "stafett.nt", format="nt")
    ds = rdflib.Dataset()
    ds.parse(out / "stafett.nq", format="nquads")
    results["parse"] = time.perf_counter() - started
    print(f"  rdflib parsed the data in {results['parse']:.0f} s (not counted)", flush=True)
    for name, _ in FORMATS:
        data = ds if name in ("nq", "trig") else union
        n = len(data) if data is union else sum(len(g) for g in ds.graphs())
        wall, cpu = timed(lambda: data.serialize(destination=str(out / f"peer.{name}"), format=RDFLIB[name]), 1)
        results[name] = {"n": n, "wall": wall, "cpu": cpu}
        print(f"  rdflib {name}: {n / wall:,.0f} triples/s", flush=True)
    return results


def machine() -> str:
    cpu = platform.machine()
    try:
        cpu = next(ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines() if ln.startswith("model name"))
    except (OSError, StopIteration):
        pass
    import pyoxigraph
    import rdflib

    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{cpu}, {os.cpu_count()} cores (load average {load} when measured); Python {platform.python_version()}, "
            f"pyoxigraph {getattr(pyoxigraph, '__version__', '?')}, rdflib {rdflib.__version__}")


def report(res: dict, peer_res: dict | None, triples: int, quads: int, interviews: int, repeat: int,
           tables: dict | None = None) -> str:
    lines = [
        "## Export",
        "",
        f"`python bench/bench_export.py --interviews {interviews}`: a store built from `stafett synth --interviews "
        f"{interviews} --seed 1` holds {triples:,} triples in its union (default) graph and {quads:,} quads in the "
        f"exported named graphs. Time of the dump from the store to a file, best of {repeat} (what `stafett export "
        "--format F` spends on F after validation); rdflib 7 serialising the same data from its in-memory store as "
        "the peer" + (f" (loading the data into that store took it {peer_res['parse']:.0f} s more, not counted)." if peer_res else "."),
        "",
        "| format | counted | alone: wall s | alone: triples/s | alone: CPU s | together: wall s | together: triples/s | file | rdflib: wall s | rdflib: triples/s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, label in FORMATS:
        r = res[name]
        p = (peer_res or {}).get(name)
        peer_cols = f"{p['wall']:.1f} | {p['n'] / p['wall']:,.0f}" if p else "– | –"
        lines.append(f"| {label} | {r['n']:,} | {r['wall']:.2f} | {r['n'] / r['wall']:,.0f} | {r['cpu']:.2f} | "
                     f"{r['together']:.2f} | {r['n'] / r['together']:,.0f} | {r['bytes'] / 1e6:.0f} MB | {peer_cols} |")
    lines += [
        "",
        "*Alone*: `stafett export --format F` for one format, a dump from the store. *Together*: the four in one "
        "export (`--format nt,nq,ttl,trig` or `all`), where Turtle and TriG are re-serialised from the N-Triples "
        "and N-Quads files just written instead of reading the store again (the same bytes). The CPU column shows "
        "what a dump costs when the machine is not shared: reading the store (Oxigraph decoding each term from "
        "RocksDB) is the bulk of it; Oxigraph's parsers and serialisers alone run at over a million triples a second.",
        "",
        _target(res),
    ]
    if tables:
        lines += tables_report(tables, res["nt"])
    lines += ["", f"Machine: {machine()}."]
    return "\n".join(lines)


TARGET = 500_000


def _target(res: dict) -> str:
    """Which formats reach the target rate, alone and together (computed, so a re-run stays honest)."""
    def names(key):
        ok = [label for name, label in FORMATS if res[name]["n"] / res[name][key] >= TARGET]
        return ", ".join(ok) if ok else "none"

    per_triple = {name: 1e6 * res[name]["cpu"] / res[name]["n"] for name, _ in FORMATS}
    return (f"Against a target of {TARGET:,} triples/s: alone, {names('wall')} reach it; together, {names('together')}. "
            f"A read of the store costs {per_triple['nt']:.1f} µs of CPU per triple for the union (N-Triples) and "
            f"{per_triple['nq']:.1f} µs per quad graph by graph (N-Quads) here, so a format that must read the store "
            f"stays below the target on this machine; only the formats converted from a file already written reach it.")


def write_section(body: str) -> None:
    """Replace (or add) the export section of docs/benchmarks.md; other sections stay as they are."""
    start, end = "<!-- bench:export -->", "<!-- /bench:export -->"
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    block = f"{start}\n{body.rstrip()}\n{end}"
    if start in text and end in text:
        text = text[: text.index(start)] + block + text[text.index(end) + len(end):]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    DOC.write_text(text, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--interviews", type=int, default=6500)
    ap.add_argument("--work", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "stafett-bench-export")
    ap.add_argument("--store", type=Path, default=None, help="Use this built store instead of building one.")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-peer", action="store_true")
    ap.add_argument("--no-tables", action="store_true", help="Leave out the CSV tables and the workbook.")
    ap.add_argument("--write", action="store_true", help="write the figures to docs/benchmarks.md (else print them only)")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    store = args.store or ensure_store(args.work, args.interviews)
    out = args.work / "out"
    out.mkdir(exist_ok=True)
    res, triples, quads = ours(store, out, args.repeat)
    for name, label in FORMATS:
        r = res[name]
        print(f"{label:<10} {r['n']:>10,}: alone {r['wall']:6.2f} s = {r['n'] / r['wall']:>10,.0f} triples/s (CPU {r['cpu']:.2f} s); "
              f"together {r['together']:6.2f} s = {r['n'] / r['together']:>10,.0f} triples/s", flush=True)
    tables = None if args.no_tables else tables_timing(store, out)
    if tables:
        print("tables (wall, CPU s): " + ", ".join(f"{k} {tables[k][0]:.2f}, {tables[k][1]:.2f}" for k in ("read", "csv", "xlsx"))
              + f" (N-Triples dump {res['nt']['wall']:.2f}, {res['nt']['cpu']:.2f})", flush=True)
    peer_res = None if args.no_peer else peer(out)
    body = report(res, peer_res, triples, quads, args.interviews, args.repeat, tables)
    print(body)
    if args.write:
        write_section(body)
        print(f"wrote the export section of {DOC}")


if __name__ == "__main__":
    main()
