"""``stafett review``: a local page to check and correct interview records against their text.

The page lists the interviews of the paths given, with their state (new, extracted, reviewed,
changed since review) and what extraction was unsure of; one interview's page shows the text
with every extracted fact highlighted at its span beside the record as a form. Saving writes the
reviewed record (with who and when in its ``review`` field) into ``--into``, never over an edit
made elsewhere since the page loaded; Build runs ``build --update`` for the saved records and
shows what changed in the graph. See ``docs/review.md``.

    make_review_app(paths, into=..., port=...)   # the Starlette app (graph/review/app.py)
    serve_review(paths, into=..., port=0, ...)   # bind 127.0.0.1, print the address, run
"""

from __future__ import annotations

import socket
import sys
from typing import Callable

from .app import make_review_app

__all__ = ["make_review_app", "serve_review"]


def bind_loopback(port: int = 0) -> socket.socket:
    """A listening socket on 127.0.0.1 (``port`` 0: a free one)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(64)
    sock.set_inheritable(True)
    return sock


def serve_review(paths, *, into, port: int = 0, store_dir=None, endpoint=None, base: str | None = None,
                 reviewer: str | None = None, announce: Callable[[str], None] | None = None) -> None:
    """Serve the review page on 127.0.0.1 until interrupted; ``announce`` gets the address to
    open (with its secret), by default printed on stdout."""
    import uvicorn

    from ..iris import DEFAULT_BASE

    sock = bind_loopback(port)
    real_port = sock.getsockname()[1]
    app = make_review_app(paths, into=into, port=real_port, store_dir=store_dir, endpoint=endpoint,
                          base=base or DEFAULT_BASE, reviewer=reviewer)
    url = f"http://127.0.0.1:{real_port}{app.state.sessions.login_path}"
    (announce or (lambda u: (print(u, flush=True), None)))(url)
    config = uvicorn.Config(app, server_header=False, log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
        sys.stdout.flush()
