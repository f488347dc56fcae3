"""``stafett serve`` while the store is rebuilt again and again with different data: every
answer comes whole from the old graph or the new one -- never a mix, never an error."""

from __future__ import annotations

import json
import threading
import time

import httpx

from graph.build import build
from reliability_support import RECORDS, SHARED, bundled_store_copy, start_server

TEXTS = [SHARED / "corpus" / n for n in ("ovre-eiker.txt", "sogndal.txt", "steinkjer.txt", "bodo.html")]
QUERIES = {
    # who was interviewed, and how much of everything there is: one answer must not mix graphs
    "names": "SELECT ?n WHERE { ?i a stf:Interview ; stf:interviewee/foaf:name ?n } ORDER BY ?n",
    "sizes": """SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects)
                (SUM(IF(EXISTS { ?s a stf:Interview }, 1, 0)) AS ?interviews) WHERE { ?s ?p ?o }""",
    "graphs": "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
}


def answer(client: httpx.Client, name: str) -> tuple[int, str]:
    r = client.get("/sparql", params={"query": QUERIES[name]}, headers={"Accept": "application/sparql-results+json"})
    if r.status_code != 200:
        return r.status_code, r.text
    rows = [{k: v["value"] for k, v in b.items()} for b in r.json()["results"]["bindings"]]
    return 200, json.dumps(rows, sort_keys=True)


def test_serve_answers_from_one_whole_graph_during_rebuilds(tmp_path):
    store = bundled_store_copy(tmp_path / "store")
    proc, base = start_server(store, "--workers", "2", "--timeout", "30")
    try:
        with httpx.Client(base_url=base, timeout=30) as c:
            expected = {name: {answer(c, name)} for name in QUERIES}  # the bundled records (A)
            build(TEXTS, store_dir=store, workers=1)
            for name in QUERIES:  # the corpus texts (B)
                expected[name].add(answer(c, name))
        assert all(len(v) == 2 and all(code == 200 for code, _ in v) for v in expected.values()), expected

        stop = threading.Event()
        seen: list[tuple[str, tuple[int, str]]] = []

        def client():
            with httpx.Client(base_url=base, timeout=30) as c:
                while not stop.is_set():
                    for name in QUERIES:
                        seen.append((name, answer(c, name)))

        threads = [threading.Thread(target=client) for _ in range(3)]
        for t in threads:
            t.start()
        try:
            for paths in ([RECORDS], TEXTS, [RECORDS], TEXTS):  # four swaps under load
                time.sleep(0.3)
                build(paths, store_dir=store, workers=1)
            time.sleep(0.3)
        finally:
            stop.set()
            for t in threads:
                t.join(60)
    finally:
        proc.terminate()
        proc.wait(20)
    errors = [(name, got) for name, got in seen if got[0] != 200]
    assert errors == []
    mixed = [(name, got) for name, got in seen if got not in expected[name]]
    assert mixed == []
    # the test saw both graphs while it ran (so it could have caught a mix)
    assert {got for name, got in seen if name == "names"} == expected["names"]
    assert len(seen) > 30
