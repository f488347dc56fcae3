"""The ontology and its vocabularies as one self-contained HTML reference page.

Every stafett class and property with its labels (nb, en), comment, domain, range and how it is
aligned with the standard vocabularies; every SKOS concept scheme with its concepts. The page
links nothing it needs to display (no external CSS, scripts or fonts) and is rendered by Jinja2
with autoescaping, so text from the ontology cannot inject markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import rdflib
from jinja2 import Environment, FileSystemLoader, select_autoescape
from rdflib.namespace import DCTERMS as DCT, OWL, RDF, RDFS, SKOS

from ..namespaces import PREFIXES, STF_URI

TEMPLATES = Path(__file__).parent / "templates"
LANGS = ("nb", "nn", "en")
VANN = rdflib.Namespace("http://purl.org/vocab/vann/")
ALIGNMENTS = [
    (RDFS.subClassOf, "subclass of"), (RDFS.subPropertyOf, "subproperty of"), (SKOS.exactMatch, "exact match"),
    (SKOS.closeMatch, "close match"), (SKOS.broadMatch, "broad match"),
]


@dataclass
class Ref:
    """A link: to a term of this page (``#anchor``) or to an external IRI, shown as a CURIE."""

    text: str
    href: str


@dataclass
class Term:
    iri: str
    name: str
    kind: str
    labels: dict[str, str]
    comment: str
    facts: list[tuple[str, list[Ref]]] = field(default_factory=list)


@dataclass
class Concept:
    iri: str
    anchor: str
    labels: dict[str, str]
    alt: list[str]
    definition: str
    broader: list[Ref]


@dataclass
class Scheme:
    iri: str
    anchor: str
    labels: dict[str, str]
    description: str
    concepts: list[Concept]


def render(graph: rdflib.Graph) -> str:
    """The HTML page of the ontology and vocabularies in ``graph``."""
    onto = rdflib.URIRef(STF_URI.rstrip("#"))
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
    terms = _terms(graph)
    return env.get_template("ontology.html").render(
        title=_labels(graph, onto, DCT.title) or {"en": "The stafett ontology"},
        description=_labels(graph, onto, DCT.description),
        namespace=STF_URI,
        prefix=str(graph.value(onto, VANN.preferredNamespacePrefix) or "stf"),
        version=str(graph.value(onto, OWL.versionInfo) or ""),
        licence=str(graph.value(onto, DCT.license) or ""),
        classes=[t for t in terms if t.kind == "class"],
        object_properties=[t for t in terms if t.kind == "object property"],
        datatype_properties=[t for t in terms if t.kind == "datatype property"],
        schemes=_schemes(graph),
    )


def _labels(g: rdflib.Graph, s, p) -> dict[str, str]:
    out: dict[str, str] = {}
    for o in g.objects(s, p):
        lang = getattr(o, "language", None) or ""
        out.setdefault(lang, str(o))
    return out


def _curie(iri: str) -> str:
    for name, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{name}:{iri[len(ns):]}"
    return iri


def _ref(iri) -> Ref:
    iri = str(iri)
    if iri.startswith(STF_URI):
        return Ref(_curie(iri), "#" + iri[len(STF_URI):])
    return Ref(_curie(iri), iri)


def _terms(g: rdflib.Graph) -> list[Term]:
    kinds = {OWL.Class: "class", OWL.ObjectProperty: "object property", OWL.DatatypeProperty: "datatype property"}
    out = []
    for cls, kind in kinds.items():
        for s in sorted(set(g.subjects(RDF.type, cls)), key=str):
            if not str(s).startswith(STF_URI):
                continue
            labels = _labels(g, s, RDFS.label)
            term = Term(str(s), str(s)[len(STF_URI):], kind, labels, (_labels(g, s, RDFS.comment).get("en") or ""))
            for p, shown in [(RDFS.domain, "domain"), (RDFS.range, "range"), *ALIGNMENTS]:
                refs = sorted((_ref(o) for o in g.objects(s, p)), key=lambda r: r.text)
                if refs:
                    term.facts.append((shown, refs))
            out.append(term)
    return out


def _schemes(g: rdflib.Graph) -> list[Scheme]:
    out = []
    for sch in sorted(set(g.subjects(RDF.type, SKOS.ConceptScheme)), key=str):
        concepts = []
        for c in sorted(set(g.subjects(SKOS.inScheme, sch)), key=lambda c: (_labels(g, c, SKOS.prefLabel).get("nb") or str(c)).casefold()):
            labels = _labels(g, c, SKOS.prefLabel)
            alt = sorted({str(a) for a in g.objects(c, SKOS.altLabel)}, key=str.casefold)
            definition = _labels(g, c, SKOS.definition)
            concepts.append(Concept(str(c), _anchor(c), labels, alt, definition.get("en") or definition.get("nb") or "",
                                    [Ref(_labels(g, b, SKOS.prefLabel).get("nb") or _curie(str(b)), "#" + _anchor(b)) for b in g.objects(c, SKOS.broader)]))
        desc = _labels(g, sch, DCT.description)
        out.append(Scheme(str(sch), _anchor(sch), _labels(g, sch, SKOS.prefLabel), desc.get("en") or desc.get("nb") or "", concepts))
    return out


def _anchor(iri) -> str:
    parts = str(iri).rstrip("/").split("/")
    return "-".join(parts[-2:])
