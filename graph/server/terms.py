"""Norwegian names for the terms the pages show, and how a piece of evidence reads.

The ontology's own terms (``stf:``) carry ``rdfs:label`` in bokmål and English in the graph
(``ontology/stafett.ttl``), which the pages read through SPARQL like any other label. The
vocabularies stafett reuses (FOAF, W3C ORG, schema.org, DCTERMS, SKOS, Web Annotation, ...)
label their terms in English only, so their bokmål names are here, in one table.
"""

from __future__ import annotations

import re

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
ORG = "http://www.w3.org/ns/org#"
SCHEMA = "https://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"
TIME = "http://www.w3.org/2006/time#"
CV = "http://data.europa.eu/m8g/"
ADMS = "http://www.w3.org/ns/adms#"

# bokmål name of each reused term the graph uses (classes and properties)
REUSED_NB = {
    RDF + "type": "type", RDF + "value": "ordene i teksten",
    RDFS + "label": "navn", RDFS + "comment": "kommentar", RDFS + "seeAlso": "se også",
    RDFS + "subClassOf": "underklasse av", RDFS + "subPropertyOf": "underegenskap av",
    RDFS + "domain": "gjelder for", RDFS + "range": "verdi av typen",
    OWL + "sameAs": "samme som", OWL + "Class": "klasse", OWL + "versionInfo": "versjon",
    SKOS + "prefLabel": "navn", SKOS + "altLabel": "også kalt", SKOS + "hiddenLabel": "søkeord",
    SKOS + "inScheme": "i begrepssystemet", SKOS + "broader": "overordnet begrep", SKOS + "narrower": "underordnet begrep",
    SKOS + "related": "beslektet med", SKOS + "notation": "kode", SKOS + "definition": "definisjon",
    SKOS + "topConceptOf": "toppbegrep i", SKOS + "closeMatch": "tilsvarer nesten", SKOS + "exactMatch": "tilsvarer",
    SKOS + "broadMatch": "hører inn under", SKOS + "Concept": "begrep", SKOS + "ConceptScheme": "begrepssystem",
    DCT + "title": "tittel", DCT + "description": "beskrivelse", DCT + "source": "kilde", DCT + "language": "språk",
    DCT + "issued": "publisert", DCT + "date": "dato", DCT + "type": "slag", DCT + "license": "lisens",
    DCT + "identifier": "identifikator", DCT + "isPartOf": "del av", DCT + "modified": "endret",
    FOAF + "name": "navn", FOAF + "Person": "person", FOAF + "page": "nettside",
    ORG + "memberOf": "arbeider i", ORG + "member": "person", ORG + "organization": "organisasjon",
    ORG + "role": "rolle", ORG + "memberDuring": "i perioden", ORG + "Membership": "stilling",
    ORG + "Organization": "organisasjon", ORG + "hasMembership": "stilling", ORG + "identifier": "identifikator",
    SCHEMA + "name": "navn", SCHEMA + "description": "beskrivelse", SCHEMA + "mentions": "nevner",
    SCHEMA + "Project": "prosjekt", SCHEMA + "Article": "artikkel", SCHEMA + "url": "nettadresse",
    PROV + "wasDerivedFrom": "hentet fra", PROV + "wasAttributedTo": "tilskrevet",
    OA + "hasBody": "handler om", OA + "hasTarget": "tekststed", OA + "bodyValue": "tekst", OA + "Annotation": "belegg",
    TIME + "hasBeginning": "begynner", TIME + "inXSDDate": "dato", TIME + "inXSDgYear": "år",
    TIME + "inXSDgYearMonth": "måned", TIME + "Interval": "tidsrom", TIME + "Instant": "tidspunkt",
    CV + "PublicOrganisation": "offentlig organisasjon", ADMS + "identifier": "identifikator",
}

# what a record's field says the evidence is for ("projects[2]" -> "projects")
FIELD_NB = {
    "interviewee.name": "intervjuet", "baton_from.name": "nevnt som den som ga stafettpinnen",
    "baton_to.name": "nevnt som den som får stafettpinnen",
    "projects": "prosjekt", "partners": "samarbeidspartner", "organisations": "organisasjon", "needs": "behov",
    "methods": "metode", "facts": "faktaboks", "qa": "svar",
}
_CHAR = re.compile(r"#char=(\d+),(\d+)$")


GRAPHS_NB = {"graph/reference": "Referansedata: kommuner og fylker", "graph/links": "Koblinger mellom kommuner (avledet)",
             "graph/ontology": "Ontologien og vokabularene", "graph/updates": "Endringer gjort gjennom endepunktet"}
_MONTHS = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember")
XSD = "http://www.w3.org/2001/XMLSchema#"


def plain(value: str, datatype: str = "") -> str:
    """A literal as a Norwegian reader writes it: ``ja``/``nei``, ``53 712``, ``456,2``, ``4. mai 2023``.

    >>> plain("true", XSD + "boolean"), plain("53712", XSD + "integer"), plain("1804", XSD + "integer")
    ('ja', '53\u00a0712', '1804')
    >>> plain("456.20", XSD + "decimal"), plain("2023-05-04", XSD + "date"), plain("Hå")
    ('456,2', '4. mai 2023', 'Hå')
    """
    local = datatype[len(XSD):] if datatype.startswith(XSD) else ""
    if local == "boolean":
        return {"true": "ja", "1": "ja", "false": "nei", "0": "nei"}.get(value, value)
    if local in ("integer", "int", "long", "nonNegativeInteger", "positiveInteger") and re.fullmatch(r"-?\d+", value):
        n = int(value)
        return f"{n:,}".replace(",", "\u00a0") if abs(n) >= 10000 else str(n)
    if local in ("decimal", "double", "float") and re.fullmatch(r"-?\d+(\.\d+)?", value):
        whole, _, frac = value.partition(".")
        frac = frac.rstrip("0")
        n = int(whole)
        head = f"{n:,}".replace(",", "\u00a0") if abs(n) >= 10000 else whole
        return head + ("," + frac if frac else "")
    m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", value) if local == "date" else None
    if m and 1 <= int(m.group(2)) <= 12:
        return f"{int(m.group(3))}. {_MONTHS[int(m.group(2)) - 1]} {m.group(1)}"
    return value


def first_upper(text: str) -> str:
    """``"areal (km²)"`` -> ``"Areal (km²)"`` (the rest as it is, unlike ``str.capitalize``)."""
    return text[:1].upper() + text[1:]


def field_kind(field: str) -> str:
    """``"projects[2]"`` -> ``"projects"``; ``"baton_to.name"`` as it is.

    >>> field_kind("projects[2]"), field_kind("baton_to.name")
    ('projects', 'baton_to.name')
    """
    return field.split("[", 1)[0]


def field_text(field: str) -> str:
    return FIELD_NB.get(field, FIELD_NB.get(field_kind(field), field))


def char_span(iri: str) -> tuple[int, int] | None:
    """(start, end) of an RFC 5147 fragment IRI ``…#char=S,E``.

    >>> char_span("https://w3id.org/stafett/id/interview/x#char=12,20"), char_span("https://x/y")
    ((12, 20), None)
    """
    m = _CHAR.search(iri)
    return (int(m.group(1)), int(m.group(2))) if m else None


def in_context(span: tuple[int, int], stored: list[tuple[int, int, str]]) -> tuple[str, str, str] | None:
    """The sentence around ``span``, from the longer stored spans of the same text that hold it:
    ``(before, words, after)``, or ``None`` when no stored text encloses it.

    >>> in_context((22, 26), [(0, 37, "Areal: 456. Ordfører: Knut Kvale (Sp)")])
    ('Ordfører: ', 'Knut', ' Kvale (Sp)')
    """
    s, e = span
    around = [(a, b, t) for a, b, t in stored if a <= s and e <= b and (b - a) > (e - s) and len(t) == b - a]
    if not around:
        return None
    a, b, text = min(around, key=lambda x: x[1] - x[0])
    i, j = s - a, e - a
    before, after = text[:i], text[j:]
    # cut to the sentence (or line) the words are in
    cut = max(before.rfind(c) for c in (". ", "! ", "? ", "\n"))
    if cut >= 0:
        before = before[cut + 1:].lstrip()
    ends = [k for k in (after.find(". "), after.find("\n"), after.find("! "), after.find("? ")) if k >= 0]
    if ends:
        after = after[: min(ends) + 1].rstrip()
    return before, text[i:j], after
