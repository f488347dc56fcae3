"""``stafett serve``: a SPARQL 1.1 endpoint, a query page and dereferenceable IRIs (Starlette).

See ``docs/server.md``. ``make_app(store, ...)`` builds the app; ``uvicorn.run(app)`` serves it.
"""

from .app import make_app

__all__ = ["make_app"]
