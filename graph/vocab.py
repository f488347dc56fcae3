"""The SKOS vocabularies of ``ontology/vocab/`` as lookup tables.

Loaded once per process (on first use, never at import). Concepts are keyed by their local name
under ``{base}id/{kind}/`` (e.g. ``role`` / ``kommunedirektor``), so the tables do not depend on
the base a build uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import RDF, SKOS

from .iris import DEFAULT_BASE
from .reference import fold
from .resources import ontology_dir

VOCAB_FILES = ("roles", "questions", "parties", "themes", "methods", "categories", "organisation-types")
_ID = f"{DEFAULT_BASE}id/"


@dataclass
class Concept:
    kind: str  # role, question, party, theme, method, category, orgtype
    key: str  # local name: kommunedirektor
    pref: dict[str, str] = field(default_factory=dict)  # language -> label
    alt: list[str] = field(default_factory=list)
    hidden: list[str] = field(default_factory=list)
    notation: str | None = None

    def label(self, lang: str = "nb") -> str:
        return self.pref.get(lang) or self.pref.get("nb") or next(iter(self.pref.values()), self.key)

    @property
    def labels(self) -> list[str]:
        """Every label (preferred and alternative, all languages)."""
        return [*self.pref.values(), *self.alt]


class Vocabulary:
    """All concepts of the bundled vocabularies, with lookup by any label."""

    def __init__(self, folder: Path | None = None):
        folder = folder or ontology_dir() / "vocab"
        self.concepts: dict[tuple[str, str], Concept] = {}
        self._by_label: dict[tuple[str, str], Concept] = {}
        g = Graph()
        for name in VOCAB_FILES:
            g.parse(folder / f"{name}.ttl", format="turtle")
        for s in g.subjects(RDF.type, SKOS.Concept):
            iri = str(s)
            if not iri.startswith(_ID):
                continue
            kind, _, key = iri[len(_ID):].partition("/")
            c = Concept(kind=kind, key=key)
            for o in g.objects(s, SKOS.prefLabel):
                c.pref[(o.language if isinstance(o, Literal) else None) or "nb"] = str(o)
            c.alt = sorted(str(o) for o in g.objects(s, SKOS.altLabel))
            c.hidden = sorted(str(o) for o in g.objects(s, SKOS.hiddenLabel))
            notation = g.value(s, SKOS.notation)
            c.notation = str(notation) if notation is not None else None
            self.concepts[(kind, key)] = c
        self._stems: dict[str, list[tuple[Concept, list[str]]]] = {}
        self._matches: dict[tuple[str, str], list[Concept]] = {}
        for c in sorted(self.concepts.values(), key=lambda c: (c.kind, c.key)):
            for lab in [*c.labels, *([c.notation] if c.notation else [])]:
                self._by_label.setdefault((c.kind, fold(lab)), c)
            self._stems.setdefault(c.kind, []).append((c, [fold(h).strip() for h in c.hidden]))

    def of_kind(self, kind: str) -> list[Concept]:
        return [c for (k, _), c in sorted(self.concepts.items()) if k == kind]

    def get(self, kind: str, key: str) -> Concept | None:
        return self.concepts.get((kind, key))

    def lookup(self, kind: str, label: str | None) -> Concept | None:
        """The concept of ``kind`` with this label (preferred, alternative or notation; case and
        accents folded), or None."""
        if not label:
            return None
        return self._by_label.get((kind, fold(label)))

    def match_keywords(self, kind: str, text: str) -> list[Concept]:
        """Concepts of ``kind`` one of whose hidden labels (keyword stems) occurs in ``text``."""
        key = (kind, text)
        found = self._matches.get(key)
        if found is None:
            t = fold(text)
            found = [c for c, stems in self._stems.get(kind, []) if any(_starts_word(h, t) for h in stems)]
            if len(self._matches) < 100_000:
                self._matches[key] = found
        return found


def _starts_word(stem: str, text: str) -> bool:
    """Does a word of ``text`` start with ``stem`` (a stem may span words: "helse nord")?"""
    stem = stem.strip()
    if not stem:
        return False
    i = text.find(stem)
    while i >= 0:
        if i == 0 or not text[i - 1].isalnum():
            return True
        i = text.find(stem, i + 1)
    return False


@cache
def load_vocabulary() -> Vocabulary:
    return Vocabulary()
