"""The named queries on the shared corpus, with answers read off the four texts and their gold.

The corpus gives three fragments of one relay: stage 1 Øvre Eiker -> Hå (pending); stage 3 Sola
(named as giver, no interview) -> 4 Steinkjer -> 5 Bodø -> 6 Narvik (pending); Sogndal (no
stage) -> Vestland fylkeskommune (pending). Steinkjer's interview has no fact box.
"""

from __future__ import annotations

import re

import pytest

from conftest import select
from graph.build import build
from graph.errors import QueryError, UnknownNameError
from graph.queries import fill, get_query, list_queries, parse_query_file
from graph.store import EmbeddedStore


@pytest.fixture(scope="module")
def corpus(shared_dir, tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus") / "store"
    build([shared_dir / "corpus"], store_dir=root, workers=1)
    with EmbeddedStore(root) as store:
        yield store


def run(store, name, **params):
    return select(store, fill(get_query(name), params))


def county(label):
    """A county's label without its Sami and Kven forms ("Nordland - Nordlánnda" -> "Nordland")."""
    return label.split(" - ")[0] if label else label


def split(cell):
    return set(cell.split("; ")) if cell else set()


# -- the library ----------------------------------------------------------------------------------
def test_library_has_the_queries_with_titles_and_questions_in_both_languages():
    queries = list_queries()
    assert len(queries) >= 12
    assert [q.name for q in queries] == sorted(q.name for q in queries)
    for q in queries:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", q.name)
        assert q.title_nb and q.title_en and q.question_nb and q.question_en, q.name
        assert q.question_nb.endswith("?") and q.question_en.endswith("?"), q.name
        assert "PREFIX" in q.text  # runnable in any SPARQL tool as it is


def test_every_result_column_has_headers_in_both_languages():
    """Each variable a named query returns is declared with a bokmål and an English header."""
    import pyoxigraph as ox

    empty = ox.Store()
    for q in list_queries():
        projected = [v.value for v in empty.query(fill(q, {p.name: "x" for p in q.params if p.required}))
                     .variables]
        assert [c.name for c in q.columns] == projected, q.name
        for c in q.columns:
            assert c.nb and c.en and c.nb != c.name, (q.name, c)


def test_column_lines_are_checked():
    head = "# title@nb: T\n# title@en: T\n"
    q = parse_query_file(head + "# column: n | Antall | Count\nSELECT ?n WHERE { }", "ok")
    assert q.headers == {"n": {"nb": "Antall", "en": "Count"}}
    with pytest.raises(QueryError, match="column m is declared but"):
        parse_query_file(head + "# column: m | Antall | Count\nSELECT ?n WHERE { }", "bad")
    with pytest.raises(QueryError, match="VARIABLE \\| bokmål \\| English"):
        parse_query_file(head + "# column: n = Antall\nSELECT ?n WHERE { }", "bad")
    with pytest.raises(QueryError, match="declared twice"):
        parse_query_file(head + "# column: n | A | B\n# column: n | C | D\nSELECT ?n WHERE { }", "bad")


def test_query_files_hold_no_performance_notes():
    """Why a query is shaped for speed is in docs/queries.md, not in the text analysts edit."""
    for q in list_queries():
        comments = "\n".join(line for line in q.text.splitlines() if line.lstrip().startswith("#"))
        assert not re.search(r"(?i)oxigraph|hash|faster|slower|looked up|lookup", comments), q.name


def test_every_query_runs_and_repeats_no_row(corpus):
    for q in list_queries():
        rows = select(corpus, fill(q))
        keys = [tuple(sorted(r.items(), key=lambda kv: kv[0])) for r in rows]
        assert len(keys) == len(set(keys)), q.name


def test_unknown_query_lists_the_valid_names():
    with pytest.raises(UnknownNameError) as err:
        get_query("relays")
    assert "relay" in str(err.value) and "pending-stages" in str(err.value)


def test_parameters_fill_as_escaped_terms():
    q = get_query("provenance")
    hostile = 'x" } ; DROP ALL ; SELECT * { "'
    text = fill(q, {"entity": hostile})
    assert '"x\\" } ; DROP ALL ; SELECT * { \\""' in text
    assert "$entity" not in text
    assert fill(q) == fill(q, {"entity": "Nord universitet"})
    assert '"Nord universitet"' in fill(q)
    assert "COUNT(DISTINCT ?o) >= 7)" in fill(get_query("shared-partners"), {"min_municipalities": " 7"})


def test_unknown_missing_and_bad_parameters_are_clear_errors():
    with pytest.raises(UnknownNameError, match="min_municipalities"):
        fill(get_query("shared-partners"), {"min": 3})
    with pytest.raises(QueryError, match="takes no parameters"):
        fill(get_query("relay"), {"stage": 3})
    with pytest.raises(QueryError, match="whole number"):
        fill(get_query("shared-partners"), {"min_municipalities": "2; DROP ALL"})
    q = parse_query_file("# param: who : iri -- a person\nSELECT * { $who ?p ?o }", "adhoc")
    with pytest.raises(QueryError, match="needs the parameter who"):
        fill(q)
    with pytest.raises(QueryError, match="IRI"):
        fill(q, {"who": "https://example.org/a b"})
    assert fill(q, {"who": "https://example.org/a"}) == "# param: who : iri -- a person\nSELECT * { <https://example.org/a> ?p ?o }"


def test_parameters_in_strings_iris_and_comments_are_left_alone():
    text = '# param: x = 1\n# $x in a comment\nSELECT * { ?s ?p "$x" , <http://e/$x> FILTER(?o = $x) }'
    assert fill(parse_query_file(text, "t"), {"x": 5}).endswith('"$x" , <http://e/$x> FILTER(?o = 5) }')
    assert "# $x in a comment" in fill(parse_query_file(text, "t"))


def test_header_mistakes_are_caught_at_load():
    with pytest.raises(QueryError, match="not declared"):
        parse_query_file("SELECT * { ?s ?p $o }", "t")
    with pytest.raises(QueryError, match=r"also used as \?o"):
        parse_query_file("# param: o = 1\nSELECT ?o { ?s ?p $o }", "t")
    with pytest.raises(QueryError, match="not in the query"):
        parse_query_file("# param: o = 1\nSELECT * { ?s ?p ?x }", "t")
    with pytest.raises(QueryError, match="needs a language"):
        parse_query_file("# title: Relay\nASK {}", "t")


# -- the answers on the corpus ------------------------------------------------------------------
def test_relay_in_stage_order(corpus):
    rows = [
        (r["stage"], r["giver"], r["giverOrg"], county(r["giverCounty"]), r["receiver"], r["receiverOrg"],
         county(r["receiverCounty"]), r["receiverInterviewed"])
        for r in run(corpus, "relay")
    ]
    assert rows == [
        ("2", "Trude Andresen", "Øvre Eiker", "Buskerud", "Anne Berit Berge Ims", "Hå", "Rogaland", "false"),
        ("4", "Mona Helland", "Sola", "Rogaland", "Bjørn Are Skogstad", "Steinkjer", "Trøndelag", "true"),
        ("5", "Bjørn Are Skogstad", "Steinkjer", "Trøndelag", "Camilla Strøm Eide", "Bodø", "Nordland", "true"),
        ("6", "Camilla Strøm Eide", "Bodø", "Nordland", "Kari Lund Sørensen", "Narvik", "Nordland", "false"),
        (None, "Torunn Hjelle Aase", "Sogndal", "Vestland", "Hilde Vatne", "Vestland", "Vestland", "false"),
    ]


def test_pending_stages(corpus):
    rows = [(r["stage"], r["receiver"], r["receiverOrg"], county(r["receiverCounty"]), r["giver"]) for r in run(corpus, "pending-stages")]
    assert rows == [
        ("2", "Anne Berit Berge Ims", "Hå", "Rogaland", "Trude Andresen"),
        ("6", "Kari Lund Sørensen", "Narvik", "Nordland", "Camilla Strøm Eide"),
        (None, "Hilde Vatne", "Vestland", "Vestland", "Torunn Hjelle Aase"),
    ]


def test_stage_gaps_name_who_ran_them(corpus):
    rows = run(corpus, "stage-gaps")
    assert [(r["firstMissing"], r["lastMissing"]) for r in rows] == [("2", "3")]
    assert split(rows[0]["named"]) == {"2: Anne Berit Berge Ims", "3: Mona Helland"}


def test_people_roles_and_organisations(corpus):
    rows = {(r["name"], r["role"], r["organisation"]) for r in run(corpus, "people")}
    assert rows == {
        ("Trude Andresen", "kommunedirektør", "Øvre Eiker"),
        ("Knut Kvale", "ordfører", "Øvre Eiker"),
        ("Anne Berit Berge Ims", "kommunedirektør", "Hå"),
        ("Mona Helland", "kommunalsjef", "Sola"),
        ("Bjørn Are Skogstad", "kommunedirektør", "Steinkjer"),
        ("Camilla Strøm Eide", "innovasjonsleder", "Bodø"),
        ("Ine Marie Fagerli", "ordfører", "Bodø"),
        ("Kari Lund Sørensen", "ordfører", "Narvik"),
        ("Torunn Hjelle Aase", "kommunedirektør", "Sogndal"),
        ("Solveig Rønnekleiv", "ordfører", "Sogndal"),
        ("Hilde Vatne", "innovasjonsrådgiver", "Vestland"),
    }
    titles = {r["name"]: r["titles"] for r in run(corpus, "people")}
    assert titles["Bjørn Are Skogstad"] == "rådmann"  # the text's word for the post


def test_municipalities_by_county(corpus):
    rows = [(county(r["county"]), r["fylkesnummer"], r["municipality"], r["kommunenummer"], r["interviews"])
            for r in run(corpus, "municipalities-by-county")]
    assert sorted(rows) == sorted([
        ("Buskerud", "33", "Øvre Eiker", "3314", "1"),
        ("Nordland", "18", "Bodø", "1804", "1"),
        ("Nordland", "18", "Narvik", "1806", "0"),
        ("Rogaland", "11", "Hå", "1119", "0"),
        ("Rogaland", "11", "Sola", "1124", "0"),
        ("Trøndelag", "50", "Steinkjer", "5006", "1"),
        ("Vestland", "46", "Sogndal", "4640", "1"),
    ])


def test_counties_reached(corpus):
    rows = [(county(r["county"]), r["firstStage"], r["organisations"], r["people"], r["interviews"])
            for r in run(corpus, "counties-reached")]
    assert rows == [
        ("Buskerud", "1", "1", "1", "1"),
        ("Rogaland", "2", "2", "2", "0"),  # Hå received stage 2; Sola ran stage 3
        ("Trøndelag", "4", "1", "1", "1"),
        ("Nordland", "5", "2", "2", "1"),
        ("Vestland", None, "2", "2", "1"),  # Sogndal and the county municipality itself
    ]


def test_projects_with_partners(corpus):
    rows = {r["organisation"]: r for r in run(corpus, "projects")}
    assert set(rows) == {"Øvre Eiker", "Bodø", "Steinkjer", "Sogndal"}
    assert split(rows["Bodø"]["projects"]) == {"Trygg hjem", "Bodø Lab"}
    assert split(rows["Bodø"]["partners"]) == {"Nordlandssykehuset", "Nord universitet", "KS-nettverket for innovative anskaffelser"}
    assert rows["Øvre Eiker"]["projectCount"] == "3" and "Aktiv Eiker" in split(rows["Øvre Eiker"]["projects"])
    assert {"Høgskulen på Vestlandet", "Vestland"} <= split(rows["Sogndal"]["partners"])
    assert {"Nord universitet", "Steinkjer Næringsforum"} <= split(rows["Steinkjer"]["partners"])


def test_shared_partners(corpus):
    rows = run(corpus, "shared-partners")
    assert [(r["partnerName"], r["kind"], r["municipalities"]) for r in rows] == [("Nord universitet", "organisation", "2")]
    assert split(rows[0]["names"]) == {"Bodø", "Steinkjer"}
    everyone = run(corpus, "shared-partners", min_municipalities=1)
    kinds = {r["partnerName"]: r["kind"] for r in everyone}
    assert kinds["innbyggere"] == "category" and kinds["Høgskulen på Vestlandet"] == "organisation"


def test_needs_themes_and_methods_by_frequency(corpus):
    needs = {r["need"]: (r["interviews"], split(r["themes"])) for r in run(corpus, "needs-by-frequency")}
    assert set(needs) == {"Spesialundervisning", "Sykefravær", "Kommunens klimatiltak", "Psykisk helse blant barn og unge",
                          "Barnevern", "Boliger for unge", "Energi"}
    assert needs["Psykisk helse blant barn og unge"][1] >= {"Psykisk helse"}
    themes = [r["theme"] for r in run(corpus, "themes-by-frequency")]
    assert {"Barnevern", "Energi", "Klima og miljø", "Psykisk helse"} <= set(themes)
    methods = run(corpus, "methods-by-frequency")
    assert (methods[0]["method"], methods[0]["interviews"]) == ("innovasjonsstrategi", "2")  # Øvre Eiker and Sogndal
    assert {"tjenestedesign", "brukerreiser", "lean", "idébank"} <= {r["method"] for r in methods}


def test_municipalities_linked_through_a_shared_partner(corpus):
    rows = run(corpus, "linked-municipalities")
    assert [(r["municipalityA"], r["municipalityB"], r["shared"], r["through"]) for r in rows] == [
        ("Bodø", "Steinkjer", "1", "partner: Nord universitet")
    ]
    assert run(corpus, "linked-municipalities", min_shared=2) == []


def test_interviews_without_a_fact_box(corpus):
    rows = run(corpus, "missing-fact-box")
    assert [(r["stage"], r["interviewee"], r["organisation"]) for r in rows] == [("4", "Bjørn Are Skogstad", "Steinkjer")]
    assert rows[0]["source"].endswith("steinkjer.txt")


def test_fact_boxes(corpus):
    rows = {r["municipality"]: (r["population"], r["areaKm2"], r["freeIncomePerCapita"], r["mayor"]) for r in run(corpus, "fact-boxes")}
    assert rows == {
        "Øvre Eiker": ("19117", "456", "51785", "Knut Kvale"),
        "Bodø": ("53712", "1395", "54990", "Ine Marie Fagerli"),
        "Sogndal": ("12373", "1257", "55980", "Solveig Rønnekleiv"),
    }


def test_interviews_overview(corpus):
    rows = [(r["stage"], r["interviewee"], r["organisation"], r["projects"]) for r in run(corpus, "interviews")]
    assert rows == [
        ("1", "Trude Andresen", "Øvre Eiker", "3"),
        ("4", "Bjørn Are Skogstad", "Steinkjer", "1"),
        ("5", "Camilla Strøm Eide", "Bodø", "2"),
        (None, "Torunn Hjelle Aase", "Sogndal", "1"),
    ]


def test_provenance_by_name_and_by_iri(corpus):
    rows = run(corpus, "provenance")  # the default: Nord universitet, a partner of two interviews
    assert [(r["source"].rsplit("/", 1)[-1], r["quote"], r["field"].split("[")[0]) for r in rows] == [
        ("steinkjer.txt", "Nord universitet", "partners"),
        ("bodo.html", "Nord universitet", "partners"),
    ]
    assert all(int(r["end"]) - int(r["start"]) == len("Nord universitet") for r in rows)
    by_iri = run(corpus, "provenance", entity=rows[0]["about"])
    assert [(r["interview"], r["start"]) for r in by_iri] == [(r["interview"], r["start"]) for r in rows]
    mona = run(corpus, "provenance", entity="mona helland")
    assert [(r["source"].rsplit("/", 1)[-1], r["field"], r["quote"]) for r in mona] == [("steinkjer.txt", "baton_from.name", "Mona Helland")]
    assert run(corpus, "provenance", entity="Nobody at all") == []


def test_docs_show_the_library_as_it_is():
    from pathlib import Path

    from graph.queries.docs import library_markdown

    page = (Path(__file__).resolve().parents[1] / "docs" / "queries.md").read_text(encoding="utf-8")
    assert library_markdown() in page, "docs/queries.md is behind the library: run python -m graph.queries.docs"
    for q in list_queries():
        assert f"stafett query {q.name}" in page and q.title_nb in page and q.question_en in page
