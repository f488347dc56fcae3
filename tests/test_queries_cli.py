"""``stafett query`` with the library: names, --list, --param, files, formats (CliRunner)."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from graph.build import build
from graph.cli import cli
from graph.queries import list_queries


@pytest.fixture(scope="module")
def store(shared_dir, tmp_path_factory):
    root = tmp_path_factory.mktemp("corpus-cli") / "store"
    build([shared_dir / "corpus"], store_dir=root, workers=1)
    return root


def run(store, *args):
    return CliRunner().invoke(cli, ["query", "--store", str(store), *args])


def test_list_shows_every_query_with_titles_and_needs_no_store(tmp_path):
    res = CliRunner().invoke(cli, ["query", "--list", "--store", str(tmp_path / "nothing")])
    assert res.exit_code == 0, res.output
    for q in list_queries():
        line = next(line for line in res.output.splitlines() if line.split()[0] == q.name)
        assert q.title_en in line and q.title_nb in line
    assert "[min_municipalities=2]" in res.output


def test_named_query_as_table_and_csv(store):
    res = run(store, "pending-stages")
    assert res.exit_code == 0, res.output
    assert "Anne Berit Berge Ims" in res.output and res.output.rstrip().endswith("(3 rows)")
    rows = list(csv.DictReader(io.StringIO(run(store, "--format", "csv", "pending-stages").output)))
    assert [r["receiver"] for r in rows] == ["Anne Berit Berge Ims", "Kari Lund Sørensen", "Hilde Vatne"]


def test_params_fill_the_named_query(store):
    res = run(store, "shared-partners", "--param", "min_municipalities=1", "--format", "tsv")
    assert res.exit_code == 0, res.output
    assert len(res.output.strip().splitlines()) > 10
    res = run(store, "provenance", "-p", "entity=Mona Helland", "--format", "json")
    data = json.loads(res.output)
    assert [b["quote"]["value"] for b in data["results"]["bindings"]] == ["Mona Helland"]


def test_w3c_json_and_xml_parse_back(store):
    for fmt, rf in (("json", ox.QueryResultsFormat.JSON), ("xml", ox.QueryResultsFormat.XML)):
        res = run(store, "--format", fmt, "missing-fact-box")
        assert res.exit_code == 0, res.output
        rows = list(ox.parse_query_results(res.output.encode(), format=rf))
        assert [r["interviewee"].value for r in rows] == ["Bjørn Are Skogstad"]


def test_query_file_with_its_own_parameter(store, tmp_path):
    f = tmp_path / "stage.rq"
    f.write_text("# param: stage = 1\nSELECT ?name WHERE { ?i stf:stage $stage ; stf:interviewee/foaf:name ?name }\n", encoding="utf-8")
    assert run(store, "-f", str(f), "--format", "csv").output.splitlines()[1:] == ["Trude Andresen"]
    assert run(store, "-f", str(f), "-p", "stage=5", "--format", "csv").output.splitlines()[1:] == ["Camilla Strøm Eide"]
    bad = run(store, "-f", str(f), "-p", "stage=five")
    assert bad.exit_code == 2 and "whole number" in bad.output and "Traceback" not in bad.output


def test_construct_as_turtle_and_ntriples(store):
    q = "CONSTRUCT { ?p foaf:name ?n } WHERE { ?i stf:interviewee ?p . ?p foaf:name ?n }"
    ttl = run(store, "--format", "ttl", q)
    assert ttl.exit_code == 0, ttl.output
    assert len(list(ox.parse(ttl.output.encode(), format=ox.RdfFormat.TURTLE))) == 4
    nt = run(store, "--format", "nt", q).output
    assert len(nt.strip().splitlines()) == 4


def test_errors_are_one_line_without_traceback(store):
    unknown = run(store, "relays")
    assert unknown.exit_code == 1 and "relay," in unknown.output and "Traceback" not in unknown.output
    bad_param = run(store, "relay", "-p", "stage")
    assert bad_param.exit_code == 2 and "KEY=VALUE" in bad_param.output
    both = run(store, "relay", "-f", "-")
    assert both.exit_code == 2
    malformed = run(store, "SELECT ?x WHERE { ?x ?y }")
    assert malformed.exit_code == 2 and "1:" in malformed.output and "Traceback" not in malformed.output


def test_tables_read_as_an_analyst_writes_them(store):
    """A named query's table: its bokmål headers, booleans as ja/nei, numbers without their
    datatype, entities by name; CSV keeps the variable names and the IRIs."""
    relay = run(store, "relay")
    assert relay.exit_code == 0, relay.output
    head = relay.output.splitlines()[0].split("  ")
    assert [h.strip() for h in head if h.strip()][:3] == ["Etappe", "Fra", "Fra organisasjon"]
    assert "Mottaker intervjuet" in relay.output
    cells = {c.strip() for line in relay.output.splitlines()[2:-1] for c in line.split("  ") if c.strip()}
    assert {"ja", "nei"} <= cells and not {"true", "false"} & cells
    assert "^^" not in relay.output and "xsd:" not in relay.output
    boxes = run(store, "fact-boxes")
    assert "Innbyggere" in boxes.output and "53712" in boxes.output
    # the interview column shows the interview's name, not its IRI
    assert "Intervju med Camilla Strøm Eide (Bodø kommune)" in boxes.output and "id:interview/" not in boxes.output
    raw = list(csv.reader(io.StringIO(run(store, "--format", "csv", "fact-boxes").output)))
    assert raw[0][:2] == ["municipality", "population"] and raw[1][-1].startswith("https://w3id.org/stafett/id/interview/")
    own = run(store, "SELECT ?x WHERE { BIND(false AS ?x) }")
    assert own.output.splitlines()[0].strip() == "x" and own.output.splitlines()[2].strip() == "nei"


def test_a_query_file_declares_its_own_headers(store, tmp_path):
    f = tmp_path / "names.rq"
    f.write_text("# column: name | Navn | Name\nSELECT ?name WHERE { ?i stf:interviewee/foaf:name ?name } ORDER BY ?name\n",
                 encoding="utf-8")
    res = run(store, "-f", str(f))
    assert res.exit_code == 0, res.output
    assert res.output.splitlines()[0].strip() == "Navn" and "Bjørn Are Skogstad" in res.output
