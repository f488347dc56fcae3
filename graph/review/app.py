"""The review web app: ``make_review_app(...)`` is a Starlette application that knows nothing of
click (``stafett review`` binds a loopback socket and runs it with uvicorn).

Routes (all behind :class:`graph.review.guard.Guard`): ``/`` the interviews and their states,
``/i/{id}`` one interview's review page, ``/api/interview/{id}`` its text, record and evidence
(JSON), ``.../validate``, ``.../interpret`` and ``.../save`` (POST), ``/api/build`` (POST) and
``/static/`` the page's own script and style.
"""

from __future__ import annotations

import getpass
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

import anyio
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import StafettError
from ..iris import DEFAULT_BASE
from ..reference import load_reference
from ..server.http import SecurityHeaders
from . import evidence, state
from .guard import Guard, Sessions, problem
from .interpret import NotAValue, interpret
from .save import SaveRefused, check, compose, write_record

HERE = Path(__file__).resolve().parent
MAX_BODY = 10_000_000
log = logging.getLogger("stafett.review")
NO_STORE = {"cache-control": "no-store"}


@dataclass
class Review:
    """What the app was started with, and what happened since (``app.state.review``)."""

    paths: list[str]
    into: Path
    store_dir: str | None = None
    endpoint: str | None = None
    base: str = DEFAULT_BASE
    reviewer: str = ""
    saved: dict[str, str] = field(default_factory=dict)  # interview id -> version saved in this session
    built: dict[str, str] = field(default_factory=dict)  # interview id -> version built
    save_lock: threading.Lock = field(default_factory=threading.Lock)
    build_lock: threading.Lock = field(default_factory=threading.Lock)

    def interviews(self) -> list[state.Interview]:
        return state.interviews(self.paths, self.into)

    def find(self, ident: str) -> state.Interview:
        for it in self.interviews():
            if it.id == ident:
                return it
        raise HTTPException(404)


def make_review_app(paths, *, into, port: int, store_dir=None, endpoint=None, base: str = DEFAULT_BASE,
                    reviewer: str | None = None, secret: str | None = None) -> Starlette:
    """The review app for the interview texts of ``paths``, saving records into ``into``, for a
    server on ``127.0.0.1:port``; ``app.state.sessions.login_path`` is the address to open."""
    review = Review(paths=[str(p) for p in paths], into=Path(into), store_dir=store_dir, endpoint=endpoint, base=base,
                    reviewer=reviewer or _login_name())
    sessions = Sessions(port, secret)
    routes = [
        Route("/", listing, name="home"),
        Route("/i/{ident}", page, name="review"),
        Route("/api/interview/{ident}", interview_json),
        Route("/api/interview/{ident}/validate", validate_json, methods=["POST"]),
        Route("/api/interview/{ident}/interpret", interpret_json, methods=["POST"]),
        Route("/api/interview/{ident}/save", save_json, methods=["POST"]),
        Route("/api/build", build_json, methods=["POST"]),
        Mount("/static", app=StaticFiles(directory=HERE / "static", follow_symlink=False), name="static"),
    ]
    handlers = {HTTPException: _http_exception, StafettError: _stafett_error, Exception: _unexpected}
    app = Starlette(routes=routes, exception_handlers=handlers)
    app.state.review = review
    app.state.sessions = sessions
    app.add_middleware(Guard, sessions=sessions)
    app.add_middleware(SecurityHeaders)
    return app


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def _env() -> Environment:
    return Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True, default_for_string=True))


# -- pages ---------------------------------------------------------------------------------------
async def listing(request: Request):
    review: Review = request.app.state.review
    rows = await anyio.to_thread.run_sync(_rows, review)
    html = _env().get_template("list.html").render(rows=rows, into=str(review.into), states=state.STATES,
                                                   csrf=request.app.state.sessions.csrf_of(request))
    return HTMLResponse(html, headers=NO_STORE)


def _rows(review: Review) -> list[dict]:
    ref = load_reference()
    rows = []
    for it in review.interviews():
        loaded = state.load(it, reference=ref)
        rec = loaded.record or {}
        rows.append({
            "id": it.id, "source": str(it.source), "target": str(it.target), "state": loaded.state,
            "state_label": loaded.state_label, "reason": loaded.reason, "clash": it.clash, "error": loaded.error,
            "interviewee": ((rec.get("interviewee") or {}).get("name")) or "",
            "stage": rec.get("stage"),
            "unsure": evidence.unsure(rec, loaded.text) if loaded.record else [],
            "review": loaded.review,
            "pending_build": it.id in review.saved and review.built.get(it.id) != review.saved[it.id],
        })
    return rows


async def page(request: Request):
    review: Review = request.app.state.review
    it = review.find(request.path_params["ident"])
    html = _env().get_template("review.html").render(
        ident=it.id, source=str(it.source), target=str(it.target), csrf=request.app.state.sessions.csrf_of(request),
        reviewer=review.reviewer)
    return HTMLResponse(html, headers=NO_STORE)


# -- the API -------------------------------------------------------------------------------------
def _interview_data(review: Review, it: state.Interview, fresh: bool) -> dict:
    ref = load_reference()
    loaded = state.load(it, reference=ref, fresh=fresh)
    rec = loaded.record
    problems = check(loaded, compose(loaded, rec), reference=ref) if rec and loaded.sha256 else []
    return {
        "id": it.id, "source": str(it.source), "target": str(it.target), "clash": it.clash,
        "state": loaded.state, "state_label": loaded.state_label, "reason": loaded.reason,
        "text": loaded.text, "sha256": loaded.sha256, "record": rec, "origin": loaded.origin,
        "version": loaded.version, "error": loaded.error, "review": loaded.review,
        "evidence": evidence.field_evidence(rec, loaded.text) if rec else [],
        "general_warnings": evidence.general_warnings(rec) if rec else [],
        "problems": [_problem_json(p) for p in problems],
        "spec": evidence.form_spec(),
        "reviewer": review.reviewer,
        "saved_in_session": it.id in review.saved,
        "pending_build": it.id in review.saved and review.built.get(it.id) != review.saved[it.id],
    }


def _problem_json(p: tuple[str, str, str]) -> dict:
    path, fld, message = p
    return {"field": fld, "message": message, "line": f"{path}:{fld}: {message}"}


async def interview_json(request: Request):
    review: Review = request.app.state.review
    it = review.find(request.path_params["ident"])
    fresh = request.query_params.get("fresh") == "1"
    data = await anyio.to_thread.run_sync(_interview_data, review, it, fresh)
    return JSONResponse(data, headers=NO_STORE)


async def _body(request: Request) -> dict:
    from ..server.http import Problem, read_body

    try:
        raw = await read_body(request, MAX_BODY)
    except Problem as exc:
        raise SaveRefused(exc.error, exc.message) from None
    import json

    try:
        data = json.loads(raw or b"{}")
    except ValueError:
        raise SaveRefused("bad-request", "the request body is not JSON") from None
    if not isinstance(data, dict):
        raise SaveRefused("bad-request", "the request body must be a JSON object")
    return data


def _loaded_for_edit(review: Review, it: state.Interview, body: dict) -> state.Loaded:
    ref = load_reference()
    loaded = state.load(it, reference=ref, fresh=body.get("origin") != "record")
    if loaded.sha256 is None:
        raise SaveRefused("unreadable-text", loaded.error or f"{it.source}: cannot be read")
    if body.get("sha256") not in (None, loaded.sha256):
        raise SaveRefused("text-changed", f"{it.source} has changed since the page loaded it; reload the page "
                                          "(the spans would point at the wrong words)")
    return loaded


async def validate_json(request: Request):
    review: Review = request.app.state.review
    it = review.find(request.path_params["ident"])
    body = await _body(request)

    def run():
        loaded = _loaded_for_edit(review, it, body)
        rec = compose(loaded, body.get("record"), reviewer=str(body.get("reviewer") or "").strip() or None)
        return [_problem_json(p) for p in check(loaded, rec, reference=load_reference())]

    return JSONResponse({"problems": await anyio.to_thread.run_sync(run)}, headers=NO_STORE)


async def interpret_json(request: Request):
    review: Review = request.app.state.review
    it = review.find(request.path_params["ident"])
    body = await _body(request)
    span = body.get("span")
    if not (isinstance(span, list) and len(span) == 2 and all(isinstance(x, int) for x in span)):
        raise SaveRefused("bad-request", "span must be [start, end] (whole numbers)")

    def run():
        loaded = _loaded_for_edit(review, it, body)
        return interpret(str(body.get("field")), loaded.text, tuple(span), reference=load_reference())

    return JSONResponse(await anyio.to_thread.run_sync(run), headers=NO_STORE)


async def save_json(request: Request):
    review: Review = request.app.state.review
    it = review.find(request.path_params["ident"])
    body = await _body(request)
    reviewer = " ".join(str(body.get("reviewer") or "").split())
    if not reviewer:
        raise SaveRefused("no-reviewer", "write your name in «Gjennomgått av» (who reviewed the record)")
    if it.clash:
        raise SaveRefused("name-clash", f"{it.source}: {it.clash}; nothing written")
    accepted = [k for k in body.get("accepted") or [] if isinstance(k, str)]

    def run():
        with review.save_lock:
            ref = load_reference()
            loaded = _loaded_for_edit(review, it, body)
            if body.get("origin") == "record" and loaded.origin != "record":
                raise SaveRefused("edited-elsewhere", f"{it.target} was removed since the page loaded it; reload the page")
            if loaded.origin == "record" and (loaded.record.get("source") or {}).get("sha256") not in (None, loaded.sha256):
                raise SaveRefused("text-changed", f"{it.source} has changed since {it.target} was made, so its spans may "
                                                  "point at the wrong words; load a fresh extraction («Hent ut på nytt») and review that")
            rec = compose(loaded, body.get("record"), reviewer=reviewer, accepted=accepted)
            problems = check(loaded, rec, reference=ref)
            if problems:
                raise SaveRefused("invalid-record", f"{len(problems)} problem(s); nothing written",
                                  [_problem_json(p) for p in problems])
            version = write_record(loaded, rec, into=review.into, expected_version=body.get("version"))
            review.saved[it.id] = version
            return {"saved": str(it.target), "version": version, "review": rec["review"], "state": "reviewed",
                    "state_label": state.STATES["reviewed"]}

    return JSONResponse(await anyio.to_thread.run_sync(run), headers=NO_STORE)


async def build_json(request: Request):
    review: Review = request.app.state.review
    body = await _body(request)
    ids = body.get("ids")
    items = review.interviews()
    chosen = [it for it in items if it.id in (ids if isinstance(ids, list) else review.saved)]
    if not chosen:
        raise SaveRefused("nothing-to-build", "no saved record to build; save the review first")

    def run():
        from .buildrun import build_saved

        pairs = []
        for it in chosen:
            version = state.file_version(it.target)
            if version is None:
                raise SaveRefused("not-saved", f"{it.target} does not exist yet; save the review first")
            loaded = state.load(it, reference=load_reference())
            pairs.append((it.target, it.source, loaded.sha256))
        if not review.build_lock.acquire(blocking=False):
            raise SaveRefused("build-running", "a build from this page is running; wait for it to finish")
        try:
            result = build_saved(pairs, store_dir=review.store_dir, endpoint=review.endpoint, base=review.base)
        finally:
            review.build_lock.release()
        for it in chosen:
            review.built[it.id] = state.file_version(it.target)
        return result

    return JSONResponse(await anyio.to_thread.run_sync(run), headers=NO_STORE)


# -- errors: one shape ---------------------------------------------------------------------------
async def _http_exception(request: Request, exc: HTTPException):
    codes = {404: "not-found", 405: "method-not-allowed"}
    message = {404: f"nothing at {request.url.path}; the interviews are listed at /",
               405: f"{request.method} is not allowed here"}.get(exc.status_code, str(exc.detail))
    return problem(request, exc.status_code, codes.get(exc.status_code, "http-error"), message)


async def _stafett_error(request: Request, exc: StafettError):
    if isinstance(exc, SaveRefused):
        status = {"edited-elsewhere": 409, "text-changed": 409, "build-running": 409, "not-saved": 409,
                  "invalid-record": 422, "too-large": 413}.get(exc.code, 400)
        response = problem(request, status, exc.code, str(exc))
        if exc.problems:
            import json

            body = json.loads(response.body)
            body["problems"] = exc.problems
            return JSONResponse(body, status_code=status, headers=NO_STORE)
        return response
    if isinstance(exc, NotAValue):
        return problem(request, 422, "not-a-value", str(exc))
    return problem(request, 400, "refused", str(exc))


async def _unexpected(request: Request, exc: Exception):
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return problem(request, 500, "internal-error", "the review server failed on this request; its log (stderr) has the details")
