"""The SPARQL-compiled SHACL validator agrees with pyshacl, the reference implementation."""

import re
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pytest
import rdflib

from graph import shacl
from graph.store import run_oxigraph_query

REPO = Path(__file__).resolve().parents[1]
STF = "https://w3id.org/stafett/def#"
ID = "https://w3id.org/stafett/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"
FOAF = "http://xmlns.com/foaf/0.1/"


def union_ntriples(store_root) -> bytes:
    from graph.store import EmbeddedStore

    with EmbeddedStore(store_root) as s:
        return s.oxigraph.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())


def both(nt: bytes) -> tuple[set, set]:
    """(compiled, pyshacl) violations as sets of (focus, path, constraint)."""
    mem = ox.Store()
    mem.load(nt, format=ox.RdfFormat.N_TRIPLES)
    ours = shacl.validate(lambda q: run_oxigraph_query(mem, q))
    g = rdflib.Graph().parse(data=nt.decode("utf-8"), format="nt")
    _conforms, results, _ = pyshacl.validate(g, shacl_graph=shacl.shapes_graph(), inference="none")
    theirs = shacl.report(results)
    # pyshacl reports a sh:alternativePath as a blank node (None here); ours names its members.
    key = lambda v: (v["focus"], None if " | " in (v["path"] or "") else v["path"], v["constraint"])  # noqa: E731
    return {key(v) for v in ours}, {key(v) for v in theirs}


def test_bundled_graph_conforms_for_both(bundled_store):
    ours, theirs = both(union_ntriples(bundled_store))
    assert ours == theirs == set()


BREAKAGE = f"""
<{ID}interview/x> a <{STF}Interview> ; <{STF}stage> "0"^^<{XSD}integer> ;
    <{STF}series> "S" ; <http://www.w3.org/2000/01/rdf-schema#label> "x" .
<{ID}profile/x> a <{STF}MunicipalityProfile> ; <{STF}profileOf> <{ID}municipality/3314> ;
    <{STF}statedIn> <{ID}interview/x> ; <{STF}population> "many" ; <{STF}areaKm2> "1"^^<{XSD}decimal>, "2"^^<{XSD}decimal> .
<{ID}person/nameless> a <{FOAF}Person> .
<{ID}baton-pass/self> a <{STF}BatonPass> ; <{STF}giver> <{ID}person/nameless> ; <{STF}receiver> <{ID}person/nameless> ;
    <{STF}announcedIn> <{ID}interview/x> .
<{ID}interview/x#ev-0> a <http://www.w3.org/ns/oa#Annotation> ; <http://www.w3.org/ns/oa#hasTarget> <{ID}interview/x#span> ;
    <{STF}field> "projects[0]" .
<{ID}municipality/9999> a <{STF}Municipality> ; <{STF}kommunenummer> "99" .
<{ID}person/t> a <{FOAF}Person> ; <{FOAF}name> "T" ; <{STF}passedBatonTo> <{ID}municipality/3314> .
<{ID}instant/x> a <http://www.w3.org/2006/time#Instant> .
"""


def test_broken_graph_gets_the_same_violations_from_both(bundled_store):
    nt = union_ntriples(bundled_store)
    broken = nt + rdflib.Graph().parse(data=BREAKAGE, format="turtle").serialize(format="nt").encode("utf-8")
    ours, theirs = both(broken)
    assert ours == theirs
    found = {(f.rsplit("/", 1)[-1], re.split(r"[#/]", p or "")[-1], c) for f, p, c in ours}
    for expected in [
        ("x", "stage", "MinInclusiveConstraintComponent"),
        ("x", "interviewee", "MinCountConstraintComponent"),
        ("x", "population", "DatatypeConstraintComponent"),
        ("x", "areaKm2", "MaxCountConstraintComponent"),
        ("nameless", "name", "MinCountConstraintComponent"),
        ("x#ev-0", "hasTarget", "PatternConstraintComponent"),
        ("x#ev-0", "", "OrConstraintComponent"),
        ("9999", "kommunenummer", "PatternConstraintComponent"),
        ("t", "passedBatonTo", "ClassConstraintComponent"),
        ("x", "", "XoneConstraintComponent"),
    ]:
        assert expected in found, expected
    assert any(f.endswith("baton-pass/self") for f, _, _ in ours)


def test_unsupported_shape_features_are_refused():
    g = rdflib.Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:qualifiedMinCount 1 ] .
    """, format="turtle")
    with pytest.raises(shacl.ShapesError, match="qualifiedMinCount"):
        shacl.compile_shapes(g)


def test_validation_split_across_processes_finds_the_same(bundled_store, tmp_path, monkeypatch):
    from graph import build as build_mod

    broken = union_ntriples(bundled_store) + rdflib.Graph().parse(data=BREAKAGE, format="turtle").serialize(format="nt").encode("utf-8")
    gen = tmp_path / "gen"
    store = ox.Store(str(gen))
    store.bulk_load(broken, format=ox.RdfFormat.N_TRIPLES)
    store.flush()
    del store

    class Sealed:  # what build() validates after sealing a generation
        def __init__(self):
            self.ro = ox.Store.read_only(str(gen))

        def query(self, q):
            return run_oxigraph_query(self.ro, q)

        def count(self):
            return len(self.ro)

    monkeypatch.setattr(build_mod, "PARALLEL_VALIDATION_MIN", 0)
    parallel = build_mod._validate(Sealed(), gen, None, workers=2)
    serial = build_mod._validate(Sealed(), gen, None, workers=1)
    assert parallel == serial and len(serial) > 5
