"""SPARQL syntax errors in the user's terms: where in the text they wrote, what is wrong, and a
short excerpt with a caret.

Oxigraph's parser says ``error at 2:57: expected one of Prefix not found, ['%'], ...``: the
position is in the text it was given (with the PREFIX lines stafett adds in front), and what it
expected is the grammar's point of view. :func:`syntax_error` turns that into::

    malformed query at 1:22 (line 1, column 22): unknown prefix `foo:`; declare it (PREFIX foo: <IRI>) or use one of stf, rdf, ...
      SELECT ?x WHERE { ?x foo:bar ?o }
                           ^

The same function serves ``stafett query`` and the endpoint's workers, so a person sees the
same words on the command line, in the ``/sparql`` JSON error and on the query page.

>>> err = syntax_error(SyntaxError("error at 1:10: expected CONSTRUCT"), "SELEC ?x WHERE { ?x ?p ?o }")
>>> print(err)
malformed query at 1:1 (line 1, column 1): a query starts with SELECT, ASK, CONSTRUCT or DESCRIBE (after its PREFIX lines), not `SELEC`; did you mean SELECT?
  SELEC ?x WHERE { ?x ?p ?o }
  ^
"""

from __future__ import annotations

import re

from .errors import QueryError, nearest

FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_FORMS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")
_POSITION = re.compile(r"^\s*error at (\d+):(\d+):\s*(.*)$", re.S)
_PROLOGUE = re.compile(r"(?:\s+|#[^\n]*|(?i:PREFIX)\s*[^\s:]*:\s*<[^>]*>|(?i:BASE)\s*<[^>]*>)*")
_TOKEN = re.compile(r"[?$][\w]+|<[^>\s]*>?|\"[^\"\n]*\"?|'[^'\n]*'?|[^\W\d][\w.-]*:?[\w.-]*|\d[\w.]*|\S")
_EXCERPT = 76  # characters of the line shown around the error
KEYWORDS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "DISTINCT", "REDUCED", "FROM", "NAMED", "GRAPH",
            "OPTIONAL", "UNION", "MINUS", "FILTER", "BIND", "VALUES", "SERVICE", "EXISTS", "NOT", "AS", "IN",
            "GROUP", "BY", "HAVING", "ORDER", "ASC", "DESC", "LIMIT", "OFFSET", "UNDEF", "PREFIX", "BASE",
            "A", "TRUE", "FALSE", "LATERAL", "SEPARATOR", "DATA", "DEFAULT", "ALL", "SILENT", "INTO", "USING", "TO")


class QuerySyntaxError(QueryError):
    """A malformed query, located in the text the user wrote.

    ``line`` and ``column`` are 1-based (characters, not bytes), ``reason`` is the one-line
    explanation and ``excerpt`` the line with a caret; ``raw`` is the parser's own message and
    ``sent`` the text it parsed, so the error can be located again in another text
    (:meth:`in_text`)."""

    def __init__(self, raw: str, sent: str, line: int, column: int, reason: str, excerpt: str):
        self.raw, self.sent, self.line, self.column, self.reason, self.excerpt = raw, sent, line, column, reason, excerpt
        super().__init__(f"malformed query at {line}:{column} (line {line}, column {column}): {reason}" + (f"\n{excerpt}" if excerpt else ""))

    def in_text(self, written: str, *, prefixes=None) -> "QuerySyntaxError":
        """The same error located in ``written``, the text the user typed, when what was parsed
        is that text with lines added in front (the PREFIX lines of :func:`graph.query.with_prefixes`)."""
        err = syntax_error(self.raw, self.sent, written, prefixes=prefixes)
        return err if isinstance(err, QuerySyntaxError) else self


def syntax_error(exc: Exception | str, sent: str, written: str | None = None, *, prefixes=None) -> QueryError:
    """The :class:`QueryError` for a parser error on ``sent``.

    ``written`` is the text the user wrote when ``sent`` is that text with something added in
    front; positions are then given in ``written``. ``prefixes`` are the prefixes that need no
    declaration (default: the project's, :data:`graph.namespaces.PREFIXES`)."""
    raw = str(exc)
    m = _POSITION.match(raw)
    if not m:
        return QueryError(f"malformed query: {' '.join(raw.split())}")
    offset = _offset(sent, int(m.group(1)), int(m.group(2)))
    text = sent
    if written is not None and sent.endswith(written):
        text, offset = written, max(0, offset - (len(sent) - len(written)))
    offset, reason = _explain(text, offset, m.group(3), prefixes)
    line, column = _line_column(text, offset)
    return QuerySyntaxError(raw, sent, line, column, reason, _excerpt(text, offset))


# -- positions ----------------------------------------------------------------------------------
def _offset(text: str, line: int, column: int) -> int:
    lines = text.split("\n")
    line = min(max(line, 1), len(lines))
    return min(sum(len(x) + 1 for x in lines[: line - 1]) + max(column, 1) - 1, len(text))


def _line_column(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _excerpt(text: str, offset: int) -> str:
    """The line of ``offset`` (clipped around it) and a caret under it, each indented two spaces."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    line = text[start: end if end >= 0 else len(text)].replace("\t", " ").rstrip("\r")
    col = offset - start
    if len(line) > _EXCERPT:
        left = max(0, min(col - _EXCERPT // 2, len(line) - _EXCERPT))
        shown = line[left: left + _EXCERPT]
        col -= left
        line = ("…" if left else "") + shown + ("…" if left + _EXCERPT < len(line) else "")
        col += 1 if left else 0
    if not line.strip():
        return ""
    return f"  {line}\n  {' ' * col}^"


# -- what is wrong ------------------------------------------------------------------------------
def _explain(text: str, offset: int, expected: str, prefixes) -> tuple[int, str]:
    """(where the problem starts, one line saying what it is)."""
    body = _PROLOGUE.match(text).end()
    if not text[body:].strip():
        return body, "the query is empty: write SELECT, ASK, CONSTRUCT or DESCRIBE and a pattern"
    word = re.match(r"[A-Za-z]+", text[body:])
    first = word.group(0).upper() if word else text[body]
    if first not in FORMS + UPDATE_FORMS + ("PREFIX", "BASE") and offset >= body:
        hint = nearest(first, FORMS)
        return body, (f"a query starts with SELECT, ASK, CONSTRUCT or DESCRIBE (after its PREFIX lines), not "
                      f"`{word.group(0) if word else first}`" + (f"; did you mean {hint}?" if hint else ""))
    if re.search(r"(?i)\bPREFIX\s+[^\s:]*\s*$", text[:offset]):
        return offset, "a prefix is declared as PREFIX name: <IRI> (the name ends with a colon)"
    if "IRI parsing failed" in expected:
        return _bad_iri(text, offset)
    unknown = _unknown_prefix(text, prefixes)
    if unknown:
        return unknown
    stray = _stray_word(text)
    if stray:
        at, word = stray
        hint = nearest(word.upper(), KEYWORDS + FUNCTIONS)
        return at, f"unexpected `{word}`: not a SPARQL keyword or function" + (f"; did you mean {hint}?" if hint else "")
    rest = text[offset:]
    if not rest.strip():
        unclosed = _unclosed(text)
        found = None if unclosed else _locate(text)
        if found is None:
            return _ends_early(text, unclosed)
        clause = " ".join(text[found:].split("\n", 1)[0].split())
        clause = clause if len(clause) <= 40 else clause[:39] + "…"
        return found, f"cannot read the part that starts here: `{clause}`"
    token = _TOKEN.match(rest.lstrip())
    offset += len(rest) - len(rest.lstrip())
    shown = token.group(0) if token else rest.strip()[:1]
    reason = f"unexpected `{shown}`"
    hint = nearest(shown.upper(), KEYWORDS) if re.fullmatch(r"[A-Za-z]+", shown) and shown.upper() not in KEYWORDS else None
    if hint:
        reason += f"; did you mean {hint}?"
    wanted = _punctuation(expected)
    if wanted:
        reason += f"; expected {' or '.join(f'`{w}`' for w in wanted)}"
    return offset, reason


FUNCTIONS = (
    "STR", "LANG", "LANGMATCHES", "DATATYPE", "BOUND", "IRI", "URI", "BNODE", "RAND", "ABS", "CEIL", "FLOOR", "ROUND",
    "CONCAT", "STRLEN", "UCASE", "LCASE", "ENCODE_FOR_URI", "CONTAINS", "STRSTARTS", "STRENDS", "STRBEFORE",
    "STRAFTER", "YEAR", "MONTH", "DAY", "HOURS", "MINUTES", "SECONDS", "TIMEZONE", "TZ", "NOW", "UUID", "STRUUID",
    "MD5", "SHA1", "SHA256", "SHA384", "SHA512", "COALESCE", "IF", "STRLANG", "STRDT", "SAMETERM", "ISIRI", "ISURI",
    "ISBLANK", "ISLITERAL", "ISNUMERIC", "REGEX", "SUBSTR", "REPLACE", "COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE",
    "GROUP_CONCAT", "TRIPLE", "SUBJECT", "PREDICATE", "OBJECT", "ISTRIPLE", "ADJUST", "LANGDIR", "HASLANG",
    "HASLANGDIR", "STRLANGDIR", "ISLITERAL")
# Everything of a query that is not a bare word; a bare word must be a keyword or a function.
_WORDS = re.compile(r'#[^\n]*|<[^<>"{}|^`\\\s]*>|<(?=\S)[^<>\n]*>|"""(?:.|\n)*?"""|\'\'\'(?:.|\n)*?\'\'\'|"(?:[^"\\\n]|\\.)*"'
                    r"|'(?:[^'\\\n]|\\.)*'|[\"'][^\n]*|[?$]\w+|@[A-Za-z]+(?:-[A-Za-z0-9]+)*|_:[\w.-]*"
                    r"|(?:[^\W\d_][\w.-]*)?:(?:[\w:%-]|\\.|\.(?=[\w:%-]))*"
                    r"|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|(?P<word>[^\W\d][\w]*)|.", re.S)


def _stray_word(text: str) -> tuple[int, str] | None:
    """The first bare word that is no keyword, function or ``a``: a misspelt ``FILTR``."""
    allowed = set(KEYWORDS) | set(FUNCTIONS)
    for m in _WORDS.finditer(text):
        word = m.group("word")
        if word and word.upper() not in allowed:
            return m.start(), word
    return None


_LEXEMES = re.compile(r'#[^\n]*|<[^<>"{}|^`\\\s]*>|<(?=\S)[^<>\n]*>|"""(?:.|\n)*?"""|\'\'\'(?:.|\n)*?\'\'\'|"(?:[^"\\\n]|\\.)*"'
                      r"|'(?:[^'\\\n]|\\.)*'|[?$]\w+|@[A-Za-z-]+|(?P<pname>(?<![\w.-])(?P<label>[^\W\d_][\w.-]*)?:)")


def _unknown_prefix(text: str, prefixes) -> tuple[int, str] | None:
    """The first prefixed name whose prefix is neither declared nor one that needs no declaring."""
    from .namespaces import PREFIXES

    declared = set(re.findall(r"(?i)\bPREFIX\s+([^\s:]*):", text))
    known = list(dict.fromkeys([*(prefixes if prefixes is not None else PREFIXES), *sorted(declared)]))
    for m in _LEXEMES.finditer(text):
        if m.group("pname") is None:
            continue
        label = m.group("label") or ""
        if label in known:
            continue
        hint = nearest(label, known) if label else None
        return m.start(), (f"unknown prefix `{label}:`; declare it (PREFIX {label}: <IRI>) or use one of "
                           f"{', '.join(known)}" + (f" (did you mean `{hint}:`?)" if hint else ""))
    return None


def _bad_iri(text: str, offset: int) -> tuple[int, str]:
    import pyoxigraph as ox

    start = text.rfind("<", 0, offset + 1)
    end = text.find(">", start)
    iri = text[start + 1: end if end > start else offset]
    why = ""
    try:
        ox.NamedNode(iri)
    except ValueError as exc:
        why = f" ({exc})"
    return max(start, 0), f"`<{iri}>` is not a valid absolute IRI{why}"


def _locate(text: str) -> int | None:
    """Where a second parser (rdflib's) stops reading ``text``: Oxigraph's parser names the
    furthest point any alternative reached, often the end of the query, while rdflib's names
    the start of the clause it could not read. None when rdflib reads it (the two grammars
    differ a little) or stops at the end too."""
    try:
        from rdflib.plugins.sparql.parser import parseQuery
    except ImportError:  # pragma: no cover - rdflib is a dependency
        return None
    try:
        parseQuery(text)
    except Exception as exc:  # noqa: BLE001 - pyparsing's ParseException, or anything else it raises
        loc = getattr(exc, "loc", None)
        if isinstance(loc, int) and 0 <= loc < len(text.rstrip()):
            return loc
    return None


def _unclosed(text: str) -> tuple[str, int] | None:
    """A string left open, else the innermost bracket left open (strings, IRIs and comments
    skipped): (the quote or bracket, its offset)."""
    stack: list[tuple[str, int]] = []
    pairs = {"}": "{", ")": "(", "]": "["}
    for m in re.finditer(r"#[^\n]*|<[^>\s]*>|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|[{}()\[\]\"']", text):
        ch = m.group(0)
        if ch in "\"'":
            return ch, m.start()
        if ch in "{([":
            stack.append((ch, m.start()))
        elif ch in pairs and stack and stack[-1][0] == pairs[ch]:
            stack.pop()
    return stack[-1] if stack else None


def _ends_early(text: str, unclosed: tuple[str, int] | None) -> tuple[int, str]:
    """The query ends before it is complete: an open bracket, most often."""
    end = len(text.rstrip())
    if unclosed and unclosed[0] in "\"'":
        return unclosed[1], f"this string is not closed: end it with {unclosed[0]} on the same line"
    if unclosed:
        ch, at = unclosed
        closer = {"{": "}", "(": ")", "[": "]"}[ch]
        line, column = _line_column(text, at)
        return end, f"the query ends before the `{ch}` of line {line}, column {column} is closed with `{closer}`"
    return end, "the query ends too early: a pattern or a clause is not finished"


def _punctuation(expected: str) -> list[str]:
    """The punctuation the parser wanted, when that is all it wanted (its keyword lists are the
    grammar's alternatives at that point, which mislead more than they help)."""
    items = re.findall(r'"((?:[^"\\]|\\.)*)"|(\[[^\]]*\])|([A-Za-z_][\w ]*)', expected.replace("one of", ""))
    wanted: list[str] = []
    for quoted, klass, word in items:
        if word.strip() or klass:
            if klass == "[_]":
                continue
            return []
        if quoted in ("{|", "|}", "~") or not quoted:
            continue
        wanted.append(quoted.replace('\\"', '"').replace("\\\\", "\\"))
    return wanted
