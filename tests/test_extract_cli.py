"""``stafett extract`` and ``stafett ingest`` through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from click.testing import CliRunner

from graph.cli import cli

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "interviews"
ONE = FIXTURES / "f02-dash-baton-from.txt"
TWO = FIXTURES / "f03-nynorsk-svarar.txt"


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)))


def test_extract_one_file_prints_one_json_object():
    result = run("extract", "--json", ONE)
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["interviewee"]["name"] == "Eirik Sandvold"
    assert record["source"]["path"] == str(ONE)
    assert len(record["source"]["sha256"]) == 64


def test_extract_several_files_prints_an_array_and_yaml_by_default():
    result = run("extract", "--json", ONE, TWO)
    assert result.exit_code == 0, result.stderr
    assert [r["interviewee"]["name"] for r in json.loads(result.stdout)] == ["Eirik Sandvold", "Ingvild Søreide"]
    result = run("extract", ONE, TWO)
    assert result.exit_code == 0, result.stderr
    docs = list(yaml.safe_load_all(result.stdout))
    assert [d["stage"] for d in docs] == [7, None]


def test_extract_reports_bad_files_and_goes_on(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    result = run("extract", "--json", bad, ONE)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"stafett: error: {bad}: the file is empty; give an interview text (.txt, .md or .html)"
    assert [r["interviewee"]["name"] for r in json.loads(result.stdout)] == ["Eirik Sandvold"]
    alone = run("extract", "--json", bad)
    assert alone.exit_code == 1 and alone.stdout == ""


def test_ingest_writes_and_refuses_to_overwrite_edits(tmp_path):
    into = tmp_path / "records"
    first = run("ingest", FIXTURES, "--into", into)
    assert first.exit_code == 0, first.stderr
    written = sorted(p.name for p in into.iterdir())
    assert "f02-dash-baton-from.yaml" in written and len(written) == len(list(FIXTURES.iterdir()))
    target = into / "f02-dash-baton-from.yaml"
    assert target.read_text(encoding="utf-8").startswith("# stafett-ingest sha256=")

    again = run("ingest", ONE, "--into", into)
    assert again.exit_code == 0 and "unchanged" in again.stdout

    edited = target.read_text(encoding="utf-8").replace("Eirik Sandvold", "Eirik Sandvoll", 1)
    target.write_text(edited, encoding="utf-8")
    refused = run("ingest", ONE, "--into", into)
    assert refused.exit_code == 1
    assert "edited" in refused.stderr and "--force" in refused.stderr
    assert target.read_text(encoding="utf-8") == edited

    forced = run("ingest", ONE, "--into", into, "--force")
    assert forced.exit_code == 0, forced.stderr
    assert "Eirik Sandvold" in target.read_text(encoding="utf-8")


def test_ingest_records_are_valid_records(tmp_path):
    from graph.records import read_record

    run("ingest", TWO, "--into", tmp_path)
    record = read_record(tmp_path / "f03-nynorsk-svarar.yaml")
    assert record["interviewee"]["organisation"]["kommunenummer"] == "4649"


def test_ingest_of_nothing_fails(tmp_path):
    result = run("ingest", tmp_path, "--into", tmp_path / "out")
    assert result.exit_code == 1 and "no interview files" in result.stderr


def test_ingest_writes_records_colleagues_can_read(tmp_path):
    import os
    import stat

    old = os.umask(0o022)
    try:
        result = run("ingest", ONE, "--into", tmp_path)
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.stderr
    mode = stat.S_IMODE((tmp_path / "f02-dash-baton-from.yaml").stat().st_mode)
    assert mode == 0o644, oct(mode)


def test_ingest_then_build_keeps_the_quotes(tmp_path):
    """A record written by ingest carries the words at its spans, so a build without the text
    still quotes them (the provenance query's quote column)."""
    import csv
    import io

    into, store = tmp_path / "records", tmp_path / "store"
    assert run("ingest", ONE, "--into", into).exit_code == 0
    built = run("build", into, "--store", store, "--workers", "1", "-q")
    assert built.exit_code == 0, built.output
    result = run("query", "provenance", "-p", "entity=Eirik Sandvold", "--format", "csv", "--store", store)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and all(r["quote"] for r in rows), rows
    assert {r["quote"] for r in rows if r["field"] == "interviewee.name"} == {"Eirik Sandvold"}


def test_explain_prints_each_field_with_its_span_context_and_cue():
    result = run("extract", "--explain", ONE)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    record = json.loads(run("extract", "--json", ONE).stdout)
    for path, ev in record["evidence"].items():
        block = out.split(f"\n{path} ", 1)
        assert len(block) == 2, path  # every field with evidence has its block
        body = block[1].split("\n", 3)
        assert ev["cue"] in body[1] and f"{ev['confidence']:.2f}" in body[1], (path, body)
        if ev["span"]:
            s, e = ev["span"]
            assert f"at {s}-{e}: " in body[2] and f"[{ev['quote']}]" in body[2], (path, body[2])
    assert "\npartners:\n" in out or "\nmethods:\n" in out
    assert run("extract", "--explain", "--json", ONE).exit_code == 2


def test_explain_reports_a_bad_file_in_one_line(tmp_path):
    bad = tmp_path / "x.txt"
    bad.write_text("Ingenting her.", encoding="utf-8")
    result = run("extract", "--explain", bad)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and str(bad) in result.stderr
