"""JSON-LD with readable keys: a ``@context`` of our own, and a streaming compactor.

The context (also written alone as ``context.jsonld``) gives every stafett term its local name
(``interviewee``, ``BatonPass``), the reused terms a short name where it is free (``name`` for
``foaf:name``, ``prefLabel``), ``id``/``type`` for ``@id``/``@type``, and prefixes for the rest
(``schema:name``, ``stafett:person/kari-nordmann.3314`` for entity IRIs). It depends only on the
ontology and the data's base, not on the data, so partners can pin it.

The dump holds the union of the graphs (like Turtle): one node object per subject, written as the
default graph is read (grouped by subject), never holding the graph in memory. Values are
written so that the file expands to exactly the triples of the store: a coerced term gets a bare
string only when the value fits the coercion, otherwise an explicit value object.
"""

from __future__ import annotations

import json
from typing import BinaryIO, Iterable, Iterator

import pyoxigraph as ox

from ..namespaces import PREFIXES, STF_URI

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING, XSD_INTEGER, XSD_BOOLEAN = XSD + "string", XSD + "integer", XSD + "boolean"
ID = "@id"

#: Reused terms the mapping writes: (short name, compact IRI, coercion). A short name already
#: taken by a stafett term is not given; the term is then written as its compact IRI.
REUSED: list[tuple[str, str, str | None]] = [
    ("label", "rdfs:label", None), ("comment", "rdfs:comment", None), ("seeAlso", "rdfs:seeAlso", ID),
    ("subClassOf", "rdfs:subClassOf", ID), ("subPropertyOf", "rdfs:subPropertyOf", ID),
    ("domain", "rdfs:domain", ID), ("range", "rdfs:range", ID),
    ("sameAs", "owl:sameAs", ID), ("versionInfo", "owl:versionInfo", None),
    ("name", "foaf:name", None),
    ("prefLabel", "skos:prefLabel", None), ("altLabel", "skos:altLabel", None), ("hiddenLabel", "skos:hiddenLabel", None),
    ("definition", "skos:definition", None), ("notation", "skos:notation", None), ("inScheme", "skos:inScheme", ID),
    ("broader", "skos:broader", ID), ("narrower", "skos:narrower", ID), ("related", "skos:related", ID),
    ("topConceptOf", "skos:topConceptOf", ID), ("hasTopConcept", "skos:hasTopConcept", ID),
    ("closeMatch", "skos:closeMatch", ID), ("exactMatch", "skos:exactMatch", ID), ("broadMatch", "skos:broadMatch", ID),
    ("title", "dct:title", None), ("description", "dct:description", None), ("issued", "dct:issued", None),
    ("date", "dct:date", None), ("language", "dct:language", None), ("source", "dct:source", ID),
    ("license", "dct:license", ID), ("subject", "dct:subject", ID), ("identifier", "dct:identifier", None),
    ("hasPart", "dct:hasPart", ID), ("isReplacedBy", "dct:isReplacedBy", ID),
    ("member", "org:member", ID), ("memberOf", "org:memberOf", ID), ("organization", "org:organization", ID),
    ("role", "org:role", ID), ("memberDuring", "org:memberDuring", ID), ("linkedTo", "org:linkedTo", ID),
    ("hasBeginning", "time:hasBeginning", ID), ("inXSDgYear", "time:inXSDgYear", "xsd:gYear"),
    ("inXSDgYearMonth", "time:inXSDgYearMonth", "xsd:gYearMonth"), ("inXSDDate", "time:inXSDDate", "xsd:date"),
    ("about", "schema:about", ID), ("wasDerivedFrom", "prov:wasDerivedFrom", ID),
    ("hasBody", "oa:hasBody", ID), ("hasTarget", "oa:hasTarget", ID), ("bodyValue", "oa:bodyValue", None),
    ("value", "rdf:value", None),
    ("preferredNamespacePrefix", "vann:preferredNamespacePrefix", None),
    ("preferredNamespaceUri", "vann:preferredNamespaceUri", None),
]
#: Classes of the reused vocabularies that get their local name.
REUSED_CLASSES = [
    "foaf:Person", "foaf:Document", "org:Organization", "org:Membership", "cv:PublicOrganisation",
    "schema:Article", "schema:Project", "skos:Concept", "skos:ConceptScheme", "oa:Annotation", "time:Interval",
    "time:Instant", "prov:Entity", "prov:Activity", "owl:Ontology", "owl:Class", "owl:ObjectProperty",
    "owl:DatatypeProperty",
]
EXTRA_PREFIXES = {"vann": "http://purl.org/vocab/vann/"}


def build_context(snap) -> dict:
    """The ``@context`` object for the snapshot's data (see the module docstring)."""
    pfx = {**PREFIXES, **EXTRA_PREFIXES}
    ctx: dict = {"id": "@id", "type": "@type", "stafett": f"{snap.base}id/"}
    ctx.update(pfx)
    taken = set(ctx)
    for name, definition in _ontology_terms(snap):
        if name not in taken:
            ctx[name] = definition
            taken.add(name)
    for name, curie, coercion in REUSED:
        if name not in taken:
            ctx[name] = {"@id": curie, "@type": coercion} if coercion else curie
            taken.add(name)
        elif coercion:  # keep the coercion under the compact IRI itself
            ctx[curie] = {"@id": curie, "@type": coercion}
    for curie in REUSED_CLASSES:
        name = curie.split(":", 1)[1]
        if name not in taken:
            ctx[name] = curie
            taken.add(name)
    return ctx


def _ontology_terms(snap) -> Iterator[tuple[str, object]]:
    """(local name, term definition) of every stafett class and property, sorted."""
    q = f"""SELECT ?t ?kind ?range WHERE {{ GRAPH <{snap.ontology_graph}> {{
        ?t a ?kind FILTER(STRSTARTS(STR(?t), "{STF_URI}"))
        OPTIONAL {{ ?t <http://www.w3.org/2000/01/rdf-schema#range> ?range }} }} }}"""
    found: dict[str, tuple[str, str | None]] = {}
    for row in snap.query(q):
        t, kind = row["t"].value, row["kind"].value.rsplit("#", 1)[-1]
        rng = row["range"].value if row["range"] is not None else None
        if t not in found or kind != "Class":
            found[t] = (kind, rng)
    for t in sorted(found):
        kind, rng = found[t]
        curie = "stf:" + t[len(STF_URI):]
        if kind == "ObjectProperty":
            yield t[len(STF_URI):], {"@id": curie, "@type": "@id"}
        elif kind == "DatatypeProperty" and rng and rng.startswith(XSD) and rng != XSD_STRING:
            yield t[len(STF_URI):], {"@id": curie, "@type": "xsd:" + rng[len(XSD):]}
        else:
            yield t[len(STF_URI):], curie


class Compactor:
    """Turns pyoxigraph triples of one subject into a compact node object."""

    def __init__(self, ctx: dict):
        prefixes = {k: v for k, v in ctx.items() if isinstance(v, str) and v.endswith(("/", "#"))}
        self._prefixes = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
        self._expand = lambda c: prefixes[c.split(":", 1)[0]] + c.split(":", 1)[1] if ":" in c and c.split(":", 1)[0] in prefixes else c
        self._keys: dict[str, tuple[str, str | None]] = {}  # property IRI -> (key, coercion IRI or "@id")
        self._classes: dict[str, str] = {}
        for name, d in ctx.items():
            if name in ("id", "type") or name in prefixes:
                continue
            iri, coercion = (self._expand(d), None) if isinstance(d, str) else (self._expand(d["@id"]), d.get("@type"))
            if coercion and coercion != ID:
                coercion = self._expand(coercion)
            if name[:1].isupper() and coercion is None:
                self._classes.setdefault(iri, name)
            elif iri not in self._keys or ":" in self._keys[iri][0]:
                self._keys[iri] = (name, coercion)
        self._cache: dict[str, str] = {}

    def iri(self, iri: str) -> str:
        """A compact IRI (``stafett:person/x``, ``skos:Concept``) or the IRI itself."""
        out = self._cache.get(iri)
        if out is None:
            out = iri
            for name, ns in self._prefixes:
                if iri.startswith(ns) and len(iri) > len(ns) and not iri[len(ns):].startswith("//"):
                    out = f"{name}:{iri[len(ns):]}"
                    break
            if len(self._cache) < 200_000:
                self._cache[iri] = out
        return out

    def key(self, prop: str) -> tuple[str, str | None]:
        found = self._keys.get(prop)
        if found is None:
            found = (self.iri(prop), None)
            self._keys[prop] = found
        return found

    def node_id(self, term) -> str:
        return f"_:{term.value}" if isinstance(term, ox.BlankNode) else self.iri(term.value)

    def value(self, obj, coercion: str | None):
        if not isinstance(obj, ox.Literal):
            ref = self.node_id(obj)
            return ref if coercion == ID else {"id": ref}
        lex, lang = obj.value, obj.language
        if lang:
            return {"@value": lex, "@language": lang}
        dt = obj.datatype.value
        if coercion is not None and coercion != ID:
            if dt != coercion:
                return {"@value": lex, "@type": self.iri(dt)}
            # a native number expands to xsd:integer whatever the coercion, so it is exact
            return int(lex) if dt == XSD_INTEGER and lex == str(_int(lex)) else lex
        if dt == XSD_STRING:
            return lex if coercion is None else {"@value": lex}
        if coercion is None and dt == XSD_INTEGER and lex == str(_int(lex)):
            return int(lex)
        if coercion is None and dt == XSD_BOOLEAN and lex in ("true", "false"):
            return lex == "true"
        return {"@value": lex, "@type": self.iri(dt)}

    def node(self, subject, triples: list) -> dict:
        out: dict = {"id": self.node_id(subject)}
        types, props = [], {}
        for t in triples:
            p = t.predicate.value
            if p == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type" and not isinstance(t.object, ox.Literal):
                types.append(self._classes.get(t.object.value) or self.node_id(t.object))
                continue
            key, coercion = self.key(p)
            props.setdefault(key, []).append(self.value(t.object, coercion))
        if types:
            out["type"] = types[0] if len(types) == 1 else sorted(types)
        for key in sorted(props):
            values = props[key]
            out[key] = values[0] if len(values) == 1 else sorted(values, key=_order)
        return out


def _order(value) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _int(lex: str):
    try:
        return int(lex)
    except ValueError:
        return None


def context_document(ctx: dict) -> bytes:
    return (json.dumps({"@context": ctx}, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_jsonld(snap, fh: BinaryIO, ctx: dict, triples: Iterable | None = None) -> int:
    """The union as JSON-LD with ``ctx`` embedded; returns the number of node objects.

    ``triples`` (grouped by subject, e.g. parsed from the export's N-Triples) saves reading the
    store again; by default the store's default graph is read."""
    comp = Compactor(ctx)
    fh.write(b'{\n"@context": ')
    fh.write(json.dumps(ctx, ensure_ascii=False, indent=1).encode("utf-8"))
    fh.write(b',\n"@graph": [\n')
    n, subject, group = 0, None, []
    buf: list[str] = []
    if triples is None:
        triples = snap.store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    for q in triples:
        if q.subject != subject:
            if group:
                buf.append(json.dumps(comp.node(subject, group), ensure_ascii=False))
                n += 1
                if len(buf) >= 1000:
                    fh.write(_joined(buf, n - len(buf)))
                    buf = []
            subject, group = q.subject, []
        group.append(q)
    if group:
        buf.append(json.dumps(comp.node(subject, group), ensure_ascii=False))
        n += 1
    if buf:
        fh.write(_joined(buf, n - len(buf)))
    fh.write(b"\n]\n}\n")
    return n


def _joined(nodes: list[str], written_before: int) -> bytes:
    text = ",\n".join(nodes)
    return (",\n" + text if written_before else text).encode("utf-8")
