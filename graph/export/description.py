"""``OUT/dataset.ttl``: the export described for catalogues (DCAT-AP-NO) and linked-data tools (VoID).

One ``dcat:Dataset`` (also a ``void:Dataset``) with one ``dcat:Distribution`` per file written,
titles and descriptions in Bokmål and English, publisher, contact point, licence, rights (KS is
credited for the interviews), spatial and temporal coverage, EU data themes, and VoID's counts,
vocabularies, URI space, dumps and the ``owl:sameAs`` linksets to Wikidata; a ``dcat:DataService``
when a SPARQL endpoint is given. DCAT-AP-NO's shapes check controlled-vocabulary values through
their ``skos:inScheme``, as harvesters do, so every such value used states its scheme here.
``tests/test_export_description.py`` validates the file with pyshacl against the shapes in
``ontology/external/``.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field, fields
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS as DCT, FOAF, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD

from ..errors import InputError, UnknownNameError
from ..namespaces import PREFIXES, STF_URI
from .formats import GZIP_MEDIA_TYPE, KINDS, FileKind

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
EU = "http://publications.europa.eu/resource/authority/"
FORMATS_NS = "http://www.w3.org/ns/formats/"
WIKIDATA = "http://www.wikidata.org/entity/"
ONTOLOGY = URIRef(STF_URI.rstrip("#"))
ORIGINATOR = URIRef("http://inspire.ec.europa.eu/metadata-codelist/ResponsiblePartyRole/originator")
SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")
#: Where data.norge.no knows a publisher: Digdir's organisation catalogue, by organisation number.
ORGANISATION_CATALOGUE = "https://organization-catalog.fellesdatakatalog.digdir.no/organizations/"
PLACEHOLDER_PUBLISHER = "The stafett project"

#: Licences by SPDX-style name: (EU licence code, the licence's own page, name nb, name en).
LICENCES = {
    "CC-BY-4.0": ("CC_BY_4_0", "https://creativecommons.org/licenses/by/4.0/",
                  "Creative Commons Navngivelse 4.0 Internasjonal", "Creative Commons Attribution 4.0 International"),
    "CC0-1.0": ("CC0", "https://creativecommons.org/publicdomain/zero/1.0/",
                "Creative Commons Zero 1.0 (fritt fram)", "Creative Commons Zero 1.0 (public domain dedication)"),
    "NLOD-2.0": ("NLOD_2_0", "https://data.norge.no/nlod/no/2.0",
                 "Norsk lisens for offentlige data (NLOD) 2.0", "Norwegian Licence for Open Government Data (NLOD) 2.0"),
}
DEFAULT_LICENCE = "CC-BY-4.0"
_EU_LANGUAGE = {"nb": "NOB", "nn": "NNO", "en": "ENG"}
_VOID_FEATURES = {"ttl": "Turtle", "nt": "N-Triples", "nq": "N-Quads", "trig": "TriG", "jsonld": "JSON-LD", "rdfxml": "RDF_XML"}


@dataclass
class Metadata:
    """What a publisher may set (``--metadata FILE`` with these keys, ``--licence``, ``--endpoint-url``)."""

    title_nb: str = "Innovasjonsstafetten som kunnskapsgraf"
    title_en: str = "The Innovasjonsstafetten (innovation relay) knowledge graph"
    description_nb: str = (
        "Personene, kommunene, prosjektene og samarbeidspartnerne i KS' intervjuserie Innovasjonsstafetten "
        "som lenkede data: én navngitt graf per intervju, stafettoverleveringene, kommuneprofilene, og lenker "
        "til Wikidata og de offisielle kommune- og fylkesnumrene."
    )
    description_en: str = (
        "The people, municipalities, projects and partners of KS's interview series Innovasjonsstafetten "
        "(the innovation relay) as linked data: one named graph per interview, the baton passes, the "
        "municipality profiles, and links to Wikidata and the official municipality and county numbers."
    )
    rights_nb: str = (
        "Intervjuene er publisert av KS (Kommunesektorens organisasjon) i serien Innovasjonsstafetten. "
        "Oppgi KS som kilde for intervjuene og stafett som kilde for grafen."
    )
    rights_en: str = (
        "The interviews are published by KS (the Norwegian Association of Local and Regional Authorities) "
        "in the series Innovasjonsstafetten. Credit KS for the interviews and stafett for the graph."
    )
    licence: str = DEFAULT_LICENCE
    publisher: str | None = None  # IRI; default: the organisation catalogue's, else {base}id/agent/stafett
    publisher_id: str | None = None  # the publisher's organisation number (Enhetsregisteret, 9 digits)
    publisher_name_nb: str = "Stafett-prosjektet"
    publisher_name_en: str = PLACEHOLDER_PUBLISHER
    contact_name: str | None = None  # default: the publisher's name
    contact_email: str | None = None
    contact_url: str | None = None  # default: the landing page
    landing_page: str | None = None  # default: the data's base
    endpoint_url: str | None = None  # a SPARQL endpoint serving the data
    keywords_nb: list[str] = field(default_factory=lambda: ["innovasjon", "kommune", "Innovasjonsstafetten", "kunnskapsgraf"])
    keywords_en: list[str] = field(default_factory=lambda: ["innovation", "municipality", "innovation relay", "knowledge graph"])
    themes: list[str] = field(default_factory=lambda: ["GOVE", "SOCI", "REGI"])  # EU data themes
    # temporal coverage (ISO dates); by default the first and last publication date of the interviews
    temporal_start: str | None = None
    temporal_end: str | None = None

    @classmethod
    def from_file(cls, path: str | Path, **overrides) -> "Metadata":
        """Metadata from a YAML file of the fields above, then ``overrides`` that are not None."""
        import yaml

        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise InputError(str(path), f"cannot read the metadata file: {exc}") from None
        if not isinstance(data, dict):
            raise InputError(str(path), "the metadata file must be a mapping of field: value")
        valid = [f.name for f in fields(cls)]
        for key in data:
            if key not in valid:
                raise UnknownNameError("metadata field", key, valid)
        if data.get("publisher_id") is not None:
            data["publisher_id"] = str(data["publisher_id"])
        try:
            return cls(**{**data, **{k: v for k, v in overrides.items() if v is not None}}).checked()
        except ValueError as exc:
            raise InputError(str(path), str(exc)) from None

    def with_publisher(self, name: str | None = None, orgnr: str | None = None) -> "Metadata":
        """These fields with the publisher ``name`` (both languages) and organisation number."""
        from dataclasses import replace

        changes = {}
        if name:
            changes.update(publisher_name_nb=name, publisher_name_en=name)
        if orgnr:
            changes["publisher_id"] = orgnr
        return replace(self, **changes).checked()

    def checked(self) -> "Metadata":
        """Itself, when the organisation number is one (else ``ValueError`` saying why)."""
        if self.publisher_id is not None:
            self.publisher_id = check_orgnr(self.publisher_id)
        return self

    @property
    def placeholder_publisher(self) -> bool:
        """Still the default publisher, which no harvester knows: no organisation number, no IRI."""
        return self.publisher_id is None and self.publisher is None

    def publisher_iri(self, base: str) -> str:
        if self.publisher:
            return self.publisher
        if self.publisher_id:
            return ORGANISATION_CATALOGUE + self.publisher_id
        return f"{base}id/agent/stafett"


def check_orgnr(value: str) -> str:
    """A Norwegian organisation number (9 digits, the last a modulus-11 check digit), spaces
    allowed; ``ValueError`` with the reason otherwise.

    >>> check_orgnr("971 032 146")
    '971032146'
    """
    digits = str(value).replace(" ", "")
    if len(digits) != 9 or not digits.isdigit():
        raise ValueError(f"organisation number {value!r} is not 9 digits (Enhetsregisteret's, e.g. 971032146)")
    rest = 11 - sum(int(d) * w for d, w in zip(digits, (3, 2, 7, 6, 5, 4, 3, 2))) % 11
    if (0 if rest == 11 else rest) != int(digits[8]):
        raise ValueError(f"organisation number {value!r} fails its check digit: look it up again in Enhetsregisteret")
    return digits


def catalogue_iri(base: str) -> str:
    """The ``dcat:Catalog`` an export describes its dataset in."""
    return f"{base}id/catalog/stafett"


@dataclass(frozen=True)
class DistributionFile:
    """One written file: its path under OUT (posix), its kind (a key of ``formats.KINDS``),
    size and SHA-1, and a title when the kind's own does not fit (a CSV table's)."""

    path: str
    kind_name: str
    size: int
    sha1: str
    gzip: bool = False
    title_nb: str = ""
    title_en: str = ""

    @property
    def kind(self) -> FileKind:
        return KINDS[self.kind_name]


@dataclass
class Stats:
    """What VoID counts, read from the snapshot."""

    triples: int
    vocabularies: list[str]
    classes: dict[str, int]
    wikidata_links: dict[str, int]  # "municipalities"/"counties" -> owl:sameAs links to Wikidata
    first_date: str | None
    last_date: str | None


def licence_iri(name: str) -> tuple[str, str, str, str]:
    """(EU licence IRI, licence page, name nb, name en) of a licence name (``CC-BY-4.0``)."""
    for key, (code, page, nb, en) in LICENCES.items():
        if name.lower() in (key.lower(), code.lower(), f"{EU}licence/{code}".lower(), page.lower()):
            return f"{EU}licence/{code}", page, nb, en
    raise UnknownNameError("licence", name, list(LICENCES))


def export_date() -> dt.date:
    """Today (UTC), or the day of ``$SOURCE_DATE_EPOCH`` for reproducible exports."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.datetime.now(dt.timezone.utc).date()


def stats(snap) -> Stats:
    """Counts and coverage of the snapshot's union for VoID and ``dct:temporal``."""
    from ..query import with_prefixes

    def select(q):
        return list(snap.query(with_prefixes(q)))

    preds = {r[0].value for r in select("SELECT DISTINCT ?p WHERE { ?s ?p ?o }")}
    classes_all = {r[0].value: int(r[1].value) for r in select("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c")}
    known = sorted({*PREFIXES.values(), "http://purl.org/vocab/vann/"}, key=len, reverse=True)
    vocabularies = sorted({next((ns for ns in known if iri.startswith(ns)), _namespace(iri)) for iri in preds | set(classes_all)} - {""})
    links = {}
    for name, cls in (("municipalities", "stf:Municipality"), ("counties", "stf:CountyMunicipality")):
        q = f'SELECT (COUNT(*) AS ?n) WHERE {{ ?s a {cls} ; owl:sameAs ?o FILTER(STRSTARTS(STR(?o), "{WIKIDATA}")) }}'
        links[name] = int(select(q)[0][0].value)
    dates = sorted(d for d in (_day(r[0].value) for r in select("SELECT DISTINCT ?d WHERE { ?i a stf:Interview ; dct:issued ?d }")) if d)
    return Stats(snap.triples(), vocabularies, classes_all, links, dates[0] if dates else None, dates[-1] if dates else None)


def _namespace(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1] if cut > 0 else ""


def _day(value: str) -> str | None:
    """An ISO day from a date, year-month or year (the first day it covers)."""
    v = value[:10]
    if len(v) == 10 and v[4] == "-" and v[7] == "-":
        return v
    if len(v) >= 7 and v[4] == "-" and v[:4].isdigit():
        return v[:7] + "-01"
    return f"{v[:4]}-01-01" if v[:4].isdigit() else None


def describe(*, base: str, download_base: str, files: list[DistributionFile], stats: Stats, meta: Metadata,
             date: dt.date | None = None, pages: list[tuple[str, str]] = ()) -> Graph:
    """The DCAT-AP-NO and VoID description of an export of the graph minted under ``base``: a
    ``dcat:Catalog`` holding the ``dcat:Dataset`` (and the ``dcat:DataService``, with an endpoint).
    ``pages`` are documentation files (path under OUT, language code) given as ``foaf:page``."""
    date = date or export_date()
    lic_iri, lic_page, lic_nb, lic_en = licence_iri(meta.licence)
    lic = URIRef(lic_iri)
    g = Graph()
    for k, v in {"dcat": DCAT, "dct": DCT, "foaf": FOAF, "void": VOID, "vcard": VCARD, "spdx": SPDX, "skos": SKOS,
                 "prov": PROV, "owl": OWL, "xsd": XSD, "stf": STF_URI, "adms": ADMS}.items():
        g.bind(k, v)
    ds = URIRef(f"{base}id/dataset/stafett")
    landing = URIRef(meta.landing_page or base)
    publisher = URIRef(meta.publisher_iri(base))
    contact = URIRef(f"{publisher}#contact")
    ks = URIRef(f"{base}id/organisation/ks")
    today = Literal(date.isoformat(), datatype=XSD.date)

    def both(s, p, nb, en):
        g.add((s, p, Literal(nb, lang="nb")))
        g.add((s, p, Literal(en, lang="en")))

    def controlled(p, s, scheme: str, code: str, cls=None):
        value = URIRef(f"{EU}{scheme}/{code}")
        g.add((s, p, value))
        g.add((value, SKOS.inScheme, URIRef(f"{EU}{scheme}")))
        if cls is not None:
            g.add((value, RDF.type, cls))
        return value

    # -- the dataset ---------------------------------------------------------------------------
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, DCT.identifier, Literal(str(ds))))
    both(ds, DCT.title, meta.title_nb, meta.title_en)
    both(ds, DCT.description, meta.description_nb, meta.description_en)
    for kw in meta.keywords_nb:
        g.add((ds, DCAT.keyword, Literal(kw, lang="nb")))
    for kw in meta.keywords_en:
        g.add((ds, DCAT.keyword, Literal(kw, lang="en")))
    for theme in meta.themes:
        controlled(DCAT.theme, ds, "data-theme", theme, SKOS.Concept)
    for lang in ("NOB", "NNO", "ENG"):
        controlled(DCT.language, ds, "language", lang, DCT.LinguisticSystem)
    controlled(DCT.spatial, ds, "country", "NOR", DCT.Location)
    controlled(DCT.accessRights, ds, "access-right", "PUBLIC", DCT.RightsStatement)
    controlled(DCT.accrualPeriodicity, ds, "frequency", "IRREG", DCT.Frequency)
    g.add((ds, DCT.license, lic))
    g.add((lic, RDF.type, DCT.LicenseDocument))
    g.add((lic, SKOS.inScheme, URIRef(f"{EU}licence")))
    g.add((lic, RDFS.seeAlso, URIRef(lic_page)))
    both(lic, RDFS.label, lic_nb, lic_en)
    rights = BNode("rights")
    g.add((ds, DCT.rights, rights))
    g.add((rights, RDF.type, DCT.RightsStatement))
    both(rights, RDFS.label, meta.rights_nb, meta.rights_en)
    g.add((ds, DCT.modified, today))
    g.add((ds, DCAT.landingPage, landing))
    g.add((ds, DCT.conformsTo, ONTOLOGY))
    g.add((ONTOLOGY, RDF.type, DCT.Standard))
    both(ONTOLOGY, DCT.title, "Stafett-ontologien", "The stafett ontology")
    start, end = str(meta.temporal_start or stats.first_date or ""), str(meta.temporal_end or stats.last_date or "")
    if start or end:
        period = BNode("temporal")
        g.add((ds, DCT.temporal, period))
        g.add((period, RDF.type, DCT.PeriodOfTime))
        if start:
            g.add((period, DCAT.startDate, Literal(start, datatype=XSD.date)))
        if end:
            g.add((period, DCAT.endDate, Literal(end, datatype=XSD.date)))

    # -- who: publisher, contact point, KS credited as the originator of the interviews ---------
    g.add((ds, DCT.publisher, publisher))
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, RDF.type, FOAF.Organization))
    both(publisher, FOAF.name, meta.publisher_name_nb, meta.publisher_name_en)
    if meta.publisher_id:
        g.add((publisher, DCT.identifier, Literal(meta.publisher_id)))
    g.add((ds, DCAT.contactPoint, contact))
    g.add((contact, RDF.type, VCARD.Organization))
    g.add((contact, VCARD.fn, Literal(meta.contact_name or meta.publisher_name_nb)))
    g.add((contact, VCARD.hasURL, URIRef(meta.contact_url or landing)))
    if meta.contact_email:
        g.add((contact, VCARD.hasEmail, URIRef(f"mailto:{meta.contact_email}")))
    attribution = BNode("ks")
    g.add((ds, PROV.qualifiedAttribution, attribution))
    g.add((attribution, RDF.type, PROV.Attribution))
    g.add((attribution, PROV.agent, ks))
    g.add((attribution, DCAT.hadRole, ORIGINATOR))
    g.add((ks, RDF.type, FOAF.Organization))
    both(ks, FOAF.name, "KS – Kommunesektorens organisasjon", "KS – the Norwegian Association of Local and Regional Authorities")
    g.add((ks, FOAF.homepage, URIRef("https://www.ks.no/")))

    # -- one distribution per file --------------------------------------------------------------
    for f in files:
        _distribution(g, base, ds, f, download_base, lic, today, both)

    # -- the README (nb, en) --------------------------------------------------------------------
    for path, lang in pages:
        page = URIRef(download_base + path)
        g.add((ds, FOAF.page, page))
        g.add((page, RDF.type, FOAF.Document))
        g.add((page, DCT.language, URIRef(f"{EU}language/{_EU_LANGUAGE[lang]}")))
        g.add((page, DCT.title, Literal("Les meg: filene, tabellene og kolonnene" if lang == "nb"
                                        else "Read me: the files, the tables and their columns", lang=lang)))

    # -- the catalogue a harvester reads ---------------------------------------------------------
    cat = URIRef(catalogue_iri(base))
    g.add((cat, RDF.type, DCAT.Catalog))
    g.add((cat, DCT.identifier, Literal(str(cat))))
    both(cat, DCT.title, f"Datakatalog: {meta.title_nb}", f"Data catalogue: {meta.title_en}")
    both(cat, DCT.description, f"Katalogen som beskriver datasettet «{meta.title_nb}» og hvor det kan lastes ned.",
         f"The catalogue describing the dataset \"{meta.title_en}\" and where to download it.")
    g.add((cat, DCT.publisher, publisher))
    g.add((cat, DCAT.dataset, ds))
    g.add((cat, FOAF.homepage, landing))
    g.add((cat, DCT.license, lic))
    g.add((cat, DCT.modified, today))
    for lang in ("NOB", "ENG"):
        g.add((cat, DCT.language, URIRef(f"{EU}language/{lang}")))

    # -- the SPARQL endpoint ---------------------------------------------------------------------
    if meta.endpoint_url:
        svc = URIRef(f"{base}id/service/sparql")
        g.add((cat, DCAT.service, svc))
        g.add((svc, RDF.type, DCAT.DataService))
        g.add((svc, DCT.identifier, Literal(str(svc))))
        both(svc, DCT.title, "SPARQL-endepunkt for stafett", "SPARQL endpoint of stafett")
        both(svc, DCT.description, "Spørringer i SPARQL 1.1 mot hele grafen (unionen som standardgraf).",
             "SPARQL 1.1 queries over the whole graph (the union as the default graph).")
        g.add((svc, DCAT.endpointURL, URIRef(meta.endpoint_url)))
        g.add((svc, DCAT.servesDataset, ds))
        g.add((svc, DCT.publisher, publisher))
        g.add((svc, DCAT.contactPoint, contact))
        g.add((svc, DCT.license, lic))
        g.add((svc, DCT.conformsTo, SPARQL_PROTOCOL))
        g.add((SPARQL_PROTOCOL, RDF.type, DCT.Standard))
        g.add((SPARQL_PROTOCOL, DCT.title, Literal("SPARQL 1.1 Protocol", lang="en")))
        g.add((ds, VOID.sparqlEndpoint, URIRef(meta.endpoint_url)))

    # -- VoID --------------------------------------------------------------------------------------
    g.add((ds, VOID.triples, Literal(stats.triples, datatype=XSD.integer)))
    g.add((ds, VOID.uriSpace, Literal(f"{base}id/")))
    g.add((ds, VOID.uriRegexPattern, Literal(f"^{_regex(base)}id/")))
    for ns in stats.vocabularies:
        g.add((ds, VOID.vocabulary, URIRef(ns)))
    for cls, n in sorted(stats.classes.items()):
        if cls.startswith(STF_URI) or cls in _MAIN_CLASSES:
            part = BNode(f"class-{_slug(cls)}")
            g.add((ds, VOID.classPartition, part))
            g.add((part, VOID["class"], URIRef(cls)))
            g.add((part, VOID.entities, Literal(n, datatype=XSD.integer)))
    for f in files:
        if f.kind.rdf is not None:
            g.add((ds, VOID.dataDump, URIRef(download_base + f.path)))
            g.add((ds, VOID.feature, URIRef(FORMATS_NS + _VOID_FEATURES[f.kind_name])))
    wikidata = URIRef("http://www.wikidata.org/")
    g.add((wikidata, RDF.type, VOID.Dataset))
    g.add((wikidata, DCT.title, Literal("Wikidata", lang="en")))
    g.add((wikidata, FOAF.homepage, URIRef("https://www.wikidata.org/")))
    g.add((wikidata, VOID.uriSpace, Literal(WIKIDATA)))
    titles = {"municipalities": ("Kommuner lenket til Wikidata", "Municipalities linked to Wikidata"),
              "counties": ("Fylkeskommuner lenket til Wikidata", "County municipalities linked to Wikidata")}
    for name, n in stats.wikidata_links.items():
        ls = URIRef(f"{base}id/linkset/{name}-wikidata")
        g.add((ds, VOID.subset, ls))
        g.add((ls, RDF.type, VOID.Linkset))
        both(ls, DCT.title, *titles[name])
        g.add((ls, VOID.linkPredicate, OWL.sameAs))
        g.add((ls, VOID.subjectsTarget, ds))
        g.add((ls, VOID.objectsTarget, wikidata))
        g.add((ls, VOID.triples, Literal(n, datatype=XSD.integer)))
    return g


_MAIN_CLASSES = {
    "http://xmlns.com/foaf/0.1/Person", "http://www.w3.org/ns/org#Organization", "http://www.w3.org/ns/org#Membership",
    "https://schema.org/Project", "http://www.w3.org/2004/02/skos/core#Concept",
}


def _distribution(g: Graph, base: str, ds, f: DistributionFile, download_base: str, lic, today, both) -> None:
    dist = URIRef(f"{base}id/distribution/{f.path.replace('/', '-')}")
    kind = f.kind
    g.add((ds, DCAT.distribution, dist))
    g.add((dist, RDF.type, DCAT.Distribution))
    both(dist, DCT.title, f.title_nb or kind.title_nb, f.title_en or kind.title_en)
    g.add((dist, DCAT.accessURL, URIRef(download_base)))
    g.add((dist, DCAT.downloadURL, URIRef(download_base + f.path)))
    media = URIRef(kind.media_type_iri)
    g.add((dist, DCAT.mediaType, media))
    g.add((media, RDF.type, DCT.MediaType))
    fmt = URIRef(kind.file_type_iri)
    g.add((dist, DCT["format"], fmt))
    g.add((fmt, SKOS.inScheme, URIRef(f"{EU}file-type")))
    g.add((fmt, RDF.type, DCT.MediaTypeOrExtent))
    if f.gzip:
        gz = URIRef(GZIP_MEDIA_TYPE)
        g.add((dist, DCAT.compressFormat, gz))
        g.add((gz, RDF.type, DCT.MediaType))
    g.add((dist, DCAT.byteSize, Literal(str(f.size), datatype=XSD.decimal)))
    checksum = BNode(f"sha1-{_slug(f.path)}")
    g.add((dist, SPDX.checksum, checksum))
    g.add((checksum, RDF.type, SPDX.Checksum))
    g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha1))
    g.add((checksum, SPDX.checksumValue, Literal(f.sha1, datatype=XSD.hexBinary)))
    g.add((dist, DCT.license, lic))
    g.add((dist, DCT.modified, today))
    if kind.rdf is not None:
        g.add((dist, DCT.conformsTo, ONTOLOGY))


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text)


def _regex(text: str) -> str:
    import re

    return re.escape(text)
