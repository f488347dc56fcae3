"""The extractor's word lists, read from the SKOS vocabularies in ``ontology/vocab/`` (the single
source of lexicons), once per process and on first use (never at import time).

Every label is stored casefolded; the value is what a record writes: a role's, method's or
category's bokmål prefLabel, a question's topic key (skos:notation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rdflib import Graph, Namespace
from rdflib.namespace import SKOS

from ..resources import ontology_dir

STF = Namespace("https://w3id.org/stafett/def#")
_LANGS = ("nb", "nn", None)


@dataclass(frozen=True)
class Question:
    topic: str
    order: int
    labels: tuple[str, ...]  # casefolded, nb and nn, prefLabel and altLabels
    keywords: tuple[str, ...]  # hiddenLabels: words that identify the question when its wording varies


@dataclass(frozen=True)
class Lexicon:
    roles: dict[str, str]  # label -> bokmål prefLabel
    questions: tuple[Question, ...]
    methods: dict[str, str]
    categories: dict[str, str]
    org_cues: tuple[str, ...]  # hiddenLabels of organisation types: words that make a name an organisation


def _graph(name: str) -> Graph:
    g = Graph()
    g.parse(ontology_dir() / "vocab" / name, format="turtle")
    return g


def _labels(g: Graph, concept, *preds) -> list[str]:
    out = []
    for p in preds:
        for lit in g.objects(concept, p):
            if getattr(lit, "language", None) in _LANGS:
                out.append(str(lit).strip())
    return out


def _pref_nb(g: Graph, concept) -> str:
    labels = {getattr(x, "language", None): str(x) for x in g.objects(concept, SKOS.prefLabel)}
    return labels.get("nb") or labels.get("nn") or next(iter(labels.values()))


def _label_map(name: str) -> dict[str, str]:
    g = _graph(name)
    out: dict[str, str] = {}
    for concept in set(g.subjects(SKOS.prefLabel, None)):
        if (concept, SKOS.inScheme, None) not in g:
            continue
        pref = _pref_nb(g, concept)
        for label in _labels(g, concept, SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel):
            out.setdefault(label.casefold(), pref)
    return out


@cache
def lexicon() -> Lexicon:
    """The lexicons, parsed from the vocabularies on first use and kept for the process."""
    qg = _graph("questions.ttl")
    questions = []
    for concept in set(qg.subjects(SKOS.notation, None)):
        order = qg.value(concept, STF.order)
        questions.append(Question(
            topic=str(qg.value(concept, SKOS.notation)),
            order=int(order) if order is not None else 99,
            labels=tuple(x.casefold() for x in _labels(qg, concept, SKOS.prefLabel, SKOS.altLabel)),
            keywords=tuple(str(x).casefold() for x in qg.objects(concept, SKOS.hiddenLabel)),
        ))
    og = _graph("organisation-types.ttl")
    cues = sorted({str(x).casefold().strip() for x in og.objects(None, SKOS.hiddenLabel)} - {""})
    return Lexicon(
        roles=_label_map("roles.ttl"),
        questions=tuple(sorted(questions, key=lambda q: q.order)),
        methods=_label_map("methods.ttl"),
        categories=_label_map("categories.ttl"),
        org_cues=tuple(cues),
    )


def alternation(labels) -> str:
    """A regex that matches any of the literal ``labels``, longest first, factored into a trie:
    Python's regex engine tries the branches of a flat alternation one by one at every position,
    a trie only follows the branches that share the text's next letter.

    >>> re.fullmatch(alternation(["rådmann", "rådmannen", "rådgiver"]), "rådmannen") is not None
    True
    """
    trie: dict = {}
    for label in set(labels):
        node = trie
        for ch in label:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_regex(trie) if trie else "(?!)"


def _trie_regex(node: dict) -> str:
    ends = "" in node
    branches = [re.escape(ch) + _trie_regex(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # Greedy optional: the longer label is tried first, the shorter one is left when it fails.
    return f"(?:{body})?" if ends else body
