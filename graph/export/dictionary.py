"""The data dictionary of an export's tables: every CSV table declared once.

Each :class:`Table` lists its columns (name, :class:`ColumnType`, the ontology term or SPARQL
property path the value is read through, a meaning in Bokmål and English) and the SELECTs, with
variables named as the columns, that fill it. ``tables.py`` reads and writes the rows; the CSV
header, ``stafett.xlsx``, the README's dictionary and ``csv/csv-metadata.json`` are all rendered
from these declarations, so the documentation cannot drift from the files.

The conventions (``docs/export.md``): an entity is two columns, its name (``person``) and its
IRI (``person_iri``); one row per value where people count or filter by it; the few *list*
columns join their values with :data:`SEP`, a list of names in the order of the list of IRIs
declared beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib.namespace import DCTERMS as DCT, FOAF, ORG, OWL, RDF, RDFS, SDO, SKOS, TIME
from rdflib.paths import Path as RdfPath
from rdflib.term import URIRef

from ..namespaces import PREFIXES, STF

SEP = " | "


@dataclass(frozen=True)
class ColumnType:
    """A column's type: how the dictionary names it, its CSVW datatype, how a workbook stores it."""

    name: str
    nb: str
    en: str
    csvw: str | dict
    cell: str = "text"  # "text", "integer" or "boolean" in the workbook


TEXT = ColumnType("text", "tekst", "text", "string")
IRI = ColumnType("IRI", "IRI", "IRI", "anyURI")
INTEGER = ColumnType("integer", "heltall", "integer", "integer", cell="integer")
BOOLEAN = ColumnType("boolean", "sann/usann (true/false)", "boolean (true/false)", {"base": "boolean", "format": "true|false"},
                     cell="boolean")
DATE = ColumnType("date", "dato (ÅÅÅÅ-MM-DD)", "date (YYYY-MM-DD)", "date")
YEAR = ColumnType("year", "år (ÅÅÅÅ)", "year (YYYY)", "gYear")
PERIOD = ColumnType("partial date", "år, måned eller dato (ÅÅÅÅ, ÅÅÅÅ-MM eller ÅÅÅÅ-MM-DD)",
                    "year, month or date (YYYY, YYYY-MM or YYYY-MM-DD)",
                    {"base": "string", "format": r"^\d{4}(-\d{2}(-\d{2})?)?$"})
CODE = ColumnType("code", "kode (tekst; innledende nuller teller: 0301)", "code (text; leading zeros count: 0301)",
                  {"base": "string", "format": r"^\d+$"})
LANGUAGE = ColumnType("language", "språkkode (nb, nn, en)", "language code (nb, nn, en)", "language")


@dataclass(frozen=True)
class Column:
    """One column: its name, type, where its value comes from, and what it means."""

    name: str
    type: ColumnType
    term: URIRef | RdfPath | None  # the property (path) from the row's entity; None: worked out
    nb: str
    en: str
    list: bool = False  # several values joined with SEP

    def term_text(self) -> str:
        return curie(self.term) if self.term is not None else ""


@dataclass(frozen=True)
class Table:
    """One CSV file: what a row is, its columns, and the SELECTs that fill them.

    ``queries[0]`` makes the rows (it binds every ``key`` column); each further query adds values
    to the rows that match it on the key columns it binds (all of them, or the first)."""

    name: str
    title_nb: str
    title_en: str
    row_nb: str  # "one row per ..."
    row_en: str
    entity: URIRef | None  # the rdf:type of what a row describes
    columns: tuple[Column, ...]
    queries: tuple[str, ...]
    key: tuple[str, ...]
    order: tuple[str, ...]

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def curie(term) -> str:
    """A term or property path in CURIEs (``stf:giver/foaf:name``)."""
    if isinstance(term, RdfPath):
        return term.n3(_NAMESPACES)
    iri = str(term)
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"


class _Namespaces:
    """What rdflib's path rendering needs to write CURIEs (``stf:giver/foaf:name``)."""

    def normalizeUri(self, iri: str) -> str:  # noqa: N802 (rdflib's name)
        return curie(URIRef(iri))


_NAMESPACES = _Namespaces()


def _c(name, type_, term, nb, en, *, list=False) -> Column:
    return Column(name, type_, term, nb, en, list)


def _pair(stem, term, nb_name, en_name, nb_iri, en_iri, *, label=SKOS.prefLabel, list=False, iri=None) -> tuple[Column, Column]:
    """An entity as two columns: ``stem`` (its name) and ``stem_iri`` (or ``iri``)."""
    return (_c(stem, TEXT, (term / label) if term is not None else label, nb_name, en_name, list=list),
            _c(iri or f"{stem}_iri", IRI, term, nb_iri, en_iri, list=list))


# SPARQL pieces used by several tables.
def _county(org: str, county: str) -> str:
    """The county of an organisation: itself when it is a county municipality, else its stf:county."""
    return (f"OPTIONAL {{ {{ ?{org} a stf:CountyMunicipality BIND(?{org} AS ?{county}_iri) }} UNION {{ ?{org} stf:county ?{county}_iri }}"
            f" OPTIONAL {{ ?{county}_iri skos:prefLabel ?{county} }} }}")


def _works_for(person: str, org: str) -> str:
    """One organisation per person: that of their interview, else a municipality or county they
    hold a post in, else any organisation they hold a post in (the smallest IRI of a kind)."""
    return f"""OPTIONAL {{ SELECT ?{person}_iri (COALESCE(MIN(?_io), MIN(?_mo), MIN(?_oo)) AS ?{org}_iri) WHERE {{
        ?{person}_iri a foaf:Person
        OPTIONAL {{ ?_i stf:interviewee ?{person}_iri ; stf:organisation ?_io }}
        OPTIONAL {{ ?{person}_iri org:memberOf ?_mo {{ ?_mo a stf:Municipality }} UNION {{ ?_mo a stf:CountyMunicipality }} }}
        OPTIONAL {{ ?{person}_iri org:memberOf ?_oo }} }} GROUP BY ?{person}_iri }}
      OPTIONAL {{ ?{org}_iri skos:prefLabel ?{org} }}
      {_county(f"{org}_iri", f"{org.rsplit('_', 1)[0]}_county")}"""


def _concepts(name: str, scheme: str, prop: str) -> str:
    return (f"SELECT ?{name}_iri (COUNT(DISTINCT ?_i) AS ?interviews) WHERE {{ ?{name}_iri skos:inScheme <{scheme}> "
            f"OPTIONAL {{ ?_i stf:{prop} ?{name}_iri }} }} GROUP BY ?{name}_iri")


_INTERVIEWS = ("interviews", INTEGER)
# the organisation of a person: that of their interview, else one they hold a post in
_WORKS_FOR = (~STF.interviewee / STF.organisation) | ORG.memberOf
_STATED = "Intervjuene som sier det (IRI-er)", "The interviews that say so (IRIs)"


def tables(base: str) -> list[Table]:
    """Every table of an export of the graph minted under ``base``, in the order they are written."""
    scheme = f"{base}id/scheme/"
    person = _pair("person", None, "Personens navn", "The person's name", "Personens IRI", "The person's IRI", label=FOAF.name)
    return [
        Table(
            "interviews", "intervjuer", "interviews", "ett intervju", "interview", STF.Interview,
            (
                _c("interview", TEXT, RDFS.label, "Intervjuets navn", "The interview's name"),
                _c("interview_iri", IRI, None, "Intervjuets IRI", "The interview's IRI"),
                _c("stage", INTEGER, STF.stage, "Etappen i stafetten (1 er den første)", "The stage of the relay (1 is the first)"),
                *_pair("interviewee", STF.interviewee, "Den intervjuede", "The person interviewed",
                       "Den intervjuedes IRI", "The IRI of the person interviewed", label=FOAF.name),
                *_pair("municipality", STF.organisation, "Kommunen (eller organisasjonen) den intervjuede arbeider for",
                       "The municipality (or organisation) the interviewee works for",
                       "Dens IRI", "Its IRI"),
                *_pair("county", STF.organisation / STF.county, "Fylket kommunen ligger i", "The county the municipality is in",
                       "Fylkets (fylkeskommunens) IRI", "The county (county municipality) IRI"),
                _c("title", TEXT, DCT.title, "Overskriften KS ga intervjuet", "The headline KS gave the interview"),
                _c("published", DATE, DCT.issued, "Publiseringsdato", "Date of publication"),
                _c("language", LANGUAGE, DCT.language, "Språket intervjuet er skrevet på", "The language the interview is written in"),
                _c("series", TEXT, STF.series, "Intervjuserien", "The interview series"),
                _c("source_url", IRI, DCT.source, "Nettadressen intervjuet ble lest fra", "Where the interview was read from"),
                _c("source_file", TEXT, STF.sourcePath, "Filen intervjuet ble lest fra", "The file the interview was read from"),
                _c("graph", IRI, None, "Den navngitte grafen med alt intervjuet sier (i stafett.nq og stafett.trig)",
                   "The named graph holding everything the interview says (in stafett.nq and stafett.trig)"),
            ),
            (f"""SELECT * WHERE {{ GRAPH ?graph {{ ?interview_iri a stf:Interview }}
                OPTIONAL {{ ?interview_iri rdfs:label ?interview }} OPTIONAL {{ ?interview_iri stf:stage ?stage }}
                OPTIONAL {{ ?interview_iri stf:interviewee ?interviewee_iri OPTIONAL {{ ?interviewee_iri foaf:name ?interviewee }} }}
                OPTIONAL {{ ?interview_iri stf:organisation ?municipality_iri OPTIONAL {{ ?municipality_iri skos:prefLabel ?municipality }}
                           {_county("municipality_iri", "county")} }}
                OPTIONAL {{ ?interview_iri dct:title ?title }} OPTIONAL {{ ?interview_iri dct:issued ?published }}
                OPTIONAL {{ ?interview_iri dct:language ?language }} OPTIONAL {{ ?interview_iri stf:series ?series }}
                OPTIONAL {{ ?interview_iri dct:source ?source_url }} OPTIONAL {{ ?interview_iri stf:sourcePath ?source_file }} }}""",),
            key=("interview_iri",), order=("stage", "interviewee", "interview_iri"),
        ),
        Table(
            "relay", "stafettoverleveringer", "baton passes", "én overlevering av stafettpinnen", "baton pass", STF.BatonPass,
            (
                _c("stage", INTEGER, STF.stage, "Etappen mottakeren løper (giveren løp etappen før); tom når ingen tekst sier den",
                   "The stage the receiver runs (the giver ran the one before); empty when no text says"),
                *_pair("giver", STF.giver, "Den som ga stafettpinnen videre", "Who passed the baton",
                       "Giverens IRI", "The giver's IRI", label=FOAF.name),
                *_pair("giver_municipality", STF.giver / _WORKS_FOR, "Kommunen (eller organisasjonen) giveren arbeider for: den i giverens intervju",
                       "The municipality (or organisation) the giver works for: the one in the giver's interview",
                       "Dens IRI", "Its IRI"),
                *_pair("giver_county", STF.giver / _WORKS_FOR / STF.county, "Fylket giverens kommune ligger i", "The county of the giver's municipality",
                       "Fylkets IRI", "The county's IRI"),
                *_pair("receiver", STF.receiver, "Den som fikk stafettpinnen", "Who received the baton",
                       "Mottakerens IRI", "The receiver's IRI", label=FOAF.name),
                *_pair("receiver_municipality", STF.receiver / _WORKS_FOR,
                       "Kommunen (eller organisasjonen) mottakeren arbeider for: den i mottakerens intervju, ellers den overleveringen nevner",
                       "The municipality (or organisation) the receiver works for: the one in the receiver's interview, else the one the pass names",
                       "Dens IRI", "Its IRI"),
                *_pair("receiver_county", STF.receiver / _WORKS_FOR / STF.county, "Fylket mottakerens kommune ligger i", "The county of the receiver's municipality",
                       "Fylkets IRI", "The county's IRI"),
                _c("receiver_interviewed", BOOLEAN, ~STF.interviewee, "Om mottakeren er intervjuet (true) eller ikke ennå (false)",
                   "Whether the receiver has been interviewed (true) or not yet (false)"),
                _c("baton_pass_iri", IRI, None, "Overleveringens IRI", "The baton pass's IRI"),
                _c("announced_in_iris", IRI, STF.announcedIn, "Intervjuene som forteller om overleveringen (IRI-er)",
                   "The interviews that tell of the pass (IRIs)", list=True),
            ),
            ("""SELECT * WHERE { ?baton_pass_iri a stf:BatonPass ; stf:giver ?giver_iri ; stf:receiver ?receiver_iri
                OPTIONAL { ?baton_pass_iri stf:stage ?stage }
                OPTIONAL { ?giver_iri foaf:name ?giver } OPTIONAL { ?receiver_iri foaf:name ?receiver }
                BIND(EXISTS { ?_i stf:interviewee ?receiver_iri } AS ?receiver_interviewed) }""",
             f"SELECT ?baton_pass_iri ?giver_municipality ?giver_municipality_iri ?giver_county ?giver_county_iri WHERE {{ "
             f"?baton_pass_iri a stf:BatonPass ; stf:giver ?giver_iri {_works_for('giver', 'giver_municipality')} }}",
             f"SELECT ?baton_pass_iri ?receiver_municipality ?receiver_municipality_iri ?receiver_county ?receiver_county_iri WHERE {{ "
             f"?baton_pass_iri a stf:BatonPass ; stf:receiver ?receiver_iri {_works_for('receiver', 'receiver_municipality')} }}",
             "SELECT ?baton_pass_iri ?announced_in_iris WHERE { ?baton_pass_iri a stf:BatonPass ; stf:announcedIn ?announced_in_iris }"),
            key=("baton_pass_iri",), order=("stage", "giver", "receiver", "baton_pass_iri"),
        ),
        Table(
            "people", "personer og verv", "people and their posts",
            "én person og ett verv eller én stilling (en person med to verv har to rader; en uten kjent verv én)",
            "person and post (a person with two posts has two rows; one with no known post, one)", FOAF.Person,
            (
                *person,
                *_pair("role", ~ORG.member / ORG.role, "Rollen (kommunedirektør, ordfører, ...)", "The role (chief executive, mayor, ...)",
                       "Rollens IRI (i stafett-vokabularet)", "The role's IRI (in the stafett vocabulary)"),
                _c("title_as_written", TEXT, ~ORG.member / STF.titleAsWritten, "Tittelen slik intervjuene skriver den",
                   "The title as the interviews write it", list=True),
                *_pair("organisation", ~ORG.member / ORG.organization, "Organisasjonen (kommune, fylkeskommune, ...) vervet er i",
                       "The organisation (municipality, county municipality, ...) the post is in", "Dens IRI", "Its IRI"),
                *_pair("county", ~ORG.member / ORG.organization / STF.county, "Fylket organisasjonen ligger i", "The county the organisation is in", "Fylkets IRI", "The county's IRI"),
                _c("since", PERIOD, ~ORG.member / ORG.memberDuring / TIME.hasBeginning, "Når personen fikk vervet, så nøyaktig som intervjuet sier",
                   "When the person took up the post, as precisely as the interview says"),
                _c("interviewed", BOOLEAN, ~STF.interviewee, "Om personen er intervjuet i stafetten", "Whether the person is interviewed in the relay"),
                _c("post_iri", IRI, ~ORG.member, "Vervets IRI (en org:Membership)", "The post's IRI (an org:Membership)"),
                _c("stated_in_iris", IRI, ~ORG.member / STF.statedIn, *_STATED, list=True),
            ),
            (f"""SELECT * WHERE {{ ?person_iri a foaf:Person OPTIONAL {{ ?person_iri foaf:name ?person }}
                OPTIONAL {{ ?post_iri a org:Membership ; org:member ?person_iri
                    OPTIONAL {{ ?post_iri org:role ?role_iri OPTIONAL {{ ?role_iri skos:prefLabel ?role }} }}
                    OPTIONAL {{ ?post_iri org:organization ?organisation_iri OPTIONAL {{ ?organisation_iri skos:prefLabel ?organisation }}
                               {_county("organisation_iri", "county")} }}
                    OPTIONAL {{ ?post_iri org:memberDuring/time:hasBeginning/(time:inXSDgYear|time:inXSDgYearMonth|time:inXSDDate) ?since }} }}
                BIND(EXISTS {{ ?_i stf:interviewee ?person_iri }} AS ?interviewed) }}""",
             "SELECT ?person_iri ?post_iri ?title_as_written WHERE { ?post_iri a org:Membership ; org:member ?person_iri ; stf:titleAsWritten ?title_as_written }",
             "SELECT ?person_iri ?post_iri ?stated_in_iris WHERE { ?post_iri a org:Membership ; org:member ?person_iri ; stf:statedIn ?stated_in_iris }"),
            key=("person_iri", "post_iri"), order=("person", "person_iri", "organisation", "role", "post_iri"),
        ),
        Table(
            "municipalities", "kommuner", "municipalities",
            "én kommune (alle referansedataene kjenner, også sammenslåtte)", "municipality (every one the reference data knows, merged ones too)",
            STF.Municipality,
            (
                _c("municipality", TEXT, SKOS.prefLabel, "Kommunens navn", "The municipality's name"),
                _c("municipality_iri", IRI, None, "Kommunens IRI", "The municipality's IRI"),
                _c("kommunenummer", CODE, STF.currentKommunenummer, "Kommunenummeret i bruk i dag (tomt for en kommune som er slått sammen)",
                   "The municipality number in use today (empty for one merged away)"),
                *_pair("county", STF.county, "Fylket kommunen ligger i", "The county it is in", "Fylkets IRI", "The county's IRI"),
                _c("wikidata", IRI, OWL.sameAs, "Kommunen i Wikidata", "The municipality in Wikidata"),
                _c("valid_to", YEAR, STF.validTo, "Siste år kommunen fantes (tomt for dagens kommuner)", "The last year it existed (empty for today's)"),
                *_pair("successors", STF.successor, "Kommunen(e) den ble en del av", "The municipality or municipalities it became part of",
                       "Deres IRI-er", "Their IRIs", list=True, iri="successor_iris"),
                _c("kommunenummer_all", CODE, STF.kommunenummer, "Alle kommunenumre den har hatt", "Every municipality number it has had", list=True),
                _c(*_INTERVIEWS, ~STF.organisation, "Hvor mange intervjuer med folk fra kommunen", "How many interviews with people from it"),
            ),
            ("""SELECT * WHERE { ?municipality_iri a stf:Municipality OPTIONAL { ?municipality_iri skos:prefLabel ?municipality }
                OPTIONAL { ?municipality_iri stf:currentKommunenummer ?kommunenummer }
                OPTIONAL { ?municipality_iri stf:county ?county_iri OPTIONAL { ?county_iri skos:prefLabel ?county } }
                OPTIONAL { ?municipality_iri owl:sameAs ?wikidata } OPTIONAL { ?municipality_iri stf:validTo ?valid_to } }""",
             "SELECT ?municipality_iri ?successors ?successor_iris WHERE { ?municipality_iri a stf:Municipality ; stf:successor ?successor_iris "
             "OPTIONAL { ?successor_iris skos:prefLabel ?successors } }",
             "SELECT ?municipality_iri ?kommunenummer_all WHERE { ?municipality_iri a stf:Municipality ; stf:kommunenummer ?kommunenummer_all }",
             "SELECT ?municipality_iri (COUNT(DISTINCT ?_i) AS ?interviews) WHERE { ?municipality_iri a stf:Municipality "
             "OPTIONAL { ?_i stf:organisation ?municipality_iri } } GROUP BY ?municipality_iri"),
            key=("municipality_iri",), order=("kommunenummer", "kommunenummer_all", "municipality", "municipality_iri"),
        ),
        Table(
            "county_municipalities", "fylkeskommuner", "county municipalities", "én fylkeskommune (også tidligere)",
            "county municipality (former ones too)", STF.CountyMunicipality,
            (
                _c("county", TEXT, SKOS.prefLabel, "Fylkets navn", "The county's name"),
                _c("county_iri", IRI, None, "Fylkeskommunens IRI", "The county municipality's IRI"),
                _c("fylkesnummer", CODE, STF.fylkesnummer, "Fylkesnummeret", "The county number"),
                _c("wikidata", IRI, OWL.sameAs, "Fylket i Wikidata", "The county in Wikidata"),
                _c("valid_from", YEAR, STF.validFrom, "Første år", "The first year"),
                _c("valid_to", YEAR, STF.validTo, "Siste år (tomt for dagens fylker)", "The last year (empty for today's counties)"),
                *_pair("successors", STF.successor, "Fylket/fylkene det ble en del av", "The county or counties it became part of",
                       "Deres IRI-er", "Their IRIs", list=True, iri="successor_iris"),
            ),
            ("""SELECT * WHERE { ?county_iri a stf:CountyMunicipality OPTIONAL { ?county_iri skos:prefLabel ?county }
                OPTIONAL { ?county_iri stf:fylkesnummer ?fylkesnummer } OPTIONAL { ?county_iri owl:sameAs ?wikidata }
                OPTIONAL { ?county_iri stf:validFrom ?valid_from } OPTIONAL { ?county_iri stf:validTo ?valid_to } }""",
             "SELECT ?county_iri ?successors ?successor_iris WHERE { ?county_iri a stf:CountyMunicipality ; stf:successor ?successor_iris "
             "OPTIONAL { ?successor_iris skos:prefLabel ?successors } }"),
            key=("county_iri",), order=("fylkesnummer", "county", "county_iri"),
        ),
        Table(
            "organisations", "andre organisasjoner", "other organisations", "én organisasjon som ikke er en kommune eller fylkeskommune",
            "organisation that is not a municipality or county municipality", ORG.Organization,
            (
                _c("organisation", TEXT, SKOS.prefLabel, "Organisasjonens navn", "The organisation's name"),
                _c("organisation_iri", IRI, None, "Organisasjonens IRI", "The organisation's IRI"),
                *_pair("kinds", DCT.type, "Hva slags organisasjon (universitet, nettverk, ...)", "What kind of organisation (university, network, ...)",
                       "Typenes IRI-er (i stafett-vokabularet)", "Their IRIs (in the stafett vocabulary)", list=True, iri="kind_iris"),
                _c("country", CODE, STF.country, "Landkode når den ikke er norsk (DK, SE, ...)", "Country code when it is not Norwegian (DK, SE, ...)"),
            ),
            ("""SELECT * WHERE { ?organisation_iri a org:Organization FILTER NOT EXISTS { ?organisation_iri a stf:Municipality }
                FILTER NOT EXISTS { ?organisation_iri a stf:CountyMunicipality }
                OPTIONAL { ?organisation_iri skos:prefLabel ?organisation } OPTIONAL { ?organisation_iri stf:country ?country } }""",
             "SELECT ?organisation_iri ?kinds ?kind_iris WHERE { ?organisation_iri a org:Organization ; dct:type ?kind_iris "
             "OPTIONAL { ?kind_iris skos:prefLabel ?kinds } }"),
            key=("organisation_iri",), order=("organisation", "organisation_iri"),
        ),
        Table(
            "projects", "prosjekter", "projects", "ett prosjekt og én organisasjon som driver det", "project and an organisation that runs it",
            SDO.Project,
            (
                _c("project", TEXT, SDO.name, "Prosjektets navn", "The project's name"),
                _c("project_iri", IRI, None, "Prosjektets IRI", "The project's IRI"),
                _c("description", TEXT, SDO.description, "Hva prosjektet er, med intervjuets ord", "What the project is, in the interview's words"),
                *_pair("organisation", ~STF.project, "Organisasjonen som driver det", "The organisation that runs it", "Dens IRI", "Its IRI"),
                _c("mentioned_in_iris", IRI, ~SDO.mentions, "Intervjuene som nevner det (IRI-er)", "The interviews that mention it (IRIs)", list=True),
            ),
            ("""SELECT * WHERE { ?project_iri a schema:Project OPTIONAL { ?project_iri schema:name ?project }
                OPTIONAL { ?project_iri schema:description ?description }
                OPTIONAL { ?organisation_iri stf:project ?project_iri OPTIONAL { ?organisation_iri skos:prefLabel ?organisation } } }""",
             "SELECT ?project_iri ?mentioned_in_iris WHERE { ?project_iri a schema:Project . ?mentioned_in_iris a stf:Interview ; schema:mentions ?project_iri }"),
            key=("project_iri", "organisation_iri"), order=("project", "project_iri", "organisation"),
        ),
        Table(
            "collaborations", "samarbeid", "collaborations", "én organisasjon og én partner den samarbeider med",
            "organisation and a partner it works with", None,
            (
                _c("organisation", TEXT, SKOS.prefLabel, "Organisasjonen (oftest kommunen til den intervjuede)",
                   "The organisation (most often the interviewee's municipality)"),
                _c("organisation_iri", IRI, None, "Dens IRI", "Its IRI"),
                *_pair("partner", STF.collaboratesWith, "Partneren: en organisasjon, kommune, fylkeskommune eller en kategori (\"frivillige\")",
                       "The partner: an organisation, municipality, county municipality or a category (\"volunteers\")",
                       "Partnerens IRI", "The partner's IRI"),
                _c("partner_kind", TEXT, STF.collaboratesWith / RDF.type,
                   "Hva partneren er: municipality, county, organisation eller category",
                   "What the partner is: municipality, county, organisation or category"),
            ),
            ("""SELECT * WHERE { ?organisation_iri stf:collaboratesWith ?partner_iri
                OPTIONAL { ?organisation_iri skos:prefLabel ?organisation } OPTIONAL { ?partner_iri skos:prefLabel ?partner }
                OPTIONAL { VALUES (?_t ?partner_kind) { (stf:Municipality "municipality") (stf:CountyMunicipality "county")
                           (org:Organization "organisation") (skos:Concept "category") } ?partner_iri a ?_t } }""",),
            key=("organisation_iri", "partner_iri"), order=("organisation", "organisation_iri", "partner", "partner_iri"),
        ),
        # The links the build derives (graph/links.py): two organisations of the relay that name
        # the same partner organisations or projects, ends ordered by IRI.
        Table(
            "municipality_links", "kommuner knyttet sammen av felles partnere eller prosjekter",
            "municipalities linked by shared partners or projects",
            "to organisasjoner i stafetten som nevner de samme partnerne eller prosjektene (knutepunkter nevnt av flere enn 25 knytter ingen)",
            "two organisations of the relay that name the same partner organisations or projects (hubs named by more than 25 link none)",
            STF.MunicipalityLink,
            (
                *_pair("municipality_a", STF.firstMunicipality, "Den ene (den med minste IRI)", "One end (the one with the smaller IRI)",
                       "Dens IRI", "Its IRI"),
                *_pair("municipality_b", STF.secondMunicipality, "Den andre", "The other end", "Dens IRI", "Its IRI"),
                _c("shared", INTEGER, STF.sharedCount, "Hvor mange partnere og prosjekter de har felles", "How many partners and projects they share"),
                _c("through", TEXT, STF.linkedThrough / (SKOS.prefLabel | SDO.name), "De felles partnerne og prosjektene", "The shared partners and projects",
                   list=True),
                _c("through_iris", IRI, STF.linkedThrough, "Deres IRI-er", "Their IRIs", list=True),
                _c("link_iri", IRI, None, "Koblingens IRI", "The link's IRI"),
            ),
            ("""SELECT * WHERE { ?link_iri a stf:MunicipalityLink ; stf:firstMunicipality ?municipality_a_iri ; stf:secondMunicipality ?municipality_b_iri
                OPTIONAL { ?municipality_a_iri skos:prefLabel ?municipality_a } OPTIONAL { ?municipality_b_iri skos:prefLabel ?municipality_b }
                OPTIONAL { ?link_iri stf:sharedCount ?shared } }""",
             "SELECT ?link_iri ?through ?through_iris WHERE { ?link_iri a stf:MunicipalityLink ; stf:linkedThrough ?through_iris "
             "OPTIONAL { ?through_iris skos:prefLabel|schema:name ?through } }"),
            key=("link_iri",), order=("municipality_a", "municipality_b", "link_iri"),
        ),
        Table(
            "interview_topics", "behov, metoder og tema i intervjuene", "needs, methods and themes in the interviews",
            "ett intervju og ett behov, én metode eller ett tema det nevner", "interview and a need, method or theme it names", None,
            (
                _c("interview", TEXT, RDFS.label, "Intervjuets navn", "The interview's name"),
                _c("interview_iri", IRI, None, "Intervjuets IRI", "The interview's IRI"),
                *_pair("municipality", STF.organisation, "Kommunen (eller organisasjonen) til den intervjuede",
                       "The interviewee's municipality (or organisation)", "Dens IRI", "Its IRI"),
                _c("kind", TEXT, STF.need | STF.method | STF.theme, "need (behov), method (metode) eller theme (tema)",
                   "need, method or theme"),
                _c("topic", TEXT, (STF.need | STF.method | STF.theme) / SKOS.prefLabel, "Behovet, metoden eller temaet",
                   "The need, method or theme"),
                _c("topic_iri", IRI, STF.need | STF.method | STF.theme, "Dets IRI (i stafett-vokabularene)", "Its IRI (in the stafett vocabularies)"),
            ),
            ("""SELECT * WHERE { VALUES (?_p ?kind) { (stf:need "need") (stf:method "method") (stf:theme "theme") }
                ?interview_iri a stf:Interview ; ?_p ?topic_iri
                OPTIONAL { ?interview_iri rdfs:label ?interview } OPTIONAL { ?topic_iri skos:prefLabel ?topic }
                OPTIONAL { ?interview_iri stf:organisation ?municipality_iri OPTIONAL { ?municipality_iri skos:prefLabel ?municipality } } }""",),
            key=("interview_iri", "topic_iri"), order=("interview", "interview_iri", "kind", "topic", "topic_iri"),
        ),
        Table(
            "needs", "behov", "needs", "ett behov i stafett-vokabularet", "need in the stafett vocabulary", SKOS.Concept,
            (
                _c("need", TEXT, SKOS.prefLabel, "Behovet", "The need"),
                _c("need_iri", IRI, None, "Dets IRI", "Its IRI"),
                *_pair("themes", SKOS.broader, "Temaet/temaene behovet hører under", "The theme or themes it comes under",
                       "Deres IRI-er", "Their IRIs", list=True, iri="theme_iris"),
                _c(*_INTERVIEWS, ~STF.need, "Hvor mange intervjuer nevner det (hvilke: interview_topics.csv)",
                   "How many interviews name it (which: interview_topics.csv)"),
            ),
            (f"SELECT * WHERE {{ ?need_iri skos:inScheme <{scheme}needs> OPTIONAL {{ ?need_iri skos:prefLabel ?need }} }}",
             f"SELECT ?need_iri ?themes ?theme_iris WHERE {{ ?need_iri skos:inScheme <{scheme}needs> ; skos:broader ?theme_iris "
             f"OPTIONAL {{ ?theme_iris skos:prefLabel ?themes }} }}",
             _concepts("need", f"{scheme}needs", "need")),
            key=("need_iri",), order=("need", "need_iri"),
        ),
        Table(
            "methods", "metoder", "methods", "én metode i stafett-vokabularet", "method in the stafett vocabulary", SKOS.Concept,
            (
                _c("method", TEXT, SKOS.prefLabel, "Metoden", "The method"),
                _c("method_iri", IRI, None, "Dens IRI", "Its IRI"),
                _c(*_INTERVIEWS, ~STF.method, "Hvor mange intervjuer nevner den (hvilke: interview_topics.csv)",
                   "How many interviews name it (which: interview_topics.csv)"),
            ),
            (f"SELECT * WHERE {{ ?method_iri skos:inScheme <{scheme}methods> OPTIONAL {{ ?method_iri skos:prefLabel ?method }} }}",
             _concepts("method", f"{scheme}methods", "method")),
            key=("method_iri",), order=("method", "method_iri"),
        ),
        Table(
            "themes", "tema", "themes", "ett tema i stafett-vokabularet", "theme in the stafett vocabulary", SKOS.Concept,
            (
                _c("theme", TEXT, SKOS.prefLabel, "Temaet", "The theme"),
                _c("theme_iri", IRI, None, "Dets IRI", "Its IRI"),
                _c(*_INTERVIEWS, ~STF.theme, "Hvor mange intervjuer nevner det (hvilke: interview_topics.csv)",
                   "How many interviews name it (which: interview_topics.csv)"),
            ),
            (f"SELECT * WHERE {{ ?theme_iri skos:inScheme <{scheme}themes> OPTIONAL {{ ?theme_iri skos:prefLabel ?theme }} }}",
             _concepts("theme", f"{scheme}themes", "theme")),
            key=("theme_iri",), order=("theme", "theme_iri"),
        ),
        Table(
            "partner_categories", "partnerkategorier", "partner categories",
            "én kategori av partnere (\"frivillige organisasjoner\", \"næringslivet\", ...)",
            "kind of partner (\"voluntary organisations\", \"business\", ...)", SKOS.Concept,
            (
                _c("category", TEXT, SKOS.prefLabel, "Kategorien", "The category"),
                _c("category_iri", IRI, None, "Dens IRI", "Its IRI"),
                *_pair("filed_under", STF.partnerCategory, "Den videre kategorien den hører under", "The wider category it is filed under",
                       "Deres IRI-er", "Their IRIs", list=True, iri="filed_under_iris"),
                _c("organisations", INTEGER, ~STF.collaboratesWith, "Hvor mange organisasjoner nevner den som partner (hvilke: collaborations.csv)",
                   "How many organisations name it as a partner (which: collaborations.csv)"),
            ),
            (f"SELECT * WHERE {{ ?category_iri skos:inScheme <{scheme}partner-categories> OPTIONAL {{ ?category_iri skos:prefLabel ?category }} }}",
             f"SELECT ?category_iri ?filed_under ?filed_under_iris WHERE {{ ?category_iri skos:inScheme <{scheme}partner-categories> ; "
             f"stf:partnerCategory ?filed_under_iris OPTIONAL {{ ?filed_under_iris skos:prefLabel ?filed_under }} }}",
             f"SELECT ?category_iri (COUNT(DISTINCT ?_o) AS ?organisations) WHERE {{ ?category_iri skos:inScheme <{scheme}partner-categories> "
             f"OPTIONAL {{ ?_o stf:collaboratesWith ?category_iri }} }} GROUP BY ?category_iri"),
            key=("category_iri",), order=("category", "category_iri"),
        ),
    ]
