"""Changes through the endpoint (``--allow-update``): SPARQL Update and Graph Store writes.

The embedded store is a set of read-only generations, so a change is made the way
``stafett build --update`` makes one: a new generation starts as a checkpoint of the current
one, the change is applied to it, the union default graph is brought back in step, and the new
generation is swapped in atomically. Readers (the query workers) see the old graph or the new
one, never a half-applied change; a change that fails, or runs over the time limit and has its
worker killed, leaves the current generation as it was.

**The default graph stays the union of the named graphs.** After the change -- after each
operation of an update request, so that the next one reads the union too -- every triple that
differs between the new default graph and the merge of the named graphs is settled by what the
change did, judged against the state before it (the generation the change started from, or a
checkpoint of the new one before each later operation):

- a triple inserted into the default graph (no ``GRAPH``) that no named graph holds is kept and
  also put in the named graph ``{base}graph/updates``, so it survives the next change;
- a triple deleted from the default graph is deleted from every named graph that holds it (the
  default graph is their union, so "not in the union" means "in none of them");
- a triple inserted into or deleted from a named graph is added to or removed from the default
  graph accordingly.

A change is checked like a query first (:func:`graph.server.worker.check_text`: no ``LOAD``, no
``SERVICE`` in its ``WHERE``). A disk that fills up while the new generation is written is
``507 insufficient-storage``; the current generation stays as it was.
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
from pathlib import Path

import pyoxigraph as ox

from ..errors import StafettError
from ..namespaces import PREFIXES
from .worker import check_text, failure, public_store_message

log = logging.getLogger("stafett.server")
#: errno values of a full disk (ENOSPC), a quota (EDQUOT) or a file size limit (EFBIG).
_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_FULL_WORDS = ("no space left", "quota exceeded", "file too large")
from .operations import LexError, UpdateDatasetConflict, operations


def _triples(store: ox.Store, graph) -> set[ox.Triple]:
    return {ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, graph)}


def reconcile(store: ox.Store, before: ox.Store, *, updates_graph: str) -> None:
    """Make the default graph of ``store`` the union of its named graphs again (see above);
    ``before`` is the store as it was before the change (read-only), whose default graph was
    that union."""
    default = ox.DefaultGraph()
    union: set[ox.Triple] = set()
    for g in store.named_graphs():
        union |= _triples(store, g)
    current = _triples(store, default)
    updates = ox.NamedNode(updates_graph)

    def was_in_union(t: ox.Triple) -> bool:
        return ox.Quad(t.subject, t.predicate, t.object, default) in before

    for t in current - union:
        if was_in_union(t):  # deleted from the named graph(s) that held it
            store.remove(ox.Quad(t.subject, t.predicate, t.object, default))
        else:  # inserted into the default graph
            store.add(ox.Quad(t.subject, t.predicate, t.object, updates))
    for t in union - current:
        if was_in_union(t):  # deleted from the default graph: from every named graph too
            for q in list(store.quads_for_pattern(t.subject, t.predicate, t.object, None)):
                store.remove(q)
        else:  # inserted into a named graph
            store.add(ox.Quad(t.subject, t.predicate, t.object, default))


def is_disk_full(exc: BaseException) -> bool:
    """Whether an error is a full disk, a quota or a file size limit (Oxigraph reports RocksDB's
    as an OSError whose text names it)."""
    if isinstance(exc, OSError) and exc.errno in _FULL:
        return True
    return isinstance(exc, OSError) and any(w in str(exc).lower() for w in _FULL_WORDS)


def run_change(spec: tuple[str, str], job: dict, *, isolated: bool = False) -> dict:
    """Apply one change job in a new generation and swap it in (runs in a worker)."""
    kind, where = spec
    if kind != "embedded":
        return failure(403, "read-only", "this server does not write to a remote store; send updates to it directly")
    if job["op"] == "update":
        refused = check_text(job["sparql"], update=True, isolated=isolated)
        if refused:
            return refused
    try:
        return _change(Path(where), job)
    except OSError as exc:
        if not is_disk_full(exc):
            raise
        log.error("a change ran out of disk space: %s", exc)
        return failure(507, "insufficient-storage", "the server's disk is full, so the change was not made (nothing "
                       "changed); the operator must free space")


def _change(root: Path, job: dict) -> dict:
    from ..store import CURRENT, EmbeddedWriter

    scratch: list[Path] = []
    try:
        with EmbeddedWriter(root, incremental=True, wait=job.get("lock_wait", 5.0)) as writer:
            store = writer.store
            assert store is not None
            before = ox.Store.read_only(str(root / os.readlink(root / CURRENT)))
            status = 204
            if job["op"] == "update":
                try:
                    texts = operations(job["sparql"], using=job.get("using"), using_named=job.get("using_named"))
                except UpdateDatasetConflict as exc:
                    return failure(400, "bad-request", str(exc))
                except LexError as exc:
                    return failure(400, "malformed-update", f"malformed update: {exc}")
                for i, text in enumerate(texts):  # one at a time: each operation reads the union default graph
                    if i:  # what the next operation starts from: a checkpoint (hard links), not a copy in memory
                        before = _checkpoint(store, root, scratch)
                    try:
                        store.update(text, prefixes=PREFIXES, base_iri=job.get("base"))
                    except SyntaxError as exc:
                        return failure(400, "malformed-update", f"malformed update: {' '.join(str(exc).split())}")
                    except (OSError, ValueError, RuntimeError) as exc:
                        if is_disk_full(exc):
                            raise
                        return failure(400, "update-failed", f"the update failed: {' '.join(str(exc).split())}")
                    reconcile(store, before, updates_graph=job["updates_graph"])
            else:
                try:
                    status = _graph_change(store, job)
                except (SyntaxError, ValueError) as exc:
                    return failure(400, "malformed-data", f"the graph cannot be read: {' '.join(str(exc).split())}")
                if status >= 400:
                    return failure(status, "not-found", f"no graph <{job['graph']}> in the store")
                reconcile(store, before, updates_graph=job["updates_graph"])
            del before
            writer.commit()
    except StafettError as exc:
        log.warning("a change could not be made: %s", exc)  # the folder and the holder's pid: for the log only
        if "another build" in str(exc):
            return failure(503, "store-busy", "another build or change is writing to the store; try again shortly")
        return failure(503, "store-unavailable", public_store_message(exc, root))
    finally:
        for folder in scratch:
            shutil.rmtree(folder, ignore_errors=True)
    return {"ok": True, "status": status, "media_type": "text/plain", "body": b"", "rows": 0}


def _checkpoint(store: ox.Store, root: Path, scratch: list[Path]) -> ox.Store:
    """The working store as it is now, read-only, from a checkpoint in the store folder (hard
    links; listed in ``scratch`` to be removed when the change ends)."""
    folder = root / f".change-{os.getpid()}-{len(scratch)}"
    shutil.rmtree(folder, ignore_errors=True)
    scratch.append(folder)
    store.backup(str(folder))
    return ox.Store.read_only(str(folder))


def _graph_change(store: ox.Store, job: dict) -> int:
    """A Graph Store Protocol write on one named graph: 201 created, 204 changed, 404 absent."""
    graph = ox.NamedNode(job["graph"])
    existed = store.contains_named_graph(graph)
    mode = job["mode"]
    if mode == "delete":
        if not existed:
            return 404
        store.remove_graph(graph)
        return 204
    if mode == "put" and existed:
        store.clear_graph(graph)
    # A multipart body is several parts, each a graph in its own format, merged.
    for media_type, data in job.get("parts") or [(job["media_type"], job["data"])]:
        fmt = ox.RdfFormat.from_media_type(media_type)
        if fmt is None:
            raise ValueError(f"cannot read {media_type}")
        store.load(data, format=fmt, to_graph=graph, base_iri=job["graph"])
    return 204 if existed else 201
