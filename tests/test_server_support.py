"""Shared pieces of the server tests (no tests here): a small store with a hostile name, a
listener on a loopback port that records whatever reaches it, and one live server.

Built once per test session and removed at exit, whichever server test file asks first.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
HOSTILE = "<script>alert(1)</script> Ola & «Nordmann»"
HOSTILE_KEY = None  # filled by hostile_person_path()
TOKEN = "s3cret-token-for-tests"

# A short interview text whose interviewee has a hostile name; the record below points into it.
HOSTILE_TEXT = (
    "Innovasjonsstafetten: etappe 7\n"
    f"Denne gangen snakker vi med {HOSTILE}, innovasjonsleder i Øvre Eiker kommune.\n"
    "Hun gir stafettpinnen videre til Kari \"Test\" O'Brien i Hå kommune.\n"
)


def _span(text: str, words: str) -> list[int]:
    start = text.index(words)
    return [start, start + len(words)]


def hostile_record(text_sha: str) -> str:
    name_span = _span(HOSTILE_TEXT, HOSTILE)
    to_span = _span(HOSTILE_TEXT, "Kari \"Test\" O'Brien")
    return f"""source:
  path: hostile.txt
  sha256: {text_sha}
  language: nb
  series: Innovasjonsstafetten
stage: 7
interviewee:
  name: '{HOSTILE}'
  role_as_written: innovasjonsleder
  organisation: {{name: Øvre Eiker kommune, kommunenummer: "3314"}}
  span: {name_span}
baton_to:
  name: 'Kari "Test" O''Brien'
  organisation: {{name: Hå kommune, kommunenummer: "1119"}}
  span: {to_span}
projects:
  - {{name: '<img src=x onerror=alert(2)>', description: 'a project named to test escaping', span: {name_span}}}
"""


@cache
def fixture_store() -> Path:
    """A store built from the bundled records, Øvre Eiker's text (for quotes) and the hostile
    record with its text. Read-only for the tests: copy it before changing it."""
    root = Path(tempfile.mkdtemp(prefix="stafett-server-"))
    atexit.register(shutil.rmtree, root, True)
    inputs = root / "inputs"
    inputs.mkdir()
    text = inputs / "hostile.txt"
    text.write_bytes(HOSTILE_TEXT.encode("utf-8"))
    sha = hashlib.sha256(text.read_bytes()).hexdigest()
    (inputs / "hostile.yaml").write_text(hostile_record(sha), encoding="utf-8")
    from graph.build import build
    from graph.resources import bundled_records_dir

    paths = [bundled_records_dir(), inputs]
    if (SHARED / "corpus" / "ovre-eiker.txt").is_file():
        paths.append(SHARED / "corpus" / "ovre-eiker.txt")
    build(paths, store_dir=root / "store", workers=1)
    return root / "store"


def copy_store(dst: Path) -> Path:
    """A writable copy of the fixture store (for update tests)."""
    shutil.copytree(fixture_store(), dst, symlinks=True)
    return dst


def hostile_person_path() -> str:
    """``/id/person/...`` of the hostile interviewee."""
    from graph.store import EmbeddedStore

    with EmbeddedStore(fixture_store()) as st:
        rows = list(st.query('SELECT ?p WHERE { ?p <http://xmlns.com/foaf/0.1/name> "%s" }' % HOSTILE.replace('"', '\\"')))
    iri = rows[0]["p"].value
    return "/id/" + iri.split("/id/", 1)[1]


class Listener:
    """A TCP listener on a loopback port that records every connection and its first bytes.

    ``host`` "::1" listens on IPv6; ``reply`` (bytes) is sent back to each connection, e.g. an
    HTTP redirect to another listener."""

    def __init__(self, host: str = "127.0.0.1", reply: bytes = b""):
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.sock = socket.socket(family, socket.SOCK_STREAM)
        self.sock.bind((host, 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.reply = reply
        self.received: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"

    def _run(self):
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            conn.settimeout(1)
            try:
                self.received.append(conn.recv(4096) or b"(connected)")
                if self.reply:
                    conn.sendall(self.reply)
            except OSError:
                self.received.append(b"(connected)")
            finally:
                conn.close()

    def close(self):
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@cache
def live_server() -> str:
    """``stafett serve`` on a free loopback port over the fixture store; its base URL."""
    port = free_port()
    cmd = [sys.executable, "-c", "from graph.cli import main; main()", "serve", "--store", str(fixture_store()),
           "--host", "127.0.0.1", "--port", str(port), "--timeout", "10"]
    log = open(fixture_store().parent / "server.log", "wb")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})

    def stop():
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()

    atexit.register(stop)
    url = f"http://127.0.0.1:{port}"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never through a proxy
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("stafett serve exited: " + (fixture_store().parent / "server.log").read_text())
        try:
            with opener.open(url + "/sparql?query=ASK%7B%7D", timeout=5) as r:
                if r.status == 200:
                    return url
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("stafett serve did not answer within 60 s")
