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
    """The constraints of one shape on one path (or on the focus node itself), as one query.

    ``tests`` maps a constraint component to a SPARQL expression over ``?f`` (and ``?v``, a value
    on the path) that is true when the constraint is broken; ``min``/``max`` are cardinalities.
    One query per check scans the focus nodes once for all of its constraints.
    """

    shape: str
    target: str  # class IRI
    path: str | None  # SPARQL path; None for constraints on the focus node itself
    shown: str | None  # the path as shown in reports
    tests: dict[str, str] = field(default_factory=dict)
    messages: dict[str, str] = field(default_factory=dict)
    min: int | None = None
    max: int | None = None
    given: str | None = None  # the shape's own sh:message, which replaces every default message

    def message(self, constraint: str, default: str) -> None:
        self.messages[constraint] = self.given or default

    def add(self, constraint: str, test: str, default: str) -> None:
        """Add a constraint; several of one component (two sh:class values) get a suffix."""
        key, n = constraint, 2
        while key in self.tests:
            key, n = f"{constraint}#{n}", n + 1
        self.tests[key] = test
        self.message(key, default)


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
_NODE_KEYS = {RDF.type, SH.targetClass, SH["class"], SH.nodeKind, SH.property, SH.xone, SH["or"], SH.message, RDFS.comment, RDFS.label}


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
    given = g.value(shape, SH.message)
    check = Check(str(shape), target, None, None, given=str(given) if given else None)
    add = check.add

    for cls in g.objects(shape, SH["class"]):
        plan.classes.add(str(cls))
        add("ClassConstraintComponent", f"NOT EXISTS {{ {_class_values('?f', str(cls))} }}", f"is not a {_short(str(cls))}")
    for kind in g.objects(shape, SH.nodeKind):
        add("NodeKindConstraintComponent", f"!{_kind_test('?f', kind)}", f"is not a {_short(str(kind))}")
    for xone in g.objects(shape, SH.xone):
        members = list(Collection(g, xone))
        count = " + ".join(f"IF({_conforms(g, m)}, 1, 0)" for m in members)
        add("XoneConstraintComponent", f"({count}) != 1", f"does not conform to exactly one of {len(members)} alternatives")
    for alternatives in g.objects(shape, SH["or"]):
        members = list(Collection(g, alternatives))
        anyof = " || ".join(_conforms(g, m) for m in members)
        add("OrConstraintComponent", f"!({anyof})", f"conforms to none of {len(members)} alternatives")
    if check.tests:
        plan.checks.append(check)


def _conforms(g, member) -> str:
    """A SPARQL expression true when ?f conforms to a (simple) shape inside sh:xone or sh:or."""
    parts = []
    for prop in g.objects(member, SH.property):
        keys = {p for p, _ in g.predicate_objects(prop)}
        if keys - {SH.path, SH.minCount, SH.datatype}:
            raise ShapesError("inside sh:xone/sh:or only sh:path, sh:minCount and sh:datatype are supported")
        path, _ = _path(g, g.value(prop, SH.path))
        mc = g.value(prop, SH.minCount)
        if mc is not None and int(mc) > 1:
            raise ShapesError("inside sh:xone/sh:or only sh:minCount 1 is supported")
        if mc is not None:
            parts.append(f"EXISTS {{ ?f {path} ?__x }}")
        dt = g.value(prop, SH.datatype)
        if dt is not None:
            parts.append(f"NOT EXISTS {{ ?f {path} ?__y FILTER(!isLiteral(?__y) || datatype(?__y) != <{dt}>) }}")
    if set(g.predicates(member)) - {SH.property, RDF.type}:
        raise ShapesError("inside sh:xone/sh:or only shapes made of sh:property are supported")
    return "(" + " && ".join(parts or ["true"]) + ")"


def _property_checks(g, shape, target: str, prop, plan: Plan) -> None:
    keys = {p for p, _ in g.predicate_objects(prop)}
    if keys - _PROPERTY_KEYS:
        raise ShapesError(f"{shape}: unsupported property feature(s) {', '.join(sorted(map(str, keys - _PROPERTY_KEYS)))}")
    path, shown = _path(g, g.value(prop, SH.path))
    given = g.value(prop, SH.message)
    check = Check(str(shape), target, path, shown, given=str(given) if given else None)
    name = _short(shown)
    add = check.add

    mn, mx = g.value(prop, SH.minCount), g.value(prop, SH.maxCount)
    if mn is not None:
        check.min = int(mn)
        check.message("MinCountConstraintComponent", f"needs at least {int(mn)} value(s) of {name}")
    if mx is not None:
        check.max = int(mx)
        check.message("MaxCountConstraintComponent", f"has more than {int(mx)} value(s) of {name}")
    for dt in g.objects(prop, SH.datatype):
        add("DatatypeConstraintComponent", f"(!isLiteral(?v) || datatype(?v) != <{dt}>)",
            f"value of {name} is not a literal of type {_short(str(dt))}")
    for cls in g.objects(prop, SH["class"]):
        plan.classes.add(str(cls))
        add("ClassConstraintComponent", f"NOT EXISTS {{ {_class_values('?v', str(cls))} }}", f"value of {name} is not a {_short(str(cls))}")
    for kind in g.objects(prop, SH.nodeKind):
        add("NodeKindConstraintComponent", f"!{_kind_test('?v', kind)}", f"value of {name} is not a {_short(str(kind))}")
    for pattern in g.objects(prop, SH.pattern):
        flags = g.value(prop, SH.flags)
        fl = f", {_n3(Literal(str(flags)))}" if flags else ""
        add("PatternConstraintComponent", f"(isBlank(?v) || !REGEX(STR(?v), {_n3(Literal(str(pattern)))}{fl}))",
            f"value of {name} does not match {pattern}")
    for n in g.objects(prop, SH.minLength):
        add("MinLengthConstraintComponent", f"(isBlank(?v) || STRLEN(STR(?v)) < {int(n)})", f"value of {name} is shorter than {int(n)}")
    for lo in g.objects(prop, SH.minInclusive):
        add("MinInclusiveConstraintComponent", f"!COALESCE(?v >= {_n3(lo)}, false)", f"value of {name} is below {lo}")
    for lst in g.objects(prop, SH["in"]):
        values = ", ".join(_n3(v) for v in Collection(g, lst))
        add("InConstraintComponent", f"!(?v IN ({values}))", f"value of {name} is not one of ({values})")
    for other in g.objects(prop, SH.lessThanOrEquals):
        add("LessThanOrEqualsConstraintComponent", f"EXISTS {{ ?f <{other}> ?__w FILTER(!COALESCE(?v <= ?__w, false)) }}",
            f"value of {name} is greater than its {_short(str(other))}")
    plan.checks.append(check)


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

    def subst(text: str) -> str:
        for cls, subs in subclasses.items():
            text = text.replace(f"{{{{SUB:{cls}}}}}", subs)
        return text

    def emit(check: Check, focus, constraint: str, value=None) -> None:
        out.append({
            "focus": _value(focus),
            "path": check.shown,
            "value": None if value is None else _value(value),
            "message": check.messages[constraint],
            "severity": "Violation",
            "constraint": constraint.split("#", 1)[0],
            "shape": check.shape,
        })

    for check in plan.checks:
        classes = subclasses[check.target]
        if classes.count("<") == 1:  # one class: a plain pattern is cheaper than a VALUES join
            target = f"{scope}?f a {classes} . " if not scope else f"{scope}FILTER(?__c = {classes}) "
        else:
            target = f"{scope}?f a ?__c . VALUES ?__c {{ {classes} }} "
        if check.min is not None or check.max is not None:
            bad = []  # (HAVING sees the aggregate, not the SELECT alias)
            if check.min is not None:
                bad.append(f"COUNT(DISTINCT ?v) < {check.min}")
            if check.max is not None:
                bad.append(f"COUNT(DISTINCT ?v) > {check.max}")
            q = (f"SELECT ?f (COUNT(DISTINCT ?v) AS ?n) WHERE {{ {target} OPTIONAL {{ ?f {check.path} ?v }} }} "
                 f"GROUP BY ?f HAVING ({' || '.join(bad)}) LIMIT {RESULTS_PER_CHECK}")
            for row in run_query(q):
                n = int(row["n"].value)
                emit(check, row["f"], "MinCountConstraintComponent" if check.min is not None and n < check.min else "MaxCountConstraintComponent")
        if not check.tests:
            continue
        if len(check.tests) == 1:  # the common case: no need to say which constraint broke
            (only, test), = check.tests.items()
            pick, cond = f'("{only}" AS ?__k)', subst(test)
            values = ""
        else:
            names = " ".join(f'"{k}"' for k in check.tests)
            pick, values = "?__k", f"VALUES ?__k {{ {names} }} "
            cond = " || ".join(f'(?__k = "{k}" && {subst(t)})' for k, t in check.tests.items())
        values_of = "" if check.path is None else f"?f {check.path} ?v . "
        head = "?f" if check.path is None else "?f ?v"
        q = f"SELECT DISTINCT {head} {pick} WHERE {{ {target}{values_of}{values}FILTER({cond}) }} LIMIT {RESULTS_PER_CHECK}"
        for row in run_query(q):
            emit(check, row["f"], row["__k"].value, row["v"] if check.path is not None else None)
    return sorted(out, key=lambda v: (v["focus"], v["path"] or "", v["constraint"]))


def _value(term) -> str:
    return term.value if hasattr(term, "value") else str(term)


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
