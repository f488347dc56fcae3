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

from conftest import select
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
    return {(r["municipalityA"], r["municipalityB"], r["shared"],
             tuple(sorted(" / ".join(sorted(item.split(" / "))) for item in r["through"].split("; "))))
            for r in select(store, sparql)}


@pytest.fixture(scope="module")
def synth_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("links") / "corpus"
    write_corpus(folder, 150, seed=5)
    root = folder.parent / "store"
    build([folder], store_dir=root, workers=1, keep_going=True)
    return root


@pytest.mark.parametrize("params", [{}, {"min_shared": 2}, {"max_municipalities": 4}, {"max_municipalities": 2, "min_shared": 1}])
def test_derived_links_answer_as_pairing_at_query_time(synth_store, params):
    reference = parse_query_file(ON_THE_FLY, "on-the-fly")
    with EmbeddedStore(synth_store) as s:
        expected = answer(s, fill(reference, params))
        got = answer(s, fill(get_query("linked-municipalities"), params))
    assert expected  # the generated relay has shared partners
    assert got == expected


def test_the_cap_leaves_hubs_out(synth_store):
    """Partners above the cap exist in the graph and link nothing; lowering the cap drops pairs."""
    q = get_query("linked-municipalities")
    with EmbeddedStore(synth_store) as s:
        hubs = select(s, "SELECT ?x ?n WHERE { ?x stf:municipalityCount ?n FILTER(?n > 25) }")
        assert hubs, "the generated relay has a partner named by more than 25 municipalities"
        through_hubs = select(s, "SELECT ?l WHERE { ?l stf:linkedThrough ?x . ?x stf:municipalityCount ?n FILTER(?n > 25) }")
        assert through_hubs == []
        assert len(answer(s, fill(q, {"max_municipalities": 3}))) < len(answer(s, fill(q)))


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
        w.replace_graphs(["https://w3id.org/stafett/graph/links"], b"", private=["https://w3id.org/stafett/graph/manifest"])
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
