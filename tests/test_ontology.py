"""The ontology, vocabularies and shapes: well-formed, documented, and in step with the code."""

from pathlib import Path

import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from graph.namespaces import STF, STF_URI
from graph.vocab import VOCAB_FILES, load_vocabulary

REPO = Path(__file__).resolve().parents[1]
ONTOLOGY = REPO / "ontology"


def ontology():
    return rdflib.Graph().parse(ONTOLOGY / "stafett.ttl")


def test_namespace_class_matches_the_ontology_file():
    g = ontology()
    declared = {str(s)[len(STF_URI):] for s in g.subjects() if str(s).startswith(STF_URI)}
    in_code = {name for name in STF.__annotations__}
    assert declared == in_code


def test_every_term_has_labels_in_nb_and_en_and_a_comment():
    g = ontology()
    for s in set(g.subjects()):
        if not str(s).startswith(STF_URI):
            continue
        langs = {l.language for l in g.objects(s, RDFS.label)}
        assert {"nb", "en"} <= langs, s
        assert list(g.objects(s, RDFS.comment)), s
        assert (s, RDF.type, None) in g


def test_terms_refine_standard_vocabularies():
    g = ontology()
    assert (STF.Municipality, RDFS.subClassOf, rdflib.URIRef("http://data.europa.eu/m8g/PublicOrganisation")) in g
    assert (STF.Interview, RDFS.subClassOf, rdflib.URIRef("https://schema.org/Article")) in g
    assert (STF.giver, RDFS.subPropertyOf, rdflib.URIRef("http://www.w3.org/ns/prov#wasAssociatedWith")) in g


def test_shapes_cover_every_class_the_pipeline_writes(bundled):
    shapes = rdflib.Graph().parse(ONTOLOGY / "shapes.ttl")
    targeted = {str(o) for o in shapes.objects(None, SH.targetClass)}
    written = {row[0].value for row in bundled.query("SELECT DISTINCT ?c WHERE { GRAPH ?g { ?s a ?c } FILTER(!CONTAINS(STR(?g), '/graph/ontology')) }")}
    # Superclass types written alongside (cv:PublicOrganisation, schema:Article) are covered
    # through the classes that imply them.
    implied = {"http://data.europa.eu/m8g/PublicOrganisation", "https://schema.org/Article"}
    assert written - implied <= targeted, written - implied - targeted


def test_vocabularies_parse_and_the_role_vocabulary_knows_old_titles():
    for name in VOCAB_FILES:
        g = rdflib.Graph().parse(ONTOLOGY / "vocab" / f"{name}.ttl")
        for c in g.subjects(RDF.type, SKOS.Concept):
            assert g.value(c, SKOS.inScheme) is not None, c
            assert list(g.objects(c, SKOS.prefLabel)), c
    v = load_vocabulary()
    assert v.lookup("role", "rådmann").key == "kommunedirektor"
    assert v.lookup("role", "Kommunedirektøren").key == "kommunedirektor"
    assert v.lookup("party", "FrP").key == "frp" and v.lookup("party", "Sp").key == "sp"
    q = v.get("question", "why-innovate")
    assert q.pref["nb"].startswith("Hvorfor") and q.pref["nn"].startswith("Kvifor")


def test_ontology_is_owl():
    g = ontology()
    assert (rdflib.URIRef("https://w3id.org/stafett/def"), RDF.type, OWL.Ontology) in g
