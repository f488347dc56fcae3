"""Paths -> records -> named graphs -> SHACL -> store.

``build()`` reads interview records (YAML/JSON) and interview texts (txt, md, html; extracted on
the fly), maps each to its named graph, validates the graphs against ``ontology/shapes.ttl``,
and loads them with the ontology and the reference data into a new store generation, which it
then swaps in. Nothing is written when anything is wrong, unless ``keep_going`` asks to build
the good inputs only. ``update=True`` replaces only the graphs of the given paths.

Large builds run extraction, mapping and validation in worker processes (one per core), in
chunks; the main process loads what they return.
"""

from __future__ import annotations

import hashlib
import os
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Callable, Iterable, Iterator

import multiprocessing

import pyoxigraph as ox
from oxrdflib._converter import to_ox

from .extract.decode import MAX_BYTES as MAX_TEXT_BYTES
from .errors import InputError, RecordError, StafettError, ValidationError
from .faults import fault_point
from .iris import DEFAULT_BASE, Minter
from .links import build_links, items_in, refresh_links
from .mapping import MappedInterview, map_record
from . import shacl
from .namespaces import PROV, STF
from .records import RECORD_SUFFIXES, read_record
from .reference import load_reference, reference_triples
from .resources import bundled_records_dir, ontology_dir
from .vocab import VOCAB_FILES, load_vocabulary

TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")
PARALLEL_MIN = 64  # below this many inputs, one process is faster than starting workers
CHUNK = 200
PARALLEL_VALIDATION_MIN = 1_000_000  # quads; below this, starting processes costs more than it saves


class BuildError(StafettError):
    """Some inputs cannot be built; one line per problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        more = "" if len(problems) <= 50 else f"\n... and {len(problems) - 50} more"
        super().__init__("\n".join(problems[:50]) + more + "\nnothing was written; fix the inputs, or build the good ones only with --keep-going")


@dataclass(frozen=True)
class Input:
    path: Path  # absolute
    kind: str  # "record" | "text"
    order: int


@dataclass
class Built:
    """One input, mapped: what the loader needs."""

    input: Input
    key: str
    graph: str
    sha256: str | None
    nquads: bytes
    ntriples: bytes
    triples: int
    warnings: list[str]
    text_sha256: str | None = None  # of the decoded, normalised text (texts only)


@dataclass
class BuildSummary:
    interviews: int = 0
    people: int = 0
    organisations: int = 0
    municipalities: int = 0
    triples: int = 0
    seconds: float = 0.0
    replaced: int = 0
    removed: int = 0
    update: bool = False
    warnings: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    store: str = ""

    def lines(self) -> list[str]:
        if self.update:
            return [f"updated:        {self.replaced} graph(s) replaced, {self.removed} removed", f"seconds:        {self.seconds:.2f}"]
        out = [
            f"interviews:     {self.interviews}",
            f"people:         {self.people}",
            f"organisations:  {self.organisations}",
            f"municipalities: {self.municipalities}",
            f"triples:        {self.triples}",
            f"seconds:        {self.seconds:.2f}",
        ]
        return out


# -- inputs ---------------------------------------------------------------------------------------
def collect_inputs(paths: Iterable[str | Path], *, allow_missing: bool = False) -> tuple[list[Input], list[Path]]:
    """The record and text files named by ``paths`` (folders are walked, sorted), and the paths
    that do not exist (an error unless ``allow_missing``)."""
    found: list[Input] = []
    missing: list[Path] = []
    seen: set[Path] = set()

    def add(p: Path) -> None:
        suffix = p.suffix.lower()
        kind = "record" if suffix in RECORD_SUFFIXES else "text" if suffix in TEXT_SUFFIXES else None
        if kind and p not in seen:
            seen.add(p)
            found.append(Input(p, kind, len(found)))

    for raw in paths:
        p = Path(raw).absolute()
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and not any(part.startswith(".") for part in child.relative_to(p).parts):
                    add(child)
        elif p.is_file():
            suffix = p.suffix.lower()
            if suffix not in RECORD_SUFFIXES + TEXT_SUFFIXES:
                raise InputError(str(raw), f"not a record ({', '.join(RECORD_SUFFIXES)}) or an interview text ({', '.join(TEXT_SUFFIXES)})")
            add(p)
        else:
            missing.append(p)
    if missing and not allow_missing:
        raise InputError(str(missing[0]), "no such file or folder")
    return found, missing


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# -- per-process context ------------------------------------------------------------------------
@cache
def _context(base: str):
    return Minter(base), load_reference(), load_vocabulary()


def _read(inp: Input) -> tuple[dict, str | None]:
    """The record of one input, and its source text when at hand (for quotes)."""
    if inp.kind == "record":
        return read_record(inp.path), None
    from .extract import extract_source

    return extract_source(inp.path)


def _process(inp: Input, base: str, texts: dict[str, Path]) -> tuple[Built, MappedInterview]:
    minter, reference, vocab = _context(base)
    record, text = _read(inp)
    if inp.kind == "text":
        # The file's name, not its absolute path: the same in a full build and an update, and
        # nothing of the builder's machine leaks into the graph.
        record["source"]["path"] = inp.path.name
    sha = (record.get("source") or {}).get("sha256")
    if text is None and sha and sha in texts:  # a reviewed record of a text we also have
        try:
            from .extract import read_source

            text, _ = read_source(texts[sha])
        except StafettError:
            text = None
    mapped = map_record(record, minter=minter, reference=reference, vocab=vocab, text=text)
    # The same text saved in two encodings (UTF-8 and Latin-1, say) is one interview.
    text_sha = hashlib.sha256(text.encode("utf-8")).hexdigest() if inp.kind == "text" and text is not None else None
    return Built(inp, mapped.key, mapped.graph, sha, b"", b"", len(mapped.triples), mapped.warnings, text_sha), mapped


def _serialise(mapped: MappedInterview) -> tuple[bytes, bytes]:
    """The interview's graph as N-Quads (its named graph) and N-Triples (for the union graph)."""
    g = ox.NamedNode(mapped.graph)
    nq = ox.serialize([ox.Quad(t.subject, t.predicate, t.object, g) for t in mapped.triples], format=ox.RdfFormat.N_QUADS)
    nt = ox.serialize(mapped.triples, format=ox.RdfFormat.N_TRIPLES)
    return nq, nt


def process_chunk(inputs: list[Input], base: str, texts: dict[str, Path]) -> tuple[list[Built], list[str]]:
    """Read (or extract) and map a chunk of inputs: (built, problems). Runs in workers."""
    built, problems = [], []
    keys: set[str] = set()
    for inp in inputs:
        try:
            b, mapped = _process(inp, base, texts)
        except RecordError as exc:
            problems.extend(f"{p}:{f}: {m}" for p, f, m in exc.problems)
            continue
        except InputError as exc:
            problems.append(str(exc))
            continue
        fault_point("extract")
        if b.key not in keys:  # the same interview twice: build() keeps the first
            keys.add(b.key)
            b.nquads, b.ntriples = _serialise(mapped)
        built.append(b)
    return built, problems


# -- the static graphs ----------------------------------------------------------------------------
def ontology_turtle(minter: Minter) -> list[str]:
    """The ontology and vocabulary files, rebased to the build's base."""
    files = [ontology_dir() / "stafett.ttl", *(ontology_dir() / "vocab" / f"{n}.ttl" for n in VOCAB_FILES)]
    return [minter.rebase(f.read_text(encoding="utf-8")) for f in files]


def reference_quads(minter: Minter) -> list[ox.Quad]:
    g = ox.NamedNode(minter.reference_graph)
    return [ox.Quad(to_ox(s), to_ox(p), to_ox(o), g) for s, p, o in reference_triples(load_reference(), minter)]


# -- the build manifest: which file each interview graph came from (for --update) -----------------
def manifest_sources(built: Iterable[Built]) -> dict[str, str]:
    """Interview graph IRI -> the ``file:`` URI of the input it was built from. Kept beside the
    store, never in it (``graph/store.py``): it holds this machine's absolute paths."""
    return {b.graph: b.input.path.as_uri() for b in built}


def read_build_manifest(writer, minter: Minter) -> dict[str, str]:
    """The manifest an update starts from. A store built before the manifest left the graph has
    it in ``{base}graph/manifest``: it is read from there, and that graph is dropped."""
    sources = writer.manifest()
    if sources is not None:
        return sources
    legacy = minter.manifest_graph
    if legacy not in writer.graph_names():
        return {}
    q = f"SELECT ?g ?f WHERE {{ GRAPH <{legacy}> {{ ?g <{PROV.wasDerivedFrom}> ?f }} }}"
    sources = {row["g"].value: row["f"].value for row in writer.query(q)}
    writer.replace_graphs([legacy], b"")
    return sources


# -- the build ------------------------------------------------------------------------------------
def _prepare(inputs: list[Input]) -> tuple[list[Input], dict[str, Path], list[str]]:
    """Drop texts that a reviewed record covers (same sha256) and duplicate texts."""
    texts: dict[str, Path] = {}
    notes: list[str] = []
    record_shas: set[str] = set()
    for inp in inputs:
        if inp.kind == "record":
            try:
                sha = (read_record(inp.path).get("source") or {}).get("sha256")
            except RecordError:
                continue  # reported when it is processed
            if sha:
                record_shas.add(sha)
    keep: list[Input] = []
    for inp in inputs:
        if inp.kind == "text":
            try:
                if inp.path.stat().st_size > MAX_TEXT_BYTES:
                    keep.append(inp)  # refused on its size when it is processed, unread
                    continue
                sha = sha256_file(inp.path)
            except OSError:
                keep.append(inp)  # reported when it is processed
                continue
            if sha in texts:
                notes.append(f"{inp.path}: the same text as {texts[sha]}; built once")
                continue
            texts[sha] = inp.path
            if sha in record_shas:
                notes.append(f"{inp.path}: a reviewed record of this text exists; the record is used")
                continue
        keep.append(inp)
    return keep, texts, notes


def _run(inputs: list[Input], base: str, texts: dict[str, Path], workers: int, progress) -> Iterator[tuple[list[Built], list[str]]]:
    chunks = [inputs[i : i + CHUNK] for i in range(0, len(inputs), CHUNK)] if len(inputs) >= PARALLEL_MIN else [inputs]
    if workers <= 1 or len(chunks) == 1:
        for ch in chunks:
            yield process_chunk(ch, base, texts)
            if progress:
                progress(len(ch))
        return
    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_die_with_parent, initargs=(os.getpid(),)) as pool:
        futures = [pool.submit(process_chunk, ch, base, texts) for ch in chunks]
        for fut, ch in zip(futures, chunks):
            try:
                result = fut.result()
            except BrokenProcessPool:
                raise _worker_died(f"extracting {ch[0].path.name} ... {ch[-1].path.name}") from None
            yield result
            if progress:
                progress(len(ch))


def _die_with_parent(parent: int) -> None:
    """Start of a build worker: end with the build (Linux), instead of waiting forever as an
    orphan when the build is killed."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the build died before the line above
        os._exit(1)


def _worker_died(doing: str) -> StafettError:
    """A worker process was killed (the OOM killer, a signal): one line, not a traceback."""
    return StafettError(f"a build worker process died (killed, or out of memory) while {doing}; "
                        "nothing was written. Try again, or with --workers 1")


def build(
    paths: Iterable[str | Path] | None = None,
    *,
    store_dir: str | Path | None = None,
    endpoint: str | None = None,
    base: str = DEFAULT_BASE,
    update: bool = False,
    keep_going: bool = False,
    validate: bool = True,
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
    wait: float = 0.0,
) -> BuildSummary:
    """Build (or with ``update``, update) the graph from ``paths`` (default: the bundled records).

    ``wait`` is how many seconds to wait for another build of the same store to finish
    (default: fail at once, naming it)."""
    from .store import open_writer

    started = time.perf_counter()
    minter = Minter(base)
    paths = list(paths) if paths else [bundled_records_dir()]
    inputs, missing = collect_inputs(paths, allow_missing=update)
    inputs, texts, notes = _prepare(inputs)
    if on_total:
        on_total(len(inputs))
    workers = workers or min(2, os.cpu_count() or 1)

    built: dict[str, Built] = {}
    texts_built: dict[str, Built] = {}
    problems: list[str] = []
    summary = BuildSummary(warnings=list(notes), update=update)

    def accept(chunk: list[Built]) -> list[Built]:
        """The chunk's interviews not seen before (chunks arrive in input order: first wins)."""
        fresh = []
        for b in chunk:
            prev = built.get(b.key)
            if prev is not None:
                summary.warnings.append(f"{b.input.path}: the same interview as {prev.input.path} (same interviewee and stage); built once from the first")
                continue
            same_text = texts_built.get(b.text_sha256) if b.text_sha256 else None
            if same_text is not None:
                summary.warnings.append(f"{b.input.path}: the same text as {same_text.input.path} in another encoding; built once from the first")
                continue
            if b.text_sha256:
                texts_built[b.text_sha256] = b
            built[b.key] = b
            fresh.append(b)
            summary.warnings.extend(f"{b.input.path}: {w}" for w in b.warnings)
        return fresh

    # The writer (and its lock) comes first, so a second build fails before doing any work, and
    # chunks are loaded as the workers finish them, while the next ones are being extracted.
    with open_writer(store_dir, endpoint, incremental=update, wait=wait) as writer:
        if not update:
            for text in ontology_turtle(minter):
                writer.load(text, fmt=ox.RdfFormat.TURTLE, graph=minter.ontology_graph)
            writer.load_quads(reference_quads(minter))
        for chunk_built, chunk_problems in _run(inputs, minter.base, texts, workers, progress):
            problems.extend(chunk_problems)
            fresh = accept(chunk_built)
            if update or (problems and not keep_going):
                continue  # an update applies all at once; a failing build stops loading
            if fresh:
                writer.load_graphs(b"".join(b.nquads for b in fresh), b"".join(b.ntriples for b in fresh))
                for b in fresh:
                    b.nquads = b.ntriples = b""
                fault_point("load")
        if problems and not keep_going:
            raise BuildError(problems)
        summary.skipped = problems
        if update:
            summary.replaced, summary.removed, changed = _apply_update(writer, minter, built, paths, missing)
        else:
            changed = None
            build_links(writer, minter)
            writer.set_manifest(manifest_sources(built.values()))
        if hasattr(writer, "seal"):
            generation = writer.seal()
        else:
            generation = None
        fault_point("validate")
        if validate:
            violations = _validate(writer, generation, changed, workers)
            if violations:
                raise ValidationError(violations)
        if not update:  # an update reports what it replaced; counting the whole store costs more than the update
            _count(writer, minter, summary)
        writer.commit()
        summary.store = writer.describe()
    summary.seconds = time.perf_counter() - started
    return summary


def _validate(writer, generation: Path | None, changed: list[str] | None, workers: int) -> list[dict]:
    """SHACL violations of the new graph: in worker processes, each with a share of the checks,
    when the generation is sealed and big enough to be worth it; else here."""
    plan = shacl.default_plan()
    if generation is None or workers <= 1 or changed is not None or writer.count() < PARALLEL_VALIDATION_MIN:
        return shacl.validate(writer.query, graphs=changed, plan=plan)
    shares = [list(range(i, len(plan.checks), workers)) for i in range(workers)]
    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_die_with_parent, initargs=(os.getpid(),)) as pool:
        try:
            parts = list(pool.map(_validate_share, [str(generation)] * workers, shares))
        except BrokenProcessPool:
            raise _worker_died("validating the new graph") from None
    return sorted((v for part in parts for v in part), key=lambda v: (v["focus"], v["path"] or "", v["constraint"]))


def _validate_share(generation: str, indices: list[int]) -> list[dict]:
    from .store import run_oxigraph_query

    plan = shacl.default_plan()
    share = shacl.Plan(checks=[plan.checks[i] for i in indices], classes=plan.classes)
    store = ox.Store.read_only(generation)
    return shacl.validate(lambda q: run_oxigraph_query(store, q), plan=share)


def _apply_update(writer, minter: Minter, built: dict[str, Built], paths, missing: list[Path]) -> tuple[int, int, list[str]]:
    """Replace the graphs of the given inputs, drop those of removed files:
    (replaced, removed, the graphs now holding new data)."""
    sources = read_build_manifest(writer, minter)
    manifest: dict[str, set[str]] = {}
    for g, f in sources.items():
        manifest.setdefault(f, set()).add(g)
    roots = [Path(p).absolute() for p in paths]
    given = {b.input.path.as_uri() for b in built.values()}
    stale: set[str] = set()
    for f_uri, graphs in manifest.items():
        f_path = Path(_uri_path(f_uri))
        under = any(f_path == r or r in f_path.parents for r in roots)
        if under and (f_uri in given or not f_path.exists()):
            stale |= graphs
    new_graphs = {b.graph for b in built.values()}
    removed = stale - new_graphs
    ordered = sorted(built.values(), key=lambda x: x.input.order)
    touched = items_in(writer, stale)  # the partners and projects whose links may change
    writer.replace_graphs(sorted(stale | new_graphs), b"".join(b.nquads for b in ordered))
    if minter.links_graph in writer.graph_names():
        refresh_links(writer, minter, touched | items_in(writer, new_graphs))
    else:  # a store built before the links graph existed
        build_links(writer, minter)
    kept = {g: f for g, f in sources.items() if g not in stale | new_graphs}
    writer.set_manifest({**kept, **manifest_sources(ordered)})
    return len(new_graphs), len(removed), sorted(new_graphs)


def _uri_path(uri: str) -> str:
    from urllib.parse import unquote, urlparse

    return unquote(urlparse(uri).path)


def _count(writer, minter: Minter, summary: BuildSummary) -> None:
    summary.interviews = _scalar(writer, "SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE { ?i a <%s> }" % STF.Interview)
    summary.people = _scalar(writer, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a <http://xmlns.com/foaf/0.1/Person> }")
    summary.organisations = _scalar(
        writer,
        "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o a <http://www.w3.org/ns/org#Organization> "
        "FILTER NOT EXISTS { ?o a <%s> } FILTER NOT EXISTS { ?o a <%s> } }" % (STF.Municipality, STF.CountyMunicipality),
    )
    summary.municipalities = _scalar(
        writer,
        "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { GRAPH ?g { ?x ?p ?m } ?m a <%s> FILTER(STRSTARTS(STR(?g), '%s')) }"
        % (STF.Municipality, minter.interview_graph("")),
    )
    summary.triples = writer.count()


def _scalar(writer, sparql: str) -> int:
    for row in writer.query(sparql):
        return int(row[0].value)
    return 0
