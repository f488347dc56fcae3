"""The HTTP layer's one error shape, request-body limits and security headers.

Every error answer, whatever raised it, is ``{"status": 400, "error": "malformed-query",
"message": "..."}`` (JSON), or the same three fields on a small HTML page when the client asks
for HTML before JSON (a browser on an entity page). ``error`` is a stable code for programs;
``message`` says what was wrong and how to fix it.
"""

from __future__ import annotations

import html
import json

from starlette.requests import Request
from starlette.responses import Response

from .negotiate import choose

#: The Content-Security-Policy of every response: everything from this server only, no inline
#: script or style, no plugins, no framing.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
#: The query page's: YASGUI sets style attributes (CodeMirror, DataTables), so inline *style* is
#: allowed there; script stays self-only.
CSP_QUERY_PAGE = CSP.replace("style-src 'self';", "style-src 'self' 'unsafe-inline';")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class Problem(Exception):
    """An HTTP error in the one shape."""

    def __init__(self, status: int, error: str, message: str, headers: dict | None = None):
        self.status, self.error, self.message, self.headers = status, error, message, headers or {}
        super().__init__(message)


def problem_response(request: Request | None, status: int, error: str, message: str, headers: dict | None = None) -> Response:
    body = {"status": status, "error": error, "message": message}
    # Set here too: a 500 is written outside the app's middleware.
    headers = {**{k.decode(): v.decode() for k, v in SECURITY_HEADERS}, **(headers or {})}
    accept = request.headers.get("accept") if request is not None else None
    if accept and choose(accept, ["application/json", "text/html"]) == "text/html" and "text/html" in accept:
        page = (
            '<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>{s} {e}</title>'
            '<link rel="stylesheet" href="/static/stafett.css"></head><body><main>'
            '<h1>{s} {e}</h1><p class="message">{m}</p><p><a href="/">Til spørresiden / query page</a></p>'
            "</main></body></html>"
        ).format(s=status, e=html.escape(error), m=html.escape(message))
        return Response(page, status_code=status, media_type="text/html", headers=headers)
    return Response(
        json.dumps(body, ensure_ascii=False) + "\n", status_code=status,
        media_type="application/json", headers=headers,
    )


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it is known to pass ``limit`` bytes (the
    declared Content-Length first, then while reading a chunked body)."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            if int(declared) > limit:
                raise too_large(limit)
        except ValueError:
            raise Problem(400, "bad-request", "Content-Length is not a number") from None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def too_large(limit: int) -> Problem:
    return Problem(413, "too-large", f"the request is larger than the server's limit of {limit} bytes")


class SecurityHeaders:
    """ASGI middleware: the security headers on every response, whatever produced it."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in SECURITY_HEADERS if h[0] not in names]
            await send(message)

        await self.app(scope, receive, send_with_headers)


#: Bytes read from a spool file per chunk sent.
CHUNK = 64 * 1024


class SpooledResponse:
    """A result the worker wrote to a spool file, sent from the file at the client's pace: the
    server holds one chunk per connection, not the answer. ``fh`` is already unlinked (the
    space is freed when it is closed); a client that has not read the whole answer within
    ``deadline`` seconds is cut off."""

    def __init__(self, fh, size: int, media_type: str, headers: dict, *, deadline: float, on_close=None):
        self.fh, self.size, self.media_type, self.headers = fh, size, media_type, headers
        self.deadline, self.on_close = deadline, on_close

    async def __call__(self, scope, receive, send):
        import anyio

        headers = [(b"content-type", self.media_type.encode("latin-1")), (b"content-length", str(self.size).encode())]
        headers += [(k.lower().encode("latin-1"), str(v).encode("latin-1")) for k, v in self.headers.items()]
        try:
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            with anyio.move_on_after(self.deadline):
                while True:
                    chunk = self.fh.read(CHUNK)  # a local file just written: in the page cache
                    if not chunk:
                        break
                    await send({"type": "http.response.body", "body": chunk, "more_body": True})
                await send({"type": "http.response.body", "body": b"", "more_body": False})
        finally:
            self.fh.close()
            if self.on_close is not None:
                self.on_close()


class HostCheck:
    """ASGI middleware: only the host names in ``allowed`` may be named in the ``Host`` header
    (``421 wrong-host`` otherwise). On a server bound to loopback this stops DNS rebinding: a page
    on another site whose name was made to resolve to 127.0.0.1 names its own host."""

    def __init__(self, app, allowed):
        self.app, self.allowed = app, {h.lower() for h in allowed}

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            host = ""
            for k, v in scope.get("headers", []):
                if k == b"host":
                    host = v.decode("latin-1").strip().lower()
                    break
            name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
            name = name.strip("[]")
            if name not in self.allowed:
                message = (f"this server answers to {', '.join(sorted(self.allowed))} only, not to the host "
                           f"named in the request")
                response = problem_response(None, 421, "wrong-host", message)
                return await response(scope, receive, send)
        return await self.app(scope, receive, send)
