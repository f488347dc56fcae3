"""Refuse SPARQL that would make the server reach outside itself, before it runs.

Oxigraph executes ``SERVICE <iri>`` (HTTP requests from the server: server-side request
forgery) and ``LOAD <iri>`` (HTTP requests, and reads of ``file:`` IRIs), so a public endpoint
must never let them through.

The check is lexical and errs on the side of refusing. The text is read by a small
nondeterministic lexer that follows *every* way SPARQL's tokens could split it -- a ``<`` may
open an IRI or be the less-than operator, ``'''`` may open a long string or be an empty string
and a quote -- and marks each character that some reading leaves outside strings, IRIs and
comments. A ``SERVICE`` or ``LOAD`` word whose letters are all so marked is refused. So a
keyword cannot hide behind a string, IRI or comment that the real parser reads differently;
the price is that a full IRI such as ``<http://example.org/load>`` is refused too (write it as
a prefixed name). SPARQL keywords cannot be escaped, and Oxigraph does not apply ``\\u``
escapes outside strings and IRIs (a test pins both).

>>> outbound_keyword('SELECT * { SERVICE <http://x/> { ?s ?p ?o } }')
'SERVICE'
>>> outbound_keyword('SELECT ?service { ?s ex:load "LOAD" } # SERVICE') is None
True
>>> outbound_keyword("SELECT * { FILTER(?a<'>') SERVICE <http://x/> {} FILTER('' = '') }")
'SERVICE'
"""

from __future__ import annotations

import re

_WORD = re.compile(r"(?<![\w:?$])(SERVICE|LOAD)(?![\w:.-])", re.I)
# Characters that never occur in an IRIREF (escapes are \uXXXX, so a backslash may).
_NOT_IRI = set('<"{}|^`') | {chr(c) for c in range(0x21)}
_CODE, _COMMENT, _IRI, _S1, _S2, _L1, _L2 = range(7)


def code_positions(text: str) -> list[bool]:
    """For each character, whether some tokenisation of ``text`` reads it as code (outside
    strings, IRIs and comments)."""
    n = len(text)
    code = [False] * n
    seen: set[tuple[int, int]] = set()
    todo = [(0, _CODE)]
    while todo:
        state = todo.pop()
        if state in seen:
            continue
        seen.add(state)
        i, mode = state
        if i >= n:
            continue
        ch = text[i]
        nxt: list[tuple[int, int]] = []
        if mode == _CODE:
            if ch == "#":
                nxt.append((i + 1, _COMMENT))
            elif ch in "'\"":
                nxt.append((i + 1, _S1 if ch == "'" else _S2))
                if text.startswith(ch * 3, i):
                    nxt.append((i + 3, _L1 if ch == "'" else _L2))
            else:
                code[i] = True
                nxt.append((i + 1, _CODE))
                if ch == "<":
                    nxt.append((i + 1, _IRI))
        elif mode == _COMMENT:
            nxt.append((i + 1, _CODE if ch in "\n\r" else _COMMENT))
        elif mode == _IRI:
            if ch == ">":
                nxt.append((i + 1, _CODE))
            elif ch not in _NOT_IRI:
                nxt.append((i + 1, _IRI))
        else:  # strings: short ones end at their quote, long ones at three (or go on)
            quote = "'" if mode in (_S1, _L1) else '"'
            if ch == "\\":
                nxt.append((i + 2, mode))
            elif mode in (_S1, _S2):
                nxt.append((i + 1, _CODE if ch == quote else mode))
            else:
                if text.startswith(quote * 3, i):
                    nxt.append((i + 3, _CODE))
                nxt.append((i + 1, mode))
        todo.extend(s for s in nxt if s not in seen)
    return code


def outbound_keyword(sparql: str) -> str | None:
    """``SERVICE`` or ``LOAD`` when some reading of the text uses one as a keyword, else None."""
    matches = list(_WORD.finditer(sparql))
    if not matches:
        return None
    code = code_positions(sparql)
    for m in matches:
        if all(code[m.start():m.end()]):
            return m.group(1).upper()
    return None
