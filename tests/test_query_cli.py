import csv
import io
import json

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
    assert "malformed query" in res.output and "1:" in res.output
    assert "Traceback" not in res.output


def test_unknown_format_lists_valid_ones(bundled_store):
    res = run(bundled_store, "--format", "yaml", "ASK {}")
    assert res.exit_code == 1 and "table" in res.output and "jsonld" in res.output
