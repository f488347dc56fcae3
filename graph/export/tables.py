"""CSV tables for people who do not use RDF: one per kind of entity, one of the relay.

Each table is read from the snapshot with SPARQL (the union graph), one row per entity, keyed by
its IRI (``id``) so tables join on ``*_id`` columns. A column that can hold several values
joins them, sorted, with `` | ``; a name or label column holds one value, Bokmål preferred.
UTF-8, a header row, RFC 4180 quoting (Python's ``csv``). A cell that a spreadsheet would take
for a formula (one starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, and not a
plain number) is written with a leading ``'``, so that a name taken from an interview cannot run
as a formula in Excel or LibreOffice when the file is opened.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..query import with_prefixes

SEP = " | "
#: Bokmål names of the tables, for their titles in the dataset description.
TITLES_NB = {
    "people": "personer", "memberships": "verv og stillinger", "municipalities": "kommuner",
    "county_municipalities": "fylkeskommuner", "organisations": "organisasjoner", "projects": "prosjekter",
    "interviews": "intervjuer", "partner_categories": "partnerkategorier", "needs": "behov", "methods": "metoder",
    "themes": "tema", "relay": "stafettoverleveringer", "collaborations": "samarbeid",
    "municipality_links": "kommuner knyttet sammen av felles partnere eller prosjekter",
}
LANG_RANK = {"nb": 0, "": 1, "no": 2, "nn": 3, "en": 4}


@dataclass(frozen=True)
class Table:
    """One CSV file: its columns, and the SELECTs (variables named as columns) that fill them."""

    name: str
    columns: tuple[str, ...]
    queries: tuple[str, ...]
    keys: int = 1  # how many leading columns identify a row
    single: frozenset[str] = field(default_factory=frozenset)  # columns holding one value


def _t(name, columns, *queries, keys=1, single=()) -> Table:
    cols = tuple(columns.split())
    return Table(name, cols, queries, keys, frozenset(single) | frozenset(cols[:keys]))


def tables(base: str) -> list[Table]:
    scheme = f"{base}id/scheme/"
    return [
        _t("people", "id name organisation_ids interview_ids stages",
           "SELECT ?id ?name WHERE { ?id a foaf:Person OPTIONAL { ?id foaf:name ?name } }",
           "SELECT ?id ?organisation_ids WHERE { ?id a foaf:Person ; org:memberOf ?organisation_ids }",
           "SELECT ?id ?interview_ids ?stages WHERE { ?interview_ids stf:interviewee ?id OPTIONAL { ?interview_ids stf:stage ?stages } }",
           single=("name",)),
        _t("memberships", "id person_id organisation_id role_id role title_as_written since stated_in_ids",
           """SELECT * WHERE { ?id a org:Membership ; org:member ?person_id
                OPTIONAL { ?id org:organization ?organisation_id }
                OPTIONAL { ?id org:role ?role_id OPTIONAL { ?role_id skos:prefLabel ?role } }
                OPTIONAL { ?id stf:titleAsWritten ?title_as_written }
                OPTIONAL { ?id org:memberDuring/time:hasBeginning/(time:inXSDgYear|time:inXSDgYearMonth|time:inXSDDate) ?since } }""",
           "SELECT ?id ?stated_in_ids WHERE { ?id a org:Membership ; stf:statedIn ?stated_in_ids }",
           single=("person_id", "organisation_id", "role_id", "role", "since")),
        _t("municipalities", "id name kommunenummer kommunenummer_all county_id wikidata valid_to successor_ids interview_ids",
           """SELECT * WHERE { ?id a stf:Municipality OPTIONAL { ?id skos:prefLabel ?name }
                OPTIONAL { ?id stf:currentKommunenummer ?kommunenummer } OPTIONAL { ?id stf:county ?county_id }
                OPTIONAL { ?id owl:sameAs ?wikidata } OPTIONAL { ?id stf:validTo ?valid_to } }""",
           "SELECT ?id ?kommunenummer_all WHERE { ?id a stf:Municipality ; stf:kommunenummer ?kommunenummer_all }",
           "SELECT ?id ?successor_ids WHERE { ?id a stf:Municipality ; stf:successor ?successor_ids }",
           "SELECT ?id ?interview_ids WHERE { ?id a stf:Municipality . ?interview_ids stf:organisation ?id }",
           single=("name", "kommunenummer", "county_id", "wikidata", "valid_to")),
        _t("county_municipalities", "id name fylkesnummer wikidata valid_from valid_to successor_ids",
           """SELECT * WHERE { ?id a stf:CountyMunicipality OPTIONAL { ?id skos:prefLabel ?name }
                OPTIONAL { ?id stf:fylkesnummer ?fylkesnummer } OPTIONAL { ?id owl:sameAs ?wikidata }
                OPTIONAL { ?id stf:validFrom ?valid_from } OPTIONAL { ?id stf:validTo ?valid_to } }""",
           "SELECT ?id ?successor_ids WHERE { ?id a stf:CountyMunicipality ; stf:successor ?successor_ids }",
           single=("name", "fylkesnummer", "wikidata", "valid_from", "valid_to")),
        _t("organisations", "id name type_ids country",
           """SELECT * WHERE { ?id a org:Organization FILTER NOT EXISTS { ?id a stf:Municipality }
                FILTER NOT EXISTS { ?id a stf:CountyMunicipality }
                OPTIONAL { ?id skos:prefLabel ?name } OPTIONAL { ?id dct:type ?type_ids } OPTIONAL { ?id stf:country ?country } }""",
           single=("name", "country")),
        _t("projects", "id name description organisation_ids interview_ids",
           "SELECT * WHERE { ?id a schema:Project OPTIONAL { ?id schema:name ?name } OPTIONAL { ?id schema:description ?description } }",
           "SELECT ?id ?organisation_ids WHERE { ?organisation_ids stf:project ?id }",
           "SELECT ?id ?interview_ids WHERE { ?id a schema:Project . ?interview_ids a stf:Interview ; schema:mentions ?id }",
           single=("name",)),
        _t("interviews", "id graph label title interviewee_id organisation_id stage published language source_url source_file series",
           """SELECT * WHERE { GRAPH ?graph { ?id a stf:Interview } ?id stf:interviewee ?interviewee_id
                OPTIONAL { ?id rdfs:label ?label } OPTIONAL { ?id dct:title ?title }
                OPTIONAL { ?id stf:organisation ?organisation_id } OPTIONAL { ?id stf:stage ?stage }
                OPTIONAL { ?id dct:issued ?published } OPTIONAL { ?id dct:language ?language }
                OPTIONAL { ?id dct:source ?source_url } OPTIONAL { ?id stf:sourcePath ?source_file }
                OPTIONAL { ?id stf:series ?series } }""",
           single=("graph", "label", "title", "interviewee_id", "organisation_id", "stage", "published", "language", "series")),
        _t("partner_categories", "id label scheme_id filed_under_ids organisation_ids",
           f"""SELECT * WHERE {{ ?id skos:inScheme ?scheme_id FILTER(?scheme_id = <{scheme}partner-categories>)
                OPTIONAL {{ ?id skos:prefLabel ?label }} OPTIONAL {{ ?id stf:partnerCategory ?filed_under_ids }} }}""",
           f"SELECT ?id ?organisation_ids WHERE {{ ?id skos:inScheme <{scheme}partner-categories> . ?organisation_ids stf:collaboratesWith ?id }}",
           single=("label", "scheme_id")),
        _t("needs", "id label theme_ids interview_ids",
           f"SELECT * WHERE {{ ?id skos:inScheme <{scheme}needs> OPTIONAL {{ ?id skos:prefLabel ?label }} OPTIONAL {{ ?id skos:broader ?theme_ids }} }}",
           f"SELECT ?id ?interview_ids WHERE {{ ?id skos:inScheme <{scheme}needs> . ?interview_ids stf:need ?id }}",
           single=("label",)),
        _t("methods", "id label interview_ids",
           f"SELECT * WHERE {{ ?id skos:inScheme <{scheme}methods> OPTIONAL {{ ?id skos:prefLabel ?label }} }}",
           f"SELECT ?id ?interview_ids WHERE {{ ?id skos:inScheme <{scheme}methods> . ?interview_ids stf:method ?id }}",
           single=("label",)),
        _t("themes", "id label interview_ids",
           f"SELECT * WHERE {{ ?id skos:inScheme <{scheme}themes> OPTIONAL {{ ?id skos:prefLabel ?label }} }}",
           f"SELECT ?id ?interview_ids WHERE {{ ?id skos:inScheme <{scheme}themes> . ?interview_ids stf:theme ?id }}",
           single=("label",)),
        _t("relay", "id giver_id giver_name receiver_id receiver_name stage announced_in_ids",
           """SELECT * WHERE { ?id a stf:BatonPass ; stf:giver ?giver_id ; stf:receiver ?receiver_id
                OPTIONAL { ?giver_id foaf:name ?giver_name } OPTIONAL { ?receiver_id foaf:name ?receiver_name }
                OPTIONAL { ?id stf:stage ?stage } OPTIONAL { ?id stf:announcedIn ?announced_in_ids } }""",
           single=("giver_id", "giver_name", "receiver_id", "receiver_name", "stage")),
        _t("collaborations", "organisation_id partner_id organisation_name partner_name partner_kind",
           """SELECT * WHERE { ?organisation_id stf:collaboratesWith ?partner_id
                OPTIONAL { ?organisation_id skos:prefLabel ?organisation_name } OPTIONAL { ?partner_id skos:prefLabel ?partner_name }
                OPTIONAL { VALUES (?t ?partner_kind) { (stf:Municipality "municipality") (stf:CountyMunicipality "county")
                           (org:Organization "organisation") (skos:Concept "category") } ?partner_id a ?t } }""",
           keys=2, single=("organisation_name", "partner_name")),
        # The links the build derives (graph/links.py): two organisations of the relay that name
        # the same partner organisations or projects, ends ordered by IRI.
        _t("municipality_links",
           "id municipality_a_id municipality_a_name municipality_b_id municipality_b_name shared through_names through_ids",
           """SELECT * WHERE { ?id a stf:MunicipalityLink ; stf:firstMunicipality ?municipality_a_id ; stf:secondMunicipality ?municipality_b_id
                OPTIONAL { ?municipality_a_id skos:prefLabel ?municipality_a_name } OPTIONAL { ?municipality_b_id skos:prefLabel ?municipality_b_name }
                OPTIONAL { ?id stf:sharedCount ?shared } OPTIONAL { ?id stf:linkedThroughNames ?through_names } }""",
           "SELECT ?id ?through_ids WHERE { ?id a stf:MunicipalityLink ; stf:linkedThrough ?through_ids }",
           single=("municipality_a_id", "municipality_a_name", "municipality_b_id", "municipality_b_name", "shared", "through_names")),
    ]


def rows(snap, table: Table) -> list[list[str]]:
    """The rows of ``table``, sorted by key."""
    merged: dict[tuple, dict[str, object]] = {}
    key_cols = table.columns[: table.keys]
    for sparql in table.queries:
        result = snap.query(with_prefixes(sparql))
        names = [v.value for v in result.variables]
        for sol in result:
            key = tuple(sol[c].value if sol[c] is not None else "" for c in key_cols)
            row = merged.setdefault(key, {})
            for col in names:
                term = sol[col]
                if col not in table.columns or col in key_cols or term is None:
                    continue
                if col in table.single:
                    rank = LANG_RANK.get(getattr(term, "language", None) or "", 9)
                    if col not in row or rank < row[col][0]:
                        row[col] = (rank, term.value)
                    elif rank == row[col][0] and term.value < row[col][1]:
                        row[col] = (rank, term.value)  # a tie: the smallest, so output is stable
                else:
                    row.setdefault(col, set()).add(term.value)
    out = []
    for key in sorted(merged):
        row = merged[key]
        cells = list(key)
        for col in table.columns[table.keys :]:
            v = row.get(col)
            cells.append("" if v is None else v[1] if isinstance(v, tuple) else SEP.join(sorted(v)))
        out.append(cells)
    return out


_FORMULA = re.compile(r"[=+\-@\t\r]")
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def spreadsheet_safe(cell: str) -> str:
    """``cell``, with a leading ``'`` when a spreadsheet would read it as a formula.

    >>> [spreadsheet_safe(c) for c in ["Hå", "=1+1", "@SUM(A1)", "-3", "- a list"]]
    ['Hå', "'=1+1", "'@SUM(A1)", '-3', "'- a list"]
    """
    if _FORMULA.match(cell) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def write_tables(snap, folder: Path) -> list[Path]:
    """Every table as ``folder/<name>.csv``; the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in tables(snap.base):
        path = folder / f"{table.name}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(table.columns)
            w.writerows([[spreadsheet_safe(cell) for cell in row] for row in rows(snap, table)])
        written.append(path)
    return written
