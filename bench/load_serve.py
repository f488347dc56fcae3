"""Load test of ``stafett serve`` (not part of the default tests; ``tests/test_load.py`` runs a
short version).

    python bench/load_serve.py                          # 50 clients, 30 s, then the slow query; prints the figures
    python bench/load_serve.py --write                  # ... and writes them to docs/reliability.md
    python bench/load_serve.py --clients 5 --seconds 3  # a quick look
    python bench/load_serve.py --store DIR              # an existing store (default: bundled records + shared corpus)
    python bench/load_serve.py --interviews 1000        # a generated store of that many interviews
                                                        # (--write writes section load-1000)
    python bench/load_serve.py --storm                  # 200 clients sending slow queries for 30 s,
                                                        # probes meanwhile and after (section storm)
    python bench/load_serve.py --memory                 # the memory probes (section memory)

A real ``stafett serve`` on a loopback port (``--workers``, ``--timeout``); the clients are
asyncio tasks sharing one httpx connection pool, each sending the named queries of
``graph.queries.list_queries()`` one after another, as fast as answers come (a closed loop:
the offered load is whatever the server can take). Measured:

1. **Load**: requests, errors (any status but 200; 5xx counted apart), latency p50/p99/max,
   the server's process tree resident memory (server and query workers, from /proc) sampled every
   0.25 s: its peak, and whether it stayed flat (last third against the first third).
2. **A slow query**: while the clients go on, one more client sends a query that runs far past
   the time limit (a count over a cubic join). It must end as ``503 timeout`` after about
   ``--timeout`` seconds, and the others must go on being answered: their p50/p99 while it runs
   are compared with the load phase (the bound: no error, p99 under 2.5x the load phase's, which
   is what losing one of two workers for the whole time costs a closed loop, with some slack).
3. **A storm** (``--storm``): ``--clients`` (200) clients each send the slow query again as soon
   as they are answered, for ``--seconds``; meanwhile a probe, on connections of its own, sends
   ``ASK {}`` and fetches ``/static/stafett.css`` every half second. Bound: every probe is
   answered (``200``, or ``503 busy`` with ``Retry-After`` for the ASK) within ``--timeout`` + 5 s
   throughout; then the clients stop (their connections close) and 5 s later ``ASK {}`` is
   answered ``200`` within a second and the static file too.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "bench")]

from common import machine  # noqa: E402

DOC = REPO / "docs" / "reliability.md"
SECTION = "<!-- {name}:begin -->", "<!-- {name}:end -->"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SLOW_BOUND = 2.5  # p99 of the others while the slow query runs, against the load phase's


@dataclass
class Phase:
    latencies: list[float] = field(default_factory=list)  # seconds, answered requests
    statuses: dict[int, int] = field(default_factory=dict)
    kinds: dict[str, int] = field(default_factory=dict)  # the error codes of the answers that are not 200
    transport_errors: int = 0

    @property
    def requests(self) -> int:
        return sum(self.statuses.values()) + self.transport_errors

    @property
    def errors(self) -> int:
        return self.requests - self.statuses.get(200, 0)

    @property
    def server_errors(self) -> int:
        return sum(n for code, n in self.statuses.items() if code >= 500)

    def pct(self, p: float) -> float:
        xs = sorted(self.latencies)
        return xs[min(len(xs) - 1, int(p / 100 * len(xs)))] if xs else float("nan")


def tree_rss(pid: int) -> int:
    """Resident memory (bytes) of a process and all its descendants, found by their parent ids
    (the server starts its query workers from several threads, so /proc/PID/task/PID/children,
    which lists the main thread's children only, would miss them)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            status = Path(f"/proc/{entry}/status").read_text()
        except OSError:
            continue
        parents[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
        m = re.search(r"VmRSS:\s+(\d+)", status)
        rss[int(entry)] = int(m.group(1)) * 1024 if m else 0
    tree, todo = set(), [pid]
    while todo:
        p = todo.pop()
        if p not in tree:
            tree.add(p)
            todo.extend(c for c, parent in parents.items() if parent == p)
    return sum(rss.get(p, 0) for p in tree)


def named_queries() -> list[tuple[str, str]]:
    from graph.errors import StafettError
    from graph.queries import fill, list_queries

    out = []
    for q in list_queries():
        try:
            out.append((q.name, fill(q, {})))
        except StafettError:
            pass  # a query whose parameter has no default cannot run unattended
    return out


# -- the load ------------------------------------------------------------------------------------------
async def _client(http, queries, phase_of, stop: asyncio.Event, offset: int) -> None:
    i = offset
    while not stop.is_set():
        name, text = queries[i % len(queries)]
        i += 1
        started = time.perf_counter()
        try:
            r = await http.get("/sparql", params={"query": text}, headers={"Accept": "application/sparql-results+json"})
            await r.aread()
            code = r.status_code
        except Exception:  # noqa: BLE001 - any failure to get an answer counts
            phase_of().transport_errors += 1
            continue
        phase = phase_of()
        phase.statuses[code] = phase.statuses.get(code, 0) + 1
        if code == 200:
            phase.latencies.append(time.perf_counter() - started)
        else:
            try:
                kind = f"{code} {r.json()['error']}"
            except ValueError:
                kind = str(code)
            phase.kinds[kind] = phase.kinds.get(kind, 0) + 1


async def _sample_memory(pid: int, samples: list[tuple[float, int]], stop: asyncio.Event) -> None:
    while not stop.is_set():
        samples.append((time.perf_counter(), tree_rss(pid)))
        try:
            await asyncio.wait_for(stop.wait(), 0.25)
        except asyncio.TimeoutError:
            pass


async def drive(url: str, *, clients: int, seconds: float, pid: int | None = None, slow: bool = False,
                timeout: float = 5.0) -> dict:
    """Run the load (and, with ``slow``, the slow query after it) against a server at ``url``."""
    import httpx

    queries = named_queries()
    load, during = Phase(), Phase()
    current = {"phase": load}
    samples: list[tuple[float, int]] = []
    limits = httpx.Limits(max_connections=clients + 2, max_keepalive_connections=clients + 2)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits, trust_env=False) as http:
        for _, text in queries:  # warm up: every query once
            await http.get("/sparql", params={"query": text})
        stop, stop_mem = asyncio.Event(), asyncio.Event()
        mem = asyncio.create_task(_sample_memory(pid, samples, stop_mem)) if pid else None
        tasks = [asyncio.create_task(_client(http, queries, lambda: current["phase"], stop, k)) for k in range(clients)]
        started = time.perf_counter()
        await asyncio.sleep(seconds)
        load_seconds = time.perf_counter() - started
        slow_result = None
        if slow:
            current["phase"] = during
            t0 = time.perf_counter()
            r = await http.get("/sparql", params={"query": SLOW})
            slow_result = {"status": r.status_code, "error": r.json().get("error") if r.status_code != 200 else None,
                           "seconds": time.perf_counter() - t0}
            current["phase"] = Phase()  # after the slow query: not counted
        stop.set()
        await asyncio.gather(*tasks)
        stop_mem.set()
        if mem:
            await mem
    out = {"clients": clients, "seconds": load_seconds, "queries": len(queries), "load": load, "slow": slow_result,
           "during": during, "memory": samples}
    if samples:
        rss = [s for _, s in samples]
        third = max(1, len(rss) // 3)
        out["peak_rss"], out["rss_first"], out["rss_last"] = max(rss), statistics.median(rss[:third]), statistics.median(rss[-third:])
    return out


# -- the storm -----------------------------------------------------------------------------------------
@dataclass
class Probe:
    at: float
    what: str
    status: int | None
    seconds: float
    retry_after: str | None = None


async def _probe(http, what: str, path: str, params: dict | None, t0: float) -> Probe:
    started = time.perf_counter()
    try:
        r = await http.get(path, params=params)
        await r.aread()
        return Probe(started - t0, what, r.status_code, time.perf_counter() - started, r.headers.get("retry-after"))
    except Exception:  # noqa: BLE001 - a probe that got no answer at all
        return Probe(started - t0, what, None, time.perf_counter() - started)


async def crowd(url: str, clients: int) -> None:
    """The storm's clients (run in a process of their own, so that the probe's timings are the
    server's, not this process's): each sends the slow query again as soon as it is answered,
    until the process is stopped; on SIGTERM it prints how the answers went, as JSON."""
    import json
    import signal

    import httpx

    answered: dict[str, int] = {}
    limits = httpx.Limits(max_connections=clients + 2, max_keepalive_connections=clients + 2)
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)

    async def one(http):
        while True:
            try:
                r = await http.get("/sparql", params={"query": SLOW})
                key = str(r.status_code)
            except httpx.HTTPError:
                key = "no answer"
            answered[key] = answered.get(key, 0) + 1

    async with httpx.AsyncClient(base_url=url, timeout=600, limits=limits, trust_env=False) as http:
        tasks = [asyncio.create_task(one(http)) for _ in range(clients)]
        await stop.wait()
        for t in tasks:
            t.cancel()  # the clients go: their connections close mid-request
        await asyncio.gather(*tasks, return_exceptions=True)
    print(json.dumps(answered), flush=True)


async def storm(url: str, *, clients: int, seconds: float, timeout: float, pid: int | None = None) -> dict:
    """The crowd for ``seconds``, probes meanwhile and 5 s after it stops."""
    import json

    import httpx

    samples: list[tuple[float, int]] = []
    crowd_proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--crowd", url, "--clients", str(clients)],
                                  cwd=REPO, stdout=subprocess.PIPE, text=True)
    t0 = time.perf_counter()
    probes: list[Probe] = []
    try:
        async with httpx.AsyncClient(base_url=url, timeout=600, trust_env=False) as prober:
            stop_mem = asyncio.Event()
            mem = asyncio.create_task(_sample_memory(pid, samples, stop_mem)) if pid else None
            pending: list[asyncio.Task] = []
            await asyncio.sleep(1.0)  # the crowd is at the door
            while time.perf_counter() - t0 < seconds:
                pending.append(asyncio.create_task(_probe(prober, "ask", "/sparql", {"query": "ASK {}"}, t0)))
                pending.append(asyncio.create_task(_probe(prober, "static", "/static/stafett.css", None, t0)))
                await asyncio.sleep(0.5)
            crowd_proc.terminate()
            out, _ = await asyncio.to_thread(crowd_proc.communicate, None, 60)
            stopped = time.perf_counter() - t0
            probes += await asyncio.gather(*pending)
            await asyncio.sleep(max(0.0, stopped + 5 - (time.perf_counter() - t0)))
            after = [await _probe(prober, "ask", "/sparql", {"query": "ASK {}"}, t0),
                     await _probe(prober, "static", "/static/stafett.css", None, t0)]
            stop_mem.set()
            if mem:
                await mem
    finally:
        if crowd_proc.poll() is None:
            crowd_proc.kill()
    answered = json.loads(out.strip().splitlines()[-1]) if out and out.strip() else {}
    return {"clients": clients, "seconds": seconds, "timeout": timeout, "probes": probes, "after": after,
            "answered": answered, "stopped": stopped, "peak_rss": max((s for _, s in samples), default=0)}


def storm_held(res: dict) -> bool:
    bound = res["timeout"] + 5
    during = all(p.seconds <= bound and (p.status == 200 or (p.what == "ask" and p.status == 503 and p.retry_after))
                 for p in res["probes"])
    after = all(p.status == 200 and p.seconds <= 1.0 for p in res["after"])
    return during and after


def storm_report(res: dict, *, what: str, workers: int, command: str) -> str:
    bound = res["timeout"] + 5
    asks = [p for p in res["probes"] if p.what == "ask"]
    statics = [p for p in res["probes"] if p.what == "static"]
    ok = sum(1 for p in asks if p.status == 200)
    busy = sum(1 for p in asks if p.status == 503)
    ask_after, static_after = res["after"]
    codes = ", ".join(f"{n} × {c}" for c, n in sorted(res["answered"].items()))
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on {machine()}; load average before the run {os.getloadavg()[0]:.1f}.",
        f"Store: {what}. Server: `stafett serve --workers {workers} --timeout {res['timeout']:g}`. Command: `{command}`.",
        "",
        "| storm | figure |",
        "|---|---|",
        f"| clients | {res['clients']} sending `{SLOW}` again as soon as answered, for {res['seconds']:g} s |",
        f"| their answers | {codes} |",
        f"| probe `ASK {{}}` every 0.5 s | {len(asks)}: {ok} × 200, {busy} × 503 busy; slowest {max((p.seconds for p in asks), default=0):.2f} s |",
        f"| probe `/static/stafett.css` | {len(statics)}: {sum(1 for p in statics if p.status == 200)} × 200; slowest "
        f"{max((p.seconds for p in statics), default=0):.3f} s |",
        f"| 5 s after the clients stopped | `ASK {{}}` {ask_after.status} in {ask_after.seconds * 1000:.0f} ms, static "
        f"{static_after.status} in {static_after.seconds * 1000:.0f} ms |",
        f"| server memory (process tree RSS), peak | {mib(res['peak_rss'])} |",
        f"| bound: every probe answered within --timeout + 5 = {bound:g} s, normal 5 s after | "
        f"{'held' if storm_held(res) else 'NOT HELD'} |",
    ]
    return "\n".join(lines) + "\n"


# -- the memory probes ---------------------------------------------------------------------------------
def doublings(n: int, *, select_string: bool = False) -> str:
    """A query whose string doubles ``n`` times (10 bytes * 2**n): the issue's memory probe."""
    binds = ['BIND("0123456789" AS ?a0)'] + [f"BIND(CONCAT(?a{i},?a{i}) AS ?a{i + 1})" for i in range(n)]
    head = f"?a{n}" if select_string else f"(STRLEN(?a{n}) AS ?n)"
    return f"SELECT {head} WHERE {{ {' '.join(binds)} }}"


async def memory_probes(url: str, *, pid: int) -> dict:
    """Two 26-doubling probes at once, then four clients that ask for a 42 MB answer (22
    doublings, returned) and do not read it, while the tree's memory is sampled."""
    import httpx

    samples: list[tuple[float, int]] = []
    stop = asyncio.Event()
    mem = asyncio.create_task(_sample_memory(pid, samples, stop))
    out: dict = {}
    async with httpx.AsyncClient(base_url=url, timeout=600, trust_env=False) as http:
        t0 = time.perf_counter()
        rs = await asyncio.gather(*(http.get("/sparql", params={"query": doublings(26)}) for _ in range(2)))
        out["strlen"] = [(r.status_code, r.json().get("error"), time.perf_counter() - t0) for r in rs]

        async def unread():
            async with http.stream("GET", "/sparql", params={"query": doublings(22, select_string=True)}) as r:
                await asyncio.sleep(5)  # reads nothing meanwhile
                body = await r.aread()
                return r.status_code, len(body), (r.json().get("error") if r.status_code != 200 else None)

        out["unread"] = await asyncio.gather(*(unread() for _ in range(4)))
        r = await http.get("/sparql", params={"query": "ASK {}"})
        out["after"] = r.status_code
    stop.set()
    await mem
    out["peak_rss"] = max(s for _, s in samples)
    out["idle_rss"] = samples[0][1]
    return out


def memory_report(res: dict, *, what: str, command: str, bound: int = 1024 ** 3) -> str:
    strlen = "; ".join(f"{s} `{e}` after {t:.1f} s" for s, e, t in res["strlen"])
    unread = "; ".join(f"{s} `{e}`" if e else f"{s} ({n} bytes)" for s, n, e in res["unread"])
    held = res["peak_rss"] <= bound and all(s == 503 for s, _, _ in res["strlen"]) and res["after"] == 200
    return "\n".join([
        f"Measured {time.strftime('%Y-%m-%d')} on {machine()}; load average before the run {os.getloadavg()[0]:.1f}.",
        f"Store: {what}. Server: `stafett serve` with the defaults (2 workers of 384 MB, 64 MiB results). Command: `{command}`.",
        "",
        "| memory probe | figure |",
        "|---|---|",
        f"| two `STRLEN` of a string doubled 26 times (670 MB), at once | {strlen} |",
        f"| four clients asking for a string doubled 22 times (42 MB) and reading nothing for 5 s | {unread} |",
        f"| `ASK {{}}` afterwards | {res['after']} |",
        f"| server tree memory (RSS): idle → peak | {mib(res['idle_rss'])} → {mib(res['peak_rss'])} |",
        f"| bound: peak ≤ 1 GiB, clear errors, answering afterwards | {'held' if held else 'NOT HELD'} |",
    ]) + "\n"


# -- the server ----------------------------------------------------------------------------------------
def start_server(store: Path, *, workers: int, timeout: float) -> tuple[subprocess.Popen, str]:
    import socket

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "graph", "serve", "--store", str(store), "--port", str(port),
                             "--workers", str(workers), "--timeout", str(timeout)], cwd=REPO,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("stafett serve exited")
        try:
            if httpx.get(url + "/sparql", params={"query": "ASK {}"}, timeout=5, trust_env=False).status_code == 200:
                return proc, url
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("stafett serve did not answer")


def build_store(work: Path, interviews: int | None) -> tuple[Path, str]:
    store = work / "store"
    if interviews:
        corpus = work / "corpus"
        subprocess.run([sys.executable, "-m", "graph", "synth", "-n", str(interviews), "--seed", "1", "--out", str(corpus)],
                       cwd=REPO, check=True, stdout=subprocess.DEVNULL)
        paths, what = [str(corpus)], f"{interviews} generated interviews"
    else:
        paths = [str(REPO / "data" / "interviews"), str(REPO.parent / "shared" / "corpus")]
        what = "the bundled records and the shared corpus"
    subprocess.run([sys.executable, "-m", "graph", "build", "--store", str(store), "-q", *paths], cwd=REPO, check=True)
    return store, what


def triples(store: Path) -> int:
    from graph.store import EmbeddedStore

    with EmbeddedStore(store) as st:
        return int(next(iter(st.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value)


# -- the report ----------------------------------------------------------------------------------------
def ms(x: float) -> str:
    return f"{x * 1000:.0f} ms" if x >= 0.0995 else f"{x * 1000:.1f} ms"


def mib(n: float) -> str:
    return f"{n / 1024 / 1024:.0f} MiB"


def report(res: dict, *, what: str, n_triples: int, workers: int, timeout: float, command: str) -> str:
    load, during, slow = res["load"], res["during"], res["slow"]
    flat = res["rss_last"] <= res["rss_first"] * 1.10 + 16 * 1024 * 1024
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on {machine()}; load average before the run "
        f"{os.getloadavg()[0]:.1f} (the machine is shared; the clients run on it too).",
        f"Store: {what} ({n_triples:,} triples in the union). Server: `stafett serve --workers {workers} "
        f"--timeout {timeout:g}`. Command: `{command}`.".replace(f"{n_triples:,}", f"{n_triples:,}".replace(",", " ")),
        "",
        "| load | figure |",
        "|---|---|",
        f"| clients (concurrent, closed loop) | {res['clients']} for {res['seconds']:.0f} s, the {res['queries']} named queries in turn |",
        f"| requests answered | {load.requests} ({load.requests / res['seconds']:.0f}/s) |",
        f"| errors | {load.errors} (5xx: {load.server_errors}; transport: {load.transport_errors})"
        + "".join(f"; {n} × `{k}`" for k, n in sorted(load.kinds.items())) + " |",
        f"| latency p50 / p99 / max | {ms(load.pct(50))} / {ms(load.pct(99))} / {ms(max(load.latencies, default=0))} |",
        f"| server memory (process tree RSS), peak | {mib(res['peak_rss'])} |",
        f"| memory, first third → last third (median) | {mib(res['rss_first'])} → {mib(res['rss_last'])}: "
        f"{'flat' if flat else 'GREW'} |",
    ]
    if slow:
        bound_ok = during.errors == 0 and during.pct(99) <= SLOW_BOUND * load.pct(99)
        lines += [
            "",
            "| a slow query meanwhile | figure |",
            "|---|---|",
            f"| the slow query (`{SLOW}`) | {slow['status']} `{slow['error']}` after {slow['seconds']:.2f} s (limit {timeout:g} s) |",
            f"| other requests while it ran | {during.requests}, errors {during.errors} (5xx: {during.server_errors})"
            + "".join(f"; {n} × `{k}`" for k, n in sorted(during.kinds.items())) + " |",
            f"| their latency p50 / p99 | {ms(during.pct(50))} / {ms(during.pct(99))} (load phase: {ms(load.pct(50))} / {ms(load.pct(99))}) |",
            f"| bound: no error and p99 ≤ {SLOW_BOUND}× the load phase's | {'held' if bound_ok else 'NOT HELD'} "
            f"({during.pct(99) / load.pct(99):.2f}×) |",
        ]
    return "\n".join(lines) + "\n"


def write_doc(block: str, name: str) -> None:
    begin, end = (m.format(name=name) for m in SECTION)
    text = DOC.read_text(encoding="utf-8")
    if begin not in text or end not in text:
        raise SystemExit(f"{DOC} has no {begin} ... {end} section to write into")
    DOC.write_text(text[: text.index(begin) + len(begin)] + "\n" + block + text[text.index(end):], encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--workers", type=int, default=2, help="the server's query workers")
    ap.add_argument("--timeout", type=float, default=5, help="the server's query time limit (the slow query hits it)")
    ap.add_argument("--store", type=Path, help="an existing store (default: build one in a temporary folder)")
    ap.add_argument("--interviews", type=int, help="build a generated store of this many interviews")
    ap.add_argument("--no-slow", action="store_true", help="skip the slow query")
    ap.add_argument("--storm", action="store_true", help="the storm: --clients (default 200) slow-query clients, probes")
    ap.add_argument("--crowd", metavar="URL", help=argparse.SUPPRESS)  # the storm's clients, in their own process
    ap.add_argument("--memory", action="store_true", help="the memory probes, with the server's default limits")
    ap.add_argument("--write", action="store_true", help=f"write the figures to {DOC.relative_to(REPO)}")
    args = ap.parse_args()
    if args.crowd:
        return asyncio.run(crowd(args.crowd, args.clients))
    if args.storm:
        return main_storm(args, ap)
    if args.memory:
        return main_memory(args)
    with tempfile.TemporaryDirectory(prefix="stafett-load-") as tmp:
        store, what = (args.store, f"the store {args.store}") if args.store else build_store(Path(tmp), args.interviews)
        n = triples(store)
        proc, url = start_server(store, workers=args.workers, timeout=args.timeout)
        try:
            res = asyncio.run(drive(url, clients=args.clients, seconds=args.seconds, pid=proc.pid,
                                    slow=not args.no_slow, timeout=args.timeout))
        finally:
            proc.terminate()
            proc.wait(30)
    command = "python bench/load_serve.py" + "".join(
        f" --{k} {getattr(args, k):g}" for k in ("clients", "seconds", "workers", "timeout", "interviews")
        if getattr(args, k) is not None and getattr(args, k) != ap.get_default(k))
    block = report(res, what=what, n_triples=n, workers=args.workers, timeout=args.timeout, command=command)
    print(block)
    if args.write:
        write_doc(block, "load" if not args.interviews else f"load-{args.interviews}")
        print(f"wrote {DOC}")
    load = res["load"]
    if load.server_errors or (res["slow"] and res["slow"]["error"] != "timeout"):
        raise SystemExit(1)


def main_memory(args) -> None:
    with tempfile.TemporaryDirectory(prefix="stafett-memory-") as tmp:
        store, what = (args.store, f"the store {args.store}") if args.store else build_store(Path(tmp), None)
        proc, url = start_server(store, workers=2, timeout=30)
        try:
            res = asyncio.run(memory_probes(url, pid=proc.pid))
        finally:
            proc.terminate()
            proc.wait(30)
    block = memory_report(res, what=what, command="python bench/load_serve.py --memory")
    print(block)
    if args.write:
        write_doc(block, "memory")
        print(f"wrote {DOC}")


def main_storm(args, ap) -> None:
    clients = args.clients if args.clients != ap.get_default("clients") else 200
    with tempfile.TemporaryDirectory(prefix="stafett-storm-") as tmp:
        store, what = (args.store, f"the store {args.store}") if args.store else build_store(Path(tmp), args.interviews)
        proc, url = start_server(store, workers=args.workers, timeout=args.timeout)
        try:
            res = asyncio.run(storm(url, clients=clients, seconds=args.seconds, timeout=args.timeout, pid=proc.pid))
        finally:
            proc.terminate()
            proc.wait(30)
    command = "python bench/load_serve.py --storm" + "".join(
        f" --{k} {getattr(args, k):g}" for k in ("clients", "seconds", "workers", "timeout")
        if getattr(args, k) != ap.get_default(k))
    block = storm_report(res, what=what, workers=args.workers, command=command)
    print(block)
    if args.write:
        write_doc(block, "storm")
        print(f"wrote {DOC}")
    if not storm_held(res):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
