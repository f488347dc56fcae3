"""The worker process: runs one SPARQL request at a time for the server's pool.

A worker opens the store itself, runs the query, enforces the row cap, writes the result in
the negotiated format and sends back bytes. The parent kills a worker that runs over the time
limit (pyoxigraph cannot cancel a running query), so nothing here needs to watch the clock.

Messages are dicts. Requests: ``{"op": "query", "sparql", "default_graph", "named_graphs",
"accept", "max_rows"}``, ``{"op": "update", ...}`` (see :mod:`graph.server.update`),
``{"op": "ping"}``. Replies: ``{"ok": True, "media_type", "body", "rows"}`` or
``{"ok": False, "status", "error", "message"}``.
"""

from __future__ import annotations

import ctypes
import io
import os
import time
import traceback

import pyoxigraph as ox

from ..errors import QueryError, StafettError, StoreError
from ..namespaces import PREFIXES
from .negotiate import choose

#: What the server writes, in its order of preference (the first is the default).
RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


def failure(status: int, error: str, message: str) -> dict:
    return {"ok": False, "status": status, "error": error, "message": message}


class _RowCap(Exception):
    pass


class _LineCounter(io.RawIOBase):
    """A byte sink that stops the writer once more than ``limit`` lines have been written
    (TSV results are one line per row, plus the header)."""

    def __init__(self, limit: int):
        self.buffer, self.lines, self.limit = bytearray(), 0, limit

    def writable(self) -> bool:
        return True

    def write(self, b) -> int:
        self.lines += bytes(b).count(b"\n")
        if self.lines > self.limit:
            raise _RowCap()
        self.buffer += b
        return len(b)


# -- running a query ------------------------------------------------------------------------------
def execute(store, sparql: str, default_graph, named_graphs, hidden=(), base: str | None = None):
    """Run ``sparql`` with the protocol's dataset: when either list is given, the dataset is
    exactly those graphs (no named graphs when only ``default_graph`` is given). ``hidden``
    graphs (the build manifest) are kept out of the dataset (see :mod:`.dataset`)."""
    from ..store import EmbeddedStore
    from .dataset import check_not_private, dataset_arguments

    if not isinstance(store, EmbeddedStore):
        check_not_private(default_graph, set(hidden or ()))
        check_not_private(named_graphs, set(hidden or ()))
        return store.query(sparql, default_graph=default_graph, named_graphs=named_graphs)
    oxstore = store.oxigraph  # once: the dataset and the query on the same generation
    try:
        kwargs = dataset_arguments(oxstore, sparql, default_graph, named_graphs, hidden, base=base)
        return oxstore.query(sparql, prefixes=PREFIXES, base_iri=base, **kwargs)
    except SyntaxError as exc:
        from ..sparql_errors import syntax_error

        raise syntax_error(exc, sparql) from None
    except ValueError as exc:
        raise QueryError(str(exc)) from None


def write_result(result, accept: str | None, max_rows: int) -> dict:
    """The result in the negotiated format, or a failure (406, row cap)."""
    if isinstance(result, (ox.QuerySolutions, ox.QueryBoolean)):
        media = choose(accept, list(RESULT_TYPES))
        if media is None:
            return failure(406, "not-acceptable", f"SELECT and ASK results can be had as {', '.join(RESULT_TYPES)}")
        fmt = RESULT_TYPES[media]
        if isinstance(result, ox.QueryBoolean):
            return {"ok": True, "media_type": media, "body": result.serialize(format=fmt), "rows": 1}
        sink = _LineCounter(max_rows + 1)
        try:
            result.serialize(sink, format=ox.QueryResultsFormat.TSV)
        except _RowCap:
            return _too_many(max_rows)
        tsv = bytes(sink.buffer)
        rows = max(sink.lines - 1, 0)
        if fmt is not ox.QueryResultsFormat.TSV:
            tsv = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV).serialize(format=fmt)
        return {"ok": True, "media_type": media, "body": tsv, "rows": rows}
    media = choose(accept, list(GRAPH_TYPES))
    if media is None:
        return failure(406, "not-acceptable", f"CONSTRUCT and DESCRIBE results can be had as {', '.join(GRAPH_TYPES)}")
    triples = []
    for t in result:
        triples.append(t)
        if len(triples) > max_rows:
            return _too_many(max_rows, "triples")
    fmt = GRAPH_TYPES[media]
    prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
    body = ox.serialize(triples, format=fmt, prefixes=prefixes) if prefixes else ox.serialize(triples, format=fmt)
    return {"ok": True, "media_type": media, "body": body, "rows": len(triples)}


def _too_many(limit: int, what: str = "rows") -> dict:
    return failure(
        400, "too-many-results",
        f"the result has more than {limit} {what}, the server's limit; add LIMIT (and OFFSET to page) or narrow the query",
    )


def run_query(store, job: dict) -> dict:
    from .dataset import PrivateGraphError

    try:
        result = execute(store, job["sparql"], job.get("default_graph"), job.get("named_graphs"), job.get("hidden"),
                         base=job.get("base"))
        return write_result(result, job.get("accept"), job["max_rows"])
    except PrivateGraphError as exc:
        return failure(403, "private-graph", str(exc))
    except QueryError as exc:
        return failure(400, "malformed-query", str(exc))
    except StoreError as exc:
        return failure(503, "store-unavailable", str(exc))
    except (OSError, RuntimeError, ValueError, SyntaxError) as exc:  # raised while evaluating
        return failure(400, "query-failed", f"the query failed: {' '.join(str(exc).split())}")


# -- the process ----------------------------------------------------------------------------------
def isolate_network() -> bool:
    """Move this process into a network namespace of its own (no interfaces but a down
    loopback), so even a query that slipped past the guard could reach nothing. Needs
    CAP_SYS_ADMIN (root); returns whether it worked."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.unshare(0x40000000) == 0  # CLONE_NEWNET
    except (OSError, AttributeError):
        return False


def open_for_worker(spec: tuple[str, str]):
    from ..store import open_store

    kind, where = spec
    return open_store(store_dir=where) if kind == "embedded" else open_store(endpoint=where)


def main(conn, spec: tuple[str, str], isolate: bool) -> None:
    """The worker's loop: receive a job, answer it, until the pipe closes."""
    isolated = isolate and spec[0] == "embedded" and isolate_network()
    store = None
    try:  # open the store before saying ready, so the first query does not wait for it
        store = open_for_worker(spec)
    except StafettError:
        pass  # reported with the first query (e.g. no graph built yet)
    conn.send({"ok": True, "ready": True, "pid": os.getpid(), "isolated": isolated})
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        started = time.perf_counter()
        try:
            if job["op"] == "ping":
                reply = {"ok": True, "pid": os.getpid(), "isolated": isolated}
            elif job["op"] in ("update", "graph"):
                from .update import run_change

                reply = run_change(spec, job)
            else:
                if store is None:
                    store = open_for_worker(spec)
                reply = run_query(store, job)
        except StafettError as exc:
            reply = failure(503, "store-unavailable", str(exc))
        except Exception:  # noqa: BLE001 - one bad job must not end the worker
            traceback.print_exc()  # to the server's log; the client gets no internals
            reply = failure(500, "internal-error", "the query worker failed on this request; the operator's log has the details")
        reply["seconds"] = time.perf_counter() - started
        try:
            conn.send(reply)
        except (BrokenPipeError, OSError):
            return


if __name__ == "__main__":  # python -m graph.server.worker FD SPEC ISOLATE (started by the pool)
    import json
    import sys
    from multiprocessing.connection import Connection

    main(Connection(int(sys.argv[1])), tuple(json.loads(sys.argv[2])), sys.argv[3] == "1")
