"""Linked-data export for partners: every RDF format, CSV tables, networks, an HTML reference of
the ontology, and a DCAT-AP-NO/VoID description of it all, gated by the SHACL shapes.

``export(store, out, formats, ...)`` does it all (``stafett export`` calls it); see
``docs/export.md`` for the files and what partners can rely on.

- ``formats`` -- the formats and file names;
- ``snapshot`` -- the consistent, publishable view of the store (no manifest, no local paths);
- ``gate`` -- SHACL validation before anything is written;
- ``rdf``, ``jsonld``, ``tables``, ``workbook``, ``networks``, ``ontology_html`` -- the writers;
- ``dictionary`` -- the tables declared once (columns, types, terms, meanings), which ``readme``
  renders as the README (nb, en) and CSVW metadata;
- ``description`` -- ``dataset.ttl`` (a DCAT-AP-NO catalogue, and VoID);
- ``run`` -- the orchestration, with atomic renames.
"""

from .description import DEFAULT_LICENCE, LICENCES, Metadata
from .formats import ExportFormat
from .gate import ExportRefused
from .run import ExportSummary, export

__all__ = ["export", "ExportFormat", "ExportSummary", "ExportRefused", "Metadata", "LICENCES", "DEFAULT_LICENCE"]
