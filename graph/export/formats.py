"""The export formats, the files each writes, and how a catalogue describes those files.

Every file name here is part of the contract with partners: scripts rely on ``stafett.ttl``,
``csv/people.csv`` and so on, so names change only with a note in ``docs/export.md``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import pyoxigraph as ox

from ..errors import UnknownNameError

IANA = "https://www.iana.org/assignments/media-types/"
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
GZIP_MEDIA_TYPE = IANA + "application/gzip"


@dataclass(frozen=True)
class FileKind:
    """What a catalogue says about one kind of file: media type, EU file type, a title."""

    media_type: str  # IANA, e.g. "text/turtle"
    file_type: str  # EU file-type code, e.g. "RDF_TURTLE"
    title_nb: str
    title_en: str
    rdf: ox.RdfFormat | None = None  # set for the RDF dumps (void:dataDump, void:feature)

    @property
    def media_type_iri(self) -> str:
        return IANA + self.media_type

    @property
    def file_type_iri(self) -> str:
        return EU_FILE_TYPE + self.file_type


KINDS: dict[str, FileKind] = {
    "ttl": FileKind("text/turtle", "RDF_TURTLE", "Hele grafen i Turtle", "The whole graph in Turtle", ox.RdfFormat.TURTLE),
    "nt": FileKind("application/n-triples", "RDF_N_TRIPLES", "Hele grafen i N-Triples", "The whole graph in N-Triples", ox.RdfFormat.N_TRIPLES),
    "nq": FileKind("application/n-quads", "RDF_N_QUADS", "Alle grafer i N-Quads (én navngitt graf per intervju)",
                   "All graphs in N-Quads (one named graph per interview)", ox.RdfFormat.N_QUADS),
    "trig": FileKind("application/trig", "RDF_TRIG", "Alle grafer i TriG (én navngitt graf per intervju)",
                     "All graphs in TriG (one named graph per interview)", ox.RdfFormat.TRIG),
    "jsonld": FileKind("application/ld+json", "JSON_LD", "Hele grafen i JSON-LD", "The whole graph in JSON-LD", ox.RdfFormat.JSON_LD),
    "rdfxml": FileKind("application/rdf+xml", "RDF_XML", "Hele grafen i RDF/XML", "The whole graph in RDF/XML", ox.RdfFormat.RDF_XML),
    "context": FileKind("application/ld+json", "JSON_LD", "JSON-LD-kontekst (lesbare nøkler)", "JSON-LD context (readable keys)"),
    "csv": FileKind("text/csv", "CSV", "Tabell", "Table"),
    "csvw": FileKind("application/csvm+json", "JSON", "Databeskrivelse av tabellene (CSV on the Web)",
                     "Data dictionary of the tables (CSV on the Web)"),
    "xlsx": FileKind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX",
                     "Alle tabellene som Excel-arbeidsbok", "Every table as an Excel workbook"),
    "graphml": FileKind("application/xml", "XML", "Nettverk i GraphML", "Network in GraphML"),
    "gexf": FileKind("application/xml", "XML", "Nettverk i GEXF", "Network in GEXF"),
    "html": FileKind("text/html", "HTML", "Ontologien og vokabularene som nettside", "The ontology and vocabularies as a web page"),
}


class ExportFormat(enum.Enum):
    """What ``stafett export --format`` accepts (``all`` is every one of them)."""

    TTL = "ttl"
    NT = "nt"
    NQ = "nq"
    TRIG = "trig"
    JSONLD = "jsonld"
    RDFXML = "rdfxml"
    CSV = "csv"
    XLSX = "xlsx"
    GRAPHML = "graphml"
    GEXF = "gexf"
    ONTOLOGY_HTML = "ontology-html"

    @classmethod
    def from_name(cls, name: str) -> "ExportFormat":
        try:
            return cls(name.strip().lower())
        except ValueError:
            raise UnknownNameError("export format", name, [f.value for f in cls] + ["all"]) from None

    @classmethod
    def parse(cls, names) -> list["ExportFormat"]:
        """Formats from names (``--format ttl --format nq``, ``ttl,nq`` or ``all``), in a fixed order."""
        chosen: set[ExportFormat] = set()
        for raw in names:
            for name in str(raw).split(","):
                if not name.strip():
                    continue
                if name.strip().lower() == "all":
                    chosen.update(cls)
                else:
                    chosen.add(cls.from_name(name))
        return [f for f in cls if f in chosen]

    @property
    def is_dump(self) -> bool:
        """One RDF file of the whole graph (gzipped with ``--gzip``)."""
        return self.value in DUMP_FILES

    @property
    def quads(self) -> bool:
        return self in (ExportFormat.NQ, ExportFormat.TRIG)


#: The RDF dumps: format -> file name (``.gz`` is appended with ``--gzip``).
DUMP_FILES = {
    "ttl": "stafett.ttl",
    "nt": "stafett.nt",
    "nq": "stafett.nq",
    "trig": "stafett.trig",
    "jsonld": "stafett.jsonld",
    "rdfxml": "stafett.rdf",
}
CONTEXT_FILE = "context.jsonld"
DESCRIPTION_FILE = "dataset.ttl"
ONTOLOGY_HTML_FILE = "ontology.html"
NETWORK_FILES = {"network": "stafett-network", "relay": "stafett-relay"}
CSV_DIR = "csv"
CSVW_FILE = f"{CSV_DIR}/csv-metadata.json"  # where CSVW processors look for it beside the tables
WORKBOOK_FILE = "stafett.xlsx"
#: The generated READMEs, by language (each links to the other).
README_FILES = {"en": "README.md", "nb": "LESMEG.md"}
