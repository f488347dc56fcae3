"""The library of named SPARQL queries: one ``graph/queries/NAME.rq`` file each.

Each file is plain SPARQL 1.1 (it runs as it is in any SPARQL tool, its parameters then unbound)
that starts with a header of comment lines::

    # title@nb: Stafetten etappe for etappe
    # title@en: The relay, stage by stage
    # question@nb: Hvem ga stafettpinnen videre til hvem ...?
    # question@en: Who passed the baton to whom ...?
    # param: min_municipalities = 2 -- the least number of municipalities naming the partner
    # param: entity : string -- (no default: the caller must give it)
    # column: stage | Etappe | Stage
    # column: giver | Fra | Giver

A parameter is the variable ``$name`` in the query text (the ``?name`` spelling is reserved
for ordinary variables). Its kind follows from its default: ``"text"`` a string, ``12`` an
integer, ``<https://...>`` an IRI; a parameter without a default names its kind after a colon.
:func:`fill` replaces each ``$name`` with the value written as a SPARQL term (escaped literal
or checked IRI), so a value can never change the query's shape.

A ``column`` line gives a result column (a projected variable) its header in bokmål and
English, for the query page and ``stafett query`` tables; the CSV and JSON results keep the
variable names, which programs read.

>>> q = get_query("shared-partners")
>>> q.title_en, [(p.name, p.default) for p in q.params]
('Partners shared by several municipalities', [('min_municipalities', 2)])
>>> "HAVING (COUNT(DISTINCT ?o) >= 3)" in fill(q, {"min_municipalities": "3"})
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..errors import QueryError, UnknownNameError
from .terms import PARAM_KINDS, parse_default, sparql_term, substitute, variables

__all__ = ["NamedQuery", "Param", "Column", "list_queries", "get_query", "fill", "parse_query_file", "column_labels"]

_FIELD = re.compile(r"^#\s*(title|question|param|column)(?:@(nb|en))?:\s*(.*?)\s*$")
_COLUMN = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*\|\s*([^|]+?)\s*\|\s*([^|]+?)$")
_PARAM = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*(?:=\s*(.+?)|:\s*([a-z]+))\s*(?:--\s*(.*))?$")


@dataclass(frozen=True)
class Param:
    """A parameter of a named query: ``$name`` in its text."""

    name: str
    kind: str  # "string" | "integer" | "iri"
    default: str | int | None = None  # None: the caller must give a value
    doc: str = ""

    @property
    def required(self) -> bool:
        return self.default is None


@dataclass(frozen=True)
class Column:
    """A result column of a named query: the variable ``?name`` and its headers."""

    name: str
    nb: str
    en: str

    def label(self, lang: str = "nb") -> str:
        return self.en if lang == "en" else self.nb


@dataclass(frozen=True)
class NamedQuery:
    """A query of the library, with its titles and question in bokmål and English."""

    name: str
    title_nb: str
    title_en: str
    question_nb: str
    question_en: str
    text: str  # the file as written, header included (comments are valid SPARQL)
    params: tuple[Param, ...] = ()
    columns: tuple[Column, ...] = ()

    @property
    def headers(self) -> dict[str, dict[str, str]]:
        """``{variable: {"nb": ..., "en": ...}}`` of the declared columns."""
        return {c.name: {"nb": c.nb, "en": c.en} for c in self.columns}

    @property
    def defaults(self) -> dict[str, str | int]:
        return {p.name: p.default for p in self.params if p.default is not None}

    def title(self, lang: str = "en") -> str:
        return self.title_nb if lang == "nb" else self.title_en

    def question(self, lang: str = "en") -> str:
        return self.question_nb if lang == "nb" else self.question_en


def parse_query_file(text: str, name: str, *, strict: bool = True) -> NamedQuery:
    """A named query from the text of an ``.rq`` file; its header is checked against its body.

    A file without a header is accepted (titles empty), so ``stafett query -f`` can take any
    query and still fill the parameters it declares. ``strict=False`` (for queries typed by
    hand) lets an undeclared ``$x`` be what SPARQL says it is: a variable.
    """
    fields: dict[str, str] = {}
    params: list[Param] = []
    columns: list[Column] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        m = _FIELD.match(line)
        if not m:
            continue  # a free comment in the header
        key, lang, value = m.groups()
        if key == "param":
            params.append(_param(value, name))
        elif key == "column":
            columns.append(_column(value, name))
        elif not lang:
            raise QueryError(f"{name}: '{key}' needs a language, e.g. '# {key}@nb:' and '# {key}@en:'")
        else:
            fields[f"{key}_{lang}"] = value
    _check_variables(text, name, params, strict)
    _check_columns(text, name, columns)
    return NamedQuery(
        name=name,
        title_nb=fields.get("title_nb", ""),
        title_en=fields.get("title_en", ""),
        question_nb=fields.get("question_nb", ""),
        question_en=fields.get("question_en", ""),
        text=text,
        params=tuple(params),
        columns=tuple(columns),
    )


def _param(spec: str, name: str) -> Param:
    m = _PARAM.match(spec)
    if not m:
        raise QueryError(f"{name}: cannot read the parameter line {spec!r}; write 'NAME = DEFAULT' or 'NAME : KIND'")
    pname, default, kind, doc = m.groups()
    if default is not None:
        try:
            kind, value = parse_default(default)
        except ValueError as exc:
            raise QueryError(f"{name}: parameter {pname}: {exc}") from None
        return Param(pname, kind, value, doc or "")
    if kind not in PARAM_KINDS:
        raise UnknownNameError("parameter kind", kind, PARAM_KINDS)
    return Param(pname, kind, None, doc or "")


def _column(spec: str, name: str) -> Column:
    m = _COLUMN.match(spec)
    if not m:
        raise QueryError(f"{name}: cannot read the column line {spec!r}; write 'VARIABLE | bokmål | English'")
    return Column(*m.groups())


def _check_columns(text: str, name: str, columns: list[Column]) -> None:
    plain = {v[1:] for v in variables(text) if v.startswith("?")}
    seen: set[str] = set()
    for c in columns:
        if c.name in seen:
            raise QueryError(f"{name}: the column {c.name} is declared twice")
        seen.add(c.name)
        if c.name not in plain:
            raise QueryError(f"{name}: the column {c.name} is declared but ?{c.name} is not in the query")


def column_labels(lang: str = "nb") -> dict[str, str]:
    """Every named query's column headers by variable, for results of queries typed by hand
    (the first query to declare a variable gives its header)."""
    out: dict[str, str] = {}
    for q in list_queries():
        for c in q.columns:
            out.setdefault(c.name, c.label(lang))
    return out


def _check_variables(text: str, name: str, params: list[Param], strict: bool) -> None:
    declared = {p.name for p in params}
    dollars = {v[1:] for v in variables(text) if v.startswith("$")}
    plain = {v[1:] for v in variables(text) if v.startswith("?")}
    for v in sorted(dollars - declared) if strict else ():
        raise QueryError(f"{name}: ${v} is used but not declared; add '# param: {v} = DEFAULT' to the header")
    for v in sorted(declared & plain):
        raise QueryError(f"{name}: the parameter {v} is also used as ?{v}; write it ${v} everywhere")
    for v in sorted(declared - dollars):
        raise QueryError(f"{name}: the parameter {v} is declared but ${v} is not in the query")


@cache
def _library() -> dict[str, NamedQuery]:
    found = {}
    for entry in sorted(resources.files(__name__).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            name = entry.name[: -len(".rq")]
            found[name] = parse_query_file(entry.read_text(encoding="utf-8"), name)
    return found


def list_queries() -> list[NamedQuery]:
    """Every named query, sorted by name."""
    return list(_library().values())


def get_query(name: str) -> NamedQuery:
    """The named query ``name``; an unknown name fails with the list of valid ones."""
    try:
        return _library()[name]
    except KeyError:
        raise UnknownNameError("query", name, list(_library())) from None


def fill(query: NamedQuery, params: dict | None = None) -> str:
    """The query's text with every ``$name`` replaced by its value as a SPARQL term.

    Values may be strings (as typed on a command line or sent by a form) or Python values;
    each is checked against its parameter's kind. Parameters not given take their defaults.
    """
    params = dict(params or {})
    known = {p.name: p for p in query.params}
    for key in params:
        if not known:
            raise QueryError(f"query {query.name!r} takes no parameters (given: {key}); a query of your own "
                             f"declares one in a header line: # param: {key} = DEFAULT")
        if key not in known:
            raise UnknownNameError(f"parameter of query {query.name!r}:", key, list(known))
    terms: dict[str, str] = {}
    for p in query.params:
        value = params.get(p.name, p.default)
        if value is None:
            raise QueryError(f"query {query.name!r} needs the parameter {p.name} ({p.kind}): give --param {p.name}=VALUE")
        try:
            terms[p.name] = sparql_term(value, p.kind)
        except ValueError as exc:
            raise QueryError(f"parameter {p.name} of query {query.name!r}: {exc}") from None
    return substitute(query.text, terms)
