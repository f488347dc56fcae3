"""``OUT/README.md`` (English), ``OUT/LESMEG.md`` (Bokmål) and ``OUT/csv/csv-metadata.json``.

What a partner reads first: what the export is, who publishes it under which licence, the counts
(the same figures, in the same words, as ``stafett build`` prints: ``graph/counts.py``), every
file with its format and purpose, the data dictionary of every table, and what must be published
where before a harvester reads the catalogue. The dictionary is rendered from the table
declarations in ``dictionary.py`` -- the ones that write the CSV headers -- so it cannot drift; the
same declarations give the CSV on the Web (W3C CSVW) metadata that programs read.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from rdflib.term import URIRef

from ..counts import GraphCounts
from .description import DistributionFile, Metadata, catalogue_iri, licence_iri
from .formats import CSV_DIR, DESCRIPTION_FILE, README_FILES, WORKBOOK_FILE
from .dictionary import IRI, SEP, Table, curie
from .tables import Dialect, TableSet

# Per kind of file: what it is for (nb, en).
PURPOSE = {
    "ttl": ("Hele grafen (unionen) for RDF-verktøy; lesbar, med prefikser", "The whole graph (the union) for RDF tools; readable, with prefixes"),
    "nt": ("Hele grafen, én tripel per linje: for strømming, grep og lasting i en triplestore",
           "The whole graph, one triple per line: for streaming, grep and loading into a triple store"),
    "nq": ("Alle navngitte grafer, én per intervju: hvem sa hva (proveniens)", "Every named graph, one per interview: who said what (provenance)"),
    "trig": ("De samme navngitte grafene, lesbare med prefikser", "The same named graphs, readable, with prefixes"),
    "jsonld": ("Hele grafen i JSON-LD med lesbare nøkler (se context.jsonld): for webutviklere",
               "The whole graph in JSON-LD with readable keys (see context.jsonld): for web developers"),
    "rdfxml": ("Hele grafen i RDF/XML, for eldre verktøy (Protégé, ...)", "The whole graph in RDF/XML, for older tools (Protégé, ...)"),
    "context": ("JSON-LD-konteksten alene, til bruk i egne dokumenter", "The JSON-LD context alone, to use in your own documents"),
    "csv": ("Tabell for regneark og skript (kolonnene er beskrevet nedenfor)", "A table for spreadsheets and scripts (columns described below)"),
    "csvw": ("Databeskrivelsen av tabellene som CSV on the Web (W3C), for programmer", "The tables' data dictionary as CSV on the Web (W3C), for programs"),
    "xlsx": ("Alle tabellene i én arbeidsbok, med databeskrivelsen: åpnes riktig i Excel uansett språkinnstilling",
             "Every table in one workbook, with the data dictionary: opens right in Excel whatever its locale"),
    "graphml": ("Nettverket for Gephi, yEd, Cytoscape, networkx", "The network for Gephi, yEd, Cytoscape, networkx"),
    "gexf": ("Nettverket for Gephi", "The network for Gephi"),
    "html": ("Ontologien og vokabularene som én nettside", "The ontology and vocabularies as one web page"),
}
FORMAT = {"ttl": "Turtle", "nt": "N-Triples", "nq": "N-Quads", "trig": "TriG", "jsonld": "JSON-LD", "rdfxml": "RDF/XML",
          "context": "JSON-LD", "csv": "CSV", "csvw": "CSVW (JSON)", "xlsx": "Excel (XLSX)", "graphml": "GraphML", "gexf": "GEXF",
          "html": "HTML"}

T = {
    "other": ("*In English: [README.md](README.md)*", "*På norsk: [LESMEG.md](LESMEG.md)*"),
    "exported": ("Eksportert {date} av `stafett export`.", "Exported on {date} by `stafett export`."),
    "who": ("Hvem og på hvilke vilkår", "Who, and on what terms"),
    "publisher": ("Utgiver", "Publisher"),
    "orgnr": ("organisasjonsnummer", "organisation number"),
    "no_orgnr": ("**ikke satt** (se «Publisering»)", "**not set** (see \"Publishing\")"),
    "licence": ("Lisens", "Licence"),
    "credit": ("Kreditering", "Credit"),
    "contact": ("Kontakt", "Contact"),
    "counts": ("Hva eksporten inneholder", "What is in it"),
    "interviews": ("intervjuer", "interviews"),
    "people": ("personer", "people"),
    "organisations": ("organisasjoner (andre enn kommuner og fylkeskommuner)", "organisations (other than municipalities and county municipalities)"),
    "municipalities": ("kommuner nevnt i intervjuene", "municipalities named in the interviews"),
    "triples": ("tripler", "triples"),
    "same_as_build": ("Tallene er de samme som `stafett build` skriver når grafen bygges (der: `triples: {line}`).",
                      "The figures are the ones `stafett build` prints when it builds the graph, in the same words."),
    "union": (
        "**Unionen og de navngitte grafene.** Alt et intervju sier ligger i intervjuets egen navngitte graf "
        "(`stafett.nq`, `stafett.trig`), referansedataene om kommuner og fylker i én, de avledede koblingene i én og "
        "ontologien i én. Unionen (`stafett.ttl`, `.nt`, `.rdf`, `.jsonld`, og standardgrafen i SPARQL) er alle disse "
        "slått sammen uten duplikater: en tripel som står i flere grafer (et kommunenavn i referansedataene og i hvert "
        "intervju som nevner kommunen) er én tripel i unionen, men én kvad per graf. Derfor har unionen færre tripler "
        "({triples}) enn de navngitte grafene har kvader ({quads}). Byggets manifest (hvilken lokal fil hver graf kom fra) "
        "eksporteres aldri og telles ikke.",
        "**The union and the named graphs.** Everything an interview says is in that interview's own named graph "
        "(`stafett.nq`, `stafett.trig`); the reference data on municipalities and counties is in one, the derived links in "
        "one and the ontology in one. The union (`stafett.ttl`, `.nt`, `.rdf`, `.jsonld`, and the default graph in SPARQL) "
        "is all of them merged without duplicates: a triple stated in several graphs (a municipality's name in the reference "
        "data and in every interview naming it) is one triple of the union but one quad per graph. That is why the union has "
        "fewer triples ({triples}) than the named graphs have quads ({quads}). The build's manifest (which local file each "
        "graph came from) is never exported and not counted."),
    "files": ("Filene", "The files"),
    "file": ("fil", "file"), "format": ("format", "format"), "size": ("størrelse", "size"), "for": ("til", "for"),
    "this_file": ("Denne filen", "This file"),
    "twin": ("Den samme teksten på engelsk", "The same text in Bokmål"),
    "description": ("Katalogbeskrivelsen (DCAT-AP-NO og VoID): for høstere som data.norge.no",
                    "The catalogue description (DCAT-AP-NO and VoID): for harvesters such as data.norge.no"),
    "tables": ("Tabellene", "The tables"),
    "dialect_standard": (
        "CSV-filene er kommaseparert UTF-8 uten BOM, med overskriftsrad og sitering etter RFC 4180: det skript, R, "
        "pandas og databaser leser. Norsk Excel åpner dem i én kolonne; åpne `{xlsx}` i stedet, bruk Data → Fra tekst/CSV "
        "(velg UTF-8 og komma), eller eksporter på nytt med `--excel`.",
        "The CSV files are comma-separated UTF-8 without a BOM, with a header row and RFC 4180 quoting: what scripts, R, "
        "pandas and databases read. Norwegian Excel opens them in one column; open `{xlsx}` instead, use Data → From "
        "Text/CSV (choose UTF-8 and comma), or export again with `--excel`."),
    "dialect_excel": (
        "CSV-filene er skrevet for norsk Excel (`stafett export --excel`): semikolon mellom feltene, UTF-8 med BOM (så æøå "
        "vises riktig), overskriftsrad og sitering etter RFC 4180. Skript leser dem med skilletegn `;` og koding "
        "`utf-8-sig`.",
        "The CSV files are written for Norwegian Excel (`stafett export --excel`): semicolons between fields, UTF-8 with a "
        "BOM (so æøå show right), a header row and RFC 4180 quoting. Scripts read them with delimiter `;` and encoding "
        "`utf-8-sig`."),
    "no_xlsx": ("arbeidsboken (`--format xlsx`)", "the workbook (`--format xlsx`)"),
    "zeros": (
        "Excel leser koder som `0301` (Oslos kommunenummer) som tallet 301 når en CSV-fil åpnes direkte; arbeidsboken "
        "beholder dem som tekst.",
        "Excel reads codes such as `0301` (Oslo's municipality number) as the number 301 when a CSV file is opened "
        "directly; the workbook keeps them as text."),
    "names": (
        "Hver ting er to kolonner: navnet (`person`, bokmål der det finnes) og IRI-en (`person_iri`), som tabellene kobles "
        "på og som slås opp i grafen. Der noe har flere verdier som telles eller filtreres på (en persons verv, et "
        "prosjekts organisasjoner, behovene et intervju nevner), har tabellen én rad per verdi. De få *liste*-kolonnene "
        "som er igjen er merket «liste» nedenfor og skiller verdiene med `{sep}` (en loddrett strek med mellomrom rundt); en liste med navn og listen med IRI-ene "
        "ved siden av har samme rekkefølge.",
        "Each thing is two columns: its name (`person`, Bokmål where there is one) and its IRI (`person_iri`), which the "
        "tables join on and which you look up in the graph. Where something has several values people count or filter by "
        "(a person's posts, a project's organisations, the needs an interview names), the table has one row per value. "
        "The few *list* columns left are marked \"list\" below and separate their values with `{sep}` (a vertical bar with a space either side); a list of names and "
        "the list of IRIs beside it are in the same order."),
    "formula": (
        "En celle som et regneark ville kjørt som en formel (den begynner med `=`, `+`, `-`, `@`, tab eller linjeskift og er "
        "ikke et tall) har fått en `'` foran i CSV-filene, så et navn fra et intervju ikke kan kjøre som en formel. I "
        "arbeidsboken er slike verdier tekstceller og står som de er.",
        "A cell a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or a line break and is not a "
        "number) has a `'` put in front in the CSV files, so that a name from an interview cannot run as a formula. In the "
        "workbook such values are text cells and stand as they are."),
    "rows": ("rader", "rows"), "one_row": ("Hver rad er", "One row per"),
    "column": ("kolonne", "column"), "type": ("type", "type"), "meaning": ("betydning", "meaning"),
    "term": ("term i ontologien", "ontology term"), "list": ("liste", "list"),
    "key_term": ("IRI-en til en {cls}", "the IRI of a {cls}"),
    "graph_term": ("navngitt graf", "named graph"),
    "term_note": (
        "Termen er egenskapen (eller SPARQL-egenskapsstien) verdien er lest gjennom, fra tingen raden beskriver; `^` er "
        "motsatt retning. Prefiksene er `stf:` = `https://w3id.org/stafett/def#` og de vanlige (`foaf:`, `org:`, `skos:`, "
        "`dct:`, `schema:`); se `ontology.html`.",
        "The term is the property (or SPARQL property path) the value is read through, from the thing the row describes; "
        "`^` is the inverse. The prefixes are `stf:` = `https://w3id.org/stafett/def#` and the usual ones (`foaf:`, `org:`, "
        "`skos:`, `dct:`, `schema:`); see `ontology.html`."),
    "publishing": ("Publisering", "Publishing"),
    "where": (
        "Katalogbeskrivelsen (`dataset.ttl`) sier at filene lastes ned fra `{dl}`: nedlastingsadressen til hver fil er "
        "`{dl}` + stien i denne mappen (for eksempel `{dl}csv/relay.csv`). Før katalogen meldes inn hos en høster:",
        "The catalogue description (`dataset.ttl`) says the files are downloaded from `{dl}`: each file's download URL is "
        "`{dl}` followed by its path in this folder (for example `{dl}csv/relay.csv`). Before the catalogue is registered "
        "with a harvester:"),
    "step_folder": ("Legg ut hele denne mappen som den er på `{dl}` (stiene må stemme).",
                    "Publish this whole folder as it is at `{dl}` (the paths must match)."),
    "step_harvest": (
        "Gi høsteren (data.norge.no) adressen til katalogen: `{dl}dataset.ttl`. Den leser katalogen `{cat}` og datasettet "
        "i den derfra.",
        "Give the harvester (data.norge.no) the address of the catalogue: `{dl}dataset.ttl`. It reads the catalogue "
        "`{cat}` and the dataset in it from there."),
    "step_iris": (
        "IRI-ene i grafen (`{base}id/...`) er tingenes navn; de kan slås opp der `{base}` betjenes (av `stafett serve` bak "
        "den adressen, eller en videresending dit).",
        "The IRIs in the graph (`{base}id/...`) are the things' names; they can be looked up where `{base}` is served (by "
        "`stafett serve` behind that address, or a redirect to it)."),
    "step_endpoint": ("SPARQL-endepunktet må svare på `{ep}`.", "The SPARQL endpoint must answer at `{ep}`."),
    "default_base": (
        "**Merk:** `{dl}` er standardadressen: ingenting ligger der før noen legger det der. Eksporter med `--base URL` for "
        "adressen mappen faktisk legges ut på.",
        "**Note:** `{dl}` is the default address: nothing is there until someone puts it there. Export with `--base URL` "
        "for the address the folder will really be published at."),
    "placeholder": (
        "**Merk:** utgiveren er fortsatt plassholderen «{name}» uten organisasjonsnummer. En høster som data.norge.no "
        "kjenner utgivere på organisasjonsnummeret: eksporter med `--publisher NAVN --publisher-id ORGNR`.",
        "**Note:** the publisher is still the placeholder \"{name}\" with no organisation number. A harvester such as "
        "data.norge.no knows publishers by their organisation number: export with `--publisher NAME --publisher-id ORGNR`."),
    "validate": ("Kontroll", "Checking"),
    "validated": ("Dataene er kontrollert mot stafett-ontologiens SHACL-former før eksporten.",
                  "The data was validated against the stafett ontology's SHACL shapes before the export."),
    "not_validated": ("Dataene er **ikke** kontrollert (`--no-validate`).", "The data was **not** validated (`--no-validate`)."),
    "checksums": ("Størrelse og SHA-1-sjekksum for hver fil står i `dataset.ttl`.",
                  "Each file's size and SHA-1 checksum are in `dataset.ttl`."),
}


@dataclass
class About:
    """What the README says, gathered by ``run.export``."""

    meta: Metadata
    counts: GraphCounts
    files: list[DistributionFile]
    tables: TableSet | None
    dialect: Dialect
    base: str  # the data's base (entity IRIs)
    download_base: str
    default_download_base: bool
    date: dt.date
    validated: bool
    described: bool = True
    warnings: list[str] = field(default_factory=list)


def render(about: About, lang: str) -> str:
    """README.md (``lang="en"``) or LESMEG.md (``"nb"``)."""
    i = 0 if lang == "nb" else 1

    def t(key: str, **kw) -> str:
        return T[key][i].format(**kw)

    meta, counts = about.meta, about.counts
    title = meta.title_nb if i == 0 else meta.title_en
    out = [f"# {title}", "", t("other"), "", (meta.description_nb if i == 0 else meta.description_en), "",
           t("exported", date=about.date.isoformat()), ""]

    _, page, lic_nb, lic_en = licence_iri(meta.licence)
    out += [f"## {t('who')}", ""]
    name = meta.publisher_name_nb if i == 0 else meta.publisher_name_en
    orgnr = f" ({t('orgnr')} {meta.publisher_id})" if meta.publisher_id else f" ({t('orgnr')}: {t('no_orgnr')})"
    out.append(f"- {t('publisher')}: {_md(name)}{orgnr}")
    out.append(f"- {t('licence')}: [{lic_nb if i == 0 else lic_en}]({page})")
    out.append(f"- {t('credit')}: {_md(meta.rights_nb if i == 0 else meta.rights_en)}")
    contact = meta.contact_email or meta.contact_url or meta.landing_page
    if contact:
        out.append(f"- {t('contact')}: {_md(meta.contact_name)}, {contact}")
    out.append("")

    out += [f"## {t('counts')}", "", f"| | {'antall' if i == 0 else 'count'} |", "|---|---:|"]
    for key in ("interviews", "people", "organisations", "municipalities"):
        out.append(f"| {t(key)} | {getattr(counts, key)} |")
    totals = counts.totals() if i else (f"{counts.triples} i unionen (standardgrafen); {counts.quads} kvader i "
                                        f"{counts.graphs} navngitte grafer")
    out.append(f"| {t('triples')} | {totals} |")
    out += ["", t("same_as_build", line=counts.totals()), "", t("union", triples=counts.triples, quads=counts.quads), ""]

    out += [f"## {t('files')}", "", f"| {t('file')} | {t('format')} | {t('size')} | {t('for')} |", "|---|---|---:|---|"]
    readme, twin = (README_FILES["nb"], README_FILES["en"]) if i == 0 else (README_FILES["en"], README_FILES["nb"])
    out.append(f"| `{readme}` | Markdown | | {t('this_file')} |")
    out.append(f"| `{twin}` | Markdown | | {t('twin')} |")
    if about.described:
        out.append(f"| `{DESCRIPTION_FILE}` | Turtle | | {t('description')} |")
    for f in about.files:
        what = _purpose(f, about.tables, i)
        fmt = FORMAT.get(f.kind_name, f.kind_name) + (" (gzip)" if f.gzip else "")
        out.append(f"| `{f.path}` | {fmt} | {_size(f.size)} | {_md(what)} |")
    out += ["", t("checksums") if about.described else "", ""]

    if about.tables is not None:
        out += _tables(about, i, t)

    if about.described:
        dl = about.download_base
        out += [f"## {t('publishing')}", "", t("where", dl=dl), "",
                f"1. {t('step_folder', dl=dl)}", f"2. {t('step_harvest', dl=dl, cat=catalogue_iri(about.base))}",
                f"3. {t('step_iris', base=about.base)}"]
        if meta.endpoint_url:
            out.append(f"4. {t('step_endpoint', ep=meta.endpoint_url)}")
        out.append("")
        if about.default_download_base:
            out += [t("default_base", dl=dl), ""]
        if not meta.publisher_id:
            out += [t("placeholder", name=name), ""]

    out += [f"## {t('validate')}", "", t("validated") if about.validated else t("not_validated"), "",
            "```bash", "pyshacl -s ontology/shapes.ttl stafett.ttl",
            "pyshacl -s ontology/external/dcat-ap-no-2.0-shapes.ttl dataset.ttl", "```", ""]
    return "\n".join(out)


def _purpose(f: DistributionFile, ts: TableSet | None, i: int) -> str:
    purpose = PURPOSE.get(f.kind_name, ("", ""))[i]
    if f.kind_name == "csv" and ts is not None:
        table = next((t for t in ts.tables if f.path == f"{CSV_DIR}/{t.name}.csv"), None)
        if table is not None:
            return (f"{table.title_nb[:1].upper()}{table.title_nb[1:]}: hver rad er {table.row_nb}" if i == 0
                    else f"{table.title_en[:1].upper()}{table.title_en[1:]}: one row per {table.row_en}")
    title = f.title_nb if i == 0 else f.title_en
    return f"{title}; {purpose[:1].lower()}{purpose[1:]}" if title and purpose else purpose or title


def _tables(about: About, i: int, t) -> list[str]:
    xlsx = any(f.kind_name == "xlsx" for f in about.files)
    dialect = "dialect_excel" if about.dialect.bom else "dialect_standard"
    out = [f"## {t('tables')}", "", t(dialect, xlsx=WORKBOOK_FILE if xlsx else t("no_xlsx")), ""]
    out += [t("zeros"), "", t("names", sep=SEP.strip()), "", t("formula"), "", t("term_note"), ""]
    for table in about.tables.tables:
        n = len(about.tables.rows[table.name])
        title = table.title_nb if i == 0 else table.title_en
        out += [f"### `{CSV_DIR}/{table.name}.csv`: {title} ({n} {t('rows')})", "",
                f"{t('one_row')} {table.row_nb if i == 0 else table.row_en}.", "",
                f"| {t('column')} | {t('type')} | {t('meaning')} | {t('term')} |", "|---|---|---|---|"]
        for c in table.columns:
            kind = (c.type.nb if i == 0 else c.type.en) + (f", {t('list')}" if c.list else "")
            out.append(f"| `{c.name}` | {kind} | {_md(c.nb if i == 0 else c.en)} | {term_text(table, c, i, t)} |")
        out.append("")
    return out


def term_text(table: Table, c, i: int = 1, t=None) -> str:
    """The dictionary's term cell for column ``c``."""
    text = c.term_text()
    if text:
        return f"`{_md(text)}`"
    if c.name in table.key and c.type is IRI and table.entity is not None:
        cls = f"`{curie(table.entity)}`"
        return T["key_term"][i].format(cls=cls)
    if c.name == "graph":
        return T["graph_term"][i]
    return ""


def _md(text: str) -> str:
    """Text for a Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def _size(n: int) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return str(n)


# -- CSV on the Web ------------------------------------------------------------------------------
def csvw(ts: TableSet, dialect: Dialect, *, meta: Metadata) -> dict:
    """The tables' metadata as CSV on the Web (``csv/csv-metadata.json``): every column's name,
    titles, meaning (nb, en), datatype, the property it is read through, the list separator."""
    def both(nb, en):
        return [{"@value": nb, "@language": "nb"}, {"@value": en, "@language": "en"}]

    doc = {
        "@context": "http://www.w3.org/ns/csvw",
        "dc:title": both(meta.title_nb, meta.title_en),
        "dc:license": {"@id": licence_iri(meta.licence)[1]},
        "dialect": {"delimiter": dialect.delimiter, "encoding": "utf-8", "header": True, "doubleQuote": True},
        "tables": [],
    }
    for table in ts.tables:
        columns = []
        for c in table.columns:
            col = {"name": c.name, "titles": c.name, "dc:description": both(c.nb, c.en), "datatype": c.type.csvw}
            if isinstance(c.term, URIRef):
                col["propertyUrl"] = str(c.term)
            elif c.term is not None:
                col["dc:source"] = c.term_text()
            if c.list:
                col["separator"] = SEP
            columns.append(col)
        doc["tables"].append({
            "url": f"{table.name}.csv",
            "dc:title": both(table.title_nb, table.title_en),
            "dc:description": both(f"Hver rad er {table.row_nb}.", f"One row per {table.row_en}."),
            "tableSchema": {"columns": columns, "primaryKey": list(table.key)},
        })
    return doc


def csvw_bytes(ts: TableSet, dialect: Dialect, *, meta: Metadata) -> bytes:
    return (json.dumps(csvw(ts, dialect, meta=meta), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
