"""Real SPARQL servers for the remote-store tests (no tests here): ``oxigraph serve`` and
Virtuoso Open Source 7, each on free loopback ports with a scratch database of its own, started
and stopped by the tests. Each says which engine it is and what login writes need."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Server:
    name = "?"
    engine = "generic"
    env: dict[str, str] = {}  # what stafett needs in its environment to write (credentials)

    def __init__(self, location: Path):
        self.location = location
        self.proc: subprocess.Popen | None = None
        self.base = ""

    @property
    def endpoint(self) -> str:
        raise NotImplementedError

    def _command(self) -> list[str]:
        raise NotImplementedError

    def start(self, attempts: int = 3, timeout: float = 120) -> "_Server":
        for _ in range(attempts):  # another process may take a free port before the server does
            cmd = self._command()
            self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=self.location)
            if self._wait_ready(timeout):
                return self
            self.stop()
        pytest.fail(f"{self.name} did not start: {self._stderr()}")

    def _wait_ready(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                r = httpx.get(self.endpoint, params={"query": "ASK {}"}, timeout=2, trust_env=False)
                if r.status_code == 200:
                    return True
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        return False

    def _stderr(self) -> str:
        if self.proc and self.proc.stderr and self.proc.poll() is not None:
            return self.proc.stderr.read().decode(errors="replace")[-800:]
        return "(still running)"

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc and self.proc.stderr:
            self.proc.stderr.close()


class OxigraphServer(_Server):
    """``oxigraph serve`` (the pip package ships the binary)."""

    name, engine = "oxigraph serve", "oxigraph"

    def _command(self):
        found = shutil.which("oxigraph") or shutil.which("oxigraph", path=str(Path(sys.executable).parent))
        if not found:
            pytest.fail("the oxigraph server is not installed; pip install '.[test]' brings it")
        self.location.mkdir(parents=True, exist_ok=True)
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        return [found, "serve", "--location", str(self.location / "db"), "--bind", f"127.0.0.1:{port}"]

    @property
    def endpoint(self) -> str:
        return self.base + "/query"


#: A Virtuoso configuration with everything in one folder: the database, its log, the HTTP
#: server's files; both ports on the loopback interface. ResultSetMaxRows is Virtuoso's cap on
#: every result (stafett reads whole graphs: it must exceed the store's size).
VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {dir}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}/www
MaxClientConnections = 10
ServerThreads = 10
Charset = UTF-8
EnabledDavVSP = 0
[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 400
"""


class VirtuosoServer(_Server):
    """Virtuoso Open Source 7 (Debian's ``virtuoso-opensource``) with a fresh database; its
    administrator is dba/dba, which a new database starts with."""

    name, engine = "Virtuoso", "virtuoso"
    env = {"STAFETT_USER": "dba", "STAFETT_PASSWORD": "dba"}

    def __init__(self, location: Path, *, max_rows: int = 50_000):
        super().__init__(location)
        self.max_rows = max_rows

    def _command(self):
        found = shutil.which("virtuoso-t")
        if not found:
            pytest.fail("Virtuoso is not installed: apt-get install virtuoso-opensource (.ci/run does)")
        shutil.rmtree(self.location, ignore_errors=True)  # a port taken at start may leave a half database
        (self.location / "www").mkdir(parents=True)
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        ini = self.location / "virtuoso.ini"
        ini.write_text(VIRTUOSO_INI.format(dir=self.location, sql_port=free_port(), http_port=port, max_rows=self.max_rows))
        return [found, "+foreground", "+configfile", str(ini)]

    @property
    def endpoint(self) -> str:
        return self.base + "/sparql"


SERVERS = {"oxigraph": OxigraphServer, "virtuoso": VirtuosoServer}
