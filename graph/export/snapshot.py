"""One consistent, publishable view of the store for the length of an export.

What is exported is the store's named graphs -- one per interview, the reference graph and the
ontology graph -- and its default graph (their materialised union). Never the build manifest
(which local file each graph was built from): it is not in the store but in a file beside it
(``graph/store.py``); a store built by an older stafett may still hold it as the graph
``{base}graph/manifest``, which is left out here as before.

Two things must not leave the machine, and the snapshot takes care of both before anything is
written:

- an old store's manifest graph (never dumped; dropped from a sanitised copy as well);
- local file paths in ``stf:sourcePath`` (a build from interview texts records the path it was
  given, often absolute). They are exported as the file name alone.

A store whose ``stf:sourcePath`` values are already bare file names is dumped as it is. Otherwise
the export works on a *checkpoint* of the current generation (RocksDB hard links: milliseconds,
no copy on the same file system) in which one SPARQL update has cut the paths down and dropped the
manifest. A remote store is read graph by graph into an in-memory Oxigraph store first.
"""

from __future__ import annotations

import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import pyoxigraph as ox

from ..errors import StoreError
from ..iris import Minter
from ..namespaces import STF
from ..store import run_oxigraph_query

ONTOLOGY_SUFFIX = "graph/ontology"
_PATHS = f"<{STF.sourcePath}>"
_HAS_PATHS = f'ASK {{ ?i {_PATHS} ?p FILTER(CONTAINS(STR(?p), "/") || CONTAINS(STR(?p), "\\\\")) }}'
# Keep the last segment of a path ('/a/b/x.txt' and 'C:\a\x.txt' both become 'x.txt').
_TO_NAME = r'BIND(REPLACE(STR(?p), "^.*[/\\\\]", "") AS ?b)'
_SANITISE = (
    f"DELETE {{ GRAPH ?g {{ ?i {_PATHS} ?p }} }} INSERT {{ GRAPH ?g {{ ?i {_PATHS} ?b }} }} "
    f"WHERE {{ GRAPH ?g {{ ?i {_PATHS} ?p }} {_TO_NAME} }} ;\n"
    f"DELETE {{ ?i {_PATHS} ?p }} INSERT {{ ?i {_PATHS} ?b }} WHERE {{ ?i {_PATHS} ?p {_TO_NAME} }}"
)


@dataclass
class Snapshot:
    """The store as it is exported: ``store`` (pyoxigraph), the data's ``base`` and its graphs."""

    store: ox.Store
    base: str
    interview_graphs: list[str] = field(default_factory=list)
    sanitised: bool = False

    def __post_init__(self) -> None:
        self.minter = Minter(self.base)

    # The graph names are the build's (graph/iris.py).
    ontology_graph = property(lambda self: self.minter.ontology_graph)
    reference_graph = property(lambda self: self.minter.reference_graph)
    links_graph = property(lambda self: self.minter.links_graph)
    manifest_graph = property(lambda self: self.minter.manifest_graph)

    @property
    def graphs(self) -> list[str]:
        """Every exported named graph: ontology, reference, links, then the interviews (sorted)."""
        fixed = [g for g in (self.ontology_graph, self.reference_graph, self.links_graph)
                 if self.store.contains_named_graph(ox.NamedNode(g))]
        return fixed + self.interview_graphs

    # GraphStore's reading API, so that graph/network.py and the SPARQL tables read the snapshot.
    def query(self, sparql: str, *, default_graph=None, named_graphs=None):
        return run_oxigraph_query(self.store, sparql, default_graph=default_graph, named_graphs=named_graphs)

    def graph_names(self) -> list[str]:
        return self.graphs

    def triples(self) -> int:
        """Triples in the default graph (the union of the exported graphs)."""
        for row in self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"):
            return int(row[0].value)
        return 0

    def quads(self) -> int:
        """Quads in the exported named graphs (the manifest left out)."""
        q = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != <%s>) }" % self.manifest_graph
        for row in self.query(q):
            return int(row[0].value)
        return 0


def data_base(graph_names: list[str]) -> str:
    """The base the store was built with, read off its ontology graph's name."""
    for g in graph_names:
        if g.endswith(ONTOLOGY_SUFFIX):
            return g[: -len(ONTOLOGY_SUFFIX)]
    raise StoreError("the store has no ontology graph ({base}graph/ontology); is it a stafett store? rebuild it with `stafett build`")


@contextmanager
def open_snapshot(store) -> Iterator[Snapshot]:
    """A :class:`Snapshot` of ``store`` (an embedded or remote :class:`~graph.store.GraphStore`),
    removed again when the block ends."""
    names = store.graph_names()
    base = data_base(names)
    minter = Minter(base)
    interviews = sorted(g for g in names if g.startswith(minter.interview_graph("")))
    workdir: Path | None = None
    try:
        source = getattr(store, "oxigraph", None)
        if source is None:
            ox_store, sanitise = _read_remote(store, names, base), True
        else:
            ox_store, sanitise = source, bool(run_oxigraph_query(source, _HAS_PATHS))
            if sanitise:
                workdir = _workdir(getattr(store, "root", None))
                ox_store.backup(str(workdir / "db"))
                ox_store = ox.Store(str(workdir / "db"))
        if sanitise:
            ox_store.update(_SANITISE)
            ox_store.update(f"DROP SILENT GRAPH <{minter.manifest_graph}>")
        yield Snapshot(ox_store, base, interviews, sanitised=sanitise)
    finally:
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)


def _workdir(root: Path | None) -> Path:
    """A private folder for the checkpoint: inside the store folder (same file system, so the
    checkpoint is hard links), else in the system's temporary folder (a copy)."""
    if root is not None:
        try:
            return Path(tempfile.mkdtemp(prefix=".export-", dir=root))
        except OSError:
            pass
    return Path(tempfile.mkdtemp(prefix="stafett-export-"))


def _read_remote(store, names: list[str], base: str) -> ox.Store:
    """The exported graphs of a remote store, read graph by graph into an in-memory store."""
    mem = ox.Store()
    default = ox.DefaultGraph()
    manifest = Minter(base).manifest_graph
    for g in names:
        if g == manifest:
            continue
        node = ox.NamedNode(g)
        triples = list(store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}"))
        mem.extend([ox.Quad(t.subject, t.predicate, t.object, node) for t in triples])
        mem.extend([ox.Quad(t.subject, t.predicate, t.object, default) for t in triples])
    return mem
