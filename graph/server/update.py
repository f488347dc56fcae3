"""Changes through the endpoint (``--allow-update``): SPARQL Update and Graph Store writes.

The embedded store is a set of read-only generations, so a change is made the way
``stafett build --update`` makes one: a new generation starts as a checkpoint of the current
one, the change is applied to it, the union default graph is brought back in step, and the new
generation is swapped in atomically. Readers (the query workers) see the old graph or the new
one, never a half-applied change; a change that fails, or runs over the time limit and has its
worker killed, leaves the current generation as it was.

**The default graph stays the union of the named graphs.** After the change -- after each
operation of an update request, so that the next one reads the union too -- every triple that
differs between the new default graph and the merge of the named graphs (all but the private
manifest graph) is settled by what the change did, judged against the default graph before it:

- a triple inserted into the default graph (no ``GRAPH``) that no named graph holds is kept and
  also put in the named graph ``{base}graph/updates``, so it survives the next change;
- a triple deleted from the default graph is deleted from every named graph that holds it (the
  default graph is their union, so "not in the union" means "in none of them");
- a triple inserted into or deleted from a named graph is added to or removed from the default
  graph accordingly.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..errors import StafettError
from ..namespaces import PREFIXES
from .operations import LexError, UpdateDatasetConflict, operations
from .worker import failure


def _triples(store: ox.Store, graph) -> set[ox.Triple]:
    return {ox.Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, graph)}


def reconcile(store: ox.Store, before: set[ox.Triple], *, private: set[str], updates_graph: str) -> None:
    """Make the default graph of ``store`` the union of its named graphs again (see above);
    ``before`` is the default graph before the change, which was that union."""
    default = ox.DefaultGraph()
    private_nodes = {ox.NamedNode(g) for g in private}
    union: set[ox.Triple] = set()
    for g in store.named_graphs():
        if g not in private_nodes:
            union |= _triples(store, g)
    current = _triples(store, default)
    updates = ox.NamedNode(updates_graph)

    def was_in_union(t: ox.Triple) -> bool:
        return t in before

    for t in current - union:
        if was_in_union(t):  # deleted from the named graph(s) that held it
            store.remove(ox.Quad(t.subject, t.predicate, t.object, default))
        else:  # inserted into the default graph
            store.add(ox.Quad(t.subject, t.predicate, t.object, updates))
    for t in union - current:
        if was_in_union(t):  # deleted from the default graph: from every named graph too
            for q in list(store.quads_for_pattern(t.subject, t.predicate, t.object, None)):
                if q.graph_name not in private_nodes:
                    store.remove(q)
        else:  # inserted into a named graph
            store.add(ox.Quad(t.subject, t.predicate, t.object, default))


def run_change(spec: tuple[str, str], job: dict) -> dict:
    """Apply one change job in a new generation and swap it in (runs in a worker)."""
    from ..store import EmbeddedWriter

    kind, where = spec
    if kind != "embedded":
        return failure(403, "read-only", "this server does not write to a remote store; send updates to it directly")
    root = Path(where)
    try:
        with EmbeddedWriter(root, incremental=True, wait=job.get("lock_wait", 5.0)) as writer:
            store = writer.store
            assert store is not None
            settle = {"private": set(job.get("private", ())), "updates_graph": job["updates_graph"]}
            status = 204
            if job["op"] == "update":
                try:
                    texts = operations(job["sparql"], using=job.get("using"), using_named=job.get("using_named"))
                except UpdateDatasetConflict as exc:
                    return failure(400, "bad-request", str(exc))
                except LexError as exc:
                    return failure(400, "malformed-update", f"malformed update: {exc}")
                for text in texts:  # one at a time: each operation reads the union default graph
                    before = _triples(store, ox.DefaultGraph())
                    try:
                        store.update(text, prefixes=PREFIXES, base_iri=job.get("base"))
                    except SyntaxError as exc:
                        return failure(400, "malformed-update", f"malformed update: {' '.join(str(exc).split())}")
                    except (OSError, ValueError, RuntimeError) as exc:
                        return failure(400, "update-failed", f"the update failed: {' '.join(str(exc).split())}")
                    reconcile(store, before, **settle)
            else:
                before = _triples(store, ox.DefaultGraph())
                try:
                    status = _graph_change(store, job)
                except (SyntaxError, ValueError) as exc:
                    return failure(400, "malformed-data", f"the graph cannot be read: {' '.join(str(exc).split())}")
                if status >= 400:
                    return failure(status, "not-found", f"no graph <{job['graph']}> in the store")
                reconcile(store, before, **settle)
            writer.commit()
    except StafettError as exc:
        return failure(503, "store-busy", str(exc))
    return {"ok": True, "status": status, "media_type": "text/plain", "body": b"", "rows": 0}


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
