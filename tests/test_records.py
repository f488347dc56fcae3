from pathlib import Path

import pytest

from graph.errors import RecordError
from graph.records import dump_record_yaml, parse_record_text, read_record, read_records, validate_record

REPO = Path(__file__).resolve().parents[1]
GOOD = REPO / "data" / "interviews" / "ovre-eiker.yaml"


def fields(problems):
    return {f for _, f, _ in problems}


def minimal(**over):
    rec = {"source": {"path": "x.txt"}, "interviewee": {"name": "Kari Nordmann", "organisation": {"name": "Bodø kommune", "kommunenummer": "1804"}}}
    rec.update(over)
    return rec


def test_bundled_records_are_valid():
    records = read_records(sorted((REPO / "data" / "interviews").glob("*.yaml")))
    assert len(records) >= 3
    assert all(r["interviewee"]["name"] for r in records)


def test_missing_interviewee_name_names_the_field():
    problems = validate_record(minimal(interviewee={"role": "rådmann"}), path="a.yaml")
    assert ("a.yaml", "interviewee", "missing required field 'name'") in problems


def test_non_numeric_population_names_the_field_and_the_fix():
    problems = validate_record(minimal(facts={"population": "19 117 innbyggere"}), path="a.yaml")
    assert fields(problems) == {"facts.population"}
    assert "whole number" in problems[0][2] and "19 117 innbyggere" in problems[0][2]


def test_unknown_kommunenummer_is_rejected():
    rec = minimal()
    rec["interviewee"]["organisation"]["kommunenummer"] = "9999"
    problems = validate_record(rec, path="a.yaml")
    assert fields(problems) == {"interviewee.organisation.kommunenummer"}
    assert "9999" in problems[0][2]


def test_historical_numbers_are_accepted():
    rec = minimal()
    rec["interviewee"]["organisation"] = {"name": "Øvre Eiker kommune", "kommunenummer": "0624"}  # before 2020
    assert validate_record(rec) == []


def test_all_problems_are_reported_at_once():
    rec = minimal(stage="first", facts={"population": "many", "area_km2": "big"}, projects=[{"description": "no name"}])
    rec["interviewee"]["organisation"]["kommunenummer"] = "12"
    problems = validate_record(rec, path="a.yaml")
    assert {"stage", "facts.population", "facts.area_km2", "projects[0]", "interviewee.organisation.kommunenummer"} <= fields(problems)


def test_unknown_fields_are_named():
    problems = validate_record(minimal(colour="blue"), path="a.yaml")
    assert "colour" in problems[0][2]


def test_problems_across_files_are_collected(tmp_path):
    a = tmp_path / "a.yaml"
    a.write_text("source: {}\ninterviewee: {role: x}\n", encoding="utf-8")
    b = tmp_path / "b.yaml"
    b.write_text("source: {}\ninterviewee: {name: X}\nfacts: {population: lots}\n", encoding="utf-8")
    with pytest.raises(RecordError) as err:
        read_records([a, b])
    text = str(err.value)
    assert f"{a}:interviewee:" in text and f"{b}:facts.population:" in text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a: &x [1, 2]\nb: *x\n", "aliases"),
        ("a: !!python/object/apply:os.system ['echo hi']\n", "not valid YAML"),
        ("a: [\n", "not valid YAML"),
    ],
)
def test_unsafe_or_broken_yaml_is_refused(text, expected):
    with pytest.raises(RecordError) as err:
        parse_record_text(text, path="bad.yaml")
    assert expected in str(err.value)
    assert str(err.value).startswith("bad.yaml:")


def test_alias_bomb_is_refused_quickly(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}]" for i in range(1, 10)]
    p = tmp_path / "bomb.yaml"
    p.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(RecordError, match="aliases"):
        read_record(p)


def test_not_a_mapping(tmp_path):
    p = tmp_path / "list.yaml"
    p.write_text("- 1\n- 2\n", encoding="utf-8")
    with pytest.raises(RecordError, match="mapping"):
        read_record(p)


def test_dates_stay_strings_and_round_trip():
    rec = read_record(GOOD)
    assert rec["interviewee"]["since"] == "2015-06"
    again = parse_record_text(dump_record_yaml(rec))
    assert validate_record(again) == []
    assert again["qa"][0]["answer_span"] == rec["qa"][0]["answer_span"]
