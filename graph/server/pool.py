"""A small pool of worker processes that run SPARQL with a hard time limit.

pyoxigraph cannot cancel a running query, and a thread running one cannot be stopped. So each
query runs in a worker process (:mod:`graph.server.worker`); the request's thread waits for the
answer on a pipe for at most ``timeout`` seconds, and a worker that runs over is killed
(SIGKILL) and replaced in the background. A slow query therefore holds one worker for at most
``timeout`` seconds while the other workers go on answering; when every worker is busy, a
request waits for one for at most ``queue_timeout`` seconds and is then refused as busy.

Workers are fresh interpreters (``python -m graph.server.worker``) joined to the server by a
socket pair, not forks of the server: its threads and open store must not be copied, and
multiprocessing's spawn would re-run the caller's main script in every worker.
"""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from dataclasses import dataclass
from multiprocessing import Pipe

from ..errors import StafettError


class PoolError(StafettError):
    """A job could not be answered by the pool: ``status``/``error`` say how for HTTP."""

    def __init__(self, status: int, error: str, message: str):
        self.status, self.error = status, error
        super().__init__(message)


@dataclass(eq=False)
class _Worker:
    process: subprocess.Popen
    conn: object
    isolated: bool = False
    ready: bool = False


class WorkerPool:
    """``size`` workers on the store ``spec`` (``("embedded", DIR)`` or ``("remote", URL)``)."""

    def __init__(self, spec: tuple[str, str], *, size: int = 2, timeout: float = 30.0,
                 queue_timeout: float | None = None, isolate: bool = True, hidden: tuple[str, ...] = ()):
        if size < 1:
            raise ValueError("the pool needs at least one worker")
        self.spec, self.size, self.timeout = spec, size, timeout
        # By default a request may wait out one slow query's kill and its worker's restart.
        self.queue_timeout = timeout + 5.0 if queue_timeout is None else queue_timeout
        self.isolate = isolate
        self.hidden = list(hidden)  # graphs every query's dataset leaves out (graph.server.dataset)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._started = False
        self._closed = False
        self.killed = 0  # workers killed for running over (for tests and the docs' figures)

    # -- life -----------------------------------------------------------------------------------
    def _spawn(self) -> _Worker:
        parent, child = Pipe()
        fd = child.fileno()
        args = [sys.executable, "-m", "graph.server.worker", str(fd), json.dumps(list(self.spec)), "1" if self.isolate else "0"]
        p = subprocess.Popen(args, pass_fds=[fd], stdin=subprocess.DEVNULL, close_fds=True)
        child.close()
        w = _Worker(p, parent)
        with self._lock:
            self._all.add(w)
        return w

    def _ready(self, w: _Worker) -> _Worker:
        """Wait for a new worker's hello (it has imported and opened the store)."""
        try:
            if w.conn.poll(60):
                hello = w.conn.recv()
                w.isolated, w.ready = bool(hello.get("isolated")), True
        except (EOFError, OSError):
            pass  # a worker that died at start is found dead by its first job, and replaced
        return w

    def start(self) -> "WorkerPool":
        with self._lock:
            if self._started:
                return self
            self._started = True
        for w in [self._spawn() for _ in range(self.size)]:  # start together, then wait for each
            self._idle.put(self._ready(w))
        return self

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            _stop(w)

    def _replace(self, w: _Worker) -> None:
        with self._lock:
            self._all.discard(w)
        _stop(w)

        def respawn():
            if not self._closed:
                self._idle.put(self._ready(self._spawn()))

        threading.Thread(target=respawn, daemon=True, name="stafett-respawn").start()

    # -- work -----------------------------------------------------------------------------------
    def call(self, job: dict, *, timeout: float | None = None) -> dict:
        """Send ``job`` to an idle worker and return its reply (blocking; call it from a
        thread). Raises :class:`PoolError` when no worker is free in time, the job ran over
        the time limit, or the worker died."""
        if self._closed:
            raise PoolError(503, "shutting-down", "the server is shutting down")
        self.start()
        limit = self.timeout if timeout is None else timeout
        try:
            w = self._idle.get(timeout=self.queue_timeout)
        except queue.Empty:
            raise PoolError(
                503, "busy",
                f"every query worker stayed busy for {self.queue_timeout:g} s; try again shortly",
            ) from None
        if job.get("op") == "query" and self.hidden:
            job = {**job, "hidden": self.hidden}
        try:
            w.conn.send(job)
            if not w.conn.poll(limit):
                self.killed += 1
                self._replace(w)
                raise PoolError(
                    503, "timeout",
                    f"the query ran over the time limit of {limit:g} s and was stopped; "
                    "narrow it (LIMIT, more specific patterns) or ask the operator for a longer --timeout",
                )
            reply = w.conn.recv()
        except (EOFError, OSError) as exc:
            self._replace(w)
            raise PoolError(500, "worker-died", f"the query worker died ({type(exc).__name__}); try again") from None
        self._idle.put(w)
        return reply

    def ping(self) -> dict:
        return self.call({"op": "ping"}, timeout=30)

    @property
    def isolated(self) -> bool:
        """Whether every worker runs without network (a namespace of its own; needs root)."""
        with self._lock:
            ready = [w for w in self._all if w.ready]
        return bool(ready) and all(w.isolated for w in ready)


def _stop(w: _Worker) -> None:
    try:
        w.process.kill()
        w.process.wait(5)
    except (OSError, subprocess.TimeoutExpired):
        pass
    try:
        w.conn.close()
    except OSError:
        pass

