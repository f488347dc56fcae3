"""A SPARQL Update request as its operations, and the Protocol's update dataset as ``USING``.

The server applies a request one operation at a time (so the union default graph is brought
back in step before the next operation reads it, see :mod:`graph.server.update`), and the
Protocol's ``using-graph-uri`` / ``using-named-graph-uri`` parameters mean the same as ``USING``
/ ``USING NAMED`` in every ``DELETE``/``INSERT ... WHERE`` of the request. Both need the
request's top-level structure: where operations end (``;`` outside braces), which keywords
start them, where their ``WHERE`` is. A small lexer gives that: it reads strings, IRIs,
variables, comments and words as SPARQL does, so a ``;`` or ``WHERE`` inside a string or IRI is
not mistaken for one. It does not check the grammar; Oxigraph parses what it returns, and a
request the lexer cannot follow is passed on whole, for Oxigraph to report.

>>> [op.text for op in split_update('PREFIX ex: <http://e/> CLEAR ALL ; INSERT DATA { ex:a ex:b "x;y" }')]
['PREFIX ex: <http://e/> CLEAR ALL', 'PREFIX ex: <http://e/> INSERT DATA { ex:a ex:b "x;y" }']
>>> with_using("DELETE WHERE { ?s ?p ?o }", ["http://e/g"], [])
'DELETE { ?s ?p ?o } USING <http://e/g> WHERE { ?s ?p ?o }'
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import StafettError
from ..sparql_text import LexError, Token, tokens

class UpdateDatasetConflict(StafettError):
    """``using-graph-uri``/``using-named-graph-uri`` given for an update that has its own
    ``USING``, ``USING NAMED`` or ``WITH`` (the Protocol makes that an error)."""


def _is(tok: Token, *words: str) -> bool:
    return tok.kind == "word" and tok.text.upper() in words


@dataclass
class Operation:
    prologue: str  # the BASE and PREFIX declarations in force (they carry over to later operations)
    body: str  # the operation itself
    tokens: list[Token]  # its tokens, positions relative to ``body``

    @property
    def text(self) -> str:
        return f"{self.prologue} {self.body}" if self.prologue else self.body


def split_update(update: str) -> list[Operation]:
    """The operations of a request, each with the prologue declared before it. Raises
    :class:`LexError` when the text cannot be followed."""
    toks = tokens(update)
    ops: list[Operation] = []
    prologue: list[str] = []
    group: list[Token] = []

    def close():
        body = [t for t in group]
        # The leading BASE/PREFIX declarations join the prologue of this and later operations.
        k = 0
        while k < len(body):
            if _is(body[k], "BASE") and k + 1 < len(body):
                prologue.append(update[body[k].start:body[k + 1].end])
                k += 2
            elif _is(body[k], "PREFIX") and k + 2 < len(body):
                prologue.append(update[body[k].start:body[k + 2].end])
                k += 3
            else:
                break
        body = body[k:]
        if body:
            start = body[0].start
            rel = [Token(t.kind, t.text, t.start - start, t.end - start, t.depth) for t in body]
            ops.append(Operation(" ".join(prologue), update[start:body[-1].end], rel))
        group.clear()

    for t in toks:
        if t.kind == "punct" and t.text == ";" and t.depth == 0:
            close()
        else:
            group.append(t)
    close()
    return ops


def with_using(body: str, default: list[str], named: list[str], toks: list[Token] | None = None) -> str:
    """One operation with the Protocol's update dataset as ``USING``/``USING NAMED``; operations
    without a ``WHERE`` (``INSERT DATA``, ``CLEAR``, ...) are returned as they are."""
    toks = tokens(body) if toks is None else toks
    top = [t for t in toks if t.depth == 0]
    if any(_is(t, "USING", "WITH") for t in top):
        raise UpdateDatasetConflict(
            "the update names its own dataset (USING, USING NAMED or WITH) and the request gives "
            "using-graph-uri/using-named-graph-uri too; give one or the other")
    where = next((i for i, t in enumerate(top) if _is(t, "WHERE")), None)
    if where is None or not top or not _is(top[0], "DELETE", "INSERT"):
        return body
    using = " ".join([f"USING <{g}>" for g in default] + [f"USING NAMED <{g}>" for g in named])
    w = top[where]
    if where == 1 and _is(top[0], "DELETE"):  # DELETE WHERE { P } is DELETE { P } WHERE { P }
        after = [t for t in toks if t.start >= w.end]
        close = next((t for t in after if t.kind == "punct" and t.text == "}" and t.depth == 1), None)
        if not after or after[0].text != "{" or close is None:
            return body  # not an update Oxigraph would take: it says what is wrong
        pattern = body[after[0].start:close.end]
        return f"{body[:top[0].end]} {pattern} {using} WHERE {pattern}{body[close.end:]}"
    return f"{body[:w.start]}{using} {body[w.start:]}"


def operations(update: str, *, using: list[str] | None = None, using_named: list[str] | None = None) -> list[str]:
    """The texts to run, one per operation, each whole with its prologue; with ``using`` /
    ``using_named`` applied to every operation that has a ``WHERE``. A request the lexer cannot
    follow comes back whole (Oxigraph then says what is wrong with it), unless a dataset is
    given, which then cannot be applied: that is a :class:`LexError`."""
    try:
        ops = split_update(update)
    except LexError:
        if using or using_named:
            raise
        return [update]
    if not ops:
        return [update]
    if using or using_named:
        return [_join(op.prologue, with_using(op.body, using or [], using_named or [], op.tokens)) for op in ops]
    return [op.text for op in ops]


def _join(prologue: str, body: str) -> str:
    return f"{prologue} {body}" if prologue else body
