"""Paths -> records -> named graphs -> SHACL -> store.

``build()`` reads interview records (YAML/JSON) and interview texts (txt, md, html; extracted on
the fly), maps each to its named graph, validates the graphs against ``ontology/shapes.ttl``,
and loads them with the ontology and the reference data into a new store generation, which it
then swaps in. Nothing is written when anything is wrong, unless ``keep_going`` asks to build
the good inputs only -- and never when there is nothing (good) to build.

A full build *replaces* the graph: the store then holds exactly the interviews of PATHS, so a
build is a function of its inputs. ``update=True`` (``--update``) *adds* to it instead: the graphs
of the given paths are added or replaced, those of files gone from them removed, and the rest
kept. The summary says which happened to what was there.

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
from .counts import graph_counts, totals
from .errors import InputError, RecordError, StafettError, StoreError, ValidationError
from .faults import fault_point
from .iris import DEFAULT_BASE, Minter
from .links import build_links, items_in, refresh_links
from .mapping import MappedInterview, map_record
from . import shacl
from .namespaces import PROV
from .records import RECORD_SUFFIXES, read_record
from .reference import load_reference, reference_triples
from .resources import bundled_records_dir, ontology_dir
from .vocab import VOCAB_FILES, load_vocabulary

TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")
PARALLEL_MIN = 64  # below this many inputs, one process is faster than starting workers
CHUNK = 200
PARALLEL_VALIDATION_MIN = 1_000_000  # quads; below this, starting processes costs more than it saves


#: Documents people save interviews as that stafett cannot read, and what to do instead.
UNREADABLE = {
    ".pdf": "a PDF cannot be read; save it as text (.txt) or as a web page (.html) and build that",
    **dict.fromkeys((".docx", ".doc", ".odt", ".rtf", ".pages", ".wpd"),
                    "a word-processor document cannot be read; save it as text (.txt) or as a web page (.html) and build that"),
}
WHAT_IS_BUILT = "interview records (.yaml, .yml, .json) or interview texts (.txt, .md, .html, .htm)"
_NOT_WRITTEN = "nothing was written; fix the inputs, or build the good ones only with --keep-going"


class BuildError(StafettError):
    """Some inputs cannot be built; one line per problem, and a last line saying what was done."""

    def __init__(self, problems: list[str], last: str = _NOT_WRITTEN):
        self.problems = problems
        more = [] if len(problems) <= 50 else [f"... and {len(problems) - 50} more"]
        super().__init__("\n".join([*problems[:50], *more, last]))


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
    triples: int = 0  # in the union (the default graph)
    quads: int = 0  # in the named graphs, the manifest left out
    graphs: int = 0
    seconds: float = 0.0
    added: int = 0
    replaced: int = 0
    removed: int = 0
    before: int = 0  # interviews in the store before a full build
    lost: int = 0  # of those, how many the new graph does not hold
    before_graphs: set[str] = field(default_factory=set)
    update: bool = False
    warnings: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    store: str = ""

    def change(self) -> str:
        """What happened to what was there: "replaced 3 interviews with 4" / "added 1, replaced 0"."""
        if self.update:
            return f"added {self.added}, replaced {self.replaced}, removed {self.removed} interview{_s(self.removed)}"
        if not self.before:
            return f"built {self.interviews} interview{_s(self.interviews)} (the store was empty)"
        line = f"replaced {self.before} interview{_s(self.before)} with {self.interviews}"
        if self.lost:
            line += (f"; {self.lost} of the earlier {'one is' if self.lost == 1 else 'ones are'} not among them "
                     "(stafett build --update PATH adds to the graph instead of replacing it)")
        return line

    def lines(self) -> list[str]:
        if self.update:
            return [self.change(), f"seconds:        {self.seconds:.2f}"]
        out = [self.change(),
            f"interviews:     {self.interviews}",
            f"people:         {self.people}",
            f"organisations:  {self.organisations}",
            f"municipalities: {self.municipalities}",
            f"triples:        {totals(self.triples, self.quads, self.graphs)}",
            f"seconds:        {self.seconds:.2f}",
        ]
        return out


def _s(n: int) -> str:
    return "" if n == 1 else "s"


# -- inputs ---------------------------------------------------------------------------------------
@dataclass
class Scan:
    """What the paths of a build hold."""

    inputs: list[Input] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)  # named paths that do not exist
    problems: list[str] = field(default_factory=list)  # files that cannot be read
    empty: list[Path] = field(default_factory=list)  # named folders without a single input
    ignored: list[Path] = field(default_factory=list)  # other files in the folders


def scan_inputs(paths: Iterable[str | Path]) -> Scan:
    """The record and text files named by ``paths`` (folders are walked, sorted, hidden entries
    skipped), and everything else a person would want to hear about: paths that do not exist,
    documents that cannot be read (a PDF, a Word file: one line each, with the fix), named
    folders without a single input, and the other files in the folders."""
    scan = Scan()
    seen: set[Path] = set()

    def kind_of(p: Path) -> str | None:
        suffix = p.suffix.lower()
        return "record" if suffix in RECORD_SUFFIXES else "text" if suffix in TEXT_SUFFIXES else None

    def add(p: Path) -> None:
        if p not in seen:
            seen.add(p)
            scan.inputs.append(Input(p, kind_of(p), len(scan.inputs)))

    for raw in paths:
        p = Path(raw).absolute()
        if p.is_dir():
            found = 0
            for child in sorted(p.rglob("*")):
                if not child.is_file() or any(part.startswith(".") for part in child.relative_to(p).parts):
                    continue
                if kind_of(child):
                    add(child)
                    found += 1
                elif child.suffix.lower() in UNREADABLE:
                    scan.problems.append(f"{child}: {UNREADABLE[child.suffix.lower()]}")
                    found += 1
                else:
                    scan.ignored.append(child)
            if not found:
                scan.empty.append(p)
        elif p.is_file():
            suffix = p.suffix.lower()
            if kind_of(p):
                add(p)
            else:
                scan.problems.append(f"{raw}: " + UNREADABLE.get(suffix, f"not a record ({', '.join(RECORD_SUFFIXES)}) or an "
                                                                           f"interview text ({', '.join(TEXT_SUFFIXES)})"))
        else:
            scan.missing.append(p)
    return scan


def collect_inputs(paths: Iterable[str | Path], *, allow_missing: bool = False) -> tuple[list[Input], list[Path]]:
    """The record and text files named by ``paths`` and the paths that do not exist (an error
    unless ``allow_missing``); see :func:`scan_inputs` for everything else they may hold."""
    scan = scan_inputs(paths)
    if scan.missing and not allow_missing:
        raise _missing(scan.missing[:1])
    return scan.inputs, scan.missing


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


def _empty_folder(folder: Path) -> str:
    return f"{folder}: this folder holds no {WHAT_IS_BUILT}"


def _nothing_to_build(paths, scan: Scan) -> BuildError:
    """The refusal of a build whose paths hold nothing it can build (an empty folder, only PDFs)."""
    where = ", ".join(str(Path(p)) for p in paths)
    return BuildError(scan.problems, f"{where}: nothing to build: no {WHAT_IS_BUILT} found; the store is unchanged")


def _missing(missing: list[Path]) -> StafettError:
    if len(missing) == 1:
        return InputError(str(missing[0]), "no such file or folder")
    return BuildError([f"{m}: no such file or folder" for m in missing], "nothing was built; check the paths")


def _ignored_note(ignored: list[Path]) -> str:
    kinds = sorted({p.suffix.lower() or p.name for p in ignored})
    return (f"{len(ignored)} file{_s(len(ignored))} in the folders {'is' if len(ignored) == 1 else 'are'} neither "
            f"records nor interview texts and {'was' if len(ignored) == 1 else 'were'} not read ({', '.join(kinds[:8])}"
            f"{' ...' if len(kinds) > 8 else ''}; e.g. {ignored[0]})")


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
    try:
        mapped = map_record(record, minter=minter, reference=reference, vocab=vocab, text=text)
    except (ValueError, TypeError, KeyError, AttributeError) as exc:  # what validation should have caught
        raise InputError(inp.path, f"cannot be turned into RDF ({' '.join(str(exc).split())}); the record passed "
                                   "validation, so this is a bug in stafett: please report it with the file") from None
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
            problems.extend(str(p) for p in exc.problems)
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


def manifest_quads(minter: Minter, entries: Iterable[tuple[str, str]]) -> list[ox.Quad]:
    """Which files each interview graph was built from (for ``--update``): ``(graph, file URI)``
    pairs, a graph with several when the same interview was found in several files."""
    g = ox.NamedNode(minter.manifest_graph)
    return [ox.Quad(ox.NamedNode(graph), ox.NamedNode(str(PROV.wasDerivedFrom)), ox.NamedNode(uri), g) for graph, uri in entries]


def manifest_entries(built: Iterable[Built], copies: dict[Path, Path]) -> list[tuple[str, str]]:
    """(graph, file URI) for every file a graph was built from or found again in: the input
    built, and the copies of it (``copies``: file -> the input it is the same interview as)."""
    graph_of = {b.input.path: b.graph for b in built}
    entries = {(b.graph, b.input.path.as_uri()) for b in built}
    for copy, original in copies.items():
        while original in copies and original not in graph_of:  # a copy of a copy
            original = copies[original]
        if original in graph_of:
            entries.add((graph_of[original], copy.as_uri()))
    return sorted(entries)


# -- the build ------------------------------------------------------------------------------------
def _prepare(inputs: list[Input]) -> tuple[list[Input], dict[str, Path], list[str], dict[Path, Path]]:
    """Drop texts that a reviewed record covers (same sha256) and duplicate texts: (the inputs
    to build, the texts by sha256, notes, and each dropped file -> the input it is a copy of)."""
    texts: dict[str, Path] = {}
    notes: list[str] = []
    record_shas: dict[str, Path] = {}
    aliases: dict[Path, Path] = {}
    for inp in inputs:
        if inp.kind == "record":
            try:
                sha = (read_record(inp.path).get("source") or {}).get("sha256")
            except RecordError:
                continue  # reported when it is processed
            if sha:
                record_shas.setdefault(sha, inp.path)
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
                aliases[inp.path] = texts[sha]
                continue
            texts[sha] = inp.path
            if sha in record_shas:
                notes.append(f"{inp.path}: a reviewed record of this text exists; the record is used")
                aliases[inp.path] = record_shas[sha]
                continue
        keep.append(inp)
    return keep, texts, notes, aliases


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
    scan = scan_inputs(paths)
    if scan.missing and not update:
        raise _missing(scan.missing)
    if not scan.inputs and not (update and (scan.missing or scan.empty)):
        raise _nothing_to_build(paths, scan)
    inputs, texts, notes, copies = _prepare(scan.inputs)
    if on_total:
        on_total(len(inputs))
    workers = workers or min(2, os.cpu_count() or 1)

    built: dict[str, Built] = {}
    texts_built: dict[str, Built] = {}
    # Files the build cannot read, and (a full build) named folders with nothing in them; an
    # update judges its empty folders against what the store was built from.
    problems: list[str] = list(scan.problems) + ([] if update else [_empty_folder(f) for f in scan.empty])
    summary = BuildSummary(warnings=list(notes), update=update)
    if scan.ignored:
        summary.warnings.append(_ignored_note(scan.ignored))
    bundled = bundled_records_dir().absolute()

    def accept(chunk: list[Built]) -> list[Built]:
        """The chunk's interviews not seen before (chunks arrive in input order: first wins)."""
        fresh = []
        for b in chunk:
            prev = built.get(b.key)
            if prev is not None:
                summary.warnings.append(f"{b.input.path}: the same interview as {prev.input.path} (same interviewee and stage); built once from the first")
                copies[b.input.path] = prev.input.path
                continue
            same_text = texts_built.get(b.text_sha256) if b.text_sha256 else None
            if same_text is not None:
                summary.warnings.append(f"{b.input.path}: the same text as {same_text.input.path} in another encoding; built once from the first")
                copies[b.input.path] = same_text.input.path
                continue
            if b.text_sha256:
                texts_built[b.text_sha256] = b
            built[b.key] = b
            fresh.append(b)
            if bundled not in b.input.path.parents:  # the bundled records' notes are in data/README.md, not the user's to fix
                summary.warnings.extend(f"{b.input.path}: {w}" for w in b.warnings)
        return fresh

    # The writer (and its lock) comes first, so a second build fails before doing any work, and
    # chunks are loaded as the workers finish them, while the next ones are being extracted.
    with open_writer(store_dir, endpoint, incremental=update, wait=wait) as writer:
        if not update:
            summary.before_graphs = _interview_graphs_before(store_dir, endpoint, minter)
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
        if update:  # the paths gone, and the folders emptied, are only right when the store was built from them
            unknown, empty = _unknown_paths(writer, minter, scan)
            if unknown:
                raise BuildError(unknown, "nothing was written; check the paths")
            problems.extend(empty)
        if problems and not keep_going:
            raise BuildError(problems)
        if problems and not built and not (update and (scan.missing or scan.empty)):
            raise BuildError(problems, "none of the inputs can be built; nothing was written (--keep-going builds the good ones, and there are none)")
        summary.skipped = problems
        entries = manifest_entries(built.values(), copies)
        if update:
            summary.added, summary.replaced, summary.removed, changed, kept = _apply_update(writer, minter, built, entries, paths)
            summary.warnings.extend(kept)
            if not (summary.added or summary.replaced or summary.removed or kept):
                raise BuildError(problems, "nothing to update: no interview was added, replaced or removed; the store is unchanged")
        else:
            changed = None
            build_links(writer, minter)
            writer.load_quads(manifest_quads(minter, entries), union=False)
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
            summary.before = len(summary.before_graphs)
            summary.lost = len(summary.before_graphs - {b.graph for b in built.values()})
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


def _interview_graphs_before(store_dir, endpoint, minter: Minter) -> set[str]:
    """The interview graphs of the graph a full build is about to replace (none in a new store)."""
    from .store import open_store

    try:
        with open_store(store_dir, endpoint) as store:
            return {g for g in store.graph_names() if g.startswith(minter.interview_graph(""))}
    except StoreError:
        return set()


def _read_manifest(writer, minter: Minter) -> dict[str, set[str]]:
    """graph -> the URIs of the files it was built from."""
    out: dict[str, set[str]] = {}
    q = f"SELECT ?g ?f WHERE {{ GRAPH <{minter.manifest_graph}> {{ ?g <{PROV.wasDerivedFrom}> ?f }} }}"
    for row in writer.query(q):
        out.setdefault(row["g"].value, set()).add(row["f"].value)
    return out


def _under(path: Path, roots: list[Path]) -> bool:
    return any(path == r or r in path.parents for r in roots)


def _unknown_paths(writer, minter: Minter, scan: Scan) -> tuple[list[str], list[str]]:
    """For an update: the named paths that do not exist, and the named folders with no inputs,
    that no graph of the store was built from (a typo, not a removal): two lists of lines."""
    if not (scan.missing or scan.empty):
        return [], []
    files = [Path(_uri_path(f)) for fs in _read_manifest(writer, minter).values() for f in fs]
    missing = [f"{m}: no such file or folder, and no interview of the store was built from it" for m in scan.missing
               if not any(_under(f, [m]) for f in files)]
    return missing, [_empty_folder(e) for e in scan.empty if not any(_under(f, [e]) for f in files)]


def _apply_update(writer, minter: Minter, built: dict[str, Built], entries: list[tuple[str, str]], paths
                  ) -> tuple[int, int, int, list[str], list[str]]:
    """Add or replace the graphs of the given inputs and drop those of files gone from the given
    paths: (added, replaced, removed, the graphs now holding new data, a line for each file gone
    whose interview stays because another file holds it).

    A graph is removed only when no file it was built from remains: the same interview may be
    in several files (a copy beside the original), and deleting the copy keeps it."""
    old = _read_manifest(writer, minter)
    existing = set(writer.graph_names())
    roots = [Path(p).absolute() for p in paths]
    examined = {uri for _, uri in entries}
    sources: dict[str, set[str]] = {}
    for graph, uri in entries:
        sources.setdefault(graph, set()).add(uri)
    affected = set(sources)
    gone: dict[str, list[str]] = {}
    for graph, files in old.items():
        for f in files:
            path = Path(_uri_path(f))
            if f in examined or (_under(path, roots) and not path.exists()):
                affected.add(graph)  # built again (maybe into another graph), or gone
                if f not in examined:
                    gone.setdefault(graph, []).append(f)
            else:
                sources.setdefault(graph, set()).add(f)  # not this update's business: still a source
    new_graphs = {b.graph for b in built.values()}
    removed = {g for g in affected - new_graphs if not sources.get(g)}
    ordered = sorted(built.values(), key=lambda x: x.input.order)
    mg = minter.manifest_graph
    drop = sorted(new_graphs | removed)
    touched = items_in(writer, set(drop))  # the partners and projects whose links may change
    writer.replace_graphs(drop, b"".join(b.nquads for b in ordered), private=[mg])
    if minter.links_graph in writer.graph_names():
        refresh_links(writer, minter, touched | items_in(writer, new_graphs))
    else:  # a store built before the links graph existed
        build_links(writer, minter)
    for g in sorted(affected):
        writer.update(f"DELETE WHERE {{ GRAPH <{mg}> {{ <{g}> ?p ?o }} }}")
    writer.load_quads(manifest_quads(minter, sorted((g, f) for g in affected for f in sources.get(g, ()))), union=False)
    added = len(new_graphs - existing)
    kept = [f"{_uri_path(f)}: gone; its interview stays, as {_uri_path(sorted(sources[g])[0])} holds it too"
            for g, files in sorted(gone.items()) if g not in removed and g not in new_graphs for f in sorted(files)]
    return added, len(new_graphs) - added, len(removed & existing), sorted(new_graphs), kept


def _uri_path(uri: str) -> str:
    from urllib.parse import unquote, urlparse

    return unquote(urlparse(uri).path)


def _count(writer, minter: Minter, summary: BuildSummary) -> None:
    # graph/counts.py: the same figures, under the same words, as an export's README
    counts = graph_counts(writer.query, minter.base)
    for name, value in counts.as_dict().items():
        setattr(summary, name, value)
