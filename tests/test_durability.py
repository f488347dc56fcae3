"""Crashes and concurrent writers never corrupt the store.

Builds are killed with SIGKILL at each step (``STAFETT_FAULT=point:kill``, see
``graph/faults.py``) and once at a moment observed from outside; after each kill the store is
read and must hold the previous graph, whole (or, after the link was swapped, the new one,
whole), and the next build must succeed and clean up. Two builds at once: the second fails at
once (or waits with ``--wait``), and the store holds one build's graph, never a mix.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time

import pyoxigraph as ox
import pytest

from graph.build import build
from graph.faults import POINTS
from graph.store import EmbeddedStore
from conftest import select
from reliability_support import REPO, RECORDS, SHARED, bundled_store_copy, leftovers, run_cli, snapshot

TEXTS = [SHARED / "corpus" / n for n in ("ovre-eiker.txt", "sogndal.txt", "steinkjer.txt", "bodo.html")]
NAMES_Q = "SELECT ?n WHERE { ?i a stf:Interview ; stf:interviewee/foaf:name ?n } ORDER BY ?n"


def content(root) -> tuple[int, str, list[str]]:
    """What a store holds, comparable across builds: the number of quads, a digest of those
    without blank nodes (whose labels differ from build to build), and the interviewees."""
    with EmbeddedStore(root) as st:
        quads = [q for q in st.oxigraph.quads_for_pattern(None, None, None, None)]
        plain = sorted(str(q) for q in quads if not any(isinstance(t, ox.BlankNode) for t in (q.subject, q.object)))
        names = [r["n"] for r in select(st, NAMES_Q)]
    return len(quads), hashlib.sha256("\n".join(plain).encode()).hexdigest(), names


@pytest.fixture(scope="module")
def expected(tmp_path_factory):
    """The content of a clean build of the bundled records (before) and of the corpus texts (after)."""
    root = tmp_path_factory.mktemp("expected")
    build([RECORDS], store_dir=root / "before", workers=1)
    build(TEXTS, store_dir=root / "after", workers=1)
    return {"before": content(root / "before"), "after": content(root / "after")}


@pytest.fixture()
def store(tmp_path):
    return bundled_store_copy(tmp_path / "store")


def test_a_build_killed_at_any_step_leaves_a_whole_store(tmp_path, expected):
    # One killed build per step, run side by side on copies of one store (they are independent).
    stores = {point: bundled_store_copy(tmp_path / point) for point in POINTS}
    before = {point: snapshot(root) for point, root in stores.items()}
    procs = {point: subprocess.Popen([sys.executable, "-m", "graph", "build", "--store", str(root), "--workers", "1",
                                      *map(str, TEXTS)], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     text=True, env={**os.environ, "STAFETT_FAULT": f"{point}:kill"})
             for point, root in stores.items()}
    for point, proc in procs.items():
        err = proc.communicate(timeout=120)[1]
        assert proc.returncode == -signal.SIGKILL, (point, proc.returncode, err)
    for point, root in stores.items():
        if point == "swapped":  # the link was replaced: the new graph, whole
            assert os.readlink(root / "current") != before[point][0]
            assert content(root) == expected["after"]
        else:  # the old graph, untouched: same generation, same quads
            assert snapshot(root) == before[point], point
            assert content(root) == expected["before"], point
        assert leftovers(root), point  # the killed build's generation (or link) is still there ...
    # ... until the next build, which succeeds and cleans up
    procs = {point: subprocess.Popen([sys.executable, "-m", "graph", "build", "--store", str(root), "-q", str(RECORDS)],
                                     cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
             for point, root in stores.items()}
    for point, proc in procs.items():
        assert proc.wait(120) == 0, (point, proc.stderr.read())
        assert leftovers(stores[point]) == [] and content(stores[point]) == expected["before"], point


def test_a_build_killed_when_its_generation_appears(store, expected):
    """Killed from outside, at a moment seen from outside: the new generation's folder exists."""
    before = snapshot(store)
    gens = {p.name for p in store.iterdir()}
    proc = subprocess.Popen([sys.executable, "-m", "graph", "build", "--store", str(store), "--workers", "1",
                             *map(str, TEXTS)], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not {p.name for p in store.iterdir() if p.name.startswith("gen-")} - gens:
        assert proc.poll() is None and time.monotonic() < deadline, "the build ended before it was killed"
        time.sleep(0.005)
    proc.kill()
    assert proc.wait(10) == -signal.SIGKILL
    assert snapshot(store) == before and content(store) == expected["before"]
    build([RECORDS], store_dir=store, workers=1)
    assert leftovers(store) == []


@pytest.fixture(scope="module")
def two_chunks(tmp_path_factory):
    """201 generated interview texts: two chunks, so a build with --workers 2 uses worker processes."""
    corpus = tmp_path_factory.mktemp("synth") / "texts"
    assert run_cli("synth", "-n", "201", "--seed", "4", "--out", str(corpus)).returncode == 0
    return corpus


def test_a_killed_build_worker_is_one_line_and_leaves_nothing(two_chunks, store):
    """A worker process of a parallel build killed (as the OOM killer would): the build stops
    with one line, writes nothing, and leaves no process behind."""
    corpus = two_chunks
    before = snapshot(store)
    proc = subprocess.Popen([sys.executable, "-m", "graph", "build", "--store", str(store), "--workers", "2", str(corpus)],
                            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "STAFETT_FAULT": "extract:kill"})
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, err
    assert err.splitlines() == [err.strip()] and err.startswith("stafett: error: a build worker process died"), err
    assert snapshot(store) == before and leftovers(store) == []
    assert _children_of(proc.pid) == []


def test_workers_of_a_killed_build_end_with_it(two_chunks, store):
    corpus = two_chunks
    proc = subprocess.Popen([sys.executable, "-m", "graph", "build", "--store", str(store), "--workers", "2", str(corpus)],
                            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "STAFETT_FAULT": "load:kill"})
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while proc.poll() is None and time.monotonic() < deadline:
        workers = _children_of(proc.pid) or workers
        time.sleep(0.02)
    assert proc.returncode == -signal.SIGKILL and workers
    time.sleep(0.5)
    assert [pid for pid in workers if _alive(pid)] == []


def _children_of(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = open(f"/proc/{entry}/stat").read()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry))
    return out


def _alive(pid: int) -> bool:
    try:
        state = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


# -- two writers ------------------------------------------------------------------------------------
def _paused_build(store, paths, point="load", seconds=3.0) -> subprocess.Popen:
    """A build held at ``point`` for ``seconds`` (it says so on stderr when it gets there)."""
    proc = subprocess.Popen([sys.executable, "-m", "graph", "build", "--store", str(store), "--workers", "1", "-q",
                             *map(str, paths)], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "STAFETT_FAULT": f"{point}:pause={seconds}"})
    line = proc.stderr.readline()
    assert line.startswith(f"stafett: fault: paused at {point}"), line
    return proc


def test_a_second_build_fails_at_once_and_the_first_wins(store, expected):
    first = _paused_build(store, TEXTS)
    started = time.monotonic()
    second = run_cli("build", "--store", str(store), str(RECORDS))
    took = time.monotonic() - started
    assert second.returncode == 1 and "Traceback" not in second.stderr
    assert second.stderr.strip() == (f"stafett: error: another build is writing to {store} (pid {first.pid}); wait for it "
                                     "to finish and try again (stafett build --wait SECONDS waits for it)")
    assert took < 3.0 and first.poll() is None  # it did not wait for the first build
    assert first.wait(60) == 0, first.stderr.read()
    assert content(store) == expected["after"] and leftovers(store) == []


def test_a_second_build_with_wait_runs_after_the_first(store, expected):
    first = _paused_build(store, TEXTS, seconds=1.5)
    second = run_cli("build", "--store", str(store), "--wait", "60", "-q", str(RECORDS))
    assert first.wait(60) == 0
    assert second.returncode == 0, second.stderr
    assert content(store) == expected["before"]  # the second's graph, whole, not a mix
    assert leftovers(store) == []


def test_ctrl_c_stops_a_build_cleanly(store):
    """SIGINT (Ctrl-C) mid-build: one line, status 130, the new generation removed, the store as it was."""
    before = snapshot(store)
    proc = _paused_build(store, TEXTS, seconds=60)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and err.strip() == "stafett: error: interrupted", err
    assert snapshot(store) == before and leftovers(store) == []


@pytest.mark.parametrize("limit", [4_000, 100_000])
def test_a_full_disk_is_one_line_and_changes_nothing(store, limit):
    """Writes refused by the system (here: a file size limit, as a full disk would) at the
    opening of the new generation or while loading it: one line, the store as it was."""
    import resource

    def small_files():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    before = snapshot(store)
    proc = subprocess.run([sys.executable, "-m", "graph", "build", "--store", str(store), *map(str, TEXTS)], cwd=REPO,
                          capture_output=True, text=True, preexec_fn=small_files, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.startswith("stafett: error: ") and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "File too large" in proc.stderr and "Traceback" not in proc.stderr
    assert snapshot(store) == before and leftovers(store) == []
