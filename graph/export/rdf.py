"""The RDF dumps, streamed by Oxigraph (Rust) straight from the store to the file.

- Triple formats (Turtle, N-Triples, RDF/XML) hold the union of the exported graphs, which is
  the store's default graph already (materialised, deduplicated): one ``Store.dump`` of it.
- Quad formats (N-Quads, TriG) keep one named graph per interview plus the reference and ontology
  graphs; the default graph (only the union again) and the manifest are left out. Oxigraph dumps
  either one graph or the whole dataset, so each exported graph is dumped on its own, by a few
  threads at once (``dump`` releases the GIL), and the parts are written in order:
  N-Triples lines get the graph name appended (``<s> <p> <o> <g> .``); TriG wraps each graph's
  Turtle in ``<g> { ... }`` with the prefixes declared once at the top.

Nothing passes through rdflib; ``bench/bench_export.py`` measures the speed.
"""

from __future__ import annotations

import os
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from typing import BinaryIO, Callable, Iterable, Iterator

import pyoxigraph as ox

from ..namespaces import PREFIXES
from .formats import ExportFormat
from .snapshot import Snapshot

#: Kinds of entity IRIs ({base}id/{kind}/{key}) that get a prefix in Turtle and TriG.
ID_KINDS = (
    "person", "municipality", "county", "organisation", "project", "interview", "membership",
    "baton-pass", "profile", "theme", "need", "method", "category", "role", "party", "question",
    "scheme", "orgtype",
)
_FORMATS = {
    ExportFormat.TTL: ox.RdfFormat.TURTLE,
    ExportFormat.NT: ox.RdfFormat.N_TRIPLES,
    ExportFormat.RDFXML: ox.RdfFormat.RDF_XML,
    ExportFormat.NQ: ox.RdfFormat.N_QUADS,
    ExportFormat.TRIG: ox.RdfFormat.TRIG,
}
WINDOW = 64  # graphs dumped ahead of the writer


def prefixes(base: str) -> dict[str, str]:
    """Prefixes for Turtle/TriG: the vocabularies', the entity kinds' and the interview graphs'."""
    out = dict(PREFIXES)
    for kind in ID_KINDS:
        out.setdefault(kind, f"{base}id/{kind}/")
    out["ig"] = f"{base}graph/interview/"
    return out


def dump(snap: Snapshot, fmt: ExportFormat, output: str | BinaryIO, *, workers: int | None = None) -> None:
    """Write ``fmt`` of the snapshot to ``output`` (a path, or a binary file object)."""
    rdf_format = _FORMATS[fmt]
    if not fmt.quads:
        kw = {"prefixes": prefixes(snap.base)} if fmt is not ExportFormat.NT else {}
        snap.store.dump(output, rdf_format, from_graph=ox.DefaultGraph(), **kw)
        return
    if isinstance(output, (str, os.PathLike)):
        with open(output, "wb", buffering=1 << 20) as fh:
            _dump_quads(snap, fmt, fh, workers)
    else:
        _dump_quads(snap, fmt, output, workers)


def _dump_quads(snap: Snapshot, fmt: ExportFormat, fh: BinaryIO, workers: int | None) -> None:
    if fmt is ExportFormat.NQ:
        part: Callable[[str], bytes] = lambda g: _nquads(snap.store, g)
    else:
        pfx = prefixes(snap.base)
        fh.write("".join(f"@prefix {k}: <{v}> .\n" for k, v in pfx.items()).encode())
        part = lambda g: _trig_block(snap.store, g, pfx)
    workers = workers or min(2, os.cpu_count() or 1)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for chunk in _in_order(pool, part, snap.graphs):
            fh.write(chunk)


def _in_order(pool: ThreadPoolExecutor, fn: Callable[[str], bytes], items: Iterable[str]) -> Iterator[bytes]:
    """``fn`` over ``items`` in the pool, results in order, at most ``WINDOW`` in flight."""
    pending: deque = deque()
    for item in items:
        pending.append(pool.submit(fn, item))
        if len(pending) >= WINDOW:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _nquads(store: ox.Store, graph: str) -> bytes:
    """One graph as N-Quads: its N-Triples with the graph name before each final ' .'.

    Safe because N-Triples escapes line breaks inside literals, so ' .\\n' only ends a line."""
    body = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
    return body.replace(b" .\n", f" {ox.NamedNode(graph)} .\n".encode())


def _trig_block(store: ox.Store, graph: str, pfx: dict[str, str]) -> bytes:
    """One graph as a TriG block ``<g> { ... }`` (its Turtle, prefixes declared at the top)."""
    body = store.dump(format=ox.RdfFormat.TURTLE, from_graph=ox.NamedNode(graph), prefixes=pfx)
    start = 0
    while body.startswith(b"@prefix ", start):  # the serialiser writes the prefix lines first
        start = body.index(b"\n", start) + 1
    return b"%s {\n%s}\n" % (str(ox.NamedNode(graph)).encode(), body[start:])
