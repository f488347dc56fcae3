"""``stafett serve``: a SPARQL 1.1 endpoint, a query page and dereferenceable IRIs (Starlette).

See ``docs/server.md``. ``make_app(store, ...)`` builds the app; ``uvicorn.run(app)`` serves it.
The app is imported on first use, so the query workers (``python -m graph.server.worker``)
start without Starlette and the templates.
"""

__all__ = ["make_app"]


def __getattr__(name: str):
    if name == "make_app":
        from .app import make_app

        return make_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
