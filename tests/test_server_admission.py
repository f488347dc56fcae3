"""Admission control under a storm, in its quick form (``python bench/load_serve.py --storm`` is
the full one: 200 clients for 30 s). A real ``stafett serve``: clients that send a slow query
again as soon as they are answered; a probe's ``ASK {}`` and a static file are answered within
``--timeout`` + 5 s throughout (the ASK with 200 or ``503 busy`` + ``Retry-After``), and 5 s after
the clients go everything is normal again. Bounds come from the configured time limit, not
from this machine's speed; and a client that goes away gets its query killed.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import socket
import time
from urllib.parse import quote

from reliability_support import bundled_store_copy, start_server
from test_load import load_serve

TIMEOUT = 2


def test_a_storm_of_slow_queries_stalls_nobody(tmp_path):
    bench = load_serve()
    proc, url = start_server(bundled_store_copy(tmp_path / "store"), "--workers", "1", "--timeout", str(TIMEOUT))
    try:
        with concurrent.futures.ThreadPoolExecutor(1) as ex:
            res = ex.submit(asyncio.run, bench.storm(url, clients=40, seconds=6, timeout=TIMEOUT)).result()
    finally:
        proc.terminate()
        proc.wait(20)
    slowest = max(p.seconds for p in res["probes"])
    assert all(p.status is not None for p in res["probes"]), res["probes"]
    assert slowest <= TIMEOUT + 5, [p for p in res["probes"] if p.seconds > TIMEOUT + 5]
    assert all(p.status == 200 for p in res["probes"] if p.what == "static")
    assert all(p.status == 200 or (p.status == 503 and p.retry_after) for p in res["probes"] if p.what == "ask")
    assert res["answered"].get("503", 0) > 0  # the crowd was turned away, not queued without end
    assert [p.status for p in res["after"]] == [200, 200], res["after"]
    assert all(p.seconds <= 1.0 for p in res["after"]), res["after"]
    assert bench.storm_held(res)


def test_a_client_that_goes_away_has_its_query_killed(tmp_path):
    """One worker; a client sends a query that would run for the whole time limit and hangs up:
    the next query does not wait for the first to run out."""
    proc, url = start_server(bundled_store_copy(tmp_path / "store"), "--workers", "1", "--timeout", "20")
    import httpx

    try:
        port = int(url.rsplit(":", 1)[1])
        slow = quote("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.sendall(f"GET /sparql?query={slow} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        time.sleep(2.0)  # it runs, past the grace of a second
        s.close()
        started = time.monotonic()
        r = httpx.get(url + "/sparql", params={"query": "ASK {}"}, timeout=30, trust_env=False)
        took = time.monotonic() - started
        assert r.status_code == 200, r.text
        assert took < 10, took  # not the 18 s the abandoned query had left
    finally:
        proc.terminate()
        proc.wait(20)


def test_slowloris_connections_are_closed(tmp_path):
    """Connections that dribble a request head are closed after --header-timeout, and others are
    served meanwhile (uvicorn alone held them for ever)."""
    import httpx

    proc, url = start_server(bundled_store_copy(tmp_path / "store"), "--workers", "1", "--header-timeout", "2")
    port = int(url.rsplit(":", 1)[1])
    socks = []
    try:
        for _ in range(30):
            s = socket.create_connection(("127.0.0.1", port), timeout=10)
            s.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # never the blank line
            socks.append(s)
        started = time.monotonic()
        for i in range(3):  # keep dribbling headers, one at a time
            for s in socks:
                try:
                    s.sendall(f"X-Slow-{i}: y\r\n".encode())
                except OSError:
                    pass
            assert httpx.get(url + "/static/stafett.css", timeout=10, trust_env=False).status_code == 200
            time.sleep(1.0)
        closed = 0
        for s in socks:
            s.settimeout(max(0.1, 6 - (time.monotonic() - started)))
            try:
                closed += s.recv(100) == b""
            except (ConnectionResetError, BrokenPipeError):
                closed += 1
            except socket.timeout:
                pass
        assert closed == len(socks), f"{closed} of {len(socks)} closed"
    finally:
        for s in socks:
            s.close()
        proc.terminate()
        proc.wait(20)
