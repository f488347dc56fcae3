"""Latency of the named queries on a generated graph, four ways.

    python bench/bench_queries.py                       # 6400 interviews: ~1 M triples in the union graph
    python bench/bench_queries.py --interviews 300 --runs 3

For each named query (default parameters), the median of ``--runs`` timed runs, after one
untimed run, of:

- **stafett**: ``open_store(DIR).query(text)``, every binding of every row read;
- **raw**: ``pyoxigraph.Store.read_only(generation).query(text)``, read alike (the floor);
- **server**: ``oxigraph serve-read-only`` on a checkpoint of the same generation, through
  ``RemoteStore`` (HTTP on loopback, JSON results parsed by pyoxigraph);
- **rdflib**: the same union graph loaded into rdflib's default in-memory store, the same text.
  rdflib runs in a child process with a time limit per query (``--rdflib-limit``); a query
  over the limit shows as ``>limit``, and slow ones are timed fewer times.
- **rdflib, plain form**: many library queries are written as subqueries joined by hashing,
  which suits Oxigraph and costs rdflib more (it evaluates an ``OPTIONAL { SELECT … }`` again
  for every row on its left). ``bench/plain/NAME.rq`` holds the same question in plain joins
  (the answer is the same: ``tests/test_bench_plain.py``); rdflib runs that too, and the ratio
  is taken against the faster of its two times, so the peer is measured at its best.

The graph is written with ``stafett synth`` and built with ``stafett build`` into ``--workdir``
(reused when it already holds them). The table goes to stdout and, with ``--write``, into
``docs/benchmarks.md`` between the ``bench:queries`` markers (other sections are left alone).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from graph.build import build
from graph.queries import NamedQuery, fill, list_queries, parse_query_file
from graph.remote import RemoteStore
from graph.store import open_store
from graph.synth import write_corpus

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import graph_digest  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
PLAIN = Path(__file__).resolve().parent / "plain"
DOC = REPO / "docs" / "benchmarks.md"
START, END = "<!-- bench:queries -->", "<!-- /bench:queries -->"
TARGET_AGG_MS, TARGET_RDFLIB, TARGET_OVERHEAD = 200.0, 10.0, 1.3


def consume(result) -> int:
    """Read every binding of every row (as a caller would); the number of rows."""
    if isinstance(result, ox.QueryBoolean):
        return 1
    names = [v.value for v in result.variables]
    rows = 0
    for solution in result:
        for name in names:
            solution[name]
        rows += 1
    return rows


def timed(*runs_of, runs: int) -> list[tuple[float, int]]:
    """(median milliseconds, rows) of each callable: one untimed call each, then ``runs``
    rounds taking turns, so that a busy moment of the machine falls on all alike."""
    rows = [run() for run in runs_of]
    times: list[list[float]] = [[] for _ in runs_of]
    for _ in range(runs):
        for i, run in enumerate(runs_of):
            started = time.perf_counter()
            rows[i] = run()
            times[i].append((time.perf_counter() - started) * 1000)
    return [(statistics.median(t), n) for t, n in zip(times, rows)]


# Queries that list one row per entity (a pass, a post, an interview, a mention): their time
# grows with the graph whatever the query. The others summarise (by county, by frequency,
# per partner, per pair) and are held to the aggregate target.
LISTS = {"relay", "pending-stages", "people", "interviews", "fact-boxes", "missing-fact-box", "provenance"}

# Why a query misses a target, where the reason is a property of the question, not of a run.
REASONS = {
    "linked-municipalities": "its answer is some 13,500 pairs with what each shares. The pairs, their counts and names "
    "are derived by the build (graph/links.py; forming them per query took about 0.5 s); what is left is reading them "
    "out and sorting them by name",
}


def plain_form(q: NamedQuery) -> str | None:
    """The text of ``bench/plain/NAME.rq`` with the query's default parameters, if there is one."""
    path = PLAIN / f"{q.name}.rq"
    return fill(parse_query_file(path.read_text(encoding="utf-8"), q.name)) if path.exists() else None


def is_aggregate(name: str) -> bool:
    """Held to the aggregate target: every query that is not a list. By name, not by the text's
    GROUP BY: a query that reads counts the build stored (linked-municipalities) still summarises."""
    return name not in LISTS


# -- the graph ------------------------------------------------------------------------------------
def prepare(workdir: Path, interviews: int, seed: int) -> Path:
    corpus, store = workdir / "corpus", workdir / "store"
    stamp = workdir / "made.txt"
    wanted = f"{interviews} {seed} {graph_digest()}"
    if not (stamp.exists() and stamp.read_text() == wanted and (store / "current").exists()):
        shutil.rmtree(corpus, ignore_errors=True)
        shutil.rmtree(store, ignore_errors=True)
        print(f"writing {interviews} interviews (seed {seed}) ...", file=sys.stderr)
        write_corpus(corpus, interviews, seed=seed)
        print("building ...", file=sys.stderr)
        summary = build([corpus], store_dir=store, keep_going=True)
        if summary.skipped:
            print(f"{len(summary.skipped)} input(s) skipped by the build", file=sys.stderr)
        stamp.write_text(wanted)
    return store


def generation(store: Path) -> Path:
    return store / os.readlink(store / "current")


# -- the Oxigraph server --------------------------------------------------------------------------
def start_server(gen: Path, workdir: Path) -> tuple[subprocess.Popen, str]:
    copy = workdir / "server-db"
    shutil.rmtree(copy, ignore_errors=True)
    ox.Store.read_only(str(gen)).backup(str(copy))  # a checkpoint: hard links, instant
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([binary, "serve-read-only", "--location", str(copy), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoint = f"http://127.0.0.1:{port}/query"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with RemoteStore(endpoint, timeout=2) as remote:
                remote.query("ASK {}")
            return proc, endpoint
        except Exception:  # noqa: BLE001 - not up yet
            if proc.poll() is not None:
                break
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("oxigraph serve-read-only did not start")


# -- rdflib, in a child process ---------------------------------------------------------------
def _rdflib_worker(ntriples_path: str, inbox, outbox) -> None:
    import rdflib

    graph = rdflib.Graph()
    graph.parse(ntriples_path, format="nt")
    outbox.put(len(graph))
    for text in iter(inbox.get, None):
        started = time.perf_counter()
        try:
            rows = 0
            for row in graph.query(text):  # every binding of every row, as consume() does
                for _value in row:
                    pass
                rows += 1
            outbox.put(((time.perf_counter() - started) * 1000, rows, None))
        except Exception as exc:  # noqa: BLE001 - reported in the table
            outbox.put((None, 0, f"{type(exc).__name__}: {exc}"[:80]))


class Rdflib:
    """rdflib's in-memory store in a child process, so that a query can be given up on."""

    def __init__(self, ntriples_path: Path):
        self.path = str(ntriples_path)
        self.proc = None
        self.load_seconds = 0.0
        self.triples = 0
        self._start()

    def _start(self) -> None:
        ctx = mp.get_context("fork")
        self.inbox, self.outbox = ctx.Queue(), ctx.Queue()
        started = time.perf_counter()
        self.proc = ctx.Process(target=_rdflib_worker, args=(self.path, self.inbox, self.outbox), daemon=True)
        self.proc.start()
        self.triples = self.outbox.get()
        self.load_seconds = time.perf_counter() - started

    def run(self, text: str, limit: float) -> tuple[float | None, str | None]:
        self.inbox.put(text)
        try:
            ms, _rows, error = self.outbox.get(timeout=limit)
            return ms, error
        except Exception:  # noqa: BLE001 - queue.Empty: over the limit
            self.proc.kill()
            self.proc.join()
            self._start()  # the next query needs a live graph
            return None, f">{limit:g} s"

    def median(self, text: str, runs: int, limit: float) -> tuple[float | None, str | None]:
        first, error = self.run(text, limit)
        if first is None:
            return None, error
        times = [first]
        if first < limit * 1000 / 10:  # slow queries are timed once
            for _ in range(runs - 1):
                ms, error = self.run(text, limit)
                if ms is None:
                    break
                times.append(ms)
        return statistics.median(times), None

    def close(self) -> None:
        if self.proc and self.proc.is_alive():
            self.inbox.put(None)
            self.proc.join(timeout=5)
            if self.proc.is_alive():
                self.proc.kill()


# -- the table ------------------------------------------------------------------------------------
def fmt_ms(ms: float | None) -> str:
    if ms is None:
        return "–"
    return f"{ms:,.0f}" if ms >= 100 else f"{ms:.1f}"


def fmt_ratio(x: float | None) -> str:
    return "–" if x is None else (f"{x:,.0f}×" if x >= 100 else f"{x:.1f}×" if x >= 10 else f"{x:.2f}×")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--interviews", type=int, default=6400, help="6400 give about 1 M triples in the union graph")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=7, help="timed runs per query and store (median)")
    ap.add_argument("--rdflib-runs", type=int, default=3)
    ap.add_argument("--rdflib-limit", type=float, default=120.0, help="seconds before an rdflib query is given up")
    ap.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "stafett-bench-queries")
    ap.add_argument("--no-rdflib", action="store_true")
    ap.add_argument("--no-server", action="store_true")
    ap.add_argument("--write", action="store_true", help="write the figures to docs/benchmarks.md (else print them only)")
    ap.add_argument("--from-results", type=Path, help="render a results.json of an earlier run, measuring nothing")
    args = ap.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that the server and rdflib are stopped too

    if args.from_results:
        saved = json.loads(args.from_results.read_text(encoding="utf-8"))
        args.interviews, args.seed, args.runs, args.rdflib_runs, args.rdflib_limit = (
            saved["args"][k] for k in ("interviews", "seed", "runs", "rdflib_runs", "rdflib_limit"))
        table = render(saved["results"], args, *saved["graph"], saved["rdflib_note"], saved["machine"])
        print(table)
        if args.write:
            write_section(table)
        return

    args.workdir.mkdir(parents=True, exist_ok=True)
    store_dir = prepare(args.workdir, args.interviews, args.seed)
    gen = generation(store_dir)
    stafett = open_store(store_dir)
    raw = ox.Store.read_only(str(gen))
    quads = len(raw)
    union = int(next(iter(raw.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value)
    interviews = int(next(iter(raw.query("SELECT (COUNT(*) AS ?n) WHERE { ?i a <https://w3id.org/stafett/def#Interview> }")))["n"].value)
    print(f"{interviews} interviews, {union:,} triples in the union graph, {quads:,} quads in the store", file=sys.stderr)

    queries = list_queries()
    results: dict[str, dict] = {q.name: {} for q in queries}
    for q in queries:
        text = fill(q)
        (ms, rows), (raw_ms, _) = timed(lambda: consume(stafett.query(text)), lambda: consume(raw.query(text)), runs=args.runs)
        results[q.name].update(rows=rows, stafett=ms, raw=raw_ms)
        print(f"  {q.name}: {ms:.1f} ms (raw {raw_ms:.1f} ms), {rows} rows", file=sys.stderr)

    if not args.no_server:
        proc, endpoint = start_server(gen, args.workdir)
        try:
            with RemoteStore(endpoint, timeout=args.rdflib_limit) as remote:
                for q in queries:
                    text = fill(q)
                    [(results[q.name]["server"], _)] = timed(lambda: consume(remote.query(text)), runs=args.runs)
        finally:
            proc.terminate()
            proc.wait(timeout=10)

    rdflib_note = ""
    if not args.no_rdflib:
        nt = args.workdir / "union.nt"
        raw.dump(str(nt), format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        engine = Rdflib(nt)
        rdflib_note = f"rdflib loaded the union graph ({engine.triples:,} triples) in {engine.load_seconds:.0f} s. "
        try:
            for q in queries:
                ms, error = engine.median(fill(q), args.rdflib_runs, args.rdflib_limit)
                results[q.name].update(rdflib=ms, rdflib_error=error)
                print(f"  rdflib {q.name}: {fmt_ms(ms)} ms {error or ''}", file=sys.stderr)
                plain = plain_form(q)
                if plain is not None:
                    ms, error = engine.median(plain, args.rdflib_runs, args.rdflib_limit)
                    results[q.name].update(rdflib_plain=ms, rdflib_plain_error=error)
                    print(f"  rdflib {q.name}, plain form: {fmt_ms(ms)} ms {error or ''}", file=sys.stderr)
        finally:
            engine.close()

    machine = (f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, pyoxigraph {ox.__version__}; "
               f"load average {os.getloadavg()[0]:.1f} when measured (other work on the machine slows these down)")
    saved = {"args": {k: getattr(args, k) for k in ("interviews", "seed", "runs", "rdflib_runs", "rdflib_limit")},
             "graph": [interviews, union, quads], "rdflib_note": rdflib_note, "machine": machine, "results": results}
    (args.workdir / "results.json").write_text(json.dumps(saved, indent=1), encoding="utf-8")
    table = render(results, args, interviews, union, quads, rdflib_note, machine)
    print(table)
    if args.write:
        write_section(table)
        print(f"written to {DOC.relative_to(REPO)}", file=sys.stderr)


def render(results: dict, args, interviews: int, union: int, quads: int, rdflib_note: str, machine: str) -> str:
    lines = [
        "| query | aggregate | rows | stafett ms | raw ms | stafett/raw | server ms | rdflib ms | rdflib ms, plain form "
        "| rdflib/stafett |",
        "|---|:-:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    slow, overhead, not_ten, failures = [], [], [], set()

    def cell(ms: float | None, error: str | None) -> str:
        if ms is not None:
            return fmt_ms(ms)
        if error and not error.startswith(">"):
            failures.add(error)
            return "fails¹"
        return error or "–"  # ">120 s", or not measured

    for name, r in results.items():
        over = r["stafett"] / r["raw"] if r["raw"] else None
        forms = [(r.get("rdflib"), r.get("rdflib_error"))]
        if "rdflib_plain" in r:
            forms.append((r.get("rdflib_plain"), r.get("rdflib_plain_error")))
        times = [ms for ms, _ in forms if ms is not None]
        timed_out = not times and any((e or "").startswith(">") for _, e in forms)
        # The peer at its best: the faster of its times on the library's text and on the plain form.
        speedup = min(times) / r["stafett"] if times else args.rdflib_limit * 1000 / r["stafett"] if timed_out else None
        plain_cell = cell(r.get("rdflib_plain"), r.get("rdflib_plain_error")) if "rdflib_plain" in r else ""
        lines.append(
            f"| {name} | {'yes' if is_aggregate(name) else ''} | {r['rows']:,} | {fmt_ms(r['stafett'])} | {fmt_ms(r['raw'])} | "
            f"{fmt_ratio(over)} | {fmt_ms(r.get('server'))} | {cell(r.get('rdflib'), r.get('rdflib_error'))} | "
            f"{plain_cell} | {('>' if timed_out else '') + fmt_ratio(speedup)} |"
        )
        if is_aggregate(name) and r["stafett"] > TARGET_AGG_MS:
            slow.append(name)
        if over and over > TARGET_OVERHEAD:
            overhead.append(name)
        if speedup is not None and speedup < TARGET_RDFLIB:
            not_ten.append(name)
    head = [
        "## Queries",
        "",
        f"`python bench/bench_queries.py --interviews {args.interviews} --seed {args.seed} --runs {args.runs}` — "
        f"{interviews:,} generated interviews: {union:,} triples in the union (default) graph that the queries read, "
        f"{quads:,} quads in the store. Median of {args.runs} runs after one untimed run, every binding of every row read; "
        f"rdflib median of up to {args.rdflib_runs} (one when a run takes over a tenth of the {args.rdflib_limit:g} s limit), "
        "on the library's text and, where `bench/plain/` has one, on the same question in plain joins; "
        "rdflib/stafett takes the faster of the two.",
        "",
    ]
    foot = [
        "",
        f"{rdflib_note}Machine: {machine}.",
        "",
        f"Targets: aggregate queries ≤ {TARGET_AGG_MS:.0f} ms on the embedded store — "
        + (f"missed by {', '.join(slow)}" if slow else "met") + f"; stafett/raw ≤ {TARGET_OVERHEAD}× — "
        + (f"missed by {', '.join(overhead)}" if overhead else "met") + f"; rdflib ≥ {TARGET_RDFLIB:.0f}× slower — "
        + (f"missed by {', '.join(not_ten)}" if not_ten else "met" if any("rdflib" in r for r in results.values())
           else "not measured (--no-rdflib)") + ".",
        "",
        "Aggregate queries summarise (by county, by frequency, per partner or pair, the gaps); the others list a row "
        "per pass, post, interview or mention, so their time grows with the graph whatever the query.",
    ]
    foot += [f"\n- `{name}` misses: {REASONS[name]}." for name in slow if name in REASONS]
    if failures:
        foot += ["", "¹ rdflib fails the query: " + "; ".join(sorted(failures)) + ". rdflib raises on an aggregate "
                 "(GROUP_CONCAT, SAMPLE) over a variable that an OPTIONAL left unbound (RDFLib/rdflib#882, #2229); "
                 "the SPARQL is valid and Oxigraph answers it."]
    return "\n".join(head + lines + foot) + "\n"


def write_section(table: str) -> None:
    """Put the table between the markers in docs/benchmarks.md, leaving other sections alone."""
    section = f"{START}\n{table}{END}\n"
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks\n"
    if START in text and END in text:
        before, rest = text.split(START, 1)
        after = rest.split(END, 1)[1].lstrip("\n")
        text = before + section + ("\n" + after if after else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    DOC.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
