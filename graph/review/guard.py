"""Who may use the review page: the person who started it, from this machine, on purpose.

- The server listens on 127.0.0.1 only, and answers only requests whose ``Host`` is its own
  address (``127.0.0.1:PORT`` or ``localhost:PORT``): a page elsewhere that rebinds its DNS name
  to 127.0.0.1 is refused.
- ``/login/SECRET`` (the address ``stafett review`` prints, a fresh random secret per run) opens
  a session: an HttpOnly, SameSite=Strict cookie named after the port. Every other request
  without a live session is refused, static files included.
- Every request that changes something (POST) must come from the page itself: the ``Origin`` is
  this server's, the body is JSON, and the header ``X-CSRF-Token`` carries the session's token
  (compared in constant time).
"""

from __future__ import annotations

import hashlib
import hmac
import html
import json
import secrets

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ..server.http import SECURITY_HEADERS

SAFE_METHODS = ("GET", "HEAD")


def problem(request: Request | None, status: int, error: str, message: str) -> Response:
    """The one error shape of stafett's HTTP layer (``{"status", "error", "message"}``), or a
    small page with the same for a browser's navigation."""
    headers = {k.decode(): v.decode() for k, v in SECURITY_HEADERS}
    headers["cache-control"] = "no-store"
    accept = request.headers.get("accept", "") if request is not None else ""
    if "text/html" in accept and "application/json" not in accept:
        page = ('<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>{s} {e}</title></head>'
                '<body><h1>{s} {e}</h1><p>{m}</p></body></html>').format(s=status, e=html.escape(error), m=html.escape(message))
        return Response(page, status_code=status, media_type="text/html", headers=headers)
    body = json.dumps({"status": status, "error": error, "message": message}, ensure_ascii=False) + "\n"
    return Response(body, status_code=status, media_type="application/json", headers=headers)


class Sessions:
    """The secret of this run and the sessions opened with it."""

    def __init__(self, port: int, secret: str | None = None):
        self.port = port
        self.secret = secret or secrets.token_urlsafe(32)
        self.cookie = f"stafett-review-{port}"  # cookies are not kept apart by port: the name is
        self._csrf: dict[str, str] = {}  # sha256(session) -> CSRF token
        self.hosts = {f"127.0.0.1:{port}", f"localhost:{port}"}
        self.origins = {f"http://{h}" for h in self.hosts}

    @property
    def login_path(self) -> str:
        return f"/login/{self.secret}"

    def open(self) -> tuple[str, str]:
        session, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        self._csrf[self._key(session)] = csrf
        return session, csrf

    @staticmethod
    def _key(session: str) -> str:
        return hashlib.sha256(session.encode("utf-8", "replace")).hexdigest()

    def csrf_of(self, request: Request) -> str | None:
        """The CSRF token of the request's session, None without a live session."""
        session = request.cookies.get(self.cookie)
        return self._csrf.get(self._key(session)) if session else None


class Guard:
    """ASGI middleware: the checks of the module docstring, before anything else runs."""

    def __init__(self, app, sessions: Sessions):
        self.app, self.sessions = app, sessions

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        request = Request(scope)
        refusal = self.check(request)
        if refusal is not None:
            return await refusal(scope, receive, send)
        return await self.app(scope, receive, send)

    def check(self, request: Request) -> Response | None:
        s = self.sessions
        host = request.headers.get("host", "")
        if host not in s.hosts:
            return problem(request, 421, "wrong-host", f"this review page answers only at http://127.0.0.1:{s.port}/")
        if request.url.path.startswith("/login/"):
            if request.method not in SAFE_METHODS:
                return problem(request, 405, "method-not-allowed", "open the login address with GET")
            given = request.url.path[len("/login/"):]
            if not hmac.compare_digest(given.encode("utf-8", "replace"), s.secret.encode()):
                return problem(request, 403, "wrong-secret", "this address is not the one stafett review printed; "
                                                              "open the address with the secret from its output")
            session, _ = s.open()
            response = RedirectResponse("/", status_code=303, headers={"cache-control": "no-store"})
            response.set_cookie(s.cookie, session, httponly=True, samesite="strict", path="/")
            return response
        csrf = s.csrf_of(request)
        if csrf is None:
            return problem(request, 403, "no-session", "open the address stafett review printed (it holds the secret); "
                                                        "requests without it are refused")
        if request.method in SAFE_METHODS:
            return None
        origin = request.headers.get("origin")
        if origin not in s.origins:
            return problem(request, 403, "cross-origin", "changes are taken from the review page itself only (Origin)")
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            return problem(request, 415, "not-json", "send the request body as application/json")
        token = request.headers.get("x-csrf-token", "")
        if not hmac.compare_digest(token.encode("utf-8", "replace"), csrf.encode()):
            return problem(request, 403, "bad-csrf-token", "the request lacks the page's CSRF token; reload the page")
        return None
