"""Refuse SPARQL the endpoint must not run, before it runs.

Two checks, for two places:

- :func:`check_shape` (in the server, on every request, linear in the text): the nesting of
  brackets and the number of operators. Oxigraph evaluates expressions and patterns
  recursively, so ``{{{{...}}}}`` 3,000 deep, or 3,000 ``BIND``\\s or ``MINUS``\\es in a row,
  overflow a worker's stack and kill it; the check refuses them in microseconds with
  ``400 too-deep`` / ``400 too-complex``.
- :func:`outbound_operation` (in the query worker, before Oxigraph sees the text): the text is
  *parsed* with rdflib's SPARQL grammar, and the parse tree is searched for the two
  operations that make Oxigraph reach outside the server: ``SERVICE`` (an HTTP request: server
  side request forgery) and ``LOAD`` (HTTP, or a ``file:`` read). The decision is on the
  grammar's reading of the text, not on words: ``SERVICE:json`` (the keyword, then the
  empty-prefix name ``:json``), a ``SERVICE`` in a subquery, in ``EXISTS`` or in the ``WHERE``
  of an ``INSERT``, and ``LOAD:x`` are all found; a ``SERVICE`` in a string, an IRI or a
  comment is not one. rdflib expands ``\\u`` escapes everywhere before parsing (the
  specification's order), Oxigraph only inside strings and IRIs, so an escape can make rdflib
  see a keyword Oxigraph does not (refused: harmless), never the reverse. A text rdflib cannot
  read is not run at all (:class:`Unreadable`): letting it through would trust a reading we
  could not check.

The query workers cannot reach the network anyway (:mod:`graph.server.isolation`): this check
is the first wall, that one the second.

>>> outbound_operation('PREFIX : <http://127.0.0.1:9/> SELECT * { SERVICE:json { ?s ?p ?o } }')
'SERVICE'
>>> outbound_operation('SELECT ?service { ?s <http://x/load> "SERVICE" } # LOAD <x:y>') is None
True
>>> outbound_operation('INSERT { ?s ?p ?o } WHERE { SERVICE <http://x/> { ?s ?p ?o } }', update=True)
'SERVICE'
"""

from __future__ import annotations

import re
import sys
import threading
from functools import lru_cache

from ..errors import StafettError

#: Brackets ({, (, [) open at once that a query may have.
MAX_DEPTH = 64
#: Operators and chained patterns (+, &&, /, ., UNION, OPTIONAL, BIND, ...) a query may have.
#: Oxigraph's stack holds about 2,000 of one kind in a row; 1,000 leaves room.
MAX_OPERATORS = 1000


class Refused(StafettError):
    """A request the endpoint will not run: ``status``/``error`` say how for HTTP."""

    def __init__(self, status: int, error: str, message: str):
        self.status, self.error = status, error
        super().__init__(message)


class Unreadable(StafettError):
    """rdflib's SPARQL parser cannot read the text (``line``, ``column``, ``reason``)."""

    def __init__(self, reason: str, line: int | None = None, column: int | None = None):
        self.reason, self.line, self.column = reason, line, column
        where = f" at {line}:{column}" if line is not None else ""
        super().__init__(f"{reason}{where}")


# -- the shape: cheap, in the server --------------------------------------------------------------
_SCAN = re.compile(
    r"""(?P<skip>\#[^\n\r]*
        |'''(?:[^'\\]|\\.|'(?!''))*(?:'''|$)|\"\"\"(?:[^"\\]|\\.|"(?!""))*(?:\"\"\"|$)
        |'(?:[^'\\\n\r]|\\.)*'?|"(?:[^"\\\n\r]|\\.)*"?)
      |(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      |(?P<word>[?$]?[^\W\d][\w.\-:%\\\u00b7]*|:[\w.\-:%\\\u00b7]*|\d[\w.]*)
      |(?P<open>[{(\[])|(?P<close>[})\]])
      |(?P<op>&&|\|\||!=|<=|>=|[=<>+\-*/|^!;,.])
      |\s+|.""",
    re.X | re.S,
)
_CHAINING = {"UNION", "OPTIONAL", "MINUS", "FILTER", "BIND", "SERVICE", "GRAPH", "VALUES"}


def check_shape(text: str) -> None:
    """Refuse (``Refused``, 400) a text nested deeper than :data:`MAX_DEPTH` brackets or with
    more than :data:`MAX_OPERATORS` operators. Strings and comments are skipped; parentheses
    inside what looks like an IRI are counted anyway (``<`` may be the less-than operator)."""
    depth = deepest = operators = 0
    for m in _SCAN.finditer(text):
        kind = m.lastgroup
        if kind == "open":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_DEPTH:
                    raise Refused(400, "too-deep", f"the query is nested deeper than {MAX_DEPTH} levels of brackets; "
                                  "flatten it (fewer nested groups, subqueries or parentheses)")
        elif kind == "close":
            depth = max(depth - 1, 0)
        elif kind == "op":
            operators += 1
        elif kind == "word":
            operators += m.group().upper() in _CHAINING
        elif kind == "iri":  # '<' may be less-than: count what it would hold as code
            inner = m.group()
            if "(" in inner or "+" in inner or "&&" in inner:
                operators += sum(inner.count(c) for c in "+*|!=")
                opened = inner.count("(")
                if depth + opened > MAX_DEPTH:
                    raise Refused(400, "too-deep", f"the query is nested deeper than {MAX_DEPTH} levels of brackets; "
                                  "flatten it (fewer nested groups, subqueries or parentheses)")
        if operators > MAX_OPERATORS:
            raise Refused(400, "too-complex", f"the query has more than {MAX_OPERATORS} operators and patterns, "
                          "this endpoint's limit; split it into smaller queries")


# -- the outbound check: a real parser, in the worker ---------------------------------------------
_OUTBOUND = {"ServiceGraphPattern": "SERVICE", "Load": "LOAD"}
#: Parse-tree nodes whose lists Oxigraph keeps flat (VALUES rows, function arguments, IN lists).
_FLAT = ("InlineData", "Builtin_", "Function", "Aggregate_", "ValuesClause", "DataBlock")


def _found(tree) -> tuple[str | None, int]:
    """(the first outbound operation in a parse tree, the tree's depth as Oxigraph would nest
    it: a chain of k operands or patterns counts k levels)."""
    from rdflib.plugins.sparql.parserutils import CompValue
    from pyparsing import ParseResults

    found: str | None = None
    deepest = 0
    todo = [(tree, 1)]
    while todo:
        node, depth = todo.pop()
        if isinstance(node, CompValue):
            name = node.name
            if name in _OUTBOUND and found is None:
                found = _OUTBOUND[name]
            flat = name.startswith(_FLAT)
            chain = 0 if flat else sum(len(v) for v in node.values() if isinstance(v, (list, ParseResults)))
            deepest = max(deepest, depth + chain)
            todo.extend((v, depth + 1 + chain) for v in node.values())
        elif isinstance(node, (list, tuple, ParseResults)):
            todo.extend((v, depth) for v in node)
    return found, deepest


def _parse(text: str, update: bool):
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        return parseUpdate(text) if update else parseQuery(text)
    except ParseException as exc:
        raise Unreadable(" ".join(str(exc.msg).split()), exc.lineno, exc.col) from None
    except RecursionError:
        raise Unreadable("nested too deeply for the checking parser") from None
    except Exception as exc:  # noqa: BLE001 - rdflib raises several kinds on what it cannot read
        raise Unreadable(" ".join(str(exc).split())[:200] or type(exc).__name__) from None


@lru_cache(maxsize=512)
def outbound_operation(text: str, *, update: bool = False) -> str | None:
    """``"SERVICE"`` or ``"LOAD"`` when the parsed query (``update``: the parsed update) holds
    one, else None. Raises :class:`Unreadable` when rdflib cannot parse the text, and
    :class:`Refused` (``too-complex``) when its tree is deeper than Oxigraph's stack allows.
    Cached: the named queries and the query page's examples come again and again."""
    tree = _in_big_stack(_parse, text, update)
    found, depth = _found(tree)
    if found:
        return found
    if depth > 2 * MAX_OPERATORS:
        raise Refused(400, "too-complex", f"the query chains more than {MAX_OPERATORS} operators or patterns, "
                      "this endpoint's limit; split it into smaller queries")
    return None


_STACK = 64 * 1024 * 1024


def _in_big_stack(fn, *args):
    """``fn(*args)`` in a thread with a 64 MB stack and a high recursion limit: rdflib's parser
    (pyparsing) recurses a few dozen frames per nesting level, and 64 levels would overflow the
    default limit of 1,000."""
    out: dict = {}

    def run():
        try:
            out["value"] = fn(*args)
        except BaseException as exc:  # noqa: BLE001 - handed back to the caller
            out["error"] = exc

    old_limit = sys.getrecursionlimit()
    old_size = threading.stack_size()
    sys.setrecursionlimit(max(old_limit, 40_000))
    try:
        threading.stack_size(_STACK)
        t = threading.Thread(target=run, name="stafett-guard")
        t.start()
    finally:
        threading.stack_size(old_size)
    t.join()
    sys.setrecursionlimit(old_limit)
    if "error" in out:
        raise out["error"]
    return out["value"]
