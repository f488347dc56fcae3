"""A small pool of worker processes that run SPARQL with hard limits on time and memory.

pyoxigraph cannot cancel a running query, and a thread running one cannot be stopped. So each
query runs in a worker process (:mod:`graph.server.worker`); the request waits for the answer
for at most ``timeout`` seconds, and a worker that runs over is killed (SIGKILL) and replaced in
the background. A worker that passes its memory cap dies (Oxigraph aborts when an allocation
fails) and is replaced the same way; the request gets ``503 memory-limit``.

**Admission.** A request that finds every worker busy waits in a bounded queue (``max_queue``
places, first come first served) for at most ``queue_timeout`` seconds, then gets ``503 busy``
with ``Retry-After``; with the queue full it gets that at once. The wait is asynchronous
(:meth:`WorkerPool.acall`): a waiting request holds no thread, so it cannot starve the thread
pool that static files and pages use. A request whose client goes away is dropped from the
queue, and its query is killed when it has run for more than ``GRACE`` seconds (a query about to
finish is left to finish: a fresh worker costs more).

Workers are fresh interpreters (``python -m graph.server.worker``) joined to the server by a
socket pair, not forks of the server: its threads and open store must not be copied, and
multiprocessing's spawn would re-run the caller's main script in every worker. Their stderr
comes through the pool, which logs it and reads it to tell why a worker died.
"""

from __future__ import annotations

import asyncio
import collections
import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from multiprocessing import Pipe

from ..errors import StafettError
from .isolation import MEANS

log = logging.getLogger("stafett.server")
#: Seconds a query whose client went away may still run before it is killed.
GRACE = 1.0
DEFAULT_MEMORY_MB = 384


class PoolError(StafettError):
    """A job could not be answered by the pool: ``status``/``error`` say how for HTTP."""

    def __init__(self, status: int, error: str, message: str, retry_after: int | None = None):
        self.status, self.error, self.retry_after = status, error, retry_after
        super().__init__(message)


@dataclass(eq=False)
class _Worker:
    process: subprocess.Popen
    conn: object
    isolated: list = field(default_factory=list)
    ready: bool = False
    started: float = 0.0  # when its current job was sent (monotonic), 0 when idle
    abandoned: bool = False  # killed because its client went away
    token: object = None  # the job it is running (None when idle)
    stderr_tail: collections.deque = field(default_factory=lambda: collections.deque(maxlen=40))
    reader: threading.Thread | None = None


class _Waiter:
    """A request waiting for a worker: ``worker`` is set (under the pool's lock) when one is
    handed over, and ``wake`` tells the waiting side."""

    def __init__(self, wake):
        self.worker: _Worker | None = None
        self.wake = wake


def query_hash(text: str) -> str:
    """The short hash that names a query in the log (the text itself is the client's)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


class WorkerPool:
    """``size`` workers on the store ``spec`` (``("embedded", DIR)`` or ``("remote", URL)``).

    ``isolate`` is True (every means of :mod:`graph.server.isolation`), False, or a tuple of
    means' names; ``memory_mb`` caps each worker's memory; ``max_queue`` bounds the requests
    waiting for a worker (default 64 per worker)."""

    def __init__(self, spec: tuple[str, str], *, size: int = 2, timeout: float = 30.0,
                 queue_timeout: float | None = None, max_queue: int | None = None, isolate=True,
                 memory_mb: int | None = DEFAULT_MEMORY_MB, name: str = "query", legacy_manifest: str | None = None):
        if size < 1:
            raise ValueError("the pool needs at least one worker")
        self.spec, self.size, self.timeout, self.name = spec, size, timeout, name
        # A request may wait out one slow query's kill: the query's own time limit.
        self.queue_timeout = timeout if queue_timeout is None else queue_timeout
        self.max_queue = 64 * size if max_queue is None else max_queue
        self.means = MEANS if isolate is True else (tuple(isolate) if isolate else ())
        self.memory_mb = memory_mb
        self.legacy_manifest = legacy_manifest  # a graph that, when present, stops the store being served
        self.spool = tempfile.mkdtemp(prefix="stafett-spool-")
        self._idle: list[_Worker] = []
        self._waiters: collections.deque[_Waiter] = collections.deque()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._started = False
        self._closed = False
        self._limiter = None  # anyio.CapacityLimiter for the threads that talk to busy workers
        # Hashes of query texts a worker's parser has passed (so other workers need not parse them
        # again; the verdict depends on the text alone). Bounded, oldest out first.
        self._checked: collections.OrderedDict[str, None] = collections.OrderedDict()
        self.killed = 0  # workers killed for running over (for tests and the docs' figures)
        self.deaths: collections.Counter = collections.Counter()  # why workers died: memory, crash, gone

    # -- life -----------------------------------------------------------------------------------
    def _spawn(self) -> _Worker:
        parent, child = Pipe()
        fd = child.fileno()
        options = {"isolate": list(self.means), "memory_mb": self.memory_mb, "spool": self.spool,
                   "legacy_manifest": self.legacy_manifest}
        args = [sys.executable, "-m", "graph.server.worker", str(fd), json.dumps(list(self.spec)), json.dumps(options)]
        env = {**os.environ, "RUST_BACKTRACE": "0"}  # a dying worker logs one line, not a backtrace
        p = subprocess.Popen(args, pass_fds=[fd], stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, close_fds=True, env=env)
        child.close()
        w = _Worker(p, parent)
        w.reader = threading.Thread(target=_forward_stderr, args=(w,), daemon=True, name="stafett-worker-log")
        w.reader.start()
        with self._lock:
            self._all.add(w)
        return w

    def _ready(self, w: _Worker) -> _Worker:
        """Wait for a new worker's hello (it has imported and opened the store)."""
        try:
            if w.conn.poll(60):
                hello = w.conn.recv()
                w.isolated, w.ready = list(hello.get("isolated") or []), True
        except (EOFError, OSError):
            pass  # a worker that died at start is found dead by its first job, and replaced
        return w

    def start(self) -> "WorkerPool":
        with self._lock:
            if self._started:
                return self
            self._started = True
        for w in [self._spawn() for _ in range(self.size)]:  # start together, then wait for each
            self._release(self._ready(w))
        if self.means and not self.isolated:
            log.warning("the %s workers could not take their network away (%s unavailable here); SERVICE and LOAD "
                        "are still refused by the parser", self.name, " and ".join(self.means))
        return self

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
            self._idle.clear()
        for w in workers:
            _stop(w)
        shutil.rmtree(self.spool, ignore_errors=True)

    def _replace(self, w: _Worker) -> None:
        with self._lock:
            self._all.discard(w)
        _stop(w)
        # what a killed worker was writing (its files are named after its pid)
        for name in os.listdir(self.spool) if os.path.isdir(self.spool) else ():
            if name.startswith(f"{w.process.pid}-"):
                _unlink(os.path.join(self.spool, name))

        def respawn():
            if not self._closed:
                self._release(self._ready(self._spawn()))

        threading.Thread(target=respawn, daemon=True, name="stafett-respawn").start()

    # -- admission ------------------------------------------------------------------------------
    def _release(self, w: _Worker) -> None:
        """Hand ``w`` to the first waiting request, or put it back among the idle."""
        with self._lock:
            closed = self._closed
            if not closed:
                w.started, w.abandoned, w.token = 0.0, False, None
                if self._waiters:
                    waiter = self._waiters.popleft()
                    waiter.worker = w
                    waiter.wake()
                else:
                    self._idle.append(w)
        if closed:  # started while the pool closed
            _stop(w)

    def _take_or_queue(self, wake) -> _Worker | _Waiter:
        with self._lock:
            if self._closed:
                raise PoolError(503, "shutting-down", "the server is shutting down")
            if self._idle:
                return self._idle.pop()
            if len(self._waiters) >= self.max_queue:
                raise self._busy(full=True)
            waiter = _Waiter(wake)
            self._waiters.append(waiter)
            return waiter

    def _leave(self, waiter: _Waiter) -> _Worker | None:
        """Take ``waiter`` out of the queue; the worker it was handed meanwhile, if any."""
        with self._lock:
            try:
                self._waiters.remove(waiter)
            except ValueError:
                pass
            return waiter.worker

    def _busy(self, *, full: bool = False) -> PoolError:
        wait = max(1, min(30, round(self.timeout / 2)))
        why = (f"{len(self._waiters)} requests are already waiting for a query worker" if full else
               f"every query worker stayed busy for {self.queue_timeout:g} s")
        return PoolError(503, "busy", f"{why}; try again in {wait} s", retry_after=wait)

    def acquire(self) -> _Worker:
        """A worker for this thread (blocking, at most ``queue_timeout`` seconds)."""
        event = threading.Event()
        got = self._take_or_queue(event.set)
        if isinstance(got, _Worker):
            return got
        event.wait(self.queue_timeout)
        w = self._leave(got)
        if w is None:
            raise self._busy()
        return w

    async def acquire_async(self) -> _Worker:
        """A worker for this request, waited for without a thread."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()

        def wake():
            loop.call_soon_threadsafe(lambda: future.done() or future.set_result(None))

        got = self._take_or_queue(wake)
        if isinstance(got, _Worker):
            return got
        try:
            await asyncio.wait([future], timeout=self.queue_timeout)
        except BaseException:  # cancelled (the client went away): give back what came meanwhile
            w = self._leave(got)
            if w is not None:
                self._release(w)
            raise
        w = self._leave(got)
        if w is None:
            raise self._busy()
        return w

    # -- work -----------------------------------------------------------------------------------
    def call(self, job: dict, *, timeout: float | None = None) -> dict:
        """Send ``job`` to a worker and return its reply (blocking; call it from a thread).
        Raises :class:`PoolError` when no worker is free in time, the job ran over the time
        limit or the memory cap, or the worker died."""
        if self._closed:
            raise PoolError(503, "shutting-down", "the server is shutting down")
        self.start()
        reply = self._exchange(self.acquire(), job, self.timeout if timeout is None else timeout)
        path = reply.pop("file", None)
        if path is not None:  # a caller in a thread takes the result whole
            with open(path, "rb") as fh:
                reply["body"] = fh.read()
            _unlink(path)
        return reply

    async def acall(self, job: dict, *, timeout: float | None = None, gone=None) -> dict:
        """:meth:`call` for a request handler: the wait for a worker holds no thread, and when
        ``gone`` (an async function that returns when the client has disconnected) returns, the
        request leaves the queue or its query is killed. Raises ``PoolError`` 499
        ``client-gone`` then."""
        import anyio

        if self._closed:
            raise PoolError(503, "shutting-down", "the server is shutting down")
        if not self._started:
            await anyio.to_thread.run_sync(self.start)
        if self._limiter is None:
            self._limiter = anyio.CapacityLimiter(self.size + 1)
        limit = self.timeout if timeout is None else timeout
        holder: dict = {}
        left = {"gone": False}
        token = object()

        async def watch(scope):
            await gone()
            left["gone"] = True
            w = holder.get("w")
            if w is not None:
                await anyio.sleep(max(0.0, GRACE - (time.monotonic() - (w.started or time.monotonic()))))
                self.abandon(w, token)  # only if it still runs this job
            scope.cancel()

        reply = None
        async with anyio.create_task_group() as tg:
            if gone is not None:
                tg.start_soon(watch, tg.cancel_scope)
            try:
                w = await self.acquire_async()
                holder["w"] = w

                def run():
                    holder["reply"] = self._exchange(w, job, limit, token)
                    return holder["reply"]

                reply = await anyio.to_thread.run_sync(run, limiter=self._limiter)
            except PoolError as exc:  # raised after the group, not wrapped in an exception group
                holder["error"] = exc
            finally:
                holder.pop("w", None)
                tg.cancel_scope.cancel()
        if "error" in holder and not left["gone"]:
            raise holder["error"]
        if reply is None:
            late = holder.get("reply") or {}
            if late.get("file"):  # answered after all, for nobody
                _unlink(late["file"])
            if left["gone"]:
                raise PoolError(499, "client-gone", "the client went away")
            raise PoolError(503, "busy", "the request was cancelled")  # pragma: no cover - cancelled from outside
        return reply

    def abandon(self, w: _Worker, token: object) -> None:
        """Kill ``w``'s query because its client went away (the waiting thread then returns),
        unless ``w`` has finished that job (``token``) and moved on."""
        with self._lock:
            if w.token is not token:
                return
            w.abandoned = True
        try:
            w.process.kill()
        except OSError:
            pass

    def _exchange(self, w: _Worker, job: dict, limit: float, token: object = None) -> dict:
        text = job.get("sparql") or ""
        key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest() if job.get("op") == "query" else None
        if key is not None and key in self._checked:
            job = {**job, "checked": True}
        with self._lock:
            w.started, w.token = time.monotonic(), token
        try:
            w.conn.send(job)
            if not w.conn.poll(limit):
                self.killed += 1
                self._replace(w)
                log.warning("%s worker %d killed after %g s on query %s", self.name, w.process.pid, limit, query_hash(text))
                raise PoolError(
                    503, "timeout",
                    f"the query ran over the time limit of {limit:g} s and was stopped; "
                    "narrow it (LIMIT, more specific patterns) or ask the operator for a longer --timeout",
                )
            reply = w.conn.recv()
        except (EOFError, OSError) as exc:
            if w.abandoned:
                self.deaths["gone"] += 1
                self._replace(w)
                raise PoolError(499, "client-gone", "the client went away") from None
            cause = self._why_died(w)
            self.deaths[cause] += 1
            self._replace(w)
            log.error("%s worker %d died (%s, exit %s) on query %s", self.name, w.process.pid, cause,
                      w.process.returncode, query_hash(text))
            if cause == "memory":
                raise PoolError(
                    503, "memory-limit",
                    f"the query needed more than the server's limit of {self.memory_mb} MB of memory and was stopped; "
                    "narrow it (LIMIT, fewer or shorter values) or ask the operator for a larger --worker-memory",
                ) from None
            raise PoolError(500, "worker-died", f"the query worker died ({type(exc).__name__}); try again") from None
        if reply.pop("checked", False) and key is not None:
            self._checked[key] = None
            while len(self._checked) > 4096:
                self._checked.popitem(last=False)
        with self._lock:  # finished: from now on it cannot be abandoned
            killed = w.abandoned
            w.token = None
        if killed or reply.get("exit"):  # killed just as it answered, or ending by itself
            self._replace(w)
        else:
            self._release(w)
        return reply

    def _why_died(self, w: _Worker) -> str:
        try:
            w.process.wait(2)
        except subprocess.TimeoutExpired:
            return "crash"
        if w.reader is not None:
            w.reader.join(1)
        tail = " ".join(w.stderr_tail).lower()
        if "memory allocation of" in tail or "memoryerror" in tail or "cannot allocate memory" in tail:
            return "memory"
        if "overflowed its stack" in tail:
            return "stack"
        return "crash"

    def ping(self) -> dict:
        return self.call({"op": "ping"}, timeout=30)

    @property
    def isolated(self) -> bool:
        """Whether every worker runs without network (some means of isolation took)."""
        with self._lock:
            ready = [w for w in self._all if w.ready]
        return bool(ready) and all(w.isolated for w in ready)

    @property
    def isolation(self) -> list[str]:
        """The means of isolation every ready worker has."""
        with self._lock:
            ready = [w for w in self._all if w.ready]
        if not ready:
            return []
        return [m for m in MEANS if all(m in w.isolated for w in ready)]


def _forward_stderr(w: _Worker) -> None:
    """Copy a worker's stderr into the server's, keeping the last lines to tell why it died."""
    stream = w.process.stderr
    if stream is None:
        return
    for raw in iter(stream.readline, b""):
        line = raw.decode("utf-8", "replace").rstrip()
        w.stderr_tail.append(line)
        print(f"[worker {w.process.pid}] {line}", file=sys.stderr, flush=True)
    stream.close()


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


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
