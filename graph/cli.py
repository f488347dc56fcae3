"""The ``stafett`` command: one thin click command per job; the work is done in ``graph/``.

Errors of the project's own types (``graph/errors.py``) are printed as one line each, prefixed
``stafett: error:``, and exit with status 1 (2 for a malformed query or bad usage); nothing here
prints a traceback for bad input.
"""

from __future__ import annotations

import os
import sys

import click

from . import __version__
from .errors import QueryError, StafettError

DEFAULT_STORE_HINT = "env STAFETT_STORE, else ./.stafett/store"


def _fail(message: str, code: int = 1) -> None:
    for line in str(message).splitlines() or [""]:
        click.echo(f"stafett: error: {line}", err=True)
    sys.exit(code)


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except QueryError as exc:
            _fail(str(exc), 2)
        except StafettError as exc:
            _fail(str(exc), 1)
        except KeyboardInterrupt:
            _fail("interrupted", 130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="stafett")
def cli() -> None:
    """stafett: the Innovasjonsstafetten knowledge graph.

    Build the graph from interview records or texts, query it with SPARQL, look at the relay and
    the collaboration network, and export it as linked data.
    """


def store_options(fn):
    """--store / --endpoint, shared by every command that reads or writes the graph."""
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
        help=f"The embedded store's folder ({DEFAULT_STORE_HINT}).",
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
