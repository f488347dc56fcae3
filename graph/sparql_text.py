r"""A lexer of SPARQL text: strings, IRIs, variables, comments, words and punctuation, with the
brace depth of each token -- enough to find the structure of a query or update (its form, its
operations, their ``WHERE``) without misreading what is inside a string, IRI or comment.

It follows SPARQL's tokens, not its grammar; the engine that runs the text parses it properly.

>>> [t.text for t in tokens('PREFIX ex: <http://e/> SELECT ?s # a comment\n{ ?s ex:p "a } b" }')]
['PREFIX', 'ex:', '<http://e/>', 'SELECT', '?s', '{', '?s', 'ex:p', '"a } b"', '}']
>>> query_form("PREFIX ex: <http://e/> # SELECT\nCONSTRUCT WHERE { ?s ?p ?o }")
'CONSTRUCT'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_IRI = re.compile(r'<[^<>"{}|^`\x00-\x20]*>')
_WORD = re.compile(r"[\w.:%\\@\-]+")
_SPACE = re.compile(r"\s+")
_STRINGS = ('"""', "'''", '"', "'")


class LexError(ValueError):
    pass


@dataclass
class Token:
    kind: str  # "word", "iri", "string", "var", "punct"
    text: str
    start: int
    end: int
    depth: int  # brace depth before the token


def tokens(text: str) -> list[Token]:
    out: list[Token] = []
    i, n, depth = 0, len(text), 0
    while i < n:
        ch = text[i]
        m = _SPACE.match(text, i)
        if m:
            i = m.end()
            continue
        if ch == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
            continue
        if ch == "<" and (m := _IRI.match(text, i)):
            out.append(Token("iri", m.group(), i, m.end(), depth))
            i = m.end()
            continue
        quote = next((q for q in _STRINGS if text.startswith(q, i)), None)
        if quote:
            j = i + len(quote)
            while True:
                if j >= n:
                    raise LexError("a string is not closed")
                if text[j] == "\\":
                    j += 2
                elif text.startswith(quote, j):
                    j += len(quote)
                    break
                elif len(quote) == 1 and text[j] in "\r\n":
                    raise LexError("a short string runs over a line")
                else:
                    j += 1
            out.append(Token("string", text[i:j], i, j, depth))
            i = j
            continue
        if ch in "?$" and (m := _WORD.match(text, i + 1)):
            out.append(Token("var", text[i:m.end()], i, m.end(), depth))
            i = m.end()
            continue
        m = _WORD.match(text, i)
        if m:
            out.append(Token("word", m.group(), i, m.end(), depth))
            i = m.end()
            continue
        out.append(Token("punct", ch, i, i + 1, depth))
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                raise LexError("a } closes nothing")
        i += 1
    if depth:
        raise LexError("a { is not closed")
    return out



_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


def keywords(sparql: str) -> set[str] | None:
    """The words of the text outside strings, IRIs and comments, upper-cased (keywords among
    them); None when the text cannot be read."""
    try:
        return {t.text.upper() for t in tokens(sparql) if t.kind == "word"}
    except LexError:
        return None


def query_form(sparql: str) -> str | None:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``: the first of them outside strings, IRIs
    and comments (a prologue names none); None when there is none or the text cannot be read."""
    try:
        for t in tokens(sparql):
            if t.kind == "word" and t.text.upper() in _FORMS:
                return t.text.upper()
    except LexError:
        return None
    return None
