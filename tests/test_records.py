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
    assert f"{a}:2:interviewee:" in text and f"{b}:3:facts.population:" in text


# -- every problem of every record at once, each on its line --------------------------------------
def test_a_schema_problem_does_not_hide_the_reference_checks(tmp_path):
    """`stage: fem` (not a number) and a kommunenummer that does not exist are reported in one
    run, each with its line: file:line:field: what is wrong."""
    path = tmp_path / "r.yaml"
    path.write_text("source:\n  path: r.txt\nstage: fem\ninterviewee:\n  name: Kari Nordmann\n  organisation:\n"
                    "    name: Nokommune\n    kommunenummer: '9876'\nbaton_to:\n  name: Ola Hansen\n  organisation:\n"
                    "    fylkesnummer: '77'\n", encoding="utf-8")
    with pytest.raises(RecordError) as err:
        read_record(path)
    lines = str(err.value).splitlines()
    assert [ln.split(": ", 1)[0] for ln in lines] == [
        f"{path}:12:baton_to.organisation.fylkesnummer",
        f"{path}:8:interviewee.organisation.kommunenummer",
        f"{path}:3:stage",
    ], lines
    assert "'9876' is not a Norwegian kommunenummer" in lines[1] and '"fem"' in lines[2]


def test_problems_of_a_missing_field_are_on_the_line_of_its_parent(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text("source: {path: r.txt}\n\ninterviewee:\n  role: rådmann\n", encoding="utf-8")
    with pytest.raises(RecordError) as err:
        read_record(path)
    assert str(err.value) == f"{path}:3:interviewee: missing required field 'name'"


@pytest.mark.parametrize("text, line, words", [
    ("source: {path: x.txt}\ninterviewee:\n  name: Kari\n  role: [rådmann\n", 5, "not valid YAML/JSON at column 1"),
    ("source: {path: x.txt}\ninterviewee: {name: Kari\nstage: 3\n", 3, "not valid YAML/JSON at column"),
    ("source: {path: x.txt}\ninterviewee:\n  name: Kari\n   role: x\n", 4, "mapping values are not allowed here"),
    ("source: {path: x.txt}\nstage: 1\nstage: 2\n", 3, "written twice in one mapping (first on line 2)"),
    ("a: &x [1]\nb: *x\n", 2, "aliases"),
])
def test_a_yaml_syntax_error_is_one_line_with_its_line(tmp_path, text, line, words):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RecordError) as err:
        read_record(path)
    message = str(err.value)
    assert "\n" not in message and message.startswith(f"{path}:{line}:(file): "), message
    assert words in message, message


# -- what the mapping needs, checked before it -------------------------------------------------------
@pytest.mark.parametrize("url", ['https://example.org/a"b', "https://example.org/<script>", "https://example.org/%zz",
                                 "https://example.org/a{b}", "https://[::1/x"])
def test_a_url_that_is_no_iri_is_a_record_problem(url):
    problems = validate_record(minimal(source={"path": "x.txt", "url": url}), path="a.yaml")
    assert [(f, "is not a usable web address" in m) for _, f, m in problems] == [("source.url", True)], problems


@pytest.mark.parametrize("field, value, words", [
    ("since", "2015-13", "no month 13"), ("since", "2015-02-30", "not a day of the calendar"), ("since", "2015-00", "no month 0"),
])
def test_a_date_off_the_calendar_is_a_record_problem(field, value, words):
    rec = minimal()
    rec["interviewee"][field] = value
    problems = validate_record(rec, path="a.yaml")
    assert [(f, words in m) for _, f, m in problems] == [(f"interviewee.{field}", True)], problems
    rec["interviewee"][field] = "2016-02-29"
    assert validate_record(rec, path="a.yaml") == []


def test_a_lone_surrogate_is_a_record_problem(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text('source: {path: s.txt}\ninterviewee:\n  name: "Kari \\ud800 Nordmann"\n', encoding="utf-8")
    with pytest.raises(RecordError) as err:
        read_record(path)
    assert str(err.value).startswith(f"{path}:3:interviewee.name: holds the lone surrogate \\ud800"), str(err.value)


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


def test_lines_are_found_for_what_the_text_holds_and_nothing_hangs_for_what_it_does_not():
    from graph.records import with_lines

    text = "stage: 1\nprojects:\n  - name: a\n  - {}\n"
    got = with_lines([("a", "stage", "x"), ("a", "projects[1].name", "y"), ("a", "facts.population", "z")], text)
    assert [p.line for p in got] == [1, 4, None]
    assert [p.line for p in with_lines([("a", "stage", "x")], "{{{ not yaml")] == [None]
