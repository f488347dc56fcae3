"""The RDF dumps, streamed by Oxigraph (Rust) straight from the store to the file.

- Triple formats (Turtle, N-Triples, RDF/XML) hold the union of the exported graphs, which is
  the store's default graph already (materialised, deduplicated): one ``Store.dump`` of it.
- Quad formats (N-Quads, TriG) keep one named graph per interview plus the reference and ontology
  graphs; the default graph (only the union again) and the manifest are left out. Oxigraph dumps
  either one graph or the whole dataset, so for N-Quads each exported graph is dumped on its own
  as N-Triples, by a few threads at once (``dump`` releases the GIL), and its lines get the graph
  name appended (``<s> <p> <o> <g> .``), written in order. TriG is Oxigraph's serialiser fed the
  exported graphs' quads, graph after graph.

Reading the store is what costs: Oxigraph decodes every term from RocksDB (a few microseconds
of CPU per triple), while its parsers and serialisers run at a million triples a second or more.
So when one export writes several formats, the store is read once for the union (N-Triples) and
once for the named graphs (N-Quads), and Turtle, RDF/XML, JSON-LD and TriG are re-serialised from
those files (:func:`convert`), streaming.

Nothing passes through rdflib; ``bench/bench_export.py`` measures the speed.
"""

from __future__ import annotations

import gzip
import os
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
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


def convert(source: Path, fmt: ExportFormat, output: str | BinaryIO, *, base: str) -> None:
    """Write ``fmt`` from ``source``, an N-Triples (triple formats) or N-Quads (TriG) file of the
    same snapshot written by :func:`dump` (gzipped when it ends in ``.gz``). The source is in
    the store's order (grouped by graph, then subject), so the output is the same as a dump's."""
    src_format = ox.RdfFormat.N_QUADS if fmt.quads else ox.RdfFormat.N_TRIPLES
    with (gzip.open(source, "rb") if source.suffix == ".gz" else open(source, "rb", buffering=1 << 20)) as fh:
        ox.serialize(ox.parse(fh, format=src_format), output, format=_FORMATS[fmt], prefixes=prefixes(base))


def _dump_quads(snap: Snapshot, fmt: ExportFormat, fh: BinaryIO, workers: int | None) -> None:
    if fmt is ExportFormat.TRIG:
        quads = (q for g in snap.graphs for q in snap.store.quads_for_pattern(None, None, None, ox.NamedNode(g)))
        ox.serialize(quads, fh, format=ox.RdfFormat.TRIG, prefixes=prefixes(snap.base))
        return
    workers = workers or min(2, os.cpu_count() or 1)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for chunk in _in_order(pool, lambda g: _nquads(snap.store, g), snap.graphs):
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
