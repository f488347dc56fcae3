"""The W3C SPARQL 1.1 Protocol, Graph Store Protocol and Service Description tests, sent over HTTP
to a real ``stafett serve`` in both modes (read-only, and ``--allow-update`` with a token).

A failure not listed, with its reason, in docs/server.md's conformance section fails the test;
so does a listed failure that passes, and a family table that no longer matches the run.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

import w3c_runner as w3c
from graph.store import EmbeddedWriter

REPO = Path(__file__).resolve().parents[1]
MANIFESTS = REPO.parent / "shared" / "w3c-sparql11"
DOCS = REPO / "docs" / "server.md"
TOKEN = "conformance-token"

if not (MANIFESTS / "protocol" / "manifest.ttl").is_file():
    pytest.skip(f"the W3C manifests are not at {MANIFESTS} (the shared folder beside the repository); "
                "the conformance tests need them", allow_module_level=True)


def reset_embedded(root: Path):
    """Rebuild the store folder with the test's graphs, directly (not through the server under test)."""

    def reset(graphs):
        quads = []
        for file, iri in graphs:
            for t in ox.parse(file.read_bytes(), format=ox.RdfFormat.N_TRIPLES):
                quads += [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(iri)),
                          ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())]  # the union
        with EmbeddedWriter(root, wait=30) as writer:
            writer.store.extend(quads)  # not bulk loading: its fixed cost is most of a reset
            writer.commit()

    return reset


class Served:
    """``stafett serve`` on a free loopback port (a new one if another process took it first)."""

    def __init__(self, store: Path, *args: str):
        self.store, self.args = store, args
        self.proc: subprocess.Popen | None = None
        self.url = ""

    def __enter__(self) -> "Served":
        from test_server_support import free_port

        log = self.store.parent / f"serve-{os.getpid()}.log"
        for _ in range(3):
            port = free_port()
            self.url = f"http://127.0.0.1:{port}"
            cmd = [sys.executable, "-c", "from graph.cli import main; main()", "serve", "--store", str(self.store),
                   "--host", "127.0.0.1", "--port", str(port), "--timeout", "20", *self.args]
            self.proc = subprocess.Popen(cmd, stdout=log.open("wb"), stderr=subprocess.STDOUT,
                                         env={**os.environ, "STAFETT_TOKEN": TOKEN, "PYTHONUNBUFFERED": "1"})
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and self.proc.poll() is None:
                try:
                    if httpx.get(self.url + "/sparql", params={"query": "ASK {}"}, timeout=5, trust_env=False).status_code == 200:
                        return self
                except httpx.HTTPError:
                    time.sleep(0.2)
            self.__exit__()
        raise RuntimeError(f"stafett serve did not start: {log.read_text(errors='replace')[-2000:]}")

    def __exit__(self, *exc):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def target(url: str, *, read_only: bool) -> w3c.Target:
    return w3c.Target(
        query=url + "/sparql", update=url + "/sparql", graph_store=url + "/graph-store", read_only=read_only,
        headers={} if read_only else {"Authorization": f"Bearer {TOKEN}"},
        features=w3c.GSP_FEATURES,  # stafett serve claims all three (docs/server.md)
    )


def _documented() -> tuple[dict[tuple[str, str], str], dict[str, list[str]]]:
    """docs/server.md's listed failures {(test, mode): why} and family table {family: cells}."""
    text = DOCS.read_text(encoding="utf-8")

    def table(name):
        m = re.search(rf"<!-- conformance:{name} -->(.*?)<!-- /conformance:{name} -->", text, re.S)
        assert m, f"docs/server.md has no conformance:{name} table"
        rows = [line.strip().strip("|").split("|") for line in m.group(1).strip().splitlines()[2:]]
        return [[c.strip() for c in row] for row in rows]

    failures = {(row[0].strip("`"), row[1]): row[2] for row in table("failures")}
    families = {row[0]: row[1:4] for row in table("families")}
    return failures, families


MODES = {"read-only": (), "update": ("--allow-update",)}


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> dict[str, list[w3c.Outcome]]:
    cases = w3c.load_cases(MANIFESTS)
    out = {}
    for mode, args in MODES.items():
        store = tmp_path_factory.mktemp(f"w3c-{mode}") / "store"
        data = sorted({gd for c in cases for gd in c.graph_data})
        reset_embedded(store)(data)  # the read-only server's dataset: every fixture graph
        with Served(store, *args) as served:
            reset = (lambda graphs: None) if mode == "read-only" else reset_embedded(store)
            out[mode] = w3c.run_all(cases, target(served.url, read_only=mode == "read-only"), reset)
    return out


@pytest.mark.parametrize("mode", list(MODES))
def test_w3c_conformance(outcomes, mode, capsys):
    got = outcomes[mode]
    with capsys.disabled():
        print("\n" + w3c.report(got, f"W3C SPARQL 1.1 conformance, stafett serve ({mode})"))
    listed, _ = _documented()
    failed = {o.case.id: o.reason for o in got if o.result == w3c.FAIL}
    unlisted = {t: why for t, why in failed.items() if not listed.get((t, mode))}
    assert not unlisted, f"failures not listed (with why) in docs/server.md's conformance section: {unlisted}"
    passing = [t for (t, m) in listed if m == mode and t not in failed]
    assert not passing, f"listed as failing in docs/server.md but they do not fail ({mode}): {passing}"


def test_docs_family_table_matches_the_run(outcomes):
    _, families = _documented()
    cases = w3c.load_cases(MANIFESTS)
    read_only, update = (w3c.by_family(outcomes[m]) for m in MODES)
    sizes = {}
    for c in cases:
        sizes[c.family] = sizes.get(c.family, 0) + 1
    want = {f: [str(sizes[f]), w3c.summary_cell(read_only[f]), w3c.summary_cell(update[f])] for f in sizes}
    assert families == want
