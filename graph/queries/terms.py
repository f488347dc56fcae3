"""Parameter values as SPARQL terms, and the ``$name`` variables of a query's text.

A value becomes a term through pyoxigraph's own term types (``Literal``, ``NamedNode``), whose
``str()`` is the escaped N-Triples form, which SPARQL reads as the same term: quotes, newlines
and backslashes in a value stay inside its literal, and an IRI with a space or ``>`` is refused.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

PARAM_KINDS = ("string", "integer", "iri")

# What may hide a "$name" or "?name" that is not a variable: strings (long forms first), IRIs
# and comments. Anything else matching VAR is a variable.
_STRING = r'"""(?:[^"\\]|\\.|"(?!""))*"""' + r"|'''(?:[^'\\]|\\.|'(?!''))*'''" + r'|"(?:[^"\\\n]|\\.)*"' + r"|'(?:[^'\\\n]|\\.)*'"
_IRI = r'<[^<>"{}|^`\\\x00-\x20]*>'
_COMMENT = r"#[^\n]*"
_VAR = r"[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+"
_TOKEN = re.compile(f"(?P<skip>{_STRING}|{_IRI}|{_COMMENT})|(?P<var>{_VAR})")


def variables(text: str) -> list[str]:
    """The variables of a query as written (``?x``, ``$x``), in order, outside strings, IRIs, comments."""
    return [m.group("var") for m in _TOKEN.finditer(text) if m.group("var")]


def substitute(text: str, terms: dict[str, str]) -> str:
    """``text`` with each variable ``$name`` of ``terms`` replaced by its term."""

    def repl(m: re.Match) -> str:
        var = m.group("var")
        if var and var[0] == "$" and var[1:] in terms:
            return terms[var[1:]]
        return m.group(0)

    return _TOKEN.sub(repl, text)


def parse_default(text: str) -> tuple[str, str | int]:
    """(kind, value) of a default as written in a header: ``"text"``, ``12`` or ``<iri>``."""
    text = text.strip()
    if re.fullmatch(r"[+-]?\d+", text):
        return "integer", int(text)
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return "string", text[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    if len(text) >= 2 and text[0] == "<" and text[-1] == ">":
        sparql_term(text[1:-1], "iri")
        return "iri", text[1:-1]
    raise ValueError(f"cannot read the default {text!r}; write \"text\", a whole number or <IRI>")


def sparql_term(value, kind: str) -> str:
    """``value`` written as a SPARQL term of ``kind``; ``ValueError`` when it is not one."""
    if kind == "integer":
        if isinstance(value, bool) or not re.fullmatch(r"[+-]?\d+", str(value).strip()):
            raise ValueError(f"expected a whole number, not {value!r}")
        return str(int(str(value).strip()))
    if kind == "iri":
        try:
            return str(ox.NamedNode(str(value).strip()))
        except ValueError as exc:
            raise ValueError(f"not an absolute IRI: {value!r} ({exc})") from None
    if kind == "string":
        return str(ox.Literal(str(value)))
    raise ValueError(f"unknown parameter kind {kind!r}; choose one of: {', '.join(PARAM_KINDS)}")
