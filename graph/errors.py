"""The project's exception types.

Core code raises these; only the CLI turns them into one line for a person, and only the HTTP
layer turns them into an HTTP error. Every message names what was wrong and, where it can, the fix.
"""

from __future__ import annotations


class StafettError(Exception):
    """Base class of every error stafett reports to a user."""


class InputError(StafettError):
    """An input file cannot be used (unreadable, empty, binary, not an interview, ...).

    ``path`` names the file; the message says why and what to do.
    """

    def __init__(self, path: str, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class Problem(tuple):
    """One problem of a record: ``(path, field, message)``, and the ``line`` of the file it is
    on when known. A plain 3-tuple to compare and unpack; ``str()`` is ``file:line:field: message``."""

    line: int | None

    def __new__(cls, path: str, field: str, message: str, line: int | None = None):
        self = super().__new__(cls, (path, field, message))
        self.line = line
        return self

    def __getnewargs__(self):  # pickling (build workers send problems back)
        return (*self, self.line)

    def __str__(self) -> str:
        path, field, message = self
        return f"{path}:{self.line}:{field}: {message}" if self.line else f"{path}:{field}: {message}"


class RecordError(StafettError):
    """One or more problems in an interview record, all reported at once.

    Each problem is a :class:`Problem` ``(path, field, message)`` (with its ``line``);
    ``str()`` gives one ``file:line:field: message`` line each.
    """

    def __init__(self, problems: list[tuple[str, str, str]]):
        self.problems = [p if isinstance(p, Problem) else Problem(*p) for p in problems]
        super().__init__("\n".join(str(p) for p in self.problems))


class ValidationError(StafettError):
    """The mapped graph does not conform to the SHACL shapes (a report per violation)."""

    def __init__(self, violations: list[dict]):
        self.violations = violations
        lines = [
            f"{v.get('focus', '?')} {v.get('path', '')}: {v.get('message', '')}".strip()
            for v in violations
        ]
        super().__init__("SHACL validation failed:\n" + "\n".join(lines))


class StoreError(StafettError):
    """The store cannot be opened, is locked by another build, or a remote server refused."""


class QueryError(StafettError):
    """A SPARQL query is malformed or failed; the message is the parser's, with line and column."""


class OptionError(StafettError):
    """An option does not fit what the command was asked to do (a result format for another
    query form, say); the message names the options that do."""


class UnknownNameError(StafettError):
    """A name (format, query, store kind, person) is not known; the message lists the valid ones
    and, when one is close, says which (``did you mean pending-stages?``)."""

    def __init__(self, what: str, name: str, valid: list[str] | tuple[str, ...]):
        self.what, self.name, self.valid = what, name, list(valid)
        self.suggestion = nearest(name, self.valid)
        shown = ", ".join(self.valid[:20]) + (" ..." if len(self.valid) > 20 else "")
        hint = f"did you mean {self.suggestion}? " if self.suggestion else ""
        super().__init__(f"unknown {what} {name!r}; {hint}choose one of: {shown}")


def nearest(name: str, valid: list[str] | tuple[str, ...]) -> str | None:
    """The valid name closest to ``name`` (a typo, another case, a plural), or None.

    >>> nearest("pending-stage", ["relay", "pending-stages", "stage-gaps"])
    'pending-stages'
    >>> nearest("people", ["person", "municipality", "county"])
    'person'
    >>> nearest("TTL", ["ttl", "nt"]), nearest("zzz", ["ttl", "nt"])
    ('ttl', None)
    """
    import difflib

    text = str(name)
    by_fold = {str(v).casefold(): str(v) for v in valid}
    if text.casefold() in by_fold:
        return by_fold[text.casefold()]
    close = difflib.get_close_matches(text.casefold(), list(by_fold), n=1, cutoff=0.5)
    return by_fold[close[0]] if close else None


class AmbiguousNameError(StafettError):
    """A name (of a person, municipality, ...) fits several entities; the message lists them."""

    def __init__(self, what: str, name: str, candidates: list[str]):
        self.what, self.name, self.candidates = what, name, list(candidates)
        shown = "; ".join(self.candidates[:12]) + (" ..." if len(self.candidates) > 12 else "")
        super().__init__(f"{what} {name!r} is ambiguous; it fits: {shown} (give more of the name, or 'Name (Place)')")


class NoPathError(StafettError):
    """Two entities of a graph are not connected."""
