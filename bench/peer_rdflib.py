"""The peer of `stafett build`: the same pipeline on rdflib's default in-memory store.

What a user of the design card's packages would write without Oxigraph: the same extraction and
mapping, the graphs kept in an rdflib ``Dataset`` (one named graph per interview), validated
with pyshacl against the same shapes, and saved as N-Quads so the work survives the process.
Prints one JSON line with the seconds of each phase.

    python bench/peer_rdflib.py CORPUS_DIR OUT.nq [--no-shacl]
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import rdflib

from graph.build import _context, collect_inputs, reference_quads
from graph.errors import StafettError
from graph.extract import extract_source
from graph.iris import DEFAULT_BASE
from graph.links import HUB_CAP, derive, shown
from graph.namespaces import ORG, RDF, SCHEMA, SKOS, STF
from graph.mapping import map_record
from graph.records import read_record
from graph.shacl import shapes_graph


def to_rdflib(t):
    if isinstance(t, ox.NamedNode):
        return rdflib.URIRef(t.value)
    if isinstance(t, ox.BlankNode):
        return rdflib.BNode(t.value)
    if t.language:
        return rdflib.Literal(t.value, lang=t.language)
    return rdflib.Literal(t.value, datatype=rdflib.URIRef(t.datatype.value))


def add_links(ds: rdflib.Dataset, minter) -> None:
    """The links graph the build derives (graph/links.py), from the dataset's triples."""
    collab, project = STF.collaboratesWith, STF.project
    orgs = {s for s, _p, _o, _g in ds.quads((None, RDF.type, ORG.Organization, None))}
    members: dict[str, set[str]] = {}
    for pred in (collab, project):
        for s, _p, o, _g in ds.quads((None, pred, None, None)):
            if pred == project or o in orgs:
                members.setdefault(str(o), set()).add(str(s))
    names = {}
    for x, ms in members.items():
        if 2 <= len(ms) <= HUB_CAP:
            node = rdflib.URIRef(x)
            labels = {str(o) for _s, _p, o, _g in ds.quads((node, SKOS.prefLabel, None, None))}
            titles = {str(o) for _s, _p, o, _g in ds.quads((node, SCHEMA.name, None, None))}
            names[x] = shown(x, labels, titles)
    g = ds.graph(rdflib.URIRef(minter.links_graph))
    nquads, _ = derive(minter, members, names)
    for q in ox.parse(nquads, format=ox.RdfFormat.N_QUADS):
        g.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))


def main(argv: list[str]) -> int:
    corpus, out = Path(argv[0]), Path(argv[1])
    shacl = "--no-shacl" not in argv
    phases: dict[str, float] = {}
    t = time.perf_counter()
    minter, reference, vocab = _context(DEFAULT_BASE)
    inputs, _ = collect_inputs([corpus])
    ds = rdflib.Dataset(default_union=True)
    # The reference data, as the build loads it: municipalities named as partners are
    # organisations by it, and link like any other.
    ref = ds.graph(rdflib.URIRef(minter.reference_graph))
    for q in reference_quads(minter):
        ref.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    n = 0
    for inp in inputs:
        try:
            record, text = (read_record(inp.path), None) if inp.kind == "record" else extract_source(inp.path)
        except StafettError:
            continue
        mapped = map_record(record, minter=minter, reference=reference, vocab=vocab, text=text)
        g = ds.graph(rdflib.URIRef(mapped.graph))
        for tr in mapped.triples:
            g.add((to_rdflib(tr.subject), to_rdflib(tr.predicate), to_rdflib(tr.object)))
        n += 1
    phases["extract+map+load"] = time.perf_counter() - t
    t = time.perf_counter()
    add_links(ds, minter)
    phases["links"] = time.perf_counter() - t
    if shacl:
        t = time.perf_counter()
        union = rdflib.Graph()
        for s, p, o, _g in ds.quads((None, None, None, None)):
            union.add((s, p, o))
        conforms, _, _ = pyshacl.validate(union, shacl_graph=shapes_graph(), inference="none")
        phases["shacl"] = time.perf_counter() - t
    t = time.perf_counter()
    ds.serialize(destination=str(out), format="nquads")
    phases["save"] = time.perf_counter() - t
    print(json.dumps({"interviews": n, "phases": phases}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
