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

from ..iris import check_base
from . import gate, rdf
from .description import DistributionFile, Metadata, describe, licence_iri, stats
from .formats import (CONTEXT_FILE, CSV_DIR, DESCRIPTION_FILE, DUMP_FILES, NETWORK_FILES, ONTOLOGY_HTML_FILE,
                      ExportFormat)
from .jsonld import build_context, context_document, write_jsonld
from .snapshot import Snapshot, open_snapshot

GZIP_LEVEL = 6
# N-Triples and N-Quads first: the other RDF formats are re-serialised from them (rdf.convert)
_ORDER = [ExportFormat.NT, ExportFormat.NQ, ExportFormat.TTL, ExportFormat.TRIG, ExportFormat.RDFXML, ExportFormat.JSONLD,
          ExportFormat.CSV, ExportFormat.GRAPHML, ExportFormat.GEXF, ExportFormat.ONTOLOGY_HTML]


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
    triples: int = 0
    quads: int = 0
    graphs: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # per format
    validated: bool = False
    sanitised: bool = False
    described: bool = False

    def lines(self) -> list[str]:
        out = [f"exported to {self.out}"]
        for f in self.files:
            out.append(f"  {f.path:<36} {_size(f.size):>9}")
        if not self.described:
            return out
        out.append(f"  {DESCRIPTION_FILE:<36} (DCAT-AP-NO and VoID)")
        out.append(f"triples (union): {self.triples}; quads: {self.quads} in {self.graphs} named graphs")
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
           meta: Metadata | None = None, validate: bool = True, workers: int | None = None) -> ExportSummary:
    """Export ``store`` (a :class:`~graph.store.GraphStore`) as ``formats`` into ``out``.

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
        base = check_base(download_base) if download_base else f"{snap.base}download/"
        if not base.endswith("/"):
            base += "/"
        out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".stafett-export-", dir=out))
        try:
            written: list[Written] = []
            cache: dict = {}
            for fmt in sorted(formats, key=_ORDER.index):
                started = time.perf_counter()
                written.extend(write_format(snap, fmt, staging, gzip=gzip, workers=workers, cache=cache))
                summary.seconds[fmt.value] = time.perf_counter() - started
            summary.files = [_measure(staging, w) for w in written]
            if data:
                summary.triples, summary.quads, summary.graphs = snap.triples(), snap.quads(), len(snap.graphs)
                graph = describe(base=snap.base, download_base=base, files=summary.files, stats=stats(snap), meta=meta)
                graph.serialize(staging / DESCRIPTION_FILE, format="turtle")
                summary.described = True
            for rel in [w.path for w in written] + ([DESCRIPTION_FILE] if data else []):
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
    if fmt is ExportFormat.CSV:
        from .tables import TITLES_NB, write_tables

        paths = write_tables(snap, folder / CSV_DIR)
        return [Written(f"{CSV_DIR}/{p.name}", "csv", title_nb=f"Tabell: {TITLES_NB.get(p.stem, p.stem)}",
                        title_en=f"Table: {p.stem.replace('_', ' ')}") for p in paths]
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
