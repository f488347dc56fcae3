"""The interview record: reading, validating and writing it (pure, but for the two file helpers).

A record is a plain JSON-like dict with the fields of ``shared/spec/interview-record.md`` and the
JSON Schema in ``graph/schema/interview-record.schema.json``. Validation reports every problem at
once as ``(file, field, message)``, with field paths such as ``facts.population`` or
``projects[2].name``.
"""

from __future__ import annotations

import copy
import datetime
import json
import math
import re
from functools import cache
from pathlib import Path
from typing import Any, Iterable

import jsonschema
import yaml

from .errors import Problem, RecordError
from .reference import Reference, load_reference

RECORD_SUFFIXES = (".yaml", ".yml", ".json")
LIST_FIELDS = ("qa", "projects", "partners", "organisations", "needs", "methods", "themes", "warnings")
MAX_RECORD_BYTES = 5_000_000


@cache
def record_schema() -> dict:
    path = Path(__file__).with_name("schema") / "interview-record.schema.json"
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(record_schema())


# -- YAML --------------------------------------------------------------------------------------
class _Refused(yaml.YAMLError):
    """What the strict loader refuses, with the line it is on."""

    def __init__(self, line: int, message: str):
        self.line, self.message = line, message
        super().__init__(f"line {line}: {message}")


class _StrictLoader(yaml.SafeLoader):
    """Safe YAML without anchors or aliases: a record has no use for them, and alias bombs
    ("billion laughs") would make every later step exponential. A key written twice in one
    mapping is refused too: YAML would silently keep the last value, so a record that states
    a fact twice (two populations, two baton receivers) would contradict itself unnoticed."""

    def compose_node(self, parent, index):  # noqa: D401 - PyYAML hook
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _Refused(event.start_mark.line + 1, "anchors and aliases (*name) are not allowed in records")
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):  # noqa: D401 - PyYAML hook
        if isinstance(node, yaml.MappingNode):
            seen: dict = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                line = key_node.start_mark.line + 1
                try:
                    first = seen.get(key)
                    seen[key] = line
                except TypeError:  # an unhashable key: PyYAML reports it below
                    continue
                if first is not None:
                    raise _Refused(line, f"the key {key!r} is written twice in one mapping (first on line {first}); keep one value")
        return super().construct_mapping(node, deep=deep)


# Dates stay strings: "2015-06" and "2015-06-01" are both valid values of `since`.
_StrictLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_record_text(text: str, *, path: str = "<record>") -> Any:
    """Parse YAML or JSON text into Python data; a syntax error is a :class:`RecordError` with
    the line it is on (``file:LINE:(file): not valid YAML/JSON ...``)."""
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except _Refused as exc:
        raise RecordError([Problem(path, "(file)", exc.message, exc.line)]) from None
    except yaml.MarkedYAMLError as exc:
        raise RecordError([_syntax_problem(path, exc)]) from None
    except yaml.YAMLError as exc:
        msg = " ".join(str(exc).split())
        raise RecordError([(path, "(file)", f"not valid YAML/JSON: {msg}")]) from None


def _syntax_problem(path: str, exc: yaml.MarkedYAMLError) -> Problem:
    """One line for a YAML syntax error: where the parser stopped, what it found, and what it
    was reading then (PyYAML's message spreads this over five lines with the text quoted)."""
    mark = exc.problem_mark or exc.context_mark
    what = " ".join(str(exc.problem or exc.context or "cannot be read").split())
    where = f" at column {mark.column + 1}" if mark is not None else ""
    context = ""
    if exc.context and exc.problem and exc.context_mark is not None:
        context = f" ({' '.join(exc.context.split())} on line {exc.context_mark.line + 1})"
    return Problem(path, "(file)", f"not valid YAML/JSON{where}: {what}{context}", mark.line + 1 if mark is not None else None)


def field_lines(text: str) -> dict[str, int]:
    """The line of each field of a record's text, keyed as problems name fields
    (``projects[2].name``); empty when the text is not YAML."""
    try:
        root = yaml.compose(text, Loader=_StrictLoader)  # noqa: S506 - nodes only, nothing constructed
    except yaml.YAMLError:
        return {}
    lines: dict[str, int] = {}

    def walk(node, path: list) -> None:
        lines.setdefault(_field(path), node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                sub = path + [key.value if isinstance(key, yaml.ScalarNode) else "?"]
                lines.setdefault(_field(sub), key.start_mark.line + 1)
                walk(value, sub)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, path + [i])

    if root is not None:
        walk(root, [])
    return lines


def with_lines(problems: list[tuple[str, str, str]], text: str) -> list[Problem]:
    """``problems`` with the line of each field in ``text`` (of its nearest enclosing field
    when the field itself is missing: a missing ``name`` is reported where its person is)."""
    lines = field_lines(text)
    out = []
    for path, field, message in problems:
        key, line = field, None
        while key and line is None:
            line = lines.get(key)
            parent = re.sub(r"(\.[^.\[\]]*|\[\d+\])$", "", key)
            key = parent if parent != key else ""
        out.append(Problem(path, field, message, line))
    return out


def read_record(path: str | Path, *, reference: Reference | None = None) -> dict:
    """Read and validate one record file; a :class:`RecordError` lists every problem."""
    p = Path(path)
    try:
        # The size is checked before anything is read: a huge file is refused at once.
        size = p.stat().st_size
        if size > MAX_RECORD_BYTES:
            raise RecordError([(str(p), "(file)", too_large_message(size, MAX_RECORD_BYTES, "a record"))])
        raw = p.read_bytes()
    except OSError as exc:
        raise RecordError([(str(p), "(file)", f"cannot read: {exc.strerror or exc}")]) from None
    if len(raw) > MAX_RECORD_BYTES:  # grew while being read
        raise RecordError([(str(p), "(file)", too_large_message(len(raw), MAX_RECORD_BYTES, "a record"))])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RecordError([(str(p), "(file)", "not UTF-8 text; save the record as UTF-8")]) from None
    data = parse_record_text(text, path=str(p))
    problems = validate_record(data, path=str(p), reference=reference)
    if problems:
        raise RecordError(with_lines(problems, text))
    return normalise_record(data)


def too_large_message(size: int, limit: int, what: str) -> str:
    """One line for a file over a size limit: its size, the limit, and what to do."""
    def spaced(n: int) -> str:
        return f"{n:,}".replace(",", " ")

    return f"{spaced(size)} bytes is too large for {what} (the limit is {spaced(limit)} bytes); save one interview per file"


def read_records(paths: Iterable[str | Path], *, reference: Reference | None = None) -> list[dict]:
    """Read many records; problems in all of them are collected into one :class:`RecordError`."""
    records, problems = [], []
    for p in paths:
        try:
            records.append(read_record(p, reference=reference))
        except RecordError as exc:
            problems.extend(exc.problems)
    if problems:
        raise RecordError(problems)
    return records


# -- validation --------------------------------------------------------------------------------
def _field(path: Iterable[Any]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(record)"


def _leaf_errors(error: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    """For oneOf/anyOf, the errors of the branch that came closest (not the 'null' branch)."""
    if error.validator in ("oneOf", "anyOf") and error.context:
        branches: dict[int, list] = {}
        for sub in error.context:
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
        # A branch that only failed on "type" at the top is the wrong branch (e.g. the null one).
        def depth(errs):
            return max(len(e.absolute_path) for e in errs), -len(errs)

        real = [errs for errs in branches.values() if not all(e.validator == "type" and len(e.relative_path) == 0 for e in errs)]
        best = max(real or list(branches.values()), key=depth)
        return [leaf for e in best for leaf in _leaf_errors(e)]
    return [error]


def _describe(error: jsonschema.ValidationError) -> str:
    v, inst, val = error.validator, error.instance, error.validator_value
    shown = json.dumps(inst, ensure_ascii=False, default=str)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    if v == "type":
        wanted = val if isinstance(val, str) else " or ".join(t for t in val if t != "null")
        hints = {
            "integer": "a whole number written with digits only, e.g. 19117",
            "number": "a number written with digits, e.g. 456",
            "string": "text",
            "object": "a mapping of fields",
            "array": "a list",
        }
        return f"expected {hints.get(wanted, wanted)}, got {shown}"
    if v == "required":
        missing = [k for k in val if k not in (inst or {})]
        return f"missing required field {missing[0]!r}" if missing else "missing a required field"
    if v == "additionalProperties":
        extra = sorted(set(inst) - set(error.schema.get("properties", {})))
        known = ", ".join(error.schema.get("properties", {}))
        return f"unknown field(s) {', '.join(map(repr, extra))}; known fields: {known}"
    if v == "pattern":
        return f"{shown} does not have the expected form ({val})"
    if v == "enum":
        return f"{shown} is not one of {', '.join(json.dumps(x) for x in val if x is not None)}"
    if v in ("minimum", "maximum"):
        return f"{shown} is {'below' if v == 'minimum' else 'above'} the allowed {v} {val}"
    if v in ("minLength", "pattern"):
        return "must not be empty"
    if v == "maxLength":
        return f"is longer than {val} characters"
    if v in ("minItems", "maxItems"):
        return f"{shown} must have exactly {val} items" if v == "minItems" else f"{shown} has more than {val} items"
    return error.message


def validate_record(data: Any, *, path: str = "<record>", reference: Reference | None = None) -> list[tuple[str, str, str]]:
    """Every problem in ``data`` as ``(path, field, message)``; an empty list means valid."""
    if not isinstance(data, dict):
        kind = "empty" if data is None else type(data).__name__
        return [(path, "(record)", f"a record is a mapping of fields, this file holds {kind}")]
    problems: list[tuple[str, str, str]] = []
    seen = set()
    for err in _validator().iter_errors(data):
        for leaf in _leaf_errors(err):
            key = (_field(leaf.absolute_path), _describe(leaf))
            if key not in seen:
                seen.add(key)
                problems.append((path, *key))
    # The checks below read fields the schema may just have refused: each looks only at values
    # of the right type and form, so every problem of the record is found in one run.
    problems.extend((path, f, m) for f, m in _mapping_checks(data))
    ref = reference or load_reference()
    for field, org in _organisations(data):
        kn, fn = _well_formed(org.get("kommunenummer"), 4), _well_formed(org.get("fylkesnummer"), 2)
        if kn and ref.municipality(kn) is None:
            problems.append((path, f"{field}.kommunenummer", f"{kn!r} is not a Norwegian kommunenummer (now or since 1977); check the number or leave it null"))
        if fn and ref.county(fn) is None:
            problems.append((path, f"{field}.fylkesnummer", f"{fn!r} is not a Norwegian fylkesnummer; check the number or leave it null"))
        if kn and ref.municipality(kn) is not None and isinstance(org.get("name"), str):
            wrong = _other_municipality(org["name"], kn, ref)
            if wrong:
                problems.append((path, f"{field}.kommunenummer", wrong))
    problems.extend((path, f, m) for f, m in _self_passes(data, ref))
    problems.extend((path, f, f"{v!r} is not a finite number; write digits, e.g. 456.2") for f, v in _non_finite(data, ""))
    for field, span in _spans(data):
        if all(isinstance(x, int) and not isinstance(x, bool) for x in span) and span[0] > span[1]:
            problems.append((path, field, f"span {span} starts after it ends; write [start, end)"))
    return sorted(dict.fromkeys(problems), key=lambda p: p[1])


def _well_formed(number, digits: int) -> str | None:
    """A kommunenummer (4 digits) or fylkesnummer (2) as written, when it has the right form."""
    return number if isinstance(number, str) and re.fullmatch(rf"[0-9]{{{digits}}}", number) else None


# -- what the mapping needs beyond the schema ----------------------------------------------------
def _mapping_checks(data: dict):
    """(field, message) for values the schema lets through but no RDF term can hold: an address
    that is no IRI, a date that is not on the calendar, text with a lone surrogate."""
    import pyoxigraph as ox

    source = data.get("source")
    url = source.get("url") if isinstance(source, dict) else None
    if isinstance(url, str) and re.fullmatch(r"https?://\S+", url):
        try:
            ox.NamedNode(url)
        except ValueError as exc:
            yield "source.url", (f"{url!r} is not a usable web address ({exc}); write it as the browser shows it, "
                                 "with characters such as \" < > { } | ^ ` \\ %-escaped (%22 for \")")
    for field, value in _dates(data):
        problem = _calendar_problem(value)
        if problem:
            yield field, problem
    for field, value in _strings(data, ""):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            bad = value[exc.start]
            yield field, (f"holds the lone surrogate \\u{ord(bad):04x}, which no text in the graph can hold; "
                          "remove it, or write the character it was part of")


def _dates(data: dict):
    source = data.get("source")
    if isinstance(source, dict):
        yield "source.published", source.get("published")
    for who in ("interviewee", "baton_from", "baton_to"):
        person = data.get(who)
        if isinstance(person, dict):
            yield f"{who}.since", person.get("since")


def _calendar_problem(value) -> str | None:
    """Why a YYYY, YYYY-MM or YYYY-MM-DD string is not a date, or None (also for other values,
    which the schema judges)."""
    if not isinstance(value, str):
        return None
    m = re.fullmatch(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?", value)
    if not m:
        return None
    year, month, day = (int(g) if g else None for g in m.groups())
    if month is not None and not 1 <= month <= 12:
        return f"{value!r} has no month {month}; write YYYY, YYYY-MM or YYYY-MM-DD"
    if day is not None:
        try:
            datetime.date(year, month, day)
        except ValueError:
            return f"{value!r} is not a day of the calendar; write YYYY, YYYY-MM or YYYY-MM-DD"
    return None


def _strings(node, field: str):
    if isinstance(node, str):
        yield field or "(record)", node
    elif isinstance(node, dict):
        for k, v in node.items():
            sub = f"{field}.{k}" if field else str(k)
            if isinstance(k, str):
                yield from _strings(k, sub)
            yield from _strings(v, sub)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _strings(v, f"{field}[{i}]")


def _other_municipality(name: str, number: str, ref: Reference) -> str | None:
    """A message when ``name`` is the name of a municipality that never had ``number``: the
    record contradicts itself (say "Hå kommune" with Øvre Eiker's 3314). Names that are no
    municipality's (a department, a company) are not judged."""
    found = ref.find_municipalities(name)
    own = ref.municipality(number)
    # A municipality merged into another may be written with its successor's number.
    if not found or own is None or any(own.key == m.key or own.key in m.successors or m.key in own.successors for m in found):
        return None
    return (f"{number!r} is {own.name}'s kommunenummer, but the name {name!r} is another municipality's "
            f"({', '.join(sorted({m.numbers[-1].number for m in found}))}); correct the name or the number")


def _non_finite(node, field: str):
    """Numbers YAML can spell that no graph can hold (.nan, .inf)."""
    if isinstance(node, float) and not math.isfinite(node):
        yield field or "(record)", node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from _non_finite(v, f"{field}.{k}" if field else str(k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _non_finite(v, f"{field}[{i}]")


def _person_identity(person: dict, ref: Reference) -> tuple[str, str | None]:
    """What makes two people of one record the same person: the name (case, spacing and
    accents folded) and the organisation (by today's municipality or county, else by name)."""
    from .iris import canonical

    org = person.get("organisation")
    org = org if isinstance(org, dict) else {}
    org_id = None
    if _well_formed(org.get("kommunenummer"), 4):
        m = ref.municipality(org["kommunenummer"])
        org_id = "m" + (m.key if m else str(org["kommunenummer"]))
    elif org.get("fylkesnummer"):
        org_id = "f" + str(org["fylkesnummer"])
    elif isinstance(org.get("name"), str):
        org_id = "n" + canonical(org["name"])
    return canonical(person["name"]), org_id


def _self_passes(data: dict, ref: Reference):
    """A baton passed from or to the interviewee themself: one record naming one person as
    both giver and receiver of the same pass."""
    me = data.get("interviewee")
    if not isinstance(me, dict) or not isinstance(me.get("name"), str):
        return
    mine = _person_identity(me, ref)
    for who, verb in (("baton_to", "passes the baton to"), ("baton_from", "gets the baton from")):
        other = data.get(who)
        if not isinstance(other, dict) or not isinstance(other.get("name"), str):
            continue
        theirs = _person_identity(other, ref)
        if theirs[0] == mine[0] and (theirs[1] == mine[1] or None in (theirs[1], mine[1])):
            yield f"{who}.name", (f"the interviewee {verb} themself ({other['name']!r}); "
                                  f"name the other person, or write {who}: null when it is not known")


def _organisations(data: dict):
    for who in ("interviewee", "baton_from", "baton_to"):
        person = data.get(who)
        if isinstance(person, dict) and isinstance(person.get("organisation"), dict):
            yield f"{who}.organisation", person["organisation"]
    facts = data.get("facts")
    if isinstance(facts, dict) and isinstance(facts.get("organisation"), dict):
        yield "facts.organisation", facts["organisation"]
    for lst in ("partners", "organisations"):
        items = data.get(lst)
        for i, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict):
                yield f"{lst}[{i}]", item


def _spans(data: dict):
    def walk(node, field):
        if isinstance(node, dict):
            for k, v in node.items():
                sub = f"{field}.{k}" if field else k
                if (k == "span" or k.endswith("_span")) and isinstance(v, list) and len(v) == 2:
                    yield sub, v
                else:
                    yield from walk(v, sub)
        elif isinstance(node, list):
            for i, v in enumerate(node):
                yield from walk(v, f"{field}[{i}]")

    yield from walk(data, "")


def normalise_record(data: dict) -> dict:
    """A copy with every list field present and every optional mapping field explicit."""
    rec = copy.deepcopy(data)
    for name in LIST_FIELDS:
        rec[name] = list(rec.get(name) or [])
    rec.setdefault("stage", None)
    rec.setdefault("baton_from", None)
    rec.setdefault("baton_to", None)
    rec["facts"] = rec.get("facts") or {}
    rec["source"] = dict(rec.get("source") or {})
    return rec


# -- writing -----------------------------------------------------------------------------------
class _Dumper(yaml.SafeDumper):
    """Block style for mappings, flow style for spans ([start, end]) so records stay short."""


def _represent_list(dumper, data):
    flow = len(data) == 2 and all(isinstance(x, int) for x in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _represent_list)
_Dumper.ignore_aliases = lambda self, data: True  # type: ignore[assignment]


def dump_record_yaml(record: dict) -> str:
    """The record as YAML for review (UTF-8, keys in the spec's order, no aliases)."""
    return yaml.dump(record, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
