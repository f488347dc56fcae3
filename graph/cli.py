"""The ``stafett`` command: one thin click command per job; the work is done in ``graph/``.

Errors of the project's own types (``graph/errors.py``) are printed as one line each, prefixed
``stafett: error:``, and exit with status 1 (2 for a malformed query or bad usage); nothing here
prints a traceback for bad input. A wrong option value is one line too, with the valid values
and the nearest one (``did you mean betweenness?``).
"""

from __future__ import annotations

import os
import sys

import click

from . import __version__
from .errors import OptionError, QueryError, StafettError, UnknownNameError
from .store import DEFAULT_STORE_HELP

#: What ``--metric`` and ``--type`` take (kept in step with graph/analytics/centrality.py and
#: graph/network.py by tests/test_options.py; here so that --help needs no networkx).
METRICS = ("degree", "betweenness", "constraint", "effective-size")
NODE_TYPES = ("person", "municipality", "county", "organisation", "project", "category", "need")


def _fail(message: str, code: int = 1) -> None:
    for line in str(message).splitlines() or [""]:
        click.echo(f"stafett: error: {line}", err=True)
    sys.exit(code)


def _command_path(ctx) -> str:
    """``stafett build`` for a command's context, whatever name the program was started by."""
    names = []
    while ctx is not None and ctx.parent is not None:
        names.append(ctx.info_name)
        ctx = ctx.parent
    return " ".join(["stafett", *reversed(names)])


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:  # a wrong option or argument: one line, and where to look
            _fail(f"{exc.format_message()} (see {_command_path(exc.ctx)} --help)", 2)
        except (QueryError, OptionError) as exc:
            _fail(str(exc), 2)
        except StafettError as exc:
            _fail(str(exc), 1)
        except KeyboardInterrupt:
            _fail("interrupted", 130)
        except BrokenPipeError:
            raise  # main() ends quietly
        except OSError as exc:  # the machine refused (disk full, permissions, a vanished file): one line
            where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
            _fail(f"{where}{exc.strerror or exc}", 1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="stafett")
def cli() -> None:
    """stafett: the Innovasjonsstafetten knowledge graph.

    Build the graph from interview records or texts, query it with SPARQL, look at the relay and
    the collaboration network, and export it as linked data.
    """


class Choice(click.Choice):
    """click's Choice, but a wrong value names the nearest valid one: ``--metric: unknown value
    'betweeness'; did you mean betweenness? choose one of: ...``."""

    def convert(self, value, param, ctx):
        if value in self.choices:
            return value
        err = UnknownNameError("value", value, list(self.choices))
        name = param.opts[0] if param is not None and param.opts else (param.human_readable_name if param else "value")
        raise click.UsageError(f"{name}: {err}", ctx)


#: graph.engines.ENGINES, named here so that the CLI loads without it (a test keeps them equal).
ENGINE_NAMES = ("oxigraph", "virtuoso", "fuseki", "graphdb", "generic")


def store_options(fn):
    """--store / --endpoint (and --engine), shared by every command that reads or writes the graph."""
    import functools

    command = fn

    @functools.wraps(command)
    def with_engine(*args, engine=None, **kwargs):
        from .engines import chosen_engine

        with chosen_engine(engine):  # for the remote stores the command opens (graph/engines.py)
            return command(*args, **kwargs)

    fn = click.option(
        "--engine",
        envvar="STAFETT_ENGINE",
        default=None,
        metavar="NAME",
        type=Choice(ENGINE_NAMES),
        help="The --endpoint server's kind: oxigraph, virtuoso, fuseki, graphdb or generic (default: from the URL).",
    )(with_engine)
    fn = click.option(
        "--endpoint",
        envvar="STAFETT_ENDPOINT",
        default=None,
        metavar="URL",
        help="A SPARQL 1.1 server's query endpoint, instead of the embedded store (env STAFETT_ENDPOINT).",
    )(fn)
    fn = click.option(
        "--store",
        "store_dir",
        envvar="STAFETT_STORE",
        default=None,
        metavar="DIR",
        type=click.Path(file_okay=False),
        help=f"The embedded store's folder (default: {DEFAULT_STORE_HELP}).",
    )(fn)
    return fn


def main() -> None:
    """Console entry point."""
    # A closed pipe (``stafett query ... | head``) ends quietly, as Unix tools do.
    try:
        cli(prog_name="stafett")
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)


def base_option(fn):
    from .iris import DEFAULT_BASE

    return click.option(
        "--base",
        envvar="STAFETT_BASE",
        default=DEFAULT_BASE,
        show_default=True,
        metavar="IRI",
        help="Base IRI of the data: entities are {base}id/{kind}/{key} (env STAFETT_BASE).",
    )(fn)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@store_options
@base_option
@click.option("--update", is_flag=True,
              help="Add to the graph instead of replacing it: add or replace the interviews of PATHS, remove those of files gone from them, keep the rest.")
@click.option("--keep-going", is_flag=True, help="Build the good inputs when some are bad (they are listed); never an empty graph.")
@click.option("--workers", type=click.IntRange(1, 64), default=None, help="Worker processes (default: one per core, at most 2).")
@click.option("--wait", type=click.FloatRange(min=0), default=0, show_default=True, metavar="SECONDS",
              help="Wait this long for another build of the same store to finish (0: fail at once).")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def build(paths, store_dir, endpoint, base, update, keep_going, workers, wait, quiet):
    """Build the graph from records and interview texts into the store.

    PATHS are interview records (.yaml, .yml, .json), interview texts (.txt, .md, .html, .htm)
    or folders of them; with none, the bundled records are built. A build REPLACES the graph:
    the store then holds the interviews of PATHS and nothing else (--update adds to it instead).
    The store is changed only when every input is valid (or, with --keep-going, when the good
    ones are); a build that finds nothing to build changes nothing and says so.
    """
    from .build import build as run_build
    from .iris import check_base

    try:
        base = check_base(base)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--base") from None
    bar = _Progress(quiet)
    summary = run_build(
        paths, store_dir=store_dir, endpoint=endpoint, base=base, update=update,
        keep_going=keep_going, workers=workers, progress=bar.advance, on_total=bar.start, wait=wait,
    )
    bar.finish()
    for line in summary.skipped:
        click.echo(f"stafett: skipped: {line}", err=True)
    if not quiet:
        for w in summary.warnings:
            click.echo(f"stafett: warning: {w}", err=True)
        click.echo(f"built {summary.store}")
        for line in summary.lines():
            click.echo(line)


class _Progress:
    """A progress bar on stderr for long builds (only when stderr is a terminal)."""

    def __init__(self, quiet: bool):
        self.quiet, self.bar = quiet, None

    def start(self, total: int) -> None:
        if not self.quiet and total >= 200 and sys.stderr.isatty():
            self.bar = click.progressbar(length=total, label="building", file=sys.stderr)
            self.bar.__enter__()

    def advance(self, n: int) -> None:
        if self.bar:
            self.bar.update(n)

    def finish(self) -> None:
        if self.bar:
            self.bar.__exit__(None, None, None)


@cli.command()
@click.argument("query", required=False)
@click.option("-f", "--file", "query_file", type=click.File("r", encoding="utf-8"), help="Read the query from FILE (- for stdin).")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries with their titles and parameters.")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE", help="A parameter of the query (repeatable).")
@click.option("--format", "fmt", default=None,
              help="table, csv, tsv, json, xml (SELECT/ASK; default table); ttl, nt, jsonld (CONSTRUCT/DESCRIBE; default ttl).")
@store_options
@base_option
def query(query, query_file, list_queries, params, fmt, store_dir, endpoint, base):
    """Run a named query (see --list) or a SPARQL query on the graph.

    QUERY is a name from the library (stafett query relay) or SPARQL text. The default graph
    is the union of all graphs; GRAPH ?g addresses one interview's graph. Common prefixes
    (stf, foaf, org, skos, schema, dct, prov, ...) need not be declared.
    """
    from .queries.resolve import listing, parse_params, resolve_query
    from .query import ResultFormat, serialize, with_prefixes
    from .sparql_errors import QuerySyntaxError
    from .store import open_store

    if list_queries:
        click.echo(listing(), nl=False)
        return
    if bool(query) == bool(query_file):
        raise click.UsageError("give a QUERY (a name or SPARQL text) or -f FILE (one of them)")
    result_format = ResultFormat.from_name(fmt) if fmt is not None else None
    written, headers = resolve_query(query, file_text=query_file.read() if query_file else None,
                                     file_name=query_file.name if query_file else "-", params=parse_params(params))
    with open_store(store_dir, endpoint) as store:
        try:
            result = store.query(with_prefixes(written))
        except QuerySyntaxError as exc:  # located in the text as written, not after the added PREFIX lines
            raise exc.in_text(written) from None
        out = serialize(result, result_format, base=base, store=store, headers=headers)
    click.echo(out.decode("utf-8"), nl=not out.endswith(b"\n"))


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print JSON (one object for one file, else an array) instead of YAML.")
@click.option("--explain", is_flag=True,
              help="Print each field with its value, where it stands, the words around it and the cue that chose it.")
def extract(files, as_json, explain):
    """Extract interview records from interview texts (.txt, .md, .html) and print them.

    A file that cannot be used is reported on stderr, one line each; the others are still
    printed, and the exit status is 1.
    """
    from .errors import InputError
    from .extract import extract_source
    from .extract.explain import explain as explain_record
    from .extract.ingest import interview_files
    from .extract.output import render_records

    if explain and as_json:
        raise click.UsageError("--explain prints a table for people to read; leave out --json (or --explain)")
    records, failed = [], False
    paths = interview_files(files)
    if not paths:  # a folder with nothing to extract is not a success
        raise InputError(", ".join(files), "no interview texts (.txt, .md, .html, .htm) to extract")
    for path in paths:
        try:
            record, text = extract_source(path)
        except InputError as exc:
            click.echo(f"stafett: error: {exc}", err=True)
            failed = True
            continue
        records.append(explain_record(record, text) if explain else record)
    if records and explain:
        click.echo("\n\n".join(records))
    elif records:
        single = len(files) == 1 and len(paths) == 1
        click.echo(render_records(records, as_json=as_json, single=single))
    sys.exit(1 if failed else 0)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--into", default="data/interviews", show_default=True, type=click.Path(file_okay=False),
              help="Folder for the records (<stem>.yaml each).")
@click.option("--force", is_flag=True, help="Overwrite records that a person has edited since ingest wrote them.")
def ingest(paths, into, force):
    """Extract interview texts (files or folders) into YAML records for review.

    A record edited since ingest wrote it is never replaced without --force.
    """
    from .extract.ingest import ingest as run_ingest

    results = run_ingest(paths, into, force=force)
    for r in results:
        if r.status in ("written", "unchanged"):
            click.echo(f"{r.status}: {r.target}")
        else:
            click.echo(f"stafett: error: {r.message}", err=True)
    if not results:
        click.echo("stafett: error: no interview files (.txt, .md, .html, .htm) found", err=True)
    sys.exit(1 if not results or any(r.status in ("refused", "failed") for r in results) else 0)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--into", default="data/interviews", show_default=True, type=click.Path(file_okay=False),
              help="Folder for the reviewed records (<stem>.yaml each); nothing is written anywhere else.")
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True, help="Port on 127.0.0.1 (0: a free one).")
@click.option("--reviewer", default=None, metavar="NAME", help="Who reviews, for the records' review field (default: the login name).")
@store_options
@base_option
def review(paths, into, port, reviewer, store_dir, endpoint, base):
    """Review interview texts in the browser: check and correct each record against its text.

    Prints the page's address (127.0.0.1 only, with a fresh secret). Save writes the reviewed
    record into --into, never over an edit made elsewhere; Build runs `build --update` for the
    saved records. See docs/review.md.
    """
    from .extract.ingest import interview_files
    from .iris import check_base
    from .review import serve_review

    try:
        base = check_base(base)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--base") from None
    if not interview_files(paths):
        raise click.UsageError("no interview texts (.txt, .md, .html, .htm) in PATHS")
    click.echo("stafett: reviewing; open this address in the browser (Ctrl-C stops):", err=True)
    serve_review(paths, into=into, port=port, store_dir=store_dir, endpoint=endpoint, base=base, reviewer=reviewer,
                 announce=lambda url: click.echo(url))


@cli.command()
@click.option("-n", "--interviews", type=click.IntRange(min=1), required=True, help="How many interviews to write.")
@click.option("--seed", type=int, default=0, show_default=True, help="The world to draw; same seed, same bytes.")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Folder for the interview files.")
@click.option("--gold", is_flag=True, help="Also write <stem>.gold.json files (in OUT-gold beside OUT, unless --gold-dir).")
@click.option("--gold-dir", type=click.Path(file_okay=False), default=None, help="Folder for the gold files (implies --gold).")
@click.option("--clean", is_flag=True, help="Remove earlier synthetic files from OUT (and the gold folder) first.")
def synth(interviews, seed, out_dir, gold, gold_dir, clean):
    """Write a synthetic corpus of relay interviews in the series' formats, with gold records.

    For the scorer: stafett synth -n 200 --seed 1 --out /tmp/syn --gold, then
    score_extraction.py /tmp/syn-gold --run 'stafett extract --json' /tmp/syn
    """
    from .synth import write_corpus

    summary = write_corpus(out_dir, interviews, seed=seed, gold=gold, gold_dir=gold_dir, clean=clean)
    click.echo(summary.line())


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0 for every interface).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@store_options
@base_option
@click.option("--allow-update", is_flag=True, help="Take SPARQL Update and Graph Store writes (embedded store only; needs --token).")
@click.option("--token", envvar="STAFETT_TOKEN", default=None, metavar="TOKEN",
              help="The bearer token that changes must carry (env STAFETT_TOKEN; prefer the env, argv is visible to ps).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True, help="Seconds a query may run before its worker is killed.")
@click.option("--max-rows", type=click.IntRange(min=1), default=50_000, show_default=True, help="Most rows (or triples) one result may have.")
@click.option("--workers", type=click.IntRange(1, 32), default=2, show_default=True, help="Query worker processes (queries run at once).")
@click.option("--max-bytes", type=click.IntRange(min=1), default=64 * 1024 * 1024, show_default=True,
              help="Most bytes one result may have (its body as sent).")
@click.option("--worker-memory", type=click.IntRange(min=64), default=384, show_default=True, metavar="MB",
              help="Memory cap of each query worker; a query that needs more ends as 503 memory-limit.")
@click.option("--queue-timeout", type=click.FloatRange(min=0), default=None, metavar="SECONDS",
              help="Most a request waits for a free worker before 503 busy  [default: --timeout]")
@click.option("--public-url", default=None, metavar="URL",
              help="The service's address as clients know it (behind a proxy)  [default: http://HOST:PORT/]")
@click.option("--cors/--no-cors", default=True, show_default=True,
              help="Let pages on other sites read query results (Access-Control-Allow-Origin: *).")
@click.option("--header-timeout", type=click.FloatRange(min=0.5), default=10.0, show_default=True, metavar="SECONDS",
              help="Seconds a client may take to send a request's line and headers (against slowloris).")
def serve(host, port, store_dir, endpoint, base, allow_update, token, timeout, max_rows, workers, max_bytes,
          worker_memory, queue_timeout, public_url, cors, header_timeout):
    """Serve the graph: a SPARQL 1.1 endpoint (/sparql), a query page (/) and the entities' IRIs (/id/...).

    Read-only unless --allow-update; no query may reach another server (SERVICE, LOAD are refused).
    See docs/server.md.
    """
    from .iris import check_base
    from .listen import listen
    from .server import make_app
    from .server.listen import serve as run_server
    from .server.site import banner
    from .store import open_store

    try:
        base = check_base(base)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--base") from None
    if allow_update and not token:
        raise click.UsageError("--allow-update needs --token TOKEN (or env STAFETT_TOKEN)")
    if endpoint:
        from .engines import pass_choice_to_subprocesses

        pass_choice_to_subprocesses()  # the query workers open the remote store themselves
    sock = listen(host, port)  # before anything says it serves: a busy port is one line
    try:
        public_url, hosts = _public_url(public_url, host, sock.getsockname()[1])
        with open_store(store_dir, endpoint) as store:  # fails early when there is no graph yet
            try:
                app = make_app(store, base=base, allow_update=allow_update, token=token, timeout=timeout,
                               max_rows=max_rows, workers=workers, max_bytes=max_bytes, worker_memory=worker_memory,
                               queue_timeout=queue_timeout, public_url=public_url, allowed_hosts=hosts, cors=cors)
            except ValueError as exc:
                raise click.UsageError(str(exc)) from None
            where = store.describe()
    except BaseException:
        sock.close()
        raise
    mode = "read-write (bearer token)" if allow_update else "read-only"
    click.echo(banner(where, public_url, mode), err=True)
    # h11 refuses a request line or headers over 16 KB by default; GET queries may be as long as
    # the app's limit (100 kB, %-encoded up to three times that), longer ones are refused at once.
    run_server(app, sock=sock, header_timeout=header_timeout,
               max_head_bytes=app.state.settings.max_query_bytes * 3 + 16_384)


def _public_url(given: str | None, host: str, port: int) -> tuple[str, list[str] | None]:
    """The public URL (given, or from the address), and on a loopback address the host names the
    Host header may carry (against DNS rebinding; None: any)."""
    from urllib.parse import urlsplit

    loopback = host in ("127.0.0.1", "localhost", "::1") or host.startswith("127.")
    if given:
        parts = urlsplit(given)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise click.BadParameter(f"{given!r} is not an http(s) URL", param_hint="--public-url")
        url = given.rstrip("/") + "/"
    else:
        shown = "127.0.0.1" if host in ("0.0.0.0", "") else ("[::1]" if host in ("::", "::1") else host)
        url = f"http://{shown}:{port}/"
    if not loopback:
        return url, None
    return url, sorted({"127.0.0.1", "localhost", "::1", host, urlsplit(url).hostname or host})


# -- the relay and the collaboration network (graph/network.py, graph/analytics/, viz/) ----------
@cli.command()
@store_options
@click.option("--format", "fmt", type=Choice(["table", "json"]), default="table", show_default=True)
def chain(store_dir, endpoint, fmt):
    """The relay as a table: stage, from → to, municipality, county.

    Receivers with no interview yet are marked pending; stages or baton passes that are not
    known are shown as gaps; fragments that do not connect, a cycle and the counties reached
    are summed up below the table.
    """
    from .analytics.tables import chain_json, chain_text
    from .network import relay_graph
    from .store import open_store

    with open_store(store_dir, endpoint) as store:
        R = relay_graph(store)
    click.echo(chain_json(R) if fmt == "json" else chain_text(R))


@cli.command()
@store_options
@click.option("--metric", type=Choice(METRICS), default="degree",
              show_default=True, help="Centrality (degree, betweenness) or brokerage (Burt's constraint, effective size).")
@click.option("--top", type=click.IntRange(min=0), default=10, show_default=True, help="How many to list (0: all).")
@click.option("--type", "types", multiple=True, type=Choice(NODE_TYPES), help="Only list nodes of this type; repeatable.")
@click.option("--format", "fmt", type=Choice(["table", "json"]), default="table", show_default=True)
def network(store_dir, endpoint, metric, top, types, fmt):
    """The most central actors of the collaboration network.

    The network holds people, municipalities, county municipalities, organisations, projects,
    partner categories and needs, linked by membership, collaboration, projects, needs and baton
    passes. For constraint the lowest come first (the strongest brokers).
    """
    from .analytics.tables import network_text
    from .network import collaboration_graph
    from .store import open_store

    with open_store(store_dir, endpoint) as store:
        G = collaboration_graph(store)
    click.echo(network_text(G, metric, top=top, types=tuple(types), fmt=fmt))


@cli.command()
@click.argument("source")
@click.argument("target")
@store_options
@click.option("--format", "fmt", type=Choice(["text", "json"]), default="text", show_default=True)
@click.option("--lang", type=Choice(["en", "nb"]), default="en", show_default=True, help="Language of the relation words.")
def path(source, target, store_dir, endpoint, fmt, lang):
    """How two actors are connected: the shortest path, explained edge by edge.

    Names are matched forgivingly (case, spacing, æøå written as ae/o/a); write "Name (Place)"
    to choose between namesakes. An unknown or ambiguous name lists the candidates.
    """
    from .analytics.tables import path_report
    from .network import collaboration_graph
    from .store import open_store

    with open_store(store_dir, endpoint) as store:
        G = collaboration_graph(store)
    click.echo(path_report(G, source, target, fmt=fmt, lang=lang))


@cli.command()
@click.argument("view", type=Choice(["chain", "network", "ego"]))
@click.argument("name", required=False)
@store_options
@click.option("--out", "out", type=click.Path(dir_okay=False, writable=True), default=None,
              help="The HTML file to write (default: stafett-VIEW.html).")
@click.option("--open", "open_page", is_flag=True, help="Open the page in the browser.")
@click.option("--layout", type=Choice(["geo", "force", "stage"]), default=None,
              help="stage: the relay stage by stage; geo: the map of Norway; force: a force layout (for chain: stage order). "
                   "Default: chain by stage when it is one chain, else on the map; network and ego force.")
@click.option("--top", type=click.IntRange(min=0), default=None,
              help="Draw at most N nodes, the most central (0: all). Default 5000 (network), 800 (ego).")
@click.option("--metric", type=Choice(METRICS), default="degree",
              show_default=True, help="Node size and reduction by this measure (network).")
@click.option("--radius", type=click.IntRange(min=1, max=6), default=2, show_default=True, help="Steps from NAME (ego).")
def viz(view, name, store_dir, endpoint, out, open_page, layout, top, metric, radius):
    """Write an interactive view as one self-contained HTML page (works offline).

    VIEW is chain (the relay), network (the collaboration network) or ego NAME (one actor's
    surroundings). The page loads nothing from the network; open it from disk.
    """
    from pathlib import Path

    from viz import render_view

    from .store import open_store

    if view == "ego" and not name:
        raise click.UsageError("the ego view needs a NAME: stafett viz ego 'Camilla Strøm Eide'")
    options = {"layout": layout if view == "chain" else (layout or "force"), "metric": metric, "radius": radius}
    if top is not None:
        options["top"] = top
    with open_store(store_dir, endpoint) as store:
        page = render_view(store, view, name, **options)
    target = Path(out or f"stafett-{view}.html")
    target.write_text(page, encoding="utf-8")
    click.echo(f"wrote {target} ({len(page.encode('utf-8')) // 1024} KiB)")
    if open_page:
        import webbrowser

        webbrowser.open(target.resolve().as_uri())


@cli.command()
@click.option("--format", "formats", multiple=True, default=("all",), show_default=True, metavar="F",
              help="ttl, nt, nq, trig, jsonld, rdfxml, csv, xlsx, graphml, gexf, ontology-html or all; repeatable or comma-separated.")
@click.option("--out", "out_dir", default="export", show_default=True, type=click.Path(file_okay=False), help="Folder for the files.")
@click.option("--gzip", is_flag=True, help="Gzip the RDF dumps (stafett.ttl.gz, ...).")
@click.option("--base", "download_base", default=None, metavar="IRI",
              help="Where OUT will be published: download URLs are {base}{file} (default {data base}download/). Entity IRIs are not rewritten.")
@click.option("--endpoint-url", default=None, metavar="URL", help="A public SPARQL endpoint serving the data (a dcat:DataService in the description).")
@click.option("--licence", default=None, metavar="NAME", help="Licence of the data: CC-BY-4.0 (default), CC0-1.0 or NLOD-2.0.")
@click.option("--publisher", "publisher_name", default=None, metavar="NAME", help="Who publishes the data (the catalogue's dct:publisher).")
@click.option("--publisher-id", default=None, metavar="ORGNR",
              help="The publisher's organisation number (Enhetsregisteret): how data.norge.no knows publishers.")
@click.option("--excel", is_flag=True, help="Write the CSV tables for Norwegian Excel: ';' between fields, UTF-8 with a BOM.")
@click.option("--metadata", "metadata_file", default=None, type=click.Path(dir_okay=False, exists=True),
              help="A YAML file of description fields (publisher, contact, titles; see docs/export.md).")
@click.option("--no-validate", is_flag=True, help="Export even when the data breaks ontology/shapes.ttl.")
@store_options
def export(formats, out_dir, gzip, download_base, endpoint_url, licence, publisher_name, publisher_id, excel, metadata_file,
           no_validate, store_dir, endpoint):
    """Export the graph as linked data for partners, with a README and a DCAT-AP-NO catalogue.

    The data is first validated against ontology/shapes.ttl; when it does not conform, every
    violation is listed and nothing is written. Files already in OUT are replaced one by one
    (each by a rename); see docs/export.md for the file names.
    """
    from .export import ExportFormat, Metadata
    from .export import export as run_export
    from .iris import check_base
    from .store import open_store

    try:
        download_base = check_base(download_base) if download_base else None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--base") from None
    fmts = ExportFormat.parse(formats)
    overrides = {"licence": licence, "endpoint_url": endpoint_url}
    meta = Metadata.from_file(metadata_file, **overrides) if metadata_file else Metadata(**{k: v for k, v in overrides.items() if v})
    try:
        meta = meta.with_publisher(publisher_name, publisher_id)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--publisher-id") from None
    with open_store(store_dir, endpoint) as store:
        summary = run_export(store, out_dir, fmts, gzip=gzip, download_base=download_base, meta=meta, validate=not no_validate,
                             excel=excel)
    for line in summary.lines():
        click.echo(line)
    for w in summary.warnings:
        click.echo(f"stafett: warning: {w}", err=True)
