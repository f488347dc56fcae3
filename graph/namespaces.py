"""Namespaces of the ontology and of the vocabularies it reuses, as checked names.

Each is an rdflib ``DefinedNamespace`` with ``_fail = True``: a misspelt term fails at import,
not as a silently wrong triple. A test keeps :class:`STF` in step with ``ontology/stafett.ttl``.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, TIME, VOID, XSD, DefinedNamespace
from rdflib.term import URIRef

STF_URI = "https://w3id.org/stafett/def#"


class STF(DefinedNamespace):
    """The stafett ontology (``ontology/stafett.ttl``)."""

    _NS = Namespace(STF_URI)
    _fail = True

    # classes
    Interview: URIRef
    BatonPass: URIRef
    MunicipalityProfile: URIRef
    Municipality: URIRef
    CountyMunicipality: URIRef
    NumberAssignment: URIRef
    Answer: URIRef
    StandardQuestion: URIRef
    MunicipalityLink: URIRef
    # the interview
    interviewee: URIRef
    organisation: URIRef
    stage: URIRef
    series: URIRef
    sourceSha256: URIRef
    sourcePath: URIRef
    hasAnswer: URIRef
    order: URIRef
    mentions: URIRef
    need: URIRef
    theme: URIRef
    method: URIRef
    # the relay
    giver: URIRef
    receiver: URIRef
    announcedIn: URIRef
    passedBatonTo: URIRef
    # municipalities, counties, profiles
    kommunenummer: URIRef
    currentKommunenummer: URIRef
    fylkesnummer: URIRef
    numberAssignment: URIRef
    number: URIRef
    validFrom: URIRef
    validTo: URIRef
    county: URIRef
    successor: URIRef
    profileOf: URIRef
    statedIn: URIRef
    areaKm2: URIRef
    population: URIRef
    freeIncomePerCapita: URIRef
    mayor: URIRef
    motto: URIRef
    # people
    titleAsWritten: URIRef
    party: URIRef
    # projects and partners
    project: URIRef
    collaboratesWith: URIRef
    partnerCategory: URIRef
    country: URIRef
    evidence: URIRef
    field: URIRef
    # links derived by the build
    firstMunicipality: URIRef
    secondMunicipality: URIRef
    linkedThrough: URIRef
    sharedCount: URIRef
    linkedThroughNames: URIRef
    municipalityCount: URIRef


class CV(DefinedNamespace):
    """EU Core Public Organisation Vocabulary (the terms used here)."""

    _NS = Namespace("http://data.europa.eu/m8g/")
    _fail = True

    PublicOrganisation: URIRef


class OA(DefinedNamespace):
    """W3C Web Annotation vocabulary (the terms used here)."""

    _NS = Namespace("http://www.w3.org/ns/oa#")
    _fail = True

    Annotation: URIRef
    hasBody: URIRef
    hasTarget: URIRef
    bodyValue: URIRef


SCHEMA = SDO
DCT = DCTERMS
WD = Namespace("http://www.wikidata.org/entity/")

#: Prefixes written into Turtle output and offered to SPARQL users.
PREFIXES: dict[str, str] = {
    "stf": STF_URI,
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dct": str(DCTERMS),
    "org": str(ORG),
    "cv": str(CV._NS),
    "foaf": str(FOAF),
    "schema": str(SDO),
    "prov": str(PROV),
    "oa": str(OA._NS),
    "time": str(TIME),
    "dcat": str(DCAT),
    "void": str(VOID),
    "wd": str(WD),
}


def sparql_prolog(extra: dict[str, str] | None = None) -> str:
    """``PREFIX`` lines for every namespace above (and ``extra``)."""
    items = {**PREFIXES, **(extra or {})}
    return "".join(f"PREFIX {k}: <{v}>\n" for k, v in items.items())


__all__ = [
    "STF", "CV", "OA", "SCHEMA", "DCT", "WD", "PREFIXES", "sparql_prolog",
    "DCAT", "DCTERMS", "FOAF", "ORG", "OWL", "PROV", "RDF", "RDFS", "SDO", "SKOS", "TIME", "VOID", "XSD",
]
