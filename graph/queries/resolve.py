"""What ``stafett query`` runs: a named query, a query file or query text, with its parameters."""

from __future__ import annotations

import re

from ..errors import QueryError
from ..query import with_prefixes
from . import NamedQuery, fill, get_query, list_queries, parse_query_file

_NAME = re.compile(r"[A-Za-z0-9_-]+")


def parse_params(pairs: list[str] | tuple[str, ...]) -> dict[str, str]:
    """``["key=value", ...]`` as a dict; a pair without ``=`` or given twice is an error."""
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise QueryError(f"--param {pair!r}: write KEY=VALUE")
        if key in params:
            raise QueryError(f"--param {key} is given twice")
        params[key] = value
    return params


def resolve(query: str | None = None, *, file_text: str | None = None, file_name: str = "-",
            params: dict[str, str] | None = None) -> str:
    """The SPARQL to run for ``stafett query``: QUERY is a library name (letters, digits, dashes)
    or SPARQL text; ``file_text`` a query file. Parameters are filled and the project's common
    prefixes added where the text uses them undeclared."""
    return with_prefixes(resolve_text(query, file_text=file_text, file_name=file_name, params=params))


def resolve_text(query: str | None = None, *, file_text: str | None = None, file_name: str = "-",
                 params: dict[str, str] | None = None) -> str:
    """What :func:`resolve` runs before the prefixes are added: the text as the user wrote it
    (parameters filled), which syntax errors are located in."""
    return resolve_query(query, file_text=file_text, file_name=file_name, params=params)[0]


def resolve_query(query: str | None = None, *, file_text: str | None = None, file_name: str = "-",
                  params: dict[str, str] | None = None, lang: str = "nb") -> tuple[str, dict[str, str]]:
    """:func:`resolve_text`, and the column headers the query declares (``# column:`` lines) in ``lang``."""
    named = _named(query, file_text, file_name)
    return fill(named, params or {}), {c.name: c.label(lang) for c in named.columns}


def _named(query: str | None, file_text: str | None, file_name: str) -> NamedQuery:
    if file_text is not None:
        named = parse_query_file(file_text, file_name, strict=False)
    elif query is not None and _NAME.fullmatch(query.strip()):
        named = get_query(query.strip())
    else:
        named = parse_query_file(query or "", "(command line)", strict=False)
    return named


def listing() -> str:
    """The library for ``stafett query --list``: one line per query with its name, its English
    and bokmål titles and its parameters (with their defaults)."""
    queries = list_queries()
    width = max(len(q.name) for q in queries)
    return "\n".join(f"{q.name.ljust(width)}  {q.title_en} · {q.title_nb}{_params(q)}" for q in queries) + "\n"


def _params(q: NamedQuery) -> str:
    if not q.params:
        return ""
    shown = ", ".join(p.name if p.required else f"{p.name}={p.default}" for p in q.params)
    return f"  [{shown}]"
