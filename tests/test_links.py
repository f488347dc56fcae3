"""The links the build derives (graph/links.py): what linked-municipalities reads.

They must say what pairing the interviews' partners and projects at query time says, and an
update must leave them as a full rebuild would, also when a partner crosses the hub cap.
"""

import shutil

import pytest

from graph import links
from graph.build import build
from graph.iris import Minter
from graph.queries import fill, get_query, parse_query_file
from graph.store import EmbeddedStore
from graph.synth import write_corpus

from conftest import generated_store, select
from test_update import assert_same

# The query as it was before the build derived links: every pair formed at query time. It is the
# reference the derived links are checked against.
ON_THE_FLY = """
# param: min_shared = 1 -- x
# param: max_municipalities = 25 -- x
PREFIX stf: <https://w3id.org/stafett/def#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?municipalityA ?municipalityB ?shared ?through WHERE {
  { SELECT ?a ?b (COUNT(DISTINCT ?x) AS ?shared) (GROUP_CONCAT(DISTINCT ?via; separator="; ") AS ?through) WHERE {
      { SELECT ?x WHERE { { SELECT DISTINCT ?m ?x WHERE { { ?m stf:collaboratesWith ?x . ?x a org:Organization } UNION { ?m stf:project ?x } } } }
        GROUP BY ?x HAVING (COUNT(?m) >= 2 && COUNT(?m) <= $max_municipalities) }
      { ?a stf:collaboratesWith ?x . ?x a org:Organization } UNION { ?a stf:project ?x }
      { ?b stf:collaboratesWith ?x . ?x a org:Organization } UNION { ?b stf:project ?x }
      FILTER(STR(?a) < STR(?b))
      { SELECT ?x (CONCAT(SAMPLE(?kind), ": ", GROUP_CONCAT(?n; separator=" / ")) AS ?via) WHERE {
          { ?x a org:Organization ; skos:prefLabel ?n . BIND("partner" AS ?kind) }
          UNION { ?x a schema:Project ; schema:name ?n . BIND("project" AS ?kind) } } GROUP BY ?x }
    } GROUP BY ?a ?b HAVING (COUNT(DISTINCT ?x) >= $min_shared) }
  ?a skos:prefLabel ?municipalityA . ?b skos:prefLabel ?municipalityB .
}
"""


def answer(store, sparql: str) -> set[tuple]:
    """Rows with each cell's items sorted (their order within a cell is the engine's choice), and
    each item's names too (a project written two ways)."""
    def item(text: str) -> tuple[str, tuple[str, ...]]:
        kind, names = text.split(": ", 1)
        return kind, tuple(sorted(names.split(" / ")))

    return {(r["municipalityA"], r["municipalityB"], r["shared"], tuple(sorted(item(i) for i in r["through"].split("; "))))
            for r in select(store, sparql)}


@pytest.fixture(scope="module")
def synth_store(tmp_path_factory):
    return generated_store(tmp_path_factory, "links", 150, seed=5)


@pytest.fixture(scope="module")
def capped_store(tmp_path_factory):
    """The same relay built with the hub cap at 4: most partners are hubs."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(links, "HUB_CAP", 4)
        return generated_store(tmp_path_factory, "capped", 150, seed=5)


@pytest.mark.parametrize("params", [{}, {"min_shared": 2}, {"min_shared": 3}])
def test_derived_links_answer_as_pairing_at_query_time(synth_store, params):
    """The counts and names the build stores on each link are what pairing at query time gives."""
    reference = parse_query_file(ON_THE_FLY, "on-the-fly")
    with EmbeddedStore(synth_store) as s:
        expected = answer(s, fill(reference, params))
        got = answer(s, fill(get_query("linked-municipalities"), params))
    assert expected  # the generated relay has shared partners
    assert got == expected


def test_a_lower_cap_at_build_links_as_pairing_with_that_cap(capped_store, synth_store):
    reference = parse_query_file(ON_THE_FLY, "on-the-fly")
    with EmbeddedStore(capped_store) as s:
        expected = answer(s, fill(reference, {"max_municipalities": 4}))
        got = answer(s, fill(get_query("linked-municipalities")))
    assert expected and got == expected
    with EmbeddedStore(synth_store) as s:
        assert len(got) < len(answer(s, fill(get_query("linked-municipalities"))))


def test_the_cap_leaves_hubs_out(synth_store):
    """Partners above the cap exist in the graph, with their count, and link nothing."""
    with EmbeddedStore(synth_store) as s:
        hubs = select(s, "SELECT ?x ?n WHERE { ?x stf:municipalityCount ?n FILTER(?n > 25) }")
        assert hubs, "the generated relay has a partner named by more than 25 municipalities"
        through_hubs = select(s, "SELECT ?l WHERE { ?l stf:linkedThrough ?x . ?x stf:municipalityCount ?n FILTER(?n > 25) }")
        assert through_hubs == []


def test_each_link_counts_and_names_what_it_goes_through(synth_store):
    with EmbeddedStore(synth_store) as s:
        rows = select(s, "SELECT ?l (SAMPLE(?n) AS ?shared) (COUNT(?x) AS ?items) (SAMPLE(?names) AS ?text) WHERE { "
                         "?l stf:linkedThrough ?x ; stf:sharedCount ?n ; stf:linkedThroughNames ?names } GROUP BY ?l")
        total = select(s, "SELECT (COUNT(*) AS ?n) WHERE { ?l a stf:MunicipalityLink }")[0]["n"]
    assert rows and len(rows) == int(total)
    for r in rows:
        assert int(r["shared"]) == int(r["items"]) == len(r["text"].split("; "))
        assert r["text"].split("; ") == sorted(r["text"].split("; "))
        assert all(part.startswith(("partner: ", "project: ")) for part in r["text"].split("; "))


def test_link_iris_and_ends(synth_store):
    with EmbeddedStore(synth_store) as s:
        rows = select(s, "SELECT ?l ?a ?b WHERE { GRAPH <https://w3id.org/stafett/graph/links> { "
                         "?l a stf:MunicipalityLink ; stf:firstMunicipality ?a ; stf:secondMunicipality ?b } }")
    assert rows
    m = Minter("https://w3id.org/stafett/")
    for r in rows:
        assert r["a"] < r["b"]
        assert r["l"] == links.link_iri(m, r["a"], r["b"])
        assert r["l"].startswith("https://w3id.org/stafett/id/link/")


def _memberships(root):
    with EmbeddedStore(root) as s:
        return links.memberships(s.query)


def _file_of(root, organisation: str) -> str:
    with EmbeddedStore(root) as s:
        rows = select(s, f"SELECT ?f WHERE {{ ?i stf:organisation <{organisation}> ; stf:sourcePath ?f }}")
    return rows[0]["f"]


def test_updates_across_the_hub_cap_equal_a_full_rebuild(tmp_path, monkeypatch):
    """With the cap at 2, removing one of a 3-municipality partner's interviews turns it from a
    hub into a link; putting it back turns it into a hub again. Each time the store (links graph
    and union included) must equal a full build of the same files."""
    monkeypatch.setattr(links, "HUB_CAP", 2)
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 40, seed=3)
    inc = tmp_path / "inc"
    build([corpus], store_dir=inc, workers=1, keep_going=True)
    members = _memberships(inc)
    x, ms = next((x, ms) for x, ms in sorted(members.items()) if len(ms) == 3)
    victim = corpus / _file_of(inc, sorted(ms)[0])
    kept = tmp_path / victim.name
    shutil.move(victim, kept)

    build([corpus], store_dir=inc, update=True, workers=1, keep_going=True)
    assert len(_memberships(inc)[x]) == 2
    full = tmp_path / "full"
    build([corpus], store_dir=full, workers=1, keep_going=True)
    assert_same(inc, full)
    with EmbeddedStore(inc) as s:
        assert select(s, f"SELECT ?l WHERE {{ ?l stf:linkedThrough <{x}> }}")  # no longer a hub: it links

    shutil.move(kept, victim)
    build([corpus], store_dir=inc, update=True, workers=1, keep_going=True)
    with EmbeddedStore(inc) as s:
        assert select(s, f"SELECT ?l WHERE {{ ?l stf:linkedThrough <{x}> }}") == []  # a hub again
    full2 = tmp_path / "full2"
    build([corpus], store_dir=full2, workers=1, keep_going=True)
    assert_same(inc, full2)


def test_an_update_of_a_store_without_links_derives_them(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 12, seed=8)
    store = tmp_path / "s"
    build([corpus], store_dir=store, workers=1, keep_going=True)
    full = tmp_path / "full"
    shutil.copytree(store, full, symlinks=True)
    # A store built before the links graph existed: drop it (and its union triples).
    from graph.store import open_writer

    with open_writer(store, incremental=True) as w:
        w.replace_graphs(["https://w3id.org/stafett/graph/links"], b"")
        w.commit()
    with EmbeddedStore(store) as s:
        assert select(s, "SELECT ?l WHERE { ?l a stf:MunicipalityLink }") == []
    build([sorted(corpus.iterdir())[0]], store_dir=store, update=True, workers=1, keep_going=True)
    assert_same(store, full)


def test_a_link_dereferences(synth_store):
    import pyoxigraph as ox
    from starlette.testclient import TestClient

    from graph.server import make_app

    with EmbeddedStore(synth_store) as s:
        link = select(s, "SELECT ?l WHERE { ?l a stf:MunicipalityLink } LIMIT 1")[0]["l"]
    path = "/id/" + link.split("/id/", 1)[1]
    with TestClient(make_app(synth_store, timeout=10, workers=1)) as client:
        r = client.get(path, headers={"Accept": "text/turtle"})
        assert r.status_code == 200, r.text
        preds = {t.predicate.value.rsplit("#", 1)[-1] for t in ox.parse(r.content, format=ox.RdfFormat.TURTLE) if t.subject.value == link}
        assert {"firstMunicipality", "secondMunicipality", "linkedThrough"} <= preds
        page = client.get(path, headers={"Accept": "text/html"})
        assert page.status_code == 200
        assert "kommunekobling" in page.text.lower()  # the type, by its label
        assert page.text.count('href="/id/') >= 3  # links to both ends and what they share


def _record(person: str, org: str, number: str, stage: int, partners: list[str]) -> str:
    listed = "\n".join(f"  - {{name: {p}, kind: organisation}}" for p in partners)
    return (f"source:\n  url: https://example.org/{number}\n  language: nb\n  series: Innovasjonsstafetten\n"
            f"stage: {stage}\ninterviewee:\n  name: {person}\n  organisation: {{name: {org}, kommunenummer: \"{number}\"}}\n"
            f"partners:\n{listed}\n")


def test_a_link_that_loses_a_partner_to_the_cap_is_counted_and_named_again(tmp_path, monkeypatch):
    """Bodø and Steinkjer share two partners; Narvik names one of them too. With the cap at 2 that
    one is a hub while Narvik's interview is in, and the link goes through the other alone. The
    updates that take Narvik out and put it back change the link's count and names though
    neither Bodø's nor Steinkjer's interview changes."""
    monkeypatch.setattr(links, "HUB_CAP", 2)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bodo.yaml").write_text(_record("Kari Nordmann", "Bodø kommune", "1804", 3, ["Nordlys Testpartner AS", "Fjellvekst AS"]))
    (corpus / "steinkjer.yaml").write_text(_record("Ola Nordmann", "Steinkjer kommune", "5006", 4, ["Nordlys Testpartner AS", "Fjellvekst AS"]))
    narvik = corpus / "narvik.yaml"
    narvik.write_text(_record("Per Hansen", "Narvik kommune", "1806", 5, ["Nordlys Testpartner AS"]))
    store = tmp_path / "store"
    build([corpus], store_dir=store, workers=1)

    def link() -> tuple[int, str]:
        with EmbeddedStore(store) as s:
            rows = select(s, "SELECT ?n ?names WHERE { ?l a stf:MunicipalityLink ; stf:sharedCount ?n ; stf:linkedThroughNames ?names }")
        assert len(rows) == 1, rows
        return int(rows[0]["n"]), rows[0]["names"]

    assert link() == (1, "partner: Fjellvekst AS")
    kept = tmp_path / narvik.name
    shutil.move(narvik, kept)
    build([narvik], store_dir=store, update=True, workers=1)  # only Narvik's graph is replaced
    assert link() == (2, "partner: Fjellvekst AS; partner: Nordlys Testpartner AS")
    shutil.move(kept, narvik)
    build([narvik], store_dir=store, update=True, workers=1)
    assert link() == (1, "partner: Fjellvekst AS")
    full = tmp_path / "full"
    build([corpus], store_dir=full, workers=1)
    assert_same(store, full)
