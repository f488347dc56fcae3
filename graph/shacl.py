"""SHACL validation of the store against ``ontology/shapes.ttl``, run as SPARQL inside Oxigraph.

Why not pyshacl here: pyshacl evaluates each (focus node, property shape) pair in Python, about
15 ms per interview graph here -- 150 CPU-seconds for 10,000 interviews, more than a whole build
may take. The shapes use a small part of SHACL Core, and each of their constraints is one
set-based SPARQL query ("the focus nodes of class C whose values of P break the constraint"),
which Oxigraph answers over millions of triples in milliseconds. This module compiles the shapes
into those queries. It refuses any shape feature it does not compile (:class:`ShapesError`), so
no constraint is silently skipped, and a test checks that its reports agree with pyshacl's, node
for node, on conforming and broken graphs. pyshacl stays the reference: ``pyshacl -s
ontology/shapes.ttl`` on any dump gives the same verdict.

The data graph is the store's default graph -- the union of the named graphs -- so a constraint
sees what a query sees. ``graphs=`` restricts the focus nodes to those typed in the given named
graphs (an incremental update validates the interviews it replaces, not the whole store).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Callable

import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH

from .errors import StafettError
from .resources import ontology_dir

RESULTS_PER_CHECK = 50  # enough to show what is wrong, bounded for a store with many violations


class ShapesError(StafettError):
    """The shapes use a SHACL feature this validator does not compile."""


@dataclass
class Check:
    """One constraint of one shape, as a SPARQL query template returning violations."""

    shape: str
    target: str  # class IRI
    path: str | None  # as shown in reports
    constraint: str  # e.g. MinCountConstraintComponent
    where: str  # the body after the target pattern; binds ?f and optionally ?v
    message: str
    group_having: str | None = None  # GROUP BY ?f HAVING (...) for cardinalities


@dataclass
class Plan:
    checks: list[Check] = field(default_factory=list)
    classes: set[str] = field(default_factory=set)


def _n3(term) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        return term.n3()
    raise ShapesError(f"blank node {term} cannot be used as a value in a compiled shape")


def _path(g: rdflib.Graph, node) -> tuple[str, str]:
    """(SPARQL property path, readable path) of a sh:path value."""
    if isinstance(node, URIRef):
        return f"<{node}>", str(node)
    alt = g.value(node, SH.alternativePath)
    if alt is not None:
        members = list(Collection(g, alt))
        if not members or not all(isinstance(m, URIRef) for m in members):
            raise ShapesError("only sh:alternativePath of plain IRIs is supported")
        return "(" + "|".join(f"<{m}>" for m in members) + ")", " | ".join(str(m) for m in members)
    raise ShapesError(f"unsupported sh:path {node!r}; use an IRI or sh:alternativePath")


_PROPERTY_KEYS = {
    SH.path, SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH.nodeKind, SH.pattern, SH.flags,
    SH.minLength, SH.minInclusive, SH["in"], SH.lessThanOrEquals, SH.message, SH.name, SH.description,
    SH.order, SH.severity,
}
_NODE_KEYS = {RDF.type, SH.targetClass, SH["class"], SH.nodeKind, SH.property, SH.xone, SH.message, RDFS.comment, RDFS.label}


def _class_values(var: str, cls: str) -> str:
    """A pattern true when ``var`` is a SHACL instance of ``cls`` (subclasses expanded later)."""
    return f"{var} a ?__t . VALUES ?__t {{ {{{{SUB:{cls}}}}} }}"


def _kind_test(var: str, kind: URIRef) -> str:
    tests = {
        SH.IRI: f"isIRI({var})",
        SH.Literal: f"isLiteral({var})",
        SH.BlankNode: f"isBlank({var})",
        SH.BlankNodeOrIRI: f"(isIRI({var}) || isBlank({var}))",
        SH.IRIOrLiteral: f"(isIRI({var}) || isLiteral({var}))",
        SH.BlankNodeOrLiteral: f"(isBlank({var}) || isLiteral({var}))",
    }
    if kind not in tests:
        raise ShapesError(f"unsupported sh:nodeKind {kind}")
    return tests[kind]


def _short(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def compile_shapes(g: rdflib.Graph) -> Plan:
    """The checks of every node shape with ``sh:targetClass`` in ``g``."""
    plan = Plan()
    for shape in sorted(set(g.subjects(SH.targetClass, None)), key=str):
        extra = {p for p, _ in g.predicate_objects(shape)} - _NODE_KEYS
        if extra:
            raise ShapesError(f"{shape}: unsupported shape feature(s) {', '.join(sorted(map(str, extra)))}")
        for target in g.objects(shape, SH.targetClass):
            t = str(target)
            plan.classes.add(t)
            _node_checks(g, shape, t, plan)
            for prop in g.objects(shape, SH.property):
                _property_checks(g, shape, t, prop, plan)
    return plan


def _node_checks(g, shape, target: str, plan: Plan) -> None:
    for cls in g.objects(shape, SH["class"]):
        plan.classes.add(str(cls))
        plan.checks.append(Check(str(shape), target, None, "ClassConstraintComponent",
                                 f"FILTER NOT EXISTS {{ {_class_values('?f', str(cls))} }}", f"is not a {_short(str(cls))}"))
    for kind in g.objects(shape, SH.nodeKind):
        plan.checks.append(Check(str(shape), target, None, "NodeKindConstraintComponent",
                                 f"FILTER(!{_kind_test('?f', kind)})", f"is not a {_short(str(kind))}"))
    for xone in g.objects(shape, SH.xone):
        members = list(Collection(g, xone))
        conds = [_conforms(g, m) for m in members]
        count = " + ".join(f"IF({c}, 1, 0)" for c in conds)
        plan.checks.append(Check(str(shape), target, None, "XoneConstraintComponent",
                                 f"FILTER(({count}) != 1)", f"does not conform to exactly one of {len(members)} alternatives"))


def _conforms(g, member) -> str:
    """A SPARQL expression true when ?f conforms to a (simple) shape inside sh:xone."""
    parts = []
    for prop in g.objects(member, SH.property):
        keys = {p for p, _ in g.predicate_objects(prop)}
        if keys - {SH.path, SH.minCount, SH.datatype}:
            raise ShapesError("inside sh:xone only sh:path, sh:minCount and sh:datatype are supported")
        path, _ = _path(g, g.value(prop, SH.path))
        mc = g.value(prop, SH.minCount)
        if mc is not None and int(mc) > 1:
            raise ShapesError("inside sh:xone only sh:minCount 1 is supported")
        if mc is not None:
            parts.append(f"EXISTS {{ ?f {path} ?__x }}")
        dt = g.value(prop, SH.datatype)
        if dt is not None:
            parts.append(f"NOT EXISTS {{ ?f {path} ?__y FILTER(!isLiteral(?__y) || datatype(?__y) != <{dt}>) }}")
    if set(g.predicates(member)) - {SH.property, RDF.type}:
        raise ShapesError("inside sh:xone only shapes made of sh:property are supported")
    return "(" + " && ".join(parts or ["true"]) + ")"


def _property_checks(g, shape, target: str, prop, plan: Plan) -> None:
    keys = {p for p, _ in g.predicate_objects(prop)}
    if keys - _PROPERTY_KEYS:
        raise ShapesError(f"{shape}: unsupported property feature(s) {', '.join(sorted(map(str, keys - _PROPERTY_KEYS)))}")
    path, shown = _path(g, g.value(prop, SH.path))
    given = g.value(prop, SH.message)
    sid = str(shape)

    def add(constraint, where, default, having=None):
        plan.checks.append(Check(sid, target, shown, constraint, where, str(given) if given else default, having))

    mn, mx = g.value(prop, SH.minCount), g.value(prop, SH.maxCount)
    if mn is not None:
        n = int(mn)
        if n == 1:
            add("MinCountConstraintComponent", f"FILTER NOT EXISTS {{ ?f {path} ?__v }}", f"needs a value of {_short(shown)}")
        else:
            add("MinCountConstraintComponent", f"OPTIONAL {{ ?f {path} ?v }}", f"needs at least {n} values of {_short(shown)}",
                having=f"(COUNT(DISTINCT ?v) < {n})")
    if mx is not None:
        add("MaxCountConstraintComponent", f"?f {path} ?v", f"has more than {int(mx)} value(s) of {_short(shown)}",
            having=f"(COUNT(DISTINCT ?v) > {int(mx)})")
    for dt in g.objects(prop, SH.datatype):
        add("DatatypeConstraintComponent", f"?f {path} ?v FILTER(!isLiteral(?v) || datatype(?v) != <{dt}>)",
            f"value of {_short(shown)} is not a literal of type {_short(str(dt))}")
    for cls in g.objects(prop, SH["class"]):
        plan.classes.add(str(cls))
        add("ClassConstraintComponent", f"?f {path} ?v FILTER NOT EXISTS {{ {_class_values('?v', str(cls))} }}",
            f"value of {_short(shown)} is not a {_short(str(cls))}")
    for kind in g.objects(prop, SH.nodeKind):
        add("NodeKindConstraintComponent", f"?f {path} ?v FILTER(!{_kind_test('?v', kind)})",
            f"value of {_short(shown)} is not a {_short(str(kind))}")
    for pattern in g.objects(prop, SH.pattern):
        flags = g.value(prop, SH.flags)
        fl = f", {_n3(Literal(str(flags)))}" if flags else ""
        add("PatternConstraintComponent", f"?f {path} ?v FILTER(isBlank(?v) || !REGEX(STR(?v), {_n3(Literal(str(pattern)))}{fl}))",
            f"value of {_short(shown)} does not match {pattern}")
    for n in g.objects(prop, SH.minLength):
        add("MinLengthConstraintComponent", f"?f {path} ?v FILTER(isBlank(?v) || STRLEN(STR(?v)) < {int(n)})",
            f"value of {_short(shown)} is shorter than {int(n)}")
    for lo in g.objects(prop, SH.minInclusive):
        add("MinInclusiveConstraintComponent", f"?f {path} ?v FILTER(!COALESCE(?v >= {_n3(lo)}, false))",
            f"value of {_short(shown)} is below {lo}")
    for lst in g.objects(prop, SH["in"]):
        values = ", ".join(_n3(v) for v in Collection(g, lst))
        add("InConstraintComponent", f"?f {path} ?v FILTER(!(?v IN ({values})))", f"value of {_short(shown)} is not one of ({values})")
    for other in g.objects(prop, SH.lessThanOrEquals):
        add("LessThanOrEqualsConstraintComponent", f"?f {path} ?v . ?f <{other}> ?__w FILTER(!COALESCE(?v <= ?__w, false))",
            f"value of {_short(shown)} is greater than its {_short(str(other))}")


@cache
def shapes_graph() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")


@cache
def default_plan() -> Plan:
    return compile_shapes(shapes_graph())


def validate(run_query: Callable[[str], object], *, graphs: list[str] | None = None, plan: Plan | None = None) -> list[dict]:
    """Violations in the store that ``run_query`` queries (default graph = the union); [] when
    it conforms. ``run_query(sparql)`` returns pyoxigraph query solutions."""
    if graphs is not None and not graphs:
        return []
    plan = plan or default_plan()
    subclasses = _subclasses(run_query, plan.classes)
    scope = ""
    if graphs:
        scope = "VALUES ?__g { " + " ".join(f"<{g}>" for g in graphs) + " } GRAPH ?__g { ?f a ?__c } "
    out: list[dict] = []
    for check in plan.checks:
        target = f"?f a ?__c . VALUES ?__c {{ {subclasses[check.target]} }} "
        where = check.where
        for cls, subs in subclasses.items():
            where = where.replace(f"{{{{SUB:{cls}}}}}", subs)
        body = f"{scope}{target}{where}"
        if check.group_having:
            q = f"SELECT ?f WHERE {{ {body} }} GROUP BY ?f HAVING {check.group_having} LIMIT {RESULTS_PER_CHECK}"
        else:
            has_v = "?v" in where.replace("?__v", "")
            q = f"SELECT DISTINCT ?f{' ?v' if has_v else ''} WHERE {{ {body} }} LIMIT {RESULTS_PER_CHECK}"
        for row in run_query(q):
            value = row["v"] if "?v" in q.split("WHERE", 1)[0] else None
            out.append({
                "focus": row["f"].value if hasattr(row["f"], "value") else str(row["f"]),
                "path": check.path,
                "value": None if value is None else (value.value if hasattr(value, "value") else str(value)),
                "message": check.message,
                "severity": "Violation",
                "constraint": check.constraint,
                "shape": check.shape,
            })
    return sorted(out, key=lambda v: (v["focus"], v["path"] or "", v["constraint"]))


def _subclasses(run_query, classes: set[str]) -> dict[str, str]:
    """For each class, ``<C> <Sub1> ...``: itself and its subclasses in the data graph."""
    out = {}
    for cls in classes:
        subs = {cls}
        for row in run_query(f"SELECT DISTINCT ?s WHERE {{ ?s <{RDFS.subClassOf}>+ <{cls}> }}"):
            subs.add(row["s"].value)
        out[cls] = " ".join(f"<{s}>" for s in sorted(subs))
    return out


def report(results: rdflib.Graph) -> list[dict]:
    """The violations of a pyshacl results graph as dicts (used to compare with pyshacl)."""
    out = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        def one(p):
            v = results.value(r, p)
            return None if v is None or isinstance(v, BNode) else str(v)

        out.append({
            "focus": one(SH.focusNode),
            "path": one(SH.resultPath),
            "value": one(SH.value),
            "message": one(SH.resultMessage) or "",
            "severity": (one(SH.resultSeverity) or "").rsplit("#", 1)[-1],
            "constraint": (one(SH.sourceConstraintComponent) or "").rsplit("#", 1)[-1],
        })
    return sorted(out, key=lambda v: (v["focus"] or "", v["path"] or "", v["constraint"]))
