import csv
import io
import json

import pytest
from click.testing import CliRunner

from graph.cli import cli


def run(store, *args):
    res = CliRunner().invoke(cli, ["query", "--store", str(store), *args])
    return res


def test_select_as_table_csv_and_json(bundled_store):
    q = 'SELECT ?n WHERE { ?m stf:currentKommunenummer "3314" ; stf:kommunenummer ?n } ORDER BY ?n'
    t = run(bundled_store, q)
    assert t.exit_code == 0, t.output
    lines = t.output.splitlines()
    assert lines[0].strip() == "n" and lines[2:5] == ["0624", "3048", "3314"] and lines[-1] == "(3 rows)"
    c = run(bundled_store, "--format", "csv", q)
    assert list(csv.reader(io.StringIO(c.output)))[1:] == [["0624"], ["3048"], ["3314"]]
    j = json.loads(run(bundled_store, "--format", "json", q).output)
    assert j["head"]["vars"] == ["n"] and [b["n"]["value"] for b in j["results"]["bindings"]] == ["0624", "3048", "3314"]


def test_ask_and_construct(bundled_store):
    assert run(bundled_store, 'ASK { ?p foaf:name "Trude Andresen" }').output.strip() == "true"
    out = run(bundled_store, 'CONSTRUCT { ?p foaf:name ?n } WHERE { ?p foaf:name ?n FILTER(?n = "Trude Andresen") }').output
    import rdflib

    g = rdflib.Graph().parse(data=out, format="turtle")
    assert len(g) == 1


def test_query_from_file_and_graph_addressing(bundled_store, tmp_path):
    f = tmp_path / "q.rq"
    f.write_text("SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?i a stf:Interview } }", encoding="utf-8")
    res = run(bundled_store, "-f", str(f), "--format", "csv")
    assert res.output.splitlines()[1] == "3"


def test_malformed_query_exits_2_with_position(bundled_store):
    res = run(bundled_store, "SELECT ?x WHERE { ?x ?y }")
    assert res.exit_code == 2
    assert "malformed query at 1:19 (line 1, column 19)" in res.output
    assert "Traceback" not in res.output


def test_unknown_format_lists_valid_ones(bundled_store):
    res = run(bundled_store, "--format", "yaml", "ASK {}")
    assert res.exit_code == 1 and "table" in res.output and "jsonld" in res.output


# -- formats that do not fit the query's form --------------------------------------------------------
@pytest.mark.parametrize("query, fmt, form, fitting", [
    ("relay", "ttl", "SELECT", "table | csv | tsv | json | xml"),
    ("ASK { ?s ?p ?o }", "nt", "ASK", "table | csv | tsv | json | xml"),
    ("CONSTRUCT WHERE { ?i a stf:Interview }", "csv", "CONSTRUCT/DESCRIBE", "ttl | nt | jsonld"),
    ("DESCRIBE <https://w3id.org/stafett/id/municipality/3314>", "table", "CONSTRUCT/DESCRIBE", "ttl | nt | jsonld"),
])
def test_a_format_that_does_not_fit_the_query_is_refused(bundled_store, query, fmt, form, fitting):
    res = run(bundled_store, query, "--format", fmt)
    assert res.exit_code == 2, res.output
    assert res.output.strip() == (f"stafett: error: --format {fmt} is for {'rows' if fmt in ('csv', 'table') else 'triples'}, "
                                  f"and this {form} query gives "
                                  f"{'rows' if form == 'SELECT' else 'true or false' if form == 'ASK' else 'triples'}; "
                                  f"use --format {fitting}")


def test_each_form_has_its_default_format(bundled_store):
    assert run(bundled_store, "ASK { ?s ?p ?o }").output == "true\n"
    out = run(bundled_store, "CONSTRUCT WHERE { ?i a stf:Interview }").output
    import rdflib

    assert len(rdflib.Graph().parse(data=out, format="turtle")) == 3


def test_unknown_names_suggest_the_nearest(bundled_store):
    res = run(bundled_store, "pending-stage")
    assert res.exit_code == 1
    line = res.output.strip()
    assert line.startswith("stafett: error: unknown query 'pending-stage'; did you mean pending-stages? choose one of: ")
    assert len(line.splitlines()) == 1 and "relay" in line
    res = run(bundled_store, "relay", "--format", "turtle")
    assert "unknown format 'turtle'; did you mean ttl?" in res.output


@pytest.mark.parametrize("args, option, wrong, nearest", [
    (["network", "--type", "people"], "--type", "people", "person"),
    (["network", "--metric", "betweeness"], "--metric", "betweeness", "betweenness"),
    (["network", "--format", "jsn"], "--format", "jsn", "json"),
    (["chain", "--format", "tabel"], "--format", "tabel", "table"),
    (["path", "a", "b", "--lang", "no"], "--lang", "no", "nb"),
    (["viz", "netwrk"], "view", "netwrk", "network"),
    (["viz", "chain", "--layout", "map"], "--layout", "map", None),
])
def test_a_wrong_option_value_is_one_line_with_the_choices(bundled_store, args, option, wrong, nearest):
    res = CliRunner().invoke(cli, [*args, "--store", str(bundled_store)])
    assert res.exit_code == 2, res.output
    lines = res.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"stafett: error: {option}: unknown value {wrong!r}; "), lines
    assert (f"did you mean {nearest}?" in lines[0]) == bool(nearest), lines
    assert "choose one of: " in lines[0] and f"(see stafett {args[0]} --help)" in lines[0]


def test_a_misspelt_command_is_one_line():
    res = CliRunner().invoke(cli, ["bulid"])
    assert res.exit_code == 2
    assert res.output.strip() == "stafett: error: No such command 'bulid'. Did you mean 'build'? (see stafett --help)"


# -- SPARQL errors in the user's terms --------------------------------------------------------------
SYNTAX = [
    # (query as written, line, column, words of the reason)
    ("SELECT ?x WHERE { ?x foo:bar ?o }", 1, 22, "unknown prefix `foo:`; declare it (PREFIX foo: <IRI>) or use one of stf, rdf"),
    ("SELEC ?x WHERE { ?x ?p ?o }", 1, 1, "not `SELEC`; did you mean SELECT?"),
    ("SELECT ?x\nWHERE {\n  ?x a stf:Interview .\n  FILTR(?x)\n}", 4, 3, "unexpected `FILTR`: not a SPARQL keyword or function; did you mean FILTER?"),
    ("SELECT ?x WHERE { ?x ?p ?o } limt 3", 1, 30, "did you mean LIMIT?"),
    ("ASK { ?s ?p ?o", 1, 15, "the query ends before the `{` of line 1, column 5 is closed with `}`"),
    ('SELECT ?x WHERE { ?x ?p "abc }', 1, 25, "this string is not closed"),
    ("SELECT ?x WHERE { ?x <http://a b> ?o }", 1, 22, "`<http://a b>` is not a valid absolute IRI"),
    ("PREFIX ex <http://e/>\nSELECT * { ?s ex:p ?o }", 1, 10, "PREFIX name: <IRI>"),
]


@pytest.mark.parametrize("query, line, column, words", SYNTAX)
def test_a_syntax_error_is_located_in_the_text_as_written(bundled_store, query, line, column, words):
    """Positions are in the user's text (not after the PREFIX lines stafett adds: the first
    query uses stf:, so lines are added in front of it), with the line and a caret under the place."""
    res = run(bundled_store, query)
    assert res.exit_code == 2 and "Traceback" not in res.output
    lines = [ln.removeprefix("stafett: error: ") for ln in res.output.splitlines()]
    assert lines[0].startswith(f"malformed query at {line}:{column} (line {line}, column {column}): "), lines
    assert words in lines[0], lines
    written = query.split("\n")[line - 1]
    assert lines[1] == "  " + written and lines[2] == "  " + " " * (column - 1) + "^", lines


def test_the_endpoint_gives_the_same_message(bundled_store):
    """/sparql (the JSON error shape) says what the command line says, word for word."""
    from starlette.testclient import TestClient

    from graph.server import make_app

    with TestClient(make_app(bundled_store, timeout=10)) as client:
        for query, *_ in SYNTAX:
            r = client.get("/sparql", params={"query": query})
            assert r.status_code == 400 and r.json()["error"] == "malformed-query", r.text
            cli_lines = [ln.removeprefix("stafett: error: ") for ln in run(bundled_store, query).output.splitlines()]
            assert r.json()["message"].splitlines() == cli_lines
