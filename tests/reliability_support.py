"""Shared pieces of the reliability tests (no tests here): store snapshots, small records, the
corpus of bad inputs, and running ``python -m graph`` as a real process."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import atexit
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import yaml

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
RECORDS = REPO / "data" / "interviews"


# -- stores ---------------------------------------------------------------------------------------
def snapshot(root: Path) -> tuple[str, str, int]:
    """(the generation ``current`` points at, a digest of every quad in it, how many): two
    snapshots are equal when the store was not touched."""
    target = os.readlink(root / "current")
    store = ox.Store.read_only(str(root / target))
    lines = sorted(ox.serialize(store, format=ox.RdfFormat.N_QUADS).splitlines())
    del store
    return target, hashlib.sha256(b"\n".join(lines)).hexdigest(), len(lines)


def leftovers(root: Path) -> list[str]:
    """Entries of a store folder that no finished build leaves: generations that are neither
    current nor previous, and temporary links."""
    keep = {os.readlink(root / name) for name in ("current", "previous") if (root / name).is_symlink()}
    return sorted(p.name for p in root.iterdir()
                  if (p.name.startswith("gen-") and p.name not in keep) or p.name.startswith("."))


@cache
def _template_store() -> Path:
    from graph.build import build

    root = Path(tempfile.mkdtemp(prefix="stafett-reliability-"))
    atexit.register(shutil.rmtree, root, True)
    build(store_dir=root / "store", workers=1)
    return root / "store"


def bundled_store_copy(dst: Path) -> Path:
    """A store built from the bundled records, copied (built once per session)."""
    shutil.copytree(_template_store(), dst, symlinks=True)
    return dst


def run_cli(*args: str, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """``python -m graph ARGS`` as a real process (tracebacks cannot hide in click's runner)."""
    return subprocess.run([sys.executable, "-m", "graph", *args], capture_output=True, text=True, timeout=timeout,
                          cwd=REPO, env={**os.environ, **(env or {})})


# -- records ----------------------------------------------------------------------------------------
def person(name: str, org: str | None = None, number: str | None = None) -> dict:
    p: dict = {"name": name}
    if org or number:
        p["organisation"] = {"name": org, "kommunenummer": number}
    return p


def record(stem: str, who: dict, *, stage: int | None = None, to: dict | None = None, frm: dict | None = None,
           facts: dict | None = None, **extra) -> dict:
    rec = {"source": {"path": f"{stem}.txt", "language": "nb"}, "stage": stage, "interviewee": who,
           "baton_from": frm, "baton_to": to}
    if facts:
        rec["facts"] = facts
    rec.update(extra)
    return rec


def write_record(folder: Path, stem: str, rec: dict | str) -> Path:
    path = folder / f"{stem}.yaml"
    text = rec if isinstance(rec, str) else yaml.safe_dump(rec, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


# -- the corpus of bad inputs ---------------------------------------------------------------------
ALIAS_BOMB = "\n".join(
    ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 12)]
) + "\n"
PYTHON_TAG = "source: {path: x.txt}\ninterviewee: !!python/object/apply:os.system ['touch /tmp/stafett-pwned']\n"
BAD_TEXT = {
    # name: (bytes or a maker, a word the one-line reason must hold)
    "empty.txt": (b"", "empty"),
    "blank.md": (b" \n\t\r\n   \n", "whitespace"),
    "noise.txt": (bytes(range(256)) * 64, "binary"),
    "paper.txt": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "PDF"),
    "scan.html": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01", "PNG"),
    "no-questions.txt": ("Små grep som sparer store summer\n\nRådmann Kari Nordmann i Hå kommune liker gode ideer. "
                         "Hun har mange av dem, og hun deler dem gjerne.\n".encode(), "not an interview"),
}
HUGE_BYTES = 50_000_000


def write_huge_text(path: Path, size: int = HUGE_BYTES) -> Path:
    """A real ``size``-byte text (interview-like lines, not a sparse file of NULs)."""
    line = ("- Hvorfor er det viktig at kommunesektoren innoverer? Fordi vi må, sier rådmann Kari Nordmann.\n").encode()
    with path.open("wb") as fh:
        block = line * (1_000_000 // len(line))
        written = 0
        while written < size:
            chunk = block[: size - written]
            fh.write(chunk)
            written += len(chunk)
    return path


def bad_records() -> dict[str, tuple[dict | str, str, str]]:
    """name -> (record or YAML text, the field the problem is reported on, a word of the message)."""
    ovre = person("Trude Andresen", "Øvre Eiker kommune", "3314")
    return {
        "self-pass": (record("self-pass", dict(ovre), stage=1, to=person("trude  ANDRESEN", "Øvre Eiker kommune", "3314")),
                      "baton_to.name", "themself"),
        "contradiction": (record("contradiction", person("Kari Nordmann", "Hå kommune", "3314"), stage=5),
                          "interviewee.organisation.kommunenummer", "another municipality"),
        "two-populations": ("source: {path: two.txt}\nstage: 6\ninterviewee: {name: Ola Hansen, organisation: "
                            "{name: Hå kommune, kommunenummer: '1119'}}\nfacts:\n  population: 19117\n  population: 20001\n",
                            "(file)", "written twice"),
        "no-such-number": (record("no-such-number", person("Per Olsen", "Nokommune", "9876"), stage=7),
                           "interviewee.organisation.kommunenummer", "not a Norwegian kommunenummer"),
        "alias-bomb": (ALIAS_BOMB, "(file)", "aliases"),
        "python-tag": (PYTHON_TAG, "(file)", "python/object"),
        "not-a-mapping": ("- just\n- a list\n", "(record)", "mapping"),
    }


# -- a store full of hostile strings ------------------------------------------------------------------
HOSTILE_STRINGS = [
    '<script>alert("name")</script>',
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(2)' x='",
    "</script><script>alert(3)</script>",
    "Line\nbreak <b>bold</b> &amp; &lt;",
    "\u202eevil\u202c right-to-left \u200f",
    "Emoji 🎉 <svg onload=alert(4)>",
    "{{7*7}} ${alert(5)} javascript:alert(6) <!-- -->",
]


def hostile_record() -> dict:
    """One record with a hostile string in every text field a page shows."""
    h = HOSTILE_STRINGS
    return {
        "source": {"path": "/home/kari/private/hostile.txt", "title": h[7], "language": "nb"},
        "stage": 31,
        "interviewee": {"name": h[0], "role_as_written": h[2], "organisation": {"name": "Bodø kommune", "kommunenummer": "1804"}},
        "baton_from": {"name": h[5], "organisation": {"name": h[6]}},
        "baton_to": {"name": h[1], "organisation": {"name": "Hå kommune", "kommunenummer": "1119"}},
        "facts": {"population": 52000, "motto": h[4], "mayor": {"name": h[3], "party": h[2]}},
        "qa": [{"topic": None, "question": h[3]}],
        "projects": [{"name": h[3], "description": h[4]}, {"name": h[6], "description": h[0]}],
        "partners": [{"name": h[5], "kind": "organisation"}, {"name": h[1], "kind": "category"}],
        "needs": [{"label": h[0]}], "methods": [{"label": h[7]}],
    }


@cache
def hostile_store() -> Path:
    """The bundled records and :func:`hostile_record`, built once (read-only for the tests)."""
    from graph.build import build

    root = Path(tempfile.mkdtemp(prefix="stafett-hostile-"))
    atexit.register(shutil.rmtree, root, True)
    write_record(root, "hostile", hostile_record())
    build([RECORDS, root / "hostile.yaml"], store_dir=root / "store", workers=1)
    return root / "store"


def start_server_process(argv: list[str], *, cwd: Path, env: dict) -> tuple[subprocess.Popen, int]:
    """``argv`` (a ``stafett serve`` command) started on a free loopback port, once it answers:
    (the process, the port). The caller stops it."""
    import time

    import httpx

    from test_server_support import free_port

    port = free_port()
    proc = subprocess.Popen([*argv, "--port", str(port)], cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("stafett serve exited")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/sparql", params={"query": "ASK {}"}, timeout=5).status_code == 200:
                return proc, port
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("stafett serve did not answer within 60 s")


def start_server(store: Path, *options: str) -> tuple[subprocess.Popen, str]:
    """``python -m graph serve`` on a free loopback port over ``store``: (process, base URL).
    The caller stops it (``proc.terminate()``)."""
    import time

    import httpx

    from test_server_support import free_port

    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "graph", "serve", "--store", str(store), "--port", str(port), *options],
                            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("stafett serve exited")
        try:
            if httpx.get(url + "/sparql", params={"query": "ASK {}"}, timeout=5).status_code == 200:
                return proc, url
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("stafett serve did not answer within 60 s")
