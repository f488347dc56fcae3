"""SHACL validation of mapped graphs against ``ontology/shapes.ttl`` (with pyshacl).

Interview graphs refer to things defined elsewhere (municipalities in the reference graph, posts
and questions in the vocabularies), and ``sh:class`` constraints need their types, so each batch
is validated together with the ontology and reference graphs (the *context*). Violations are
returned as dicts (focus node, path, value, message) that the CLI prints one per line.
"""

from __future__ import annotations

from functools import cache
from typing import Iterable

import pyshacl
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from .iris import Minter
from .resources import ontology_dir


def shapes_graph() -> Graph:
    return _shapes()


@cache
def _shapes() -> Graph:
    return Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")


class Validator:
    """Validates batches of triples, each together with the ontology and reference graphs."""

    def __init__(self, base: str):
        from .build import ontology_turtle  # the same rebased files the store gets
        from .reference import load_reference, reference_triples

        minter = Minter(base)
        ctx = Graph()
        for text in ontology_turtle(minter):
            ctx.parse(data=text, format="turtle")
        for t in reference_triples(load_reference(), minter):
            ctx.add(t)
        self.context = ctx

    @classmethod
    @cache
    def for_base(cls, base: str) -> "Validator":
        return cls(base)

    def validate(self, mapped: Iterable) -> list[dict]:
        """Violations in the graphs of ``mapped`` (objects with ``.triples``); [] when they conform."""
        data = Graph()
        for t in self.context:
            data.add(t)
        for m in mapped:
            for t in m.triples:
                data.add(t)
        return validate_graph(data)


def validate_graph(data: Graph) -> list[dict]:
    """Violations of ``data`` against the shapes; [] when it conforms."""
    conforms, results, _text = pyshacl.validate(
        data, shacl_graph=_shapes(), inference="none", advanced=False, allow_warnings=True
    )
    return [] if conforms else report(results)


def report(results: Graph) -> list[dict]:
    """The violations of a SHACL results graph as sorted dicts."""
    out = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        def one(p):
            v = results.value(r, p)
            return None if v is None else (str(v) if isinstance(v, (URIRef, Literal)) else v.n3())

        out.append(
            {
                "focus": one(SH.focusNode),
                "path": one(SH.resultPath),
                "value": one(SH.value),
                "message": one(SH.resultMessage) or "",
                "severity": (one(SH.resultSeverity) or "").rsplit("#", 1)[-1],
                "constraint": (one(SH.sourceConstraintComponent) or "").rsplit("#", 1)[-1],
            }
        )
    return sorted(out, key=lambda v: (v["focus"] or "", v["path"] or "", v["message"]))
