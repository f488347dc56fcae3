"""A short run of the load test (``bench/load_serve.py``; the 30-second one is run by hand and
its figures are in docs/reliability.md): a real server, 5 clients for 3 seconds on the named
queries, no error, memory measured."""

from __future__ import annotations

import asyncio
import concurrent.futures
import importlib.util
import sys

from reliability_support import REPO, bundled_store_copy, start_server


def load_serve():
    spec = importlib.util.spec_from_file_location("load_serve", REPO / "bench" / "load_serve.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["load_serve"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_a_short_load_is_served_without_errors(tmp_path):
    bench = load_serve()
    proc, url = start_server(bundled_store_copy(tmp_path / "store"), "--workers", "2", "--timeout", "10")
    try:
        # in a thread of its own: a session's browser fixture may hold an event loop in this one
        with concurrent.futures.ThreadPoolExecutor(1) as ex:
            res = ex.submit(asyncio.run, bench.drive(url, clients=5, seconds=3, pid=proc.pid)).result()
    finally:
        proc.terminate()
        proc.wait(20)
    load = res["load"]
    assert load.errors == 0 and load.transport_errors == 0, load.statuses
    assert load.requests >= 5 * len(bench.named_queries()) // 4  # every client got well into the list
    assert load.pct(99) < 5.0
    assert res["peak_rss"] > 3 * 20 * 1024 * 1024  # the server and its two workers were measured
    report = bench.report(res, what="test", n_triples=1, workers=2, timeout=10, command="test")
    assert "| errors | 0 (5xx: 0; transport: 0) |" in report
