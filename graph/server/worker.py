"""The worker process: runs one SPARQL request at a time for the server's pool.

A worker first takes its own network away (:mod:`graph.server.isolation`) and caps its memory
(``RLIMIT_DATA``: an allocation past it fails, and Oxigraph then aborts the process, which the
pool reports as ``503 memory-limit`` and replaces), then opens the store. For each query it
checks the text with a real SPARQL parser (:func:`graph.server.guard.outbound_operation`: no
``SERVICE``, no ``LOAD``), runs it, enforces the row cap and the byte cap while it writes the
result in the negotiated format, and sends back the bytes: inline when small, else as a file in
the pool's spool folder, which the server streams to the client at the client's pace (so
neither the worker nor the server holds a large answer for a slow reader). The parent kills a
worker that runs over the time limit (pyoxigraph cannot cancel a running query), so nothing
here needs to watch the clock.

Messages are dicts. Requests: ``{"op": "query", "sparql", "default_graph", "named_graphs",
"accept", "max_rows", "trusted"}``, ``{"op": "update", ...}`` (see :mod:`graph.server.update`),
``{"op": "ping"}``. Replies: ``{"ok": True, "media_type", "rows", "body" | "file", "size"}`` or
``{"ok": False, "status", "error", "message"}``; ``"exit": True`` when the worker ends after
replying (it ran out of memory in Python code).
"""

from __future__ import annotations

import io
import itertools
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
#: Results up to this size travel inside the reply; larger ones as a spool file.
INLINE = 64 * 1024
#: Results are written in memory up to this size, then to a spool file.
SPILL = 1024 * 1024
DEFAULT_MAX_BYTES = 64 * 1024 * 1024


def failure(status: int, error: str, message: str) -> dict:
    return {"ok": False, "status": status, "error": error, "message": message}


class _Cap(Exception):
    def __init__(self, what: str):
        self.what = what


class _Sink(io.RawIOBase):
    """Where a result is written: memory first, a spool file past ``SPILL`` bytes. Stops the
    writer past ``max_bytes`` bytes, or past ``max_rows`` results of SPARQL XML (counted by
    their ``<result>`` tags, which no value can spell: XML escapes ``<`` in text; a tag split
    between two writes is found with the tail of the previous one)."""

    TAG = b"<result>"

    def __init__(self, spool: "Spool", *, max_bytes: int, max_rows: int | None = None):
        self.spool, self.max_bytes, self.max_rows = spool, max_bytes, max_rows
        self.size = self.rows = 0
        self._tail = b""
        self.mem: io.BytesIO | None = io.BytesIO()
        self.path: str | None = None
        self.fh = None

    def writable(self) -> bool:
        return True

    def write(self, b) -> int:
        b = bytes(b)
        self.size += len(b)
        if self.size > self.max_bytes:
            raise _Cap("bytes")
        if self.max_rows is not None:
            seen = self._tail + b
            self.rows += seen.count(self.TAG)
            self._tail = seen[-(len(self.TAG) - 1):]
            if self.rows > self.max_rows:
                raise _Cap("rows")
        if self.mem is not None and self.size > SPILL:
            self._to_file()
        (self.mem if self.mem is not None else self.fh).write(b)
        return len(b)

    def _to_file(self) -> None:
        self.path, self.fh = self.spool.new()
        self.fh.write(self.mem.getvalue())
        self.mem = None

    def source(self):
        """What was written, for a reader: bytes, or the spool file's path."""
        if self.mem is not None:
            return {"input": self.mem.getvalue()}
        self.fh.flush()
        return {"path": self.path}

    def reply(self, media: str, rows: int) -> dict:
        if self.mem is not None and self.size <= INLINE:
            return {"ok": True, "media_type": media, "body": self.mem.getvalue(), "rows": rows, "size": self.size}
        if self.mem is not None:
            self._to_file()
        self.fh.close()
        self.fh = None
        path, self.path = self.path, None  # handed over: the server unlinks it
        return {"ok": True, "media_type": media, "file": path, "rows": rows, "size": self.size}

    def discard(self) -> None:
        if self.fh is not None:
            self.fh.close()
        if self.path is not None:
            try:
                os.unlink(self.path)
            except OSError:
                pass
        self.fh = self.path = self.mem = None


# -- running a query ------------------------------------------------------------------------------
def execute(store, sparql: str, default_graph, named_graphs, base: str | None = None):
    """Run ``sparql`` with the protocol's dataset: when either list is given, the dataset is
    exactly those graphs (no named graphs when only ``default_graph`` is given). Relative IRIs
    resolve against ``base`` (the data's base, ``--base``)."""
    from ..store import EmbeddedStore

    if not isinstance(store, EmbeddedStore):
        return store.query(sparql, default_graph=default_graph, named_graphs=named_graphs)
    kwargs: dict = {}
    if default_graph or named_graphs:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graph or []]
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs or []]
    try:
        return store.oxigraph.query(sparql, prefixes=PREFIXES, base_iri=base, **kwargs)
    except SyntaxError as exc:
        from ..sparql_errors import syntax_error

        raise syntax_error(exc, sparql) from None
    except ValueError as exc:
        raise QueryError(str(exc)) from None


class Spool:
    """Where a worker writes results: files in the pool's spool folder."""

    def __init__(self, folder: str | None):
        self.folder = folder
        self._n = itertools.count()

    def new(self) -> tuple[str, object]:
        if self.folder is None:
            import tempfile

            self.folder = tempfile.mkdtemp(prefix="stafett-spool-")
        path = os.path.join(self.folder, f"{os.getpid()}-{next(self._n)}")
        return path, open(path, "w+b")


def write_result(result, accept: str | None, max_rows: int, *, max_bytes: int = DEFAULT_MAX_BYTES,
                 spool: Spool | None = None) -> dict:
    """The result in the negotiated format, or a failure (406, row cap, byte cap)."""
    spool = spool or Spool(None)
    if isinstance(result, (ox.QuerySolutions, ox.QueryBoolean)):
        media = choose(accept, list(RESULT_TYPES))
        if media is None:
            return failure(406, "not-acceptable", f"SELECT and ASK results can be had as {', '.join(RESULT_TYPES)}")
        fmt = RESULT_TYPES[media]
        if isinstance(result, ox.QueryBoolean):
            return {"ok": True, "media_type": media, "body": result.serialize(format=fmt), "rows": 1}
        # Written as SPARQL XML first, counting results; then, for another format, read back and
        # written again (Oxigraph's XML reader is linear; its TSV reader is quadratic in a line).
        xml = _Sink(spool, max_bytes=2 * max_bytes, max_rows=max_rows)
        out = _Sink(spool, max_bytes=max_bytes)
        try:
            try:
                result.serialize(xml, format=ox.QueryResultsFormat.XML)
            except _Cap as cap:
                return _too_many(max_rows) if cap.what == "rows" else _too_large(max_bytes)
            if fmt is ox.QueryResultsFormat.XML:
                return xml.reply(media, xml.rows) if xml.size <= max_bytes else _too_large(max_bytes)
            try:
                ox.parse_query_results(**xml.source(), format=ox.QueryResultsFormat.XML).serialize(out, format=fmt)
            except _Cap:
                return _too_large(max_bytes)
            return out.reply(media, xml.rows)
        finally:
            xml.discard()
            out.discard()
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
    sink = _Sink(spool, max_bytes=max_bytes)
    try:
        try:
            if prefixes:
                ox.serialize(triples, sink, format=fmt, prefixes=prefixes)
            else:
                ox.serialize(triples, sink, format=fmt)
        except _Cap:
            return _too_large(max_bytes)
        return sink.reply(media, len(triples))
    finally:
        sink.discard()


def _too_many(limit: int, what: str = "rows") -> dict:
    return failure(
        400, "too-many-results",
        f"the result has more than {limit} {what}, the server's limit; add LIMIT (and OFFSET to page) or narrow the query",
    )


def _too_large(limit: int) -> dict:
    return failure(
        400, "result-too-large",
        f"the result is larger than {limit} bytes, the server's limit (--max-bytes); add LIMIT (and OFFSET to page), "
        "select fewer or shorter values, or narrow the query",
    )


def check_text(sparql: str, *, update: bool, isolated: bool) -> dict | None:
    """A failure for a text that must not run (SERVICE, LOAD, too deep), or that rdflib cannot
    read; None when it may run."""
    from .guard import Refused, Unreadable, check_shape, outbound_operation

    try:
        check_shape(sparql)
        found = outbound_operation(sparql, update=update)
    except Refused as exc:
        return failure(exc.status, exc.error, str(exc))
    except Unreadable as exc:
        kind = "update" if update else "query"
        if isolated:  # Oxigraph's own message (line and column) when it cannot read it either
            try:
                if update:
                    ox.Store().update(sparql, prefixes=PREFIXES)
                else:
                    r = ox.Store().query(sparql, prefixes=PREFIXES)
                    if not isinstance(r, ox.QueryBoolean):
                        next(iter(r), None)
            except SyntaxError as syntax:
                if not update:  # located in the text, with the CLI's words (graph/sparql_errors.py)
                    from ..sparql_errors import syntax_error

                    return failure(400, "malformed-query", str(syntax_error(syntax, sparql)))
                return failure(400, f"malformed-{kind}", f"malformed {kind}: {' '.join(str(syntax).split())}")
            except (OSError, ValueError, RuntimeError):
                pass
        return failure(
            400, f"malformed-{kind}" if not isolated else "unchecked-query",
            f"malformed {kind}: {exc}" if not isolated else
            f"this endpoint reads every {kind} with a second SPARQL parser (rdflib) before it runs it, to refuse "
            f"SERVICE and LOAD, and that parser cannot read this one ({exc}); write it in plain SPARQL 1.1",
        )
    if found:
        return failure(
            403, "outbound-refused",
            f"{found} is not allowed here: this endpoint makes no requests to other servers or files",
        )
    return None


_legacy_checked: dict[str, bool] = {}


def holds_legacy_manifest(store, graph: str | None) -> bool:
    """Whether the store's current generation still has the build manifest as a graph (built by
    a stafett before the manifest left the store): such a store is not served."""
    from ..store import EmbeddedStore

    if not graph or not isinstance(store, EmbeddedStore):
        return False
    oxstore = store.oxigraph
    key = str(store.generation)
    if key not in _legacy_checked:
        _legacy_checked.clear()
        _legacy_checked[key] = oxstore.contains_named_graph(ox.NamedNode(graph))
    return _legacy_checked[key]


def run_query(store, job: dict, *, isolated: bool = False, spool: Spool | None = None, legacy: str | None = None) -> dict:
    try:
        if holds_legacy_manifest(store, legacy):
            return failure(503, "store-unavailable", "this store was built by an older stafett and holds the build's "
                           "local file paths in a graph; the operator must run `stafett build --update` on it first")
        if not job.get("trusted") and not job.get("checked"):
            refused = check_text(job["sparql"], update=False, isolated=isolated)
            if refused:
                return refused
        result = execute(store, job["sparql"], job.get("default_graph"), job.get("named_graphs"), base=job.get("base"))
        reply = write_result(result, job.get("accept"), job["max_rows"], max_bytes=job.get("max_bytes") or DEFAULT_MAX_BYTES,
                             spool=spool)
        reply["checked"] = True  # the text passed the check: the pool need not have it checked again
        return reply
    except QueryError as exc:
        return failure(400, "malformed-query", str(exc))
    except StoreError as exc:
        return failure(503, "store-unavailable", public_store_message(exc, store))
    except (OSError, RuntimeError, ValueError, SyntaxError) as exc:  # raised while evaluating
        return failure(400, "query-failed", f"the query failed: {' '.join(str(exc).split())}")


def public_store_message(exc: Exception, store_or_root) -> str:
    """A store error as a client may see it: without the store's folder on this machine."""
    root = getattr(store_or_root, "root", store_or_root)
    text = str(exc)
    if root is not None:
        for form in {str(root), os.path.abspath(str(root)), os.path.realpath(str(root))}:
            text = text.replace(form, "the store")
    return text


# -- the process ----------------------------------------------------------------------------------
def limit_memory(megabytes: int | None) -> None:
    """Cap this process's data segment and private mappings (``RLIMIT_DATA``)."""
    if not megabytes:
        return
    import resource

    limit = int(megabytes) * 1024 * 1024
    try:
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    except (ValueError, OSError):
        pass


def open_for_worker(spec: tuple[str, str]):
    from ..store import open_store

    kind, where = spec
    return open_store(store_dir=where) if kind == "embedded" else open_store(endpoint=where)


def main(conn, spec: tuple[str, str], options: dict) -> None:
    """The worker's loop: receive a job, answer it, until the pipe closes."""
    from .isolation import isolate

    # First, while single-threaded: no network (an embedded store needs none), a memory cap.
    isolated = isolate(options.get("isolate") or ()) if spec[0] == "embedded" else []
    limit_memory(options.get("memory_mb"))
    import signal

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # past a file size limit, writes fail (507), not the worker
    try:  # queries yield the CPU to the server process: pages, static files and admission stay quick
        os.nice(int(options.get("nice", 10)))
    except OSError:
        pass
    spool = Spool(options.get("spool"))
    import rdflib.plugins.sparql.parser  # noqa: F401 - the checking parser, loaded before the first query

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
        end = False
        try:
            if job["op"] == "ping":
                reply = {"ok": True, "pid": os.getpid(), "isolated": isolated}
            elif job["op"] in ("update", "graph"):
                from .update import run_change

                reply = run_change(spec, job, isolated=bool(isolated))
            else:
                if store is None:
                    store = open_for_worker(spec)
                reply = run_query(store, job, isolated=bool(isolated), spool=spool, legacy=options.get("legacy_manifest"))
        except MemoryError:
            reply = failure(503, "memory-limit", "the query needed more memory than the server allows per query; narrow it")
            reply["exit"] = end = True  # a fresh worker is started in its place
        except StafettError as exc:
            reply = failure(503, "store-unavailable", public_store_message(exc, spec[1] if spec[0] == "embedded" else None))
        except Exception:  # noqa: BLE001 - one bad job must not end the worker
            traceback.print_exc()  # to the server's log; the client gets no internals
            reply = failure(500, "internal-error", "the query worker failed on this request; the operator's log has the details")
        reply["seconds"] = time.perf_counter() - started
        try:
            conn.send(reply)
        except (BrokenPipeError, OSError):
            return
        if end:
            return


if __name__ == "__main__":  # python -m graph.server.worker FD SPEC OPTIONS (started by the pool)
    import json
    import sys
    from multiprocessing.connection import Connection

    main(Connection(int(sys.argv[1])), tuple(json.loads(sys.argv[2])), json.loads(sys.argv[3]))
