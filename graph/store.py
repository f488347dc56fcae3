"""Where the graph lives: an embedded Oxigraph store on disk, or a remote SPARQL 1.1 server.

Everything downstream reads through :meth:`GraphStore.query` (SPARQL, the union of all graphs as
the default graph), so the two are interchangeable. The store kind is chosen in one place,
:func:`open_store` / :func:`open_writer`.

The embedded store is a folder of *generations*::

    STORE/
      current -> gen-20261127T103000-1234   (a symlink, replaced atomically)
      gen-.../                              (Oxigraph databases)
      lock                                  (held by the one build that may write)
      stafett-store                         (the marker: this folder is a stafett store)

A build writes only into an empty folder or one with the marker (a folder of someone's files is
refused, never filled), and its cleanup removes only what a build made: folders named like its
generations (``gen-YYYYmmddTHHMMSS-PID-N``) and its temporary links.

**The default graph is the union of the named graphs, materialised.** Every interview's triples
are in its own named graph *and* in the store's default graph, which is therefore the RDF merge
(a set) of all graphs but the build manifest. Queries use that default graph. (Oxigraph 0.5's
``use_default_graph_as_union`` counts a triple once per graph that holds it, so a person named in
two interviews would be counted twice -- oxigraph/oxigraph#1919, fixed upstream after 0.5.13.)
A materialised union is also what any SPARQL server serves without special configuration.

A build writes a new generation beside the current one and then swaps the link, so a build that
fails or is killed leaves the previous graph in place, and readers (``stafett query``, the
server) always see a complete graph: the old one or the new one, never a mix. An incremental
update starts its new generation as an Oxigraph checkpoint of the current one (hard links,
milliseconds), changes it, and swaps.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import time
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from .errors import QueryError, StoreError
from .faults import fault_point

CURRENT = "current"
LOCK = "lock"
GEN_PREFIX = "gen-"
MARKER = "stafett-store"
_GENERATION = re.compile(rf"{GEN_PREFIX}\d{{8}}T\d{{6}}-\d+-\d+")


STORE_ENV = "STAFETT_STORE"
DATA_HOME_ENV = "XDG_DATA_HOME"
DATA_HOME_DEFAULT = ("~", ".local", "share")
STORE_SUBDIR = ("stafett", "store")
#: How --help names the default store: written from the constants default_store_dir() uses.
DEFAULT_STORE_HELP = (f"${STORE_ENV}, else ${DATA_HOME_ENV}/{'/'.join(STORE_SUBDIR)}, "
                      f"i.e. {'/'.join(DATA_HOME_DEFAULT + STORE_SUBDIR)}")


def default_store_dir() -> Path:
    """``$STAFETT_STORE``, else ``$XDG_DATA_HOME/stafett/store`` (``~/.local/share/stafett/store``)."""
    env = os.environ.get(STORE_ENV)
    if env:
        return Path(env)
    data_home = os.environ.get(DATA_HOME_ENV) or os.path.join(Path.home(), *DATA_HOME_DEFAULT[1:])
    return Path(data_home).joinpath(*STORE_SUBDIR)


class GraphStore(ABC):
    """A place the graph can be read from with SPARQL."""

    kind: str = "?"

    @abstractmethod
    def query(self, sparql: str, *, default_graph: list[str] | None = None, named_graphs: list[str] | None = None):
        """Run a SPARQL 1.1 query; the default graph is the union of all graphs unless
        ``default_graph`` names graphs. Returns pyoxigraph's ``QuerySolutions``,
        ``QueryBoolean`` or ``QueryTriples`` (or objects that behave alike)."""

    @abstractmethod
    def graph_names(self) -> list[str]:
        """The IRIs of the named graphs."""

    def describe(self) -> str:
        return self.kind

    def close(self) -> None:  # noqa: B027 - optional
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def run_oxigraph_query(store: ox.Store, sparql: str, *, default_graph=None, named_graphs=None):
    """Run a query on a pyoxigraph store with stafett's dataset rules (union default graph)."""
    kwargs: dict = {}
    if default_graph:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graph]
    if named_graphs:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    try:
        return store.query(sparql, **kwargs)
    except SyntaxError as exc:
        from .sparql_errors import syntax_error

        raise syntax_error(exc, sparql) from None
    except ValueError as exc:  # e.g. an invalid IRI in default_graph
        raise QueryError(str(exc)) from None
    except OSError as exc:
        raise StoreError(f"the store could not answer: {exc}") from None


class EmbeddedStore(GraphStore):
    """The current generation of an on-disk store, opened read-only.

    Each query first checks that ``current`` still points where it did, and follows it when a
    build has swapped in a new generation, so a long-running server serves the newest graph.
    """

    kind = "embedded"

    def __init__(self, root: str | Path):
        self.root = Path(root)
        self._gen: str | None = None
        self._store: ox.Store | None = None
        self._open()

    def _target(self) -> str:
        link = self.root / CURRENT
        try:
            return os.readlink(link)
        except FileNotFoundError:
            raise StoreError(f"no graph in {self.root} yet; run `stafett build --store {self.root}` first") from None
        except OSError as exc:
            raise StoreError(f"{link}: {exc.strerror}; is this a stafett store?") from None

    def _open(self) -> None:
        target = self._target()
        try:
            self._store = ox.Store.read_only(str(self.root / target))
        except OSError as exc:
            raise StoreError(f"cannot open the store {self.root / target}: {exc}") from None
        self._gen = target

    @property
    def generation(self) -> Path:
        return self.root / (self._gen or "")

    @property
    def oxigraph(self) -> ox.Store:
        """The pyoxigraph store of the current generation (read-only)."""
        if self._target() != self._gen:
            self._open()
        assert self._store is not None
        return self._store

    def query(self, sparql, *, default_graph=None, named_graphs=None):
        return run_oxigraph_query(self.oxigraph, sparql, default_graph=default_graph, named_graphs=named_graphs)

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self.oxigraph.named_graphs())

    def describe(self) -> str:
        return f"embedded store {self.root}"

    def close(self) -> None:
        self._store = None

    def rdflib_dataset(self):
        """The same store behind rdflib's API (oxrdflib), for Python users who want rdflib.

        Its default graph is the store's, which is already the union of the named graphs; asking
        rdflib for a union (``default_union``) would count each triple once per graph holding it."""
        import rdflib

        return rdflib.Dataset(store=_oxrdflib_store(self.oxigraph), default_union=False)


def _oxrdflib_store(store: ox.Store):
    from oxrdflib import OxigraphStore

    return OxigraphStore(store=store)


# -- writing ------------------------------------------------------------------------------------
class StoreLock:
    """One writer at a time per store folder (an advisory lock on ``STORE/lock``)."""

    def __init__(self, root: Path, *, wait: float = 0.0):
        self.root, self.wait, self._fh = root, wait, None

    def __enter__(self):
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            self._fh = open(self.root / LOCK, "a+")
        except OSError as exc:
            raise StoreError(f"cannot use {self.root} as a store folder ({exc.strerror or exc}); choose another --store") from None
        deadline = time.monotonic() + self.wait
        while True:
            try:
                fcntl.flock(self._fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    self._fh.seek(0)
                    holder = self._fh.read().strip() or "another process"
                    self._fh.close()
                    raise StoreError(
                        f"another build is writing to {self.root} ({holder}); wait for it to finish and try again "
                        "(stafett build --wait SECONDS waits for it)"
                    ) from None
                time.sleep(0.1)
        self._fh.seek(0)
        self._fh.truncate()
        self._fh.write(f"pid {os.getpid()}")
        self._fh.flush()
        return self

    def __exit__(self, *exc):
        if self._fh:
            fcntl.flock(self._fh, fcntl.LOCK_UN)
            self._fh.close()


class EmbeddedWriter:
    """Writes one new generation of an embedded store; :meth:`commit` swaps it in.

    ``incremental=True`` starts from a checkpoint of the current generation instead of empty.
    Leaving the ``with`` block without :meth:`commit` (an error, a signal) removes the new
    generation and leaves the current one untouched.
    """

    kind = "embedded"

    def __init__(self, root: str | Path, *, incremental: bool = False, wait: float = 0.0):
        self.root = Path(root)
        self.incremental = incremental
        self._lock = StoreLock(self.root, wait=wait)
        self.store: ox.Store | None = None
        self._sealed: ox.Store | None = None
        self.gen: Path | None = None
        self.committed = False

    def __enter__(self):
        if self.root.exists() and not self.root.is_dir():
            raise StoreError(f"{self.root} is a file, not a store folder; choose another --store")
        check_store_folder(self.root)
        self._lock.__enter__()
        try:
            mark_store_folder(self.root)
            self._cleanup_stale()
            self.gen = self.root / f"{GEN_PREFIX}{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6}"
            current = self._current()
            if self.incremental:
                if current is None:
                    raise StoreError(f"no graph in {self.root} to update; run a full `stafett build` first")
                ox.Store.read_only(str(current)).backup(str(self.gen))
            self.store = ox.Store(str(self.gen))
        except BaseException:
            if self.gen is not None:  # a generation that could not even be opened (disk full, say)
                shutil.rmtree(self.gen, ignore_errors=True)
            self._lock.__exit__(None, None, None)
            raise
        return self

    def _current(self) -> Path | None:
        link = self.root / CURRENT
        return self.root / os.readlink(link) if link.is_symlink() else None

    def _cleanup_stale(self) -> None:
        """Remove generations left by killed builds and those older than the previous one, and
        the temporary links of a build killed while swapping (no other writer holds the lock)."""
        current = self._current()
        keep = {current.name} if current else set()
        prev = self.root / "previous"
        if prev.is_symlink():
            keep.add(os.readlink(prev))
        for child in self.root.iterdir():
            if is_generation(child) and child.name not in keep:
                shutil.rmtree(child, ignore_errors=True)
            elif child.name.startswith((f".{CURRENT}.", ".previous.")) and child.is_symlink():
                child.unlink()

    # -- changes -------------------------------------------------------------------------------
    def load_graphs(self, nquads: bytes, ntriples: bytes) -> None:
        """Load named graphs (N-Quads) and the same triples into the union default graph
        (N-Triples); in a fresh generation only (a full build)."""
        assert self.store is not None
        if nquads:
            self.store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
        if ntriples:
            self.store.bulk_load(ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())

    def load(self, data: bytes | str, *, fmt: ox.RdfFormat, graph: str, union: bool = True) -> None:
        """Load one serialised graph into ``graph`` (and into the union default graph)."""
        assert self.store is not None
        self.store.bulk_load(data, format=fmt, to_graph=ox.NamedNode(graph))
        if union:
            self.store.bulk_load(data, format=fmt, to_graph=ox.DefaultGraph())

    def load_quads(self, quads: list[ox.Quad], *, union: bool = True) -> None:
        assert self.store is not None
        if quads:
            self.store.bulk_extend(quads)
            if union:
                self.store.bulk_extend([ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads])

    def replace_graphs(self, drop: Iterable[str], nquads: bytes, *, private: Iterable[str] = ()) -> None:
        """Drop the named graphs ``drop``, load ``nquads`` (new or replacing graphs), and keep the
        union default graph equal to the merge of all named graphs but the ``private`` ones."""
        assert self.store is not None
        st = self.store
        private_nodes = {ox.NamedNode(g) for g in private}
        old: set[ox.Triple] = set()
        for g in drop:
            node = ox.NamedNode(g)
            if st.contains_named_graph(node):
                old.update(ox.Triple(q.subject, q.predicate, q.object) for q in st.quads_for_pattern(None, None, None, node))
                st.remove_graph(node)
        new = list(ox.parse(nquads, format=ox.RdfFormat.N_QUADS)) if nquads else []
        if new:
            st.extend(new)
        default = ox.DefaultGraph()
        for t in old:
            still = any(
                isinstance(q.graph_name, ox.NamedNode) and q.graph_name not in private_nodes
                for q in st.quads_for_pattern(t.subject, t.predicate, t.object, None)
            )
            if not still:
                st.remove(ox.Quad(t.subject, t.predicate, t.object, default))
        st.extend([ox.Quad(q.subject, q.predicate, q.object, default) for q in new if q.graph_name not in private_nodes])

    def update(self, sparql_update: str) -> None:
        assert self.store is not None
        self.store.update(sparql_update)

    def describe(self) -> str:
        return f"embedded store {self.root}"

    def _reader(self) -> ox.Store:
        """The store to read: the writable one, or after :meth:`seal` a read-only view of it."""
        if self.store is not None:
            return self.store
        if self._sealed is None:
            assert self.gen is not None
            self._sealed = ox.Store.read_only(str(self.gen))
        return self._sealed

    def query(self, sparql: str):
        return run_oxigraph_query(self._reader(), sparql)

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self._reader().named_graphs())

    def count(self) -> int:
        return len(self._reader())

    def seal(self) -> Path:
        """Finish writing (flush, compact after a full build, close): the new generation can then
        be read by other processes, e.g. to validate it in parallel. Returns its folder."""
        assert self.gen is not None
        if self.store is not None:
            self.store.flush()
            if not self.incremental:
                # Compacting after a bulk load makes later queries faster; after an update it
                # would rewrite the whole database to change a few hundred quads.
                self.store.optimize()
            self.store = None  # closes the database
        return self.gen

    def commit(self) -> None:
        """Make the new generation the current one, atomically."""
        assert self.gen is not None
        self.seal()
        self._sealed = None  # readers open the generation themselves
        current = self._current()
        tmp = self.root / f".{CURRENT}.{os.getpid()}"
        if tmp.is_symlink() or tmp.exists():
            tmp.unlink()
        os.symlink(self.gen.name, tmp)
        fault_point("swap")
        os.replace(tmp, self.root / CURRENT)
        fault_point("swapped")
        if current is not None:
            ptmp = self.root / f".previous.{os.getpid()}"
            if ptmp.is_symlink():
                ptmp.unlink()
            os.symlink(current.name, ptmp)
            os.replace(ptmp, self.root / "previous")
        _fsync_dir(self.root)
        self.committed = True

    def __exit__(self, exc_type, exc, tb):
        try:
            if not self.committed and self.gen is not None:
                self.store = self._sealed = None
                shutil.rmtree(self.gen, ignore_errors=True)
            else:
                self._cleanup_stale()
        finally:
            self._lock.__exit__(None, None, None)


def is_generation(path: Path) -> bool:
    """Whether ``path`` is a generation folder a build made (by its name, which a build gives it)."""
    return bool(_GENERATION.fullmatch(path.name)) and path.is_dir() and not path.is_symlink()


def _is_store(root: Path) -> bool:
    """A stafett store: the marker, or (a store made before there was one) a ``current`` link
    to a generation."""
    if (root / MARKER).is_file():
        return True
    link = root / CURRENT
    return link.is_symlink() and bool(_GENERATION.fullmatch(os.readlink(link)))


def check_store_folder(root: Path) -> None:
    """Refuse to build into a folder that holds other things than a stafett store: a build
    fills the folder and its cleanup removes generations, so it must never be someone's folder.
    A new or empty folder (or one holding only a build's lock) is fine."""
    try:
        entries = [c.name for c in root.iterdir()] if root.is_dir() else []
    except OSError as exc:
        raise StoreError(f"cannot use {root} as a store folder ({exc.strerror or exc}); choose another --store") from None
    if not entries or entries == [LOCK] or _is_store(root):
        return
    shown = ", ".join(sorted(entries)[:3]) + (" ..." if len(entries) > 3 else "")
    raise StoreError(f"{root} is not empty ({shown}) and is not a stafett store (it has no {MARKER} file); "
                     "give --store a new or empty folder, or the folder of a store")


def mark_store_folder(root: Path) -> None:
    """Write the marker that says ``root`` is a stafett store (once)."""
    marker = root / MARKER
    if not marker.is_file():
        marker.write_text("This folder is a stafett store (https://w3id.org/stafett/); stafett builds write and clean it.\n",
                          encoding="utf-8")


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# -- choosing the store --------------------------------------------------------------------------
def open_store(store_dir: str | Path | None = None, endpoint: str | None = None) -> GraphStore:
    """The store to read from: a remote server when ``endpoint`` is given, else the embedded
    store in ``store_dir`` (default :func:`default_store_dir`)."""
    if endpoint:
        from .remote import RemoteStore

        return RemoteStore(endpoint)
    return EmbeddedStore(store_dir or default_store_dir())


def open_writer(store_dir: str | Path | None = None, endpoint: str | None = None, *, incremental: bool = False, wait: float = 0.0):
    """A writer for a full rebuild (or an incremental update) of the chosen store."""
    if endpoint:
        from .remote import RemoteWriter

        return RemoteWriter(endpoint, incremental=incremental)
    return EmbeddedWriter(store_dir or default_store_dir(), incremental=incremental, wait=wait)
