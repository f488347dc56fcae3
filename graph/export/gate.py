"""The quality gate: the data must conform to ``ontology/shapes.ttl`` before it is exported.

Two ways, the same verdict. :func:`check` runs the shapes compiled to SPARQL by
``graph/shacl.py`` over the union inside Oxigraph at once (seconds for a million triples).
:func:`check_batches` runs pyshacl, the reference, in pieces, so memory and time grow with the
batch, not the store: first the ontology and reference graphs (the *context*: vocabularies,
municipalities, counties), whole; then the interview graphs in batches. A batch is validated
with the context's types (``sh:class`` needs the types of the municipalities and concepts an
interview points at) plus the whole description of any context entity the batch itself says
something about, and only violations whose focus node is a subject of the batch count, so the
context is checked once. Everything one interview says lives in its graph, so a batch holds
whole facts; a conflict between two interviews in different batches (two values where the
shapes allow one) is what the batches do not see.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter
from concurrent.futures import ProcessPoolExecutor

import pyoxigraph as ox
import pyshacl
import rdflib

from ..errors import ValidationError
from ..shacl import RESULTS_PER_CHECK, report, shapes_graph

BATCH = 100  # interview graphs per pyshacl run
MAX_SHOWN = 100  # violations listed in the message


class ExportRefused(ValidationError):
    """The data does not conform to the shapes; nothing was written."""

    def __init__(self, violations: list[dict]):
        self.violations = violations
        lines = [_line(v) for v in violations[:MAX_SHOWN]]
        if len(violations) > MAX_SHOWN:
            lines.append(f"... and {len(violations) - MAX_SHOWN} more")
        # the compiled check lists at most RESULTS_PER_CHECK violations of one constraint
        per_check = Counter((v.get("shape"), v.get("path"), v.get("constraint")) for v in violations)
        count = f"at least {len(violations)}" if any(n >= RESULTS_PER_CHECK for n in per_check.values()) else str(len(violations))
        Exception.__init__(
            self,
            f"the data does not conform to ontology/shapes.ttl ({count} violation(s)):\n"
            + "\n".join(lines)
            + "\nnothing was written; fix the data and rebuild, or export anyway with --no-validate",
        )


def _line(v: dict) -> str:
    where = f"[{v['graph']}] " if v.get("graph") else ""
    value = f" (value: {v['value']})" if v.get("value") else ""
    return f"{where}{v.get('focus')} {v.get('path') or ''}: {v.get('message') or v.get('constraint', '')}{value}".replace("  ", " ")


def check(snap) -> list[dict]:
    """Violations of the snapshot's data against the shapes; [] when it conforms.

    The shapes compiled to SPARQL by ``graph/shacl.py`` check the whole union inside Oxigraph
    (seconds for a million triples), as the build does; :func:`check_batches` is the same check
    with pyshacl, the reference, for callers who want it (the tests compare the two)."""
    from ..shacl import validate

    return _attributed(snap, validate(snap.query))


def _attributed(snap, violations: list[dict]) -> list[dict]:
    """The violations, each with the (first) exported graph its focus node is described in."""
    out = []
    for v in violations:
        graph = None
        if v.get("focus", "").startswith(("http://", "https://")):
            q = f"SELECT ?g WHERE {{ GRAPH ?g {{ <{v['focus']}> ?p ?o }} FILTER(?g != <{snap.manifest_graph}>) }} ORDER BY ?g LIMIT 1"
            graph = next((row["g"].value for row in snap.query(q)), None)
        out.append(dict(v, graph=graph))
    return sorted(out, key=lambda v: (v.get("graph") or "", v.get("focus") or "", v.get("path") or ""))


def check_batches(snap, *, batch: int = BATCH, workers: int | None = None) -> list[dict]:
    """:func:`check` with pyshacl, the context whole and the interview graphs in batches."""
    parts = [(g, _nt(snap.store, [g])) for g in (snap.ontology_graph, snap.reference_graph, snap.links_graph)]
    owner = _owners(parts)
    context = b"".join(nt for _, nt in parts)
    violations = [dict(v, graph=owner.get(v.get("focus") or "")) for v in _validate(context)]
    types = b"".join(line + b"\n" for line in context.split(b"\n") if any(p in line for p in _TYPE_PREDICATES))
    by_subject: dict[str, list[bytes]] = {}
    for line in context.split(b"\n"):
        if line.startswith(b"<"):
            by_subject.setdefault(line[1 : line.index(b">")].decode(), []).append(line + b"\n")
    jobs = []
    for i in range(0, len(snap.interview_graphs), batch):
        graphs = [(g, _nt(snap.store, [g])) for g in snap.interview_graphs[i : i + batch]]
        # a municipality or concept the interviews say something about is checked whole
        shared = b"".join(b"".join(by_subject[s]) for s in _owners(graphs) if s in by_subject)
        jobs.append((types + shared, graphs))
    workers = workers or min(2, os.cpu_count() or 1)
    if workers > 1 and len(jobs) > 1:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            for found in pool.map(_check_batch, jobs):
                violations.extend(found)
    else:
        for job in jobs:
            violations.extend(_check_batch(job))
    return sorted(violations, key=lambda v: (v.get("graph") or "", v.get("focus") or "", v.get("path") or ""))


def _nt(store: ox.Store, graphs: list[str]) -> bytes:
    return b"".join(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(g))
                    for g in graphs if store.contains_named_graph(ox.NamedNode(g)))


_TYPE_PREDICATES = (b" <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ", b" <http://www.w3.org/2000/01/rdf-schema#subClassOf> ")


def _check_batch(job: tuple[bytes, list[tuple[str, bytes]]]) -> list[dict]:
    """Violations of one batch of interview graphs, validated with the context's types (all that
    ``sh:class`` needs) and the whole description of any context entity the batch speaks about.

    The other context entities appear with their types only, so they would break their own
    shapes; only violations whose focus node is a subject of the batch count (pyshacl's own
    ``focus_nodes`` does the same filtering, but in quadratic time)."""
    context, graphs = job
    owner = _owners(graphs)
    found = _validate(context + b"".join(nt for _, nt in graphs))
    return [dict(v, graph=owner[v["focus"]]) for v in found if v.get("focus") in owner]


def _owners(graphs: list[tuple[str, bytes]]) -> dict[str, str]:
    """Subject IRI -> the (first) graph it is a subject in, for the report."""
    owner: dict[str, str] = {}
    for g, nt in graphs:
        for line in nt.split(b"\n"):
            if line.startswith(b"<"):
                owner.setdefault(line[1 : line.index(b">")].decode(), g)
    return owner


def _validate(data: bytes) -> list[dict]:
    g = rdflib.Graph()
    g.parse(data=data, format="nt")
    conforms, results, _ = pyshacl.validate(g, shacl_graph=_shapes(), inference="none", advanced=False, allow_warnings=True)
    return [] if conforms else report(results)


_SHAPES: list[rdflib.Graph] = []


def _shapes() -> rdflib.Graph:
    if not _SHAPES:
        _SHAPES.append(shapes_graph())
    return _SHAPES[0]
