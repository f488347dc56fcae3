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


# -- the typed model (graph/model.py) and the JSON Schema say the same ----------------------------
import types  # noqa: E402
import typing  # noqa: E402

from graph import model  # noqa: E402
from graph.records import record_schema  # noqa: E402

# The constraint each value type stands for, as the schema must spell it where the type is used.
_CONSTRAINTS = {
    "Text": {"minLength": 1, "maxLength": 2000}, "Kommunenummer": {"pattern": "^[0-9]{4}$"},
    "Fylkesnummer": {"pattern": "^[0-9]{2}$"}, "IsoDate": {"pattern": "^[0-9]{4}(-[01][0-9](-[0-3][0-9])?)?$"},
    "Sha256": {"pattern": "^[0-9a-f]{64}$"}, "HttpUrl": {"pattern": "^https?://\\S+$"},
    "CountryCode": {"pattern": "^[A-Z]{2}$"}, "Stage": {"minimum": 1, "maximum": 1000},
    "Offset": {"minimum": 0, "maximum": 5000000}, "Confidence": {"minimum": 0, "maximum": 1},
    "Span": {"minItems": 2, "maxItems": 2}, "RecordKey": {"pattern": "^[a-z0-9][a-z0-9.-]{0,119}$"},
}


def _resolve(node: dict) -> dict:
    while "$ref" in node:
        node = record_schema()["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _alternatives(node: dict) -> list[dict]:
    """The schema node as a list of resolved alternatives (oneOf/anyOf flattened)."""
    node = _resolve(node)
    for key in ("oneOf", "anyOf"):
        if key in node:
            return [alt for sub in node[key] for alt in _alternatives(sub)]
    return [node]


def _schema_types(node: dict) -> set[str]:
    out = set()
    for alt in _alternatives(node):
        t = alt.get("type")
        out |= set(t) if isinstance(t, list) else {t} if t else set()
    return out


def _annotation_types(tp) -> set[str]:
    if tp is type(None):
        return {"null"}
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        return set().union(*(_annotation_types(a) for a in typing.get_args(tp)))
    if origin is typing.Literal:
        return {"null" if a is None else "string" for a in typing.get_args(tp)}
    if isinstance(tp, typing.NewType):
        return _annotation_types(tp.__supertype__)
    if origin is list:
        return {"array"}
    if origin is dict or typing.is_typeddict(tp):
        return {"object"}
    return {str: {"string"}, int: {"integer"}, float: {"number"}, bool: {"boolean"}}[tp]


def _branch(node: dict, json_type: str) -> dict:
    return next(a for a in _alternatives(node) if a.get("type") == json_type or json_type in (a.get("type") or []))


def _check(tp, node: dict, where: str, problems: list[str]) -> None:
    want, got = _annotation_types(tp), _schema_types(node)
    if "integer" in got and "number" in want:
        got = got - {"integer"} | {"number"}
    if want != got:
        problems.append(f"{where}: the model allows {sorted(want)}, the schema {sorted(got)}")
        return
    for arg in (typing.get_args(tp) if typing.get_origin(tp) in (typing.Union, types.UnionType) else (tp,)):
        if isinstance(arg, typing.NewType) and arg.__name__ in _CONSTRAINTS:
            leaf = _branch(node, next(iter(_annotation_types(arg))))
            for k, v in _CONSTRAINTS[arg.__name__].items():
                if leaf.get(k) != v:
                    problems.append(f"{where}: {arg.__name__} needs {k}={v!r} in the schema, it has {leaf.get(k)!r}")
        if typing.get_origin(arg) is list:
            items = _branch(node, "array")["items"]
            _check(typing.get_args(arg)[0], items, f"{where}[]", problems)
        elif isinstance(arg, typing.NewType) and typing.get_origin(arg.__supertype__) is list:  # a span
            _check(typing.get_args(arg.__supertype__)[0], _branch(node, "array")["items"], f"{where}[]", problems)
        elif typing.get_origin(arg) is dict:
            _check(typing.get_args(arg)[1], _branch(node, "object")["additionalProperties"], f"{where}.*", problems)
        elif typing.is_typeddict(arg):
            obj = _branch(node, "object")
            hints = typing.get_type_hints(arg)
            props = obj.get("properties", {})
            if set(hints) != set(props):
                problems.append(f"{where}: model fields {sorted(set(hints) - set(props))} not in the schema, "
                                f"schema fields {sorted(set(props) - set(hints))} not in the model")
            if set(arg.__required_keys__) != set(obj.get("required", [])):
                problems.append(f"{where}: required {sorted(arg.__required_keys__)} in the model, "
                                f"{sorted(obj.get('required', []))} in the schema")
            if obj.get("additionalProperties") is not False:
                problems.append(f"{where}: the schema must refuse fields the model does not declare")
            for name in set(hints) & set(props):
                _check(hints[name], props[name], f"{where}.{name}" if where else name, problems)


def test_the_typed_model_and_the_json_schema_agree_field_by_field():
    problems: list[str] = []
    _check(model.Record, record_schema(), "", problems)
    assert problems == []


def test_the_model_check_finds_a_field_missing_from_the_schema():
    class Extra(model.Person, total=False):
        nickname: model.Text | None

    problems: list[str] = []
    _check(Extra, _resolve({"$ref": "#/$defs/person"}), "person", problems)
    assert problems and "nickname" in problems[0]


def test_list_fields_come_from_the_model():
    from graph.records import LIST_FIELDS

    assert LIST_FIELDS == model.list_fields(model.Record)


def test_bundled_partial_records_agree_with_the_published_facts():
    """data/interviews/ha.yaml and randaberg.yaml hold what extraction finds in the published
    pages' openings; ../shared/data/published-stages.yaml states the facts of those pages."""
    published_path = REPO.parent / "shared" / "data" / "published-stages.yaml"
    if not published_path.exists():
        pytest.skip("the shared folder is not beside the checkout")
    import yaml as _yaml

    published = {p["source"]["url"]: p for p in _yaml.safe_load(published_path.read_text(encoding="utf-8"))}
    by_url = {r["source"]["url"]: r for r in read_records(sorted((REPO / "data" / "interviews").glob("*.yaml")))}
    assert set(published) <= set(by_url)
    for url, fact in published.items():
        rec = by_url[url]
        assert rec["stage"] == fact.get("stage")
        for who in ("interviewee", "baton_from"):
            if fact.get(who) is None:
                assert rec[who] is None
                continue
            assert rec[who]["name"] == fact[who]["name"]
            assert rec[who]["role"] == fact[who]["role"]
            assert rec[who]["organisation"]["kommunenummer"] == fact[who]["organisation"]["kommunenummer"]
        names = {p["name"] for p in rec["partners"]}
        for p in fact.get("partners", []):
            if p["kind"] == "organisation":
                assert p["name"] in names
            else:  # a group, as the page words it: one of the record's groups shares a word with it
                assert any(set(p["name"].split()) & set(n.split()) or p["name"][:8] in n
                           for n in names), (p["name"], names)
        assert {o["name"] for o in fact.get("organisations", [])} <= {o["name"] for o in rec["organisations"]}
