"""The bundled graph, checked by SPARQL over the built store (not by inspecting Python objects)."""

import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pytest
import rdflib
from click.testing import CliRunner

from graph.build import build
from graph.cli import cli
from graph.errors import StoreError
from graph.store import EmbeddedStore, EmbeddedWriter, StoreLock

from conftest import ask, select

REPO = Path(__file__).resolve().parents[1]
RECORDS = REPO / "data" / "interviews"


def test_baton_pass_from_stage_1_to_stage_2(bundled):
    assert ask(bundled, """ASK { ?bp a stf:BatonPass ; stf:giver/foaf:name "Trude Andresen" ;
                                  stf:receiver/foaf:name "Anne Berit Berge Ims" }""")
    rows = select(bundled, """SELECT DISTINCT ?stage WHERE { ?bp a stf:BatonPass ; stf:giver/foaf:name "Trude Andresen" ; stf:stage ?stage }""")
    assert rows == [{"stage": "2"}]
    # The pass is announced in both interviews, and one hop links the people.
    rows = select(bundled, """SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE { ?bp stf:giver/foaf:name "Trude Andresen" ; stf:announcedIn ?i }""")
    assert rows == [{"n": "2"}]
    assert ask(bundled, """ASK { ?a foaf:name "Trude Andresen" ; stf:passedBatonTo/foaf:name "Anne Berit Berge Ims" }""")


def test_people_are_merged_across_interviews(bundled):
    rows = select(bundled, """SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p foaf:name "Anne Berit Berge Ims" }""")
    assert rows == [{"n": "1"}]
    rows = select(bundled, """SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?p foaf:name "Anne Berit Berge Ims" } }""")
    assert rows == [{"n": "2"}]  # named in the Øvre Eiker interview and interviewed in Hå's


def test_municipality_carries_all_numbers_and_wikidata(bundled):
    rows = select(bundled, """SELECT ?n WHERE { ?m stf:currentKommunenummer "3314" ; stf:kommunenummer ?n } ORDER BY ?n""")
    assert [r["n"] for r in rows] == ["0624", "3048", "3314"]
    assert ask(bundled, """ASK { ?m stf:kommunenummer "3314" ; owl:sameAs <http://www.wikidata.org/entity/Q110311> ;
                                   a cv:PublicOrganisation }""")
    rows = select(bundled, """SELECT ?to WHERE { ?m stf:kommunenummer "3314" ; stf:numberAssignment [ stf:number "0624" ; stf:validTo ?to ] }""")
    assert rows == [{"to": "2019"}]


def test_population_is_an_integer_on_a_profile_tied_to_the_interview(bundled):
    rows = select(bundled, """
        SELECT ?pop (DATATYPE(?pop) AS ?dt) ?who WHERE {
          ?p a stf:MunicipalityProfile ; stf:population ?pop ; stf:statedIn ?i ; stf:profileOf ?m .
          ?m stf:kommunenummer "3314" . ?i a stf:Interview ; stf:interviewee/foaf:name ?who }""")
    assert rows == [{"pop": "19117", "dt": "http://www.w3.org/2001/XMLSchema#integer", "who": "Trude Andresen"}]
    assert ask(bundled, """ASK { ?p stf:mayor ?mayor . ?mayor foaf:name "Knut Kvale" .
                                   ?ms org:member ?mayor ; org:role/skos:prefLabel "ordfører"@nb ; stf:party/skos:notation "Sp" }""")


def test_roles_titles_and_dates(bundled):
    # "rådmann" as written, the post kommunedirektør as the role.
    assert ask(bundled, """ASK { ?ms org:member/foaf:name "Anne Berit Berge Ims" ; stf:titleAsWritten "rådmann" ;
                                   org:role ?r . ?r skos:prefLabel "kommunedirektør"@nb ; skos:altLabel "rådmann"@nb }""")
    rows = select(bundled, """SELECT ?d WHERE { ?ms org:member/foaf:name "Trude Andresen" ; org:memberDuring/time:hasBeginning/time:inXSDgYearMonth ?d }""")
    assert rows == [{"d": "2015-06"}]


def test_partners_are_organisations_or_categories(bundled):
    rows = select(bundled, """SELECT DISTINCT ?label ?kind WHERE {
        ?m stf:kommunenummer "3314" ; stf:collaboratesWith ?x .
        ?x skos:prefLabel ?label .
        BIND(IF(EXISTS { ?x a skos:Concept }, "category", "organisation") AS ?kind) } ORDER BY ?label""")
    labels = {(r["label"], r["kind"]) for r in rows}
    assert ("grendeutvalg", "category") in labels and ("frivillige organisasjoner", "category") in labels
    rows = select(bundled, """SELECT DISTINCT ?o WHERE { ?m stf:kommunenummer "1127" ; stf:collaboratesWith ?o . ?o a org:Organization ; skos:prefLabel "Landsbyforeningen A/S" }""")
    assert len(rows) == 1


def test_every_fact_points_at_its_span(bundled):
    rows = select(bundled, """SELECT ?t ?i WHERE {
        ?i stf:evidence ?a . ?a a oa:Annotation ; oa:hasBody ?p ; oa:hasTarget ?t ; stf:field "projects[2]" .
        ?p schema:name "Aktiv Eiker" }""")
    assert len(rows) == 1
    assert rows[0]["t"] == rows[0]["i"] + "#char=2835,2846"
    # Answers annotate their spans with the standard question they answer.
    rows = select(bundled, """SELECT ?t WHERE { ?i stf:hasAnswer ?a . ?a oa:hasBody/skos:notation "baton" ; oa:hasTarget ?t .
                                   ?i stf:interviewee/foaf:name "Trude Andresen" }""")
    assert [r["t"].rsplit("#", 1)[1] for r in rows] == ["char=4000,4099"]


def test_one_named_graph_per_interview(bundled):
    rows = select(bundled, """SELECT ?g WHERE { GRAPH ?g { ?i a stf:Interview } } ORDER BY ?g""")
    assert len(rows) == 3 and all("/graph/interview/" in r["g"] for r in rows)
    names = bundled.graph_names()
    assert any(n.endswith("/graph/reference") for n in names) and any(n.endswith("/graph/ontology") for n in names)


def test_built_graph_conforms_to_the_shapes(bundled):
    data = rdflib.Graph()
    dump = bundled.oxigraph.dump(format=ox.RdfFormat.N_QUADS)
    ds = rdflib.Dataset()
    ds.parse(data=dump, format="nquads")
    for q in ds.quads((None, None, None, None)):
        data.add(q[:3])
    conforms, _, text = pyshacl.validate(data, shacl_graph=str(REPO / "ontology" / "shapes.ttl"), inference="none")
    assert conforms, text[:2000]


def test_base_is_configurable(tmp_path):
    build(store_dir=tmp_path / "s", base="https://example.org/kg/", workers=1)
    with EmbeddedStore(tmp_path / "s") as s:
        rows = select(s, """SELECT ?p WHERE { ?p foaf:name "Trude Andresen" }""")
        assert {r["p"] for r in rows} == {"https://example.org/kg/id/person/trude-andresen.3314"}
        # Vocabulary concepts move with the base too.
        assert ask(s, """ASK { <https://example.org/kg/id/role/kommunedirektor> skos:prefLabel "kommunedirektør"@nb }""")


# -- bad records: clear messages, the store untouched ---------------------------------------------
def _store_snapshot(root: Path) -> tuple[str, int]:
    with EmbeddedStore(root) as s:
        return str(s.generation), len(s.oxigraph)


@pytest.mark.parametrize(
    "patch, field",
    [
        (("  name: Trude Andresen\n", ""), "interviewee"),
        (("population: 19117", "population: nineteen thousand"), "facts.population"),
        (('kommunenummer: "3314"', 'kommunenummer: "9876"'), "interviewee.organisation.kommunenummer"),
    ],
)
def test_bad_record_is_rejected_and_the_store_kept(tmp_path, patch, field):
    store = tmp_path / "store"
    runner = CliRunner()
    ok = runner.invoke(cli, ["build", "--store", str(store), "-q"])
    assert ok.exit_code == 0, ok.output
    before = _store_snapshot(store)

    bad_dir = tmp_path / "records"
    shutil.copytree(RECORDS, bad_dir)
    bad = bad_dir / "ovre-eiker.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace(*patch), encoding="utf-8")
    res = runner.invoke(cli, ["build", "--store", str(store), str(bad_dir)])
    assert res.exit_code == 1
    assert re.search(rf"{re.escape(str(bad))}:\d+:{re.escape(field)}: ", res.output), res.output
    assert "Traceback" not in res.output
    assert _store_snapshot(store) == before


def test_failed_build_leaves_previous_generation(tmp_path, monkeypatch):
    store = tmp_path / "store"
    build(store_dir=store, workers=1)
    before = _store_snapshot(store)

    def boom(self):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(EmbeddedWriter, "commit", boom)
    with pytest.raises(RuntimeError):
        build(store_dir=store, workers=1)
    assert _store_snapshot(store) == before
    gens = [p for p in store.iterdir() if p.name.startswith("gen-")]
    assert len(gens) == 1  # the half-written generation was removed


def test_rebuild_swaps_atomically_while_a_reader_is_open(tmp_path):
    store = tmp_path / "store"
    build(store_dir=store, workers=1)
    reader = EmbeddedStore(store)
    old_gen = reader.generation
    n = len(reader.oxigraph)
    build(store_dir=store, workers=1, paths=[RECORDS / "ovre-eiker.yaml"])
    # The reader follows the link to the new generation on its next query.
    rows = select(reader, "SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE { ?i a stf:Interview }")
    assert rows == [{"n": "1"}]
    assert reader.generation != old_gen and len(reader.oxigraph) < n
    assert old_gen.exists()  # kept as the previous generation for readers still on it


def test_one_writer_at_a_time(tmp_path):
    store = tmp_path / "store"
    with StoreLock(store):
        with pytest.raises(StoreError, match="another build"):
            build(store_dir=store, workers=1)


def test_query_without_a_store_says_what_to_do(tmp_path):
    res = CliRunner().invoke(cli, ["query", "--store", str(tmp_path / "none"), "ASK {}"])
    assert res.exit_code == 1
    assert "stafett build" in res.output and "Traceback" not in res.output


def test_the_store_behind_rdflib(bundled):
    """Python users get rdflib's API on the same Oxigraph store (oxrdflib), default graph = union."""
    ds = bundled.rdflib_dataset()
    from rdflib import URIRef

    # (Oxigraph gives plain literals their RDF 1.1 datatype, xsd:string; compare the text.)
    names = {str(o) for o in ds.objects(None, URIRef("http://xmlns.com/foaf/0.1/name"))}
    assert {"Trude Andresen", "Anne Berit Berge Ims", "Knut Kvale"} <= names
    rows = list(ds.query('SELECT ?p WHERE { ?p <http://xmlns.com/foaf/0.1/name> "Trude Andresen" }'))
    assert [str(r[0]) for r in rows] == ["https://w3id.org/stafett/id/person/trude-andresen.3314"]
