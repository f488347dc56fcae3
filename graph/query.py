"""Running SPARQL on a store and writing the results for people and programs.

SELECT/ASK results: an aligned ``table`` for people, and the W3C formats ``csv``, ``tsv``,
``json`` (SPARQL 1.1 Query Results JSON) and ``xml``, written by pyoxigraph. CONSTRUCT/DESCRIBE
results: ``ttl``, ``nt`` or ``jsonld``.

The table reads as an analyst would write it: the named query's column headers (bokmål), values
without datatypes (``5``, ``ja``/``nei``, ``2023-05-04``), and an entity by its name where the
graph has one (else its short IRI). The machine formats keep the variable names and the terms.
"""

from __future__ import annotations

import enum
from typing import Iterable

import pyoxigraph as ox

from .errors import OptionError, UnknownNameError
from .iris import DEFAULT_BASE
from .namespaces import PREFIXES, sparql_prolog


class ResultFormat(enum.Enum):
    """Output formats of ``stafett query``, with pyoxigraph's writer for each."""

    TABLE = "table"
    CSV = "csv"
    TSV = "tsv"
    JSON = "json"
    XML = "xml"
    TTL = "ttl"
    NT = "nt"
    JSONLD = "jsonld"

    @classmethod
    def from_name(cls, name: str) -> "ResultFormat":
        try:
            return cls(name.lower())
        except ValueError:
            raise UnknownNameError("format", name, [f.value for f in cls]) from None

    @property
    def for_solutions(self) -> bool:
        return self in (ResultFormat.TABLE, ResultFormat.CSV, ResultFormat.TSV, ResultFormat.JSON, ResultFormat.XML)

    @property
    def media_type(self) -> str:
        return {
            "table": "text/plain",
            "csv": "text/csv",
            "tsv": "text/tab-separated-values",
            "json": "application/sparql-results+json",
            "xml": "application/sparql-results+xml",
            "ttl": "text/turtle",
            "nt": "application/n-triples",
            "jsonld": "application/ld+json",
        }[self.value]


_RESULTS = {
    ResultFormat.CSV: ox.QueryResultsFormat.CSV,
    ResultFormat.TSV: ox.QueryResultsFormat.TSV,
    ResultFormat.JSON: ox.QueryResultsFormat.JSON,
    ResultFormat.XML: ox.QueryResultsFormat.XML,
}
_GRAPHS = {
    ResultFormat.TTL: ox.RdfFormat.TURTLE,
    ResultFormat.NT: ox.RdfFormat.N_TRIPLES,
    ResultFormat.JSONLD: ox.RdfFormat.JSON_LD,
}


def with_prefixes(sparql: str) -> str:
    """The query with the project's PREFIX lines added for prefixes it uses but does not declare."""
    import re

    declared = {m.group(1) for m in re.finditer(r"(?i)PREFIX\s+([A-Za-z][\w.-]*)?\s*:", sparql)}
    missing = {k: v for k, v in PREFIXES.items() if k not in declared and re.search(rf"(?<![\w<]){re.escape(k)}:", sparql)}
    if not missing:
        return sparql
    return "".join(f"PREFIX {k}: <{v}>\n" for k, v in missing.items()) + sparql


def is_graph_result(result) -> bool:
    return not isinstance(result, (ox.QuerySolutions, ox.QueryBoolean))


def query_form(result) -> str:
    """What kind of query gave ``result``: ``SELECT``, ``ASK`` or ``CONSTRUCT/DESCRIBE``."""
    if isinstance(result, ox.QueryBoolean):
        return "ASK"
    return "SELECT" if isinstance(result, ox.QuerySolutions) else "CONSTRUCT/DESCRIBE"


def check_format(result, fmt: ResultFormat | None) -> ResultFormat:
    """The format to write ``result`` in: ``fmt`` when it fits the query's form, the form's
    default (table, or Turtle for a graph) when ``fmt`` is None; else an :class:`OptionError`
    naming the formats that fit."""
    rows = not is_graph_result(result)
    if fmt is None:
        return ResultFormat.TABLE if rows else ResultFormat.TTL
    if fmt.for_solutions == rows:
        return fmt
    fitting = ", ".join(f.value for f in ResultFormat if f.for_solutions == rows)
    gives = "rows" if isinstance(result, ox.QuerySolutions) else "true or false" if rows else "triples"
    raise OptionError(f"--format {fmt.value} is for {'rows' if fmt.for_solutions else 'triples'}, and this "
                      f"{query_form(result)} query gives {gives}; use --format {fitting.replace(', ', ' | ')}")


def serialize(result, fmt: ResultFormat | None = None, *, base: str = DEFAULT_BASE, store=None,
              headers: dict[str, str] | None = None) -> bytes:
    """The result in ``fmt`` (default: table for SELECT/ASK, Turtle for CONSTRUCT/DESCRIBE); a
    format that does not fit the query's form is an :class:`OptionError` (see :func:`check_format`).
    A table takes its column ``headers`` (variable -> header) and looks up the names of the
    entities it shows in ``store``."""
    fmt = check_format(result, fmt)
    if isinstance(result, ox.QueryBoolean):
        if fmt is ResultFormat.TABLE:
            return (b"true" if bool(result) else b"false") + b"\n"
        return result.serialize(format=_RESULTS[fmt])
    if isinstance(result, ox.QuerySolutions):
        if fmt is ResultFormat.TABLE:
            return render_table(result, base=base, store=store, headers=headers).encode("utf-8")
        return result.serialize(format=_RESULTS[fmt])
    graph_fmt = _GRAPHS[fmt]
    if isinstance(result, ox.QueryTriples):
        return result.serialize(format=graph_fmt) if graph_fmt is not ox.RdfFormat.TURTLE else _turtle(list(result))
    return _turtle(list(result)) if graph_fmt is ox.RdfFormat.TURTLE else ox.serialize(result, format=graph_fmt)


def _turtle(triples: list) -> bytes:
    prefixes = dict(PREFIXES)
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes)


XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
LABEL_PREDICATES = ("http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2000/01/rdf-schema#label",
                    "http://xmlns.com/foaf/0.1/name", "https://schema.org/name", "http://purl.org/dc/terms/title")
LABEL_LANGS = ("nb", "no", "nn", "", "en")


def term_text(term, *, base: str = DEFAULT_BASE, labels: dict[str, str] | None = None) -> str:
    """A term as a person reads it: literals by value (booleans as ``ja``/``nei``), entities by
    their name in ``labels``, other IRIs with a known prefix shortened.

    >>> term_text(ox.Literal("true", datatype=ox.NamedNode(XSD_BOOLEAN))), term_text(ox.Literal("5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    ('ja', '5')
    >>> term_text(ox.NamedNode("https://w3id.org/stafett/id/municipality/1804"), labels={"https://w3id.org/stafett/id/municipality/1804": "Bodø"})
    'Bodø'
    """
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        iri = term.value
        if labels and iri in labels:
            return labels[iri]
        if iri.startswith(f"{base}id/"):
            return "id:" + iri[len(base) + 3:]
        for k, v in PREFIXES.items():
            if iri.startswith(v) and len(iri) > len(v):
                return f"{k}:{iri[len(v):]}"
        return f"<{iri}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        if term.datatype.value == XSD_BOOLEAN:
            return {"true": "ja", "1": "ja", "false": "nei", "0": "nei"}.get(term.value, term.value)
        return term.value
    return str(term)


def entity_labels(store, iris: Iterable[str], *, chunk: int = 200) -> dict[str, str]:
    """The name of each IRI that has one (``skos:prefLabel``, ``rdfs:label``, ``foaf:name``, ...;
    bokmål first), read from ``store`` through SPARQL, ``chunk`` IRIs per query."""
    todo = sorted({i for i in iris if not any(c in i for c in '<>"{}|^`\\ ')})
    preds = " ".join(f"<{p}>" for p in LABEL_PREDICATES)
    best: dict[str, tuple[int, int, str]] = {}
    for k in range(0, len(todo), chunk):
        values = " ".join(f"<{i}>" for i in todo[k:k + chunk])
        for row in store.query(f"SELECT ?x ?p ?l WHERE {{ VALUES ?x {{ {values} }} VALUES ?p {{ {preds} }} ?x ?p ?l }}"):
            lang = (row["l"].language or "") if isinstance(row["l"], ox.Literal) else ""
            rank = (LABEL_LANGS.index(lang) if lang in LABEL_LANGS else len(LABEL_LANGS), LABEL_PREDICATES.index(row["p"].value))
            cur = best.get(row["x"].value)
            if cur is None or rank < cur[:2]:
                best[row["x"].value] = (*rank, row["l"].value)
    return {k: v[2] for k, v in best.items()}


def render_table(solutions: Iterable, *, base: str = DEFAULT_BASE, max_width: int = 60, store=None,
                 headers: dict[str, str] | None = None) -> str:
    """An aligned text table of SELECT results, with a row count: ``headers`` over the columns
    (the variable name where there is none), entities by their names in ``store``."""
    names = [v.value for v in solutions.variables]
    solved = [[sol[n] for n in names] for sol in solutions]
    labels = {}
    if store is not None:
        labels = entity_labels(store, (t.value for r in solved for t in r if isinstance(t, ox.NamedNode)))
    rows = [[_clip(term_text(t, base=base, labels=labels), max_width) for t in r] for r in solved]
    heads = [(headers or {}).get(n) or n for n in names]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(heads)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    out = [line(heads), line(["-" * w for w in widths])]
    out += [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


__all__ = ["ResultFormat", "serialize", "check_format", "query_form", "render_table", "term_text", "entity_labels",
           "with_prefixes", "sparql_prolog", "is_graph_result"]
