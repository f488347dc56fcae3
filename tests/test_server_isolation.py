"""The second wall: query workers have no network, by each means alone, as root and without
CAP_SYS_ADMIN (``setpriv``, as a normal deployment runs), checked against a loopback witness.

Jobs here are sent to the workers as ``trusted`` (past the parser's check), so only the
isolation stands between the query and the witness; a pool without isolation shows the witness
is fair (Oxigraph does connect).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import time

import pytest

from graph.server.pool import WorkerPool
from test_server_support import REPO, Listener, fixture_store, free_port

PROBES = [
    "PREFIX : <{base}> SELECT ?x WHERE {{ SERVICE:json {{ SELECT ?x WHERE {{ ?a ?b ?x }} }} }}",
    "SELECT * WHERE {{ SERVICE <{base}sparql> {{ ?s ?p ?o }} }}",
]


@pytest.fixture()
def witness():
    lis = Listener()
    yield lis
    lis.close()


def _send(pool: WorkerPool, witness: Listener) -> list[dict]:
    base = f"http://127.0.0.1:{witness.port}/"
    replies = []
    for form in PROBES:
        job = {"op": "query", "sparql": form.format(base=base), "accept": None, "max_rows": 5, "trusted": True}
        replies.append(pool.call(job))
    return replies


def test_without_isolation_the_witness_hears_it(witness):
    pool = WorkerPool(("embedded", str(fixture_store())), size=1, timeout=10, isolate=False).start()
    try:
        pool.call({"op": "query", "sparql": PROBES[1].format(base=f"http://127.0.0.1:{witness.port}/"),
                   "accept": None, "max_rows": 5, "trusted": True})
    finally:
        pool.close()
    time.sleep(0.3)
    assert witness.received, "Oxigraph did not call the witness: the tests below would prove nothing"


@pytest.mark.parametrize("means", [("netns",), ("seccomp",), ("netns", "seccomp")])
def test_each_means_alone_keeps_the_worker_off_the_network(witness, tmp_path, means):
    store = shutil.copytree(fixture_store(), tmp_path / "store", symlinks=True)
    pool = WorkerPool(("embedded", str(store)), size=1, timeout=10, isolate=means).start()
    try:
        assert pool.isolation == list(means)
        replies = _send(pool, witness)
    finally:
        pool.close()
    time.sleep(0.3)
    assert witness.received == []
    assert not replies[0]["ok"] and not replies[1]["ok"], replies


SCRIPT = textwrap.dedent("""
    import json, sys
    from graph.server.pool import WorkerPool
    pool = WorkerPool(("embedded", sys.argv[1]), size=1, timeout=10).start()
    job = {"op": "query", "sparql": sys.argv[2], "accept": None, "max_rows": 5, "trusted": True}
    reply = pool.call(job)
    print(json.dumps({"isolation": pool.isolation, "ok": reply["ok"], "caps": open("/proc/self/status").read()}))
    pool.close()
""")


def _unprivileged() -> list[str]:
    """The command prefix that drops every capability (CAP_SYS_ADMIN among them), when root."""
    if os.geteuid() != 0:
        return []  # already without the capability
    setpriv = shutil.which("setpriv")
    assert setpriv, "setpriv (util-linux) is needed to run the server without CAP_SYS_ADMIN"
    return [setpriv, "--inh-caps=-all", "--bounding-set=-all"]


@pytest.mark.parametrize("drop", [False, True], ids=["as-started", "without-cap-sys-admin"])
def test_isolation_needs_no_privilege(witness, drop):
    """As root (CI) and with every capability dropped, the workers end up without network."""
    prefix = _unprivileged() if drop else []
    query = PROBES[0].format(base=f"http://127.0.0.1:{witness.port}/")
    out = subprocess.run([*prefix, sys.executable, "-c", SCRIPT, str(fixture_store()), query], cwd=REPO,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if drop:
        assert "CapEff:\t0000000000000000" in result["caps"]  # really without privileges
    assert result["isolation"] == ["netns", "seccomp"], out.stderr[-2000:]
    assert result["ok"] is False
    time.sleep(0.3)
    assert witness.received == []


def test_a_real_server_without_cap_sys_admin_fetches_nothing(witness, tmp_path):
    """`stafett serve` run as a normal deployment would (no CAP_SYS_ADMIN): the issue's probes
    by HTTP, refused, and nothing reaches the witness."""
    import httpx

    port = free_port()
    cmd = [*_unprivileged(), sys.executable, "-m", "graph", "serve", "--store", str(fixture_store()), "--port", str(port),
           "--timeout", "10", "--workers", "1"]
    log = open(tmp_path / "serve.log", "wb")
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, (tmp_path / "serve.log").read_text()[-2000:]
            try:
                if httpx.get(url + "/sparql", params={"query": "ASK {}"}, timeout=5, trust_env=False).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "stafett serve did not answer"
            time.sleep(0.3)
        base = f"http://127.0.0.1:{witness.port}/"
        for form in PROBES:
            r = httpx.get(url + "/sparql", params={"query": form.format(base=base)}, timeout=30, trust_env=False)
            assert r.status_code == 403 and r.json()["error"] == "outbound-refused", r.text
    finally:
        proc.terminate()
        proc.wait(30)
    time.sleep(0.3)
    assert witness.received == []
    assert "could not take their network away" not in (tmp_path / "serve.log").read_text()
