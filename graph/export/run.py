"""``export()``: snapshot -> quality gate -> files in a staging folder -> description -> rename.

Files appear in OUT only when everything was written: each is first written into a private
staging folder inside OUT (same file system), then renamed into place, ``dataset.ttl`` last. A
failed gate, an error or a signal leaves OUT as it was (and creates nothing when it did not exist).
"""

from __future__ import annotations

import gzip as gz
import hashlib
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import rdflib
import pyoxigraph as ox

from ..counts import GraphCounts, graph_counts
from ..iris import check_base
from . import gate, rdf
from .description import PLACEHOLDER_PUBLISHER, DistributionFile, Metadata, describe, export_date, licence_iri, stats
from .formats import (CONTEXT_FILE, CSV_DIR, CSVW_FILE, DESCRIPTION_FILE, DUMP_FILES, NETWORK_FILES, ONTOLOGY_HTML_FILE,
                      README_FILES, WORKBOOK_FILE, ExportFormat)
from .jsonld import build_context, context_document, write_jsonld
from .readme import About, render
from .snapshot import Snapshot, open_snapshot
from .tables import EXCEL, STANDARD

GZIP_LEVEL = 6
# N-Triples and N-Quads first: the other RDF formats are re-serialised from them (rdf.convert)
_ORDER = [ExportFormat.NT, ExportFormat.NQ, ExportFormat.TTL, ExportFormat.TRIG, ExportFormat.RDFXML, ExportFormat.JSONLD,
          ExportFormat.CSV, ExportFormat.XLSX, ExportFormat.GRAPHML, ExportFormat.GEXF, ExportFormat.ONTOLOGY_HTML]


@dataclass
class Written:
    path: str  # under OUT, posix
    kind: str  # a key of formats.KINDS
    gzip: bool = False
    title_nb: str = ""
    title_en: str = ""


@dataclass
class ExportSummary:
    out: Path
    files: list[DistributionFile] = field(default_factory=list)
    counts: GraphCounts | None = None
    seconds: dict[str, float] = field(default_factory=dict)  # per format
    validated: bool = False
    sanitised: bool = False
    described: bool = False
    warnings: list[str] = field(default_factory=list)

    # the totals, as the build names them
    triples = property(lambda self: self.counts.triples if self.counts else 0)
    quads = property(lambda self: self.counts.quads if self.counts else 0)
    graphs = property(lambda self: self.counts.graphs if self.counts else 0)

    def lines(self) -> list[str]:
        out = [f"exported to {self.out}"]
        for f in self.files:
            out.append(f"  {f.path:<36} {_size(f.size):>9}")
        if not self.described:
            return out
        for lang, name in README_FILES.items():
            out.append(f"  {name:<36} (what every file and column is; {'English' if lang == 'en' else 'Bokmål'})")
        out.append(f"  {DESCRIPTION_FILE:<36} (the catalogue: DCAT-AP-NO and VoID)")
        out.append(f"triples:        {self.counts.totals()}")
        out.append("validated against ontology/shapes.ttl" if self.validated else "not validated (--no-validate)")
        if self.sanitised:
            out.append("local file paths in stf:sourcePath exported as file names")
        out.append("seconds: " + ", ".join(f"{k} {v:.2f}" for k, v in self.seconds.items()))
        return out


def _size(n: int) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return str(n)


def export(store, out: str | Path, formats: list[ExportFormat], *, gzip: bool = False, download_base: str | None = None,
           meta: Metadata | None = None, validate: bool = True, workers: int | None = None, excel: bool = False) -> ExportSummary:
    """Export ``store`` (a :class:`~graph.store.GraphStore`) as ``formats`` into ``out``, with a
    README in English and Bokmål and the catalogue description (``dataset.ttl``).

    ``excel`` writes the CSV tables for Norwegian Excel (``;`` between fields, UTF-8 with a BOM)
    rather than the standard comma-separated UTF-8 that programs read.

    Raises :class:`~graph.export.gate.ExportRefused` (nothing written) when ``validate`` and the
    data breaks the shapes. The ontology page alone is documentation, not data: exported on its
    own it is written without validation or ``dataset.ttl``, so it can go straight into docs/."""
    meta = meta or Metadata()
    licence_iri(meta.licence)  # an unknown licence fails before any work
    out = Path(out)
    summary = ExportSummary(out)
    data = any(f is not ExportFormat.ONTOLOGY_HTML for f in formats)
    with open_snapshot(store) as snap:
        summary.sanitised = snap.sanitised
        if validate and data:
            started = time.perf_counter()
            violations = gate.check(snap)
            summary.seconds["validation"] = time.perf_counter() - started
            if violations:
                raise gate.ExportRefused(violations)
            summary.validated = True
        default_base = not download_base
        base = check_base(download_base) if download_base else f"{snap.base}download/"
        if not base.endswith("/"):
            base += "/"
        if data:
            if meta.placeholder_publisher:
                summary.warnings.append(
                    f"the publisher is still the placeholder '{PLACEHOLDER_PUBLISHER}' with no organisation number: "
                    "give --publisher NAME --publisher-id ORGNR (or publisher_id in --metadata) before a harvester reads dataset.ttl")
            if default_base:
                summary.warnings.append(
                    f"the download URLs are under the default {base}, where nothing is published yet: "
                    "give --base with the address OUT will be published at (README.md says what goes where)")
        out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".stafett-export-", dir=out))
        try:
            written: list[Written] = []
            cache: dict = {"excel": excel, "meta": meta}
            for fmt in sorted(formats, key=_ORDER.index):
                started = time.perf_counter()
                written.extend(write_format(snap, fmt, staging, gzip=gzip, workers=workers, cache=cache))
                summary.seconds[fmt.value] = time.perf_counter() - started
            summary.files = [_measure(staging, w) for w in written]
            extra: list[str] = []
            if data:
                started = time.perf_counter()
                summary.counts = graph_counts(snap.query, snap.base)
                about = About(meta=meta, counts=summary.counts, files=summary.files, tables=cache.get("tables"),
                              dialect=EXCEL if excel else STANDARD, base=snap.base, download_base=base,
                              default_download_base=default_base, date=export_date(), validated=summary.validated)
                for lang, name in README_FILES.items():
                    (staging / name).write_text(render(about, lang), encoding="utf-8")
                    extra.append(name)
                pages = [(name, lang) for lang, name in README_FILES.items()]
                graph = describe(base=snap.base, download_base=base, files=summary.files, stats=stats(snap), meta=meta,
                                 pages=pages)
                graph.serialize(staging / DESCRIPTION_FILE, format="turtle")
                extra.append(DESCRIPTION_FILE)
                summary.described = True
                summary.seconds["description"] = time.perf_counter() - started
            for rel in [w.path for w in written] + extra:
                target = out / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staging / rel, target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return summary


def write_format(snap: Snapshot, fmt: ExportFormat, folder: Path, *, gzip: bool = False, workers: int | None = None,
                 cache: dict | None = None) -> list[Written]:
    """Write one format's file(s) of the snapshot into ``folder``; what was written."""
    cache = {} if cache is None else cache
    if fmt.is_dump:
        name = DUMP_FILES[fmt.value] + (".gz" if gzip else "")
        # an N-Triples (union) or N-Quads (named graphs) file written before is read instead of the store
        source = cache.get(ExportFormat.NQ if fmt.quads else ExportFormat.NT)
        with _open(folder / name, gzip) as fh:
            if fmt is ExportFormat.JSONLD:
                if "context" not in cache:
                    cache["context"] = build_context(snap)
                if source is not None:
                    with _read(source) as src:
                        write_jsonld(snap, fh, cache["context"], ox.parse(src, format=ox.RdfFormat.N_TRIPLES))
                else:
                    write_jsonld(snap, fh, cache["context"])
            elif source is not None:
                rdf.convert(source, fmt, fh, base=snap.base)
            else:
                rdf.dump(snap, fmt, fh, workers=workers)
        if fmt in (ExportFormat.NT, ExportFormat.NQ):
            cache[fmt] = folder / name
        written = [Written(name, fmt.value, gzip)]
        if fmt is ExportFormat.JSONLD:
            (folder / CONTEXT_FILE).write_bytes(context_document(cache["context"]))
            written.append(Written(CONTEXT_FILE, "context"))
        return written
    if fmt in (ExportFormat.CSV, ExportFormat.XLSX):
        from .tables import TableSet

        if "tables" not in cache:  # the CSV files, the workbook and the README show the same rows
            cache["tables"] = TableSet.read(snap)
        ts = cache["tables"]
        meta = cache.get("meta") or Metadata()
        if fmt is ExportFormat.XLSX:
            from .workbook import write_workbook

            write_workbook(ts, folder / WORKBOOK_FILE, about=_workbook_about(ts, meta), date=export_date())
            return [Written(WORKBOOK_FILE, "xlsx")]
        from .readme import csvw_bytes
        from .tables import write_tables

        dialect = EXCEL if cache.get("excel") else STANDARD
        written = [Written(f"{CSV_DIR}/{w.path.name}", "csv", title_nb=f"Tabell: {w.table.title_nb}", title_en=f"Table: {w.table.title_en}")
                   for w in write_tables(ts, folder / CSV_DIR, dialect=dialect)]
        (folder / CSVW_FILE).write_bytes(csvw_bytes(ts, dialect, meta=meta))
        return written + [Written(CSVW_FILE, "csvw")]
    if fmt in (ExportFormat.GRAPHML, ExportFormat.GEXF):
        from .networks import network_graphs, write_network

        if "networks" not in cache:  # graphml and gexf draw the same graphs
            cache["networks"] = network_graphs(snap)
        graphs = cache["networks"]
        titles = {"network": ("Samarbeidsnettverket", "The collaboration network"), "relay": ("Stafetten", "The relay")}
        out = []
        for key, stem in NETWORK_FILES.items():
            path = write_network(graphs[key], folder / stem, fmt.value)
            nb, en = titles[key]
            out.append(Written(path.name, fmt.value, title_nb=f"{nb} ({fmt.value.upper()})", title_en=f"{en} ({fmt.value.upper()})"))
        return out
    from .ontology_html import render

    g = rdflib.Graph().parse(data=snap.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(snap.ontology_graph)), format="nt")
    (folder / ONTOLOGY_HTML_FILE).write_text(render(g), encoding="utf-8")
    return [Written(ONTOLOGY_HTML_FILE, "html")]


def _workbook_about(ts, meta: Metadata) -> list[tuple[str, str]]:
    _, page, lic_nb, lic_en = licence_iri(meta.licence)
    rows = [("Tittel / Title", f"{meta.title_nb} / {meta.title_en}"), ("Beskrivelse", meta.description_nb),
            ("Description", meta.description_en), ("Utgiver / Publisher", meta.publisher_name_nb + (f" ({meta.publisher_id})" if meta.publisher_id else "")),
            ("Lisens / Licence", f"{lic_nb} / {lic_en}: {page}"), ("Kreditering", meta.rights_nb), ("Credit", meta.rights_en),
            ("Ark / Sheets", "Kolonner - Columns: hva hver kolonne betyr / what every column means; "
                             "så én tabell per ark / then one table per sheet (som / as csv/*.csv)")]
    rows += [(f"{t.name}", f"{len(ts.rows[t.name])} rader / rows: hver rad er {t.row_nb} / one row per {t.row_en}") for t in ts.tables]
    return rows


def _read(path: Path):
    return gz.open(path, "rb") if path.suffix == ".gz" else open(path, "rb", buffering=1 << 20)


class _open:
    """A binary file for writing, gzipped (reproducibly: no name, no time) when asked."""

    def __init__(self, path: Path, gzip: bool):
        self.path, self.gzip = path, gzip

    def __enter__(self):
        self._raw = open(self.path, "wb", buffering=1 << 20)
        self._fh = gz.GzipFile(filename="", mode="wb", fileobj=self._raw, compresslevel=GZIP_LEVEL, mtime=0) if self.gzip else self._raw
        return self._fh

    def __exit__(self, *exc):
        if self.gzip:
            self._fh.close()
        self._raw.close()


def _measure(folder: Path, w: Written) -> DistributionFile:
    path = folder / w.path
    h = hashlib.sha1()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return DistributionFile(w.path, w.kind, path.stat().st_size, h.hexdigest(), w.gzip, w.title_nb, w.title_en)
