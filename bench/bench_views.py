"""Benchmark of the network view on a ~5,000-node collaboration network (not part of the tests).

    python bench/bench_views.py                      # synth 1800 interviews, build, measure, print
    python bench/bench_views.py --store DIR --write  # reuse a built store; update docs/benchmarks.md

The real pipeline: ``stafett synth`` + ``stafett build`` -> ``collaboration_graph`` (SPARQL) ->
``network_html`` (layout in Python, one self-contained page) -> headless Chromium from file://
with every request off the machine blocked. Measured: graph and page generation time, and the
time from navigation to the complete still picture (vis-network's first drawing with every node
placed; physics is off, and the bench checks that nothing moves afterwards). The peer is
pyvis's default output (``Network().from_nx(G).write_html``) of the same graph, timed to
vis-network's ``stabilized`` event and capped (``--peer-cap``, default 90 s).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]  # a script run from a checkout: the package and the browser helper

from browser import CHROMIUM_ARGS, chromium_path, is_local  # noqa: E402

BEGIN, END = "<!-- views:begin -->", "<!-- views:end -->"
HOOK = """
Object.defineProperty(window, 'network', { configurable: true,
  get() { return this.__net; },
  set(v) { this.__net = v; if (v && v.once) v.once('stabilized', () => { window.__stable = performance.now(); }); } });
"""


def build_store(interviews: int, seed: int, work: Path) -> tuple[Path, float]:
    corpus, store = work / "corpus", work / "store"
    subprocess.run(["stafett", "synth", "--interviews", str(interviews), "--seed", str(seed), "--out", str(corpus)], check=True)
    t = time.perf_counter()
    subprocess.run(["stafett", "build", "-q", "--keep-going", "--store", str(store), str(corpus)], check=True,
                   stderr=subprocess.DEVNULL)
    return store, time.perf_counter() - t


def wait_for(page, expression: str, timeout: float) -> None:
    """Poll ``expression`` until true. (Playwright's wait_for_function compiles its predicate with
    eval inside the page, which our pages' Content-Security-Policy forbids; evaluate is allowed.)"""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise TimeoutError(f"not true within {timeout:.0f} s: {expression}")
        time.sleep(0.05)


def open_times(browser, url: str, runs: int, *, ours: bool, cap: float) -> dict:
    """Median time (ms from navigation start) to the complete still picture, and what loaded."""
    times, blocked, drawn = [], set(), None
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        if not ours:
            page.add_init_script(HOOK)

        def route(r):
            if is_local(r.request.url):
                r.continue_()
            else:
                blocked.add(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.goto(url, wait_until="commit")
        try:
            if ours:
                wait_for(page, "!!(window.stafett && window.stafett.ready)", cap)
                ms = page.evaluate("window.stafett.marks.drawn")
                still = page.evaluate("""() => new Promise(res => { const a = JSON.stringify(window.network.getPositions());
                    setTimeout(() => res(a === JSON.stringify(window.network.getPositions())), 500); })""")
                assert still, "the picture moved after it was drawn"
                drawn = page.evaluate("window.network.body.nodeIndices.length")
            else:
                wait_for(page, "window.__stable !== undefined", cap)
                ms = page.evaluate("window.__stable")
                drawn = page.evaluate("window.network.body.nodeIndices.length")
            times.append(ms)
        except Exception as exc:  # noqa: BLE001 - a timeout is a result here
            if "Timeout" not in type(exc).__name__ and "Timeout" not in str(exc):
                raise
            times.append(None)
        finally:
            context.close()
        if times[-1] is None:
            break  # one timeout says enough
    done = [t for t in times if t is not None]
    return {"ms": statistics.median(done) if done and len(done) == len(times) else None, "runs": times,
            "drawn": drawn, "blocked": sorted(blocked)}


def pyvis_default(G, folder: Path) -> tuple[Path, float]:
    """pyvis's default page for the graph (labels only), written as pyvis writes it."""
    import networkx as nx
    from pyvis.network import Network

    plain = nx.Graph()
    plain.add_nodes_from((str(n), {"label": d.get("label") or str(n)}) for n, d in G.nodes(data=True))
    plain.add_edges_from((str(u), str(v)) for u, v in G.edges())
    cwd = os.getcwd()
    os.chdir(folder)  # write_html copies its lib/ folder into the working directory
    try:
        t = time.perf_counter()
        net = Network()
        net.from_nx(plain)
        net.write_html("pyvis-default.html")
        return folder / "pyvis-default.html", time.perf_counter() - t
    finally:
        os.chdir(cwd)


def report(r: dict) -> str:
    fmt = lambda ms: "did not settle within {:.0f} s".format(r["cap"]) if ms is None else f"{ms / 1000:.2f} s"  # noqa: E731
    lines = [
        "## Views",
        "",
        f"`python bench/bench_views.py` ({r['when']}; {r['machine']}). Graph: {r['source']}, read back with `collaboration_graph` "
        f"({r['nodes']:,} nodes, {r['edges']:,} edges; SPARQL → networkx {r['graph_s']:.1f} s).",
        "Browser: headless Debian Chromium from `file://`, requests off the machine blocked; time from navigation start to "
        f"the complete still picture (median of {r['runs']}).",
        "",
        "| page | generation | size | nodes drawn | complete still picture | requests blocked |",
        "|---|---|---|---|---|---|",
    ]
    for name, p in r["pages"].items():
        lines.append(f"| {name} | {p['gen_s']:.1f} s | {p['mb']:.1f} MB | {p['open']['drawn'] or '–'} | {fmt(p['open']['ms'])} "
                     f"| {len(p['open']['blocked'])} |")
    lines += ["", "stafett's pages draw positions computed in Python with physics off; pyvis's default page runs "
              "vis-network's physics (Barnes-Hut, 1,000 stabilisation iterations) in the browser and loads Bootstrap "
              "from a CDN (blocked here)."]
    return "\n".join(lines)


def write_section(text: str, path: Path) -> None:
    """Put ``text`` between the views markers of ``path``, leaving every other section alone."""
    block = f"{BEGIN}\n{text}\n{END}"
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if BEGIN in old and END in old:
        new = old.split(BEGIN)[0] + block + old.split(END, 1)[1]
    else:
        new = old.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(new, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--store", type=Path, help="a built store to reuse (else synth + build into a temporary folder)")
    ap.add_argument("--interviews", type=int, default=1800)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--peer-cap", type=float, default=90.0)
    ap.add_argument("--no-peer", action="store_true", help="skip pyvis's default page")
    ap.add_argument("--write", action="store_true", help="write the figures to docs/benchmarks.md (section Views)")
    args = ap.parse_args()

    from playwright.sync_api import sync_playwright

    from graph.network import collaboration_graph
    from graph.store import open_store
    from viz.network import network_html

    work = Path(tempfile.mkdtemp(prefix="bench-views-"))
    store = args.store
    if store is None:
        store, build_s = build_store(args.interviews, args.seed, work)
        print(f"built {store} in {build_s:.0f} s")
    t = time.perf_counter()
    with open_store(store) as st:
        G = collaboration_graph(st)
    source = (f"`stafett synth --interviews {args.interviews} --seed {args.seed}` built with `stafett build`"
              if args.store is None else f"the store {args.store}")
    r = {"source": source, "nodes": len(G), "edges": G.number_of_edges(),
         "graph_s": time.perf_counter() - t, "runs": args.runs, "cap": args.peer_cap, "pages": {},
         "when": time.strftime("%Y-%m-%d"), "machine": f"{os.cpu_count()} cores, shared"}
    print(f"graph: {len(G)} nodes, {G.number_of_edges()} edges in {r['graph_s']:.1f} s")
    pages = {}
    for name, top in (("stafett, whole graph (`--top 0`)", 0), ("stafett, default (`--top 5000`)", 5000)):
        t = time.perf_counter()
        html = network_html(G, top=top)
        gen = time.perf_counter() - t
        path = work / f"stafett-{top}.html"
        path.write_text(html, encoding="utf-8")
        pages[name] = (path, gen, True)
    if not args.no_peer:
        path, gen = pyvis_default(G, work)
        pages["pyvis default (`Network().from_nx(G)`)"] = (path, gen, False)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for name, (path, gen, ours) in pages.items():
            size = sum(f.stat().st_size for f in [path]) / 1e6
            opened = open_times(browser, path.as_uri(), args.runs if ours else 1, ours=ours, cap=args.peer_cap)
            r["pages"][name] = {"gen_s": gen, "mb": size, "open": opened}
            print(f"{name}: generated in {gen:.1f} s, {size:.1f} MB, picture at {opened['runs']} ms, drawn {opened['drawn']}")
        browser.close()
    text = report(r)
    print("\n" + text)
    if args.write:
        write_section(text, REPO / "docs" / "benchmarks.md")
        print("wrote docs/benchmarks.md (section Views)")


if __name__ == "__main__":
    main()
