"""The application factory: routers, and store errors turned into German HTTP answers."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Request, status
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from buendnisatlas import __version__
from buendnisatlas.api.rest.deps import TOKEN_FAILURES, etag, get_viewer
from buendnisatlas.api.rest.routes import analysis, elements, history, overview, referral, relations
from buendnisatlas.api.rest.schemas import relation_public
from buendnisatlas.api.rest.views import Stores, ViewCache
from buendnisatlas.api.web import routes as web_routes
from buendnisatlas.api.web.errors import html_error
from buendnisatlas.api.web.render import STATIC, SignInRequired, sign_in_redirect
from buendnisatlas.api.web.session import SESSION_SECONDS, Sessions, Throttle, session_secret
from buendnisatlas.config import store_url
from buendnisatlas.graph.model import Relation
from buendnisatlas.graph.referral import ReferralError
from buendnisatlas.graph.store import (
    AmbiguousName,
    DuplicateId,
    InvalidData,
    InvalidRelation,
    NotFound,
    StaleVersion,
    StoreBusy,
    StoreError,
)
from buendnisatlas.services import Forbidden

_STATUS: list[tuple[type[StoreError], int]] = [
    (NotFound, status.HTTP_404_NOT_FOUND),
    (Forbidden, status.HTTP_403_FORBIDDEN),
    (DuplicateId, status.HTTP_409_CONFLICT),
    (AmbiguousName, status.HTTP_409_CONFLICT),
    (InvalidData, status.HTTP_422_UNPROCESSABLE_CONTENT),
    (InvalidRelation, status.HTTP_422_UNPROCESSABLE_CONTENT),
    (StaleVersion, status.HTTP_412_PRECONDITION_FAILED),
    (StoreBusy, status.HTTP_503_SERVICE_UNAVAILABLE),
]


def error_extras(exc: StoreError) -> tuple[dict[str, object], dict[str, str]]:
    """What an error adds to its answer: body members and headers.

    A stale version shows the stored state (as the caller may read it) and its ETag, so that
    a client can show both versions; a busy store says when to try again.
    """
    if isinstance(exc, StaleVersion):
        current = exc.current
        shown = relation_public(current) if isinstance(current, Relation) else current
        return {"current": jsonable_encoder(shown)}, {"ETag": etag(current.version)}
    if isinstance(exc, StoreBusy):
        return {}, {"Retry-After": str(exc.retry_after)}
    return {}, {}


def create_app(url: str | None = None, session_seconds: int = SESSION_SECONDS) -> FastAPI:
    """Build the API and pages for the store at ``url`` (default: the configured store URL).

    ``session_seconds``: how long a web session lasts without a visit.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # The store is opened once per process; requests take connections from it.
        app.state.stores = Stores(app.state.store_url)
        # The place index is built beside the first requests, not by the first gap report.
        threading.Thread(target=app.state.stores.warm, name="warm-caches", daemon=True).start()
        try:
            yield
        finally:
            app.state.stores.close()

    app = FastAPI(
        title="Bündnisatlas",
        version=__version__,
        description="Netzwerke lokaler Bündnisse für Demokratie als Graph.",
        lifespan=lifespan,
        docs_url=None,  # served from local files instead (api/web/routes/apidocs.py)
        redoc_url=None,
    )
    app.state.store_url = store_url(url)
    app.state.views = ViewCache()
    app.state.sessions = Sessions(session_secret(app.state.store_url), session_seconds)
    app.state.sign_in_throttle = Throttle()
    app.state.token_throttle = Throttle(limit=TOKEN_FAILURES)
    for router in [
        *elements.routers,
        relations.router,
        overview.router,
        referral.router,
        analysis.router,
        history.router,
    ]:
        # Every endpoint asks who is calling, so that a bad token is refused everywhere.
        app.include_router(router, prefix="/api", dependencies=[Depends(get_viewer)])
    for router in web_routes.ROUTERS:
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    def for_pages(request: Request) -> bool:
        return not request.url.path.startswith("/api")

    @app.exception_handler(SignInRequired)
    async def sign_in_required(request: Request, exc: SignInRequired) -> Response:
        return sign_in_redirect(exc.path)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if for_pages(request):
            return html_error(request, exc.status_code, str(exc.detail), exc.headers)
        return await http_exception_handler(request, exc)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        if for_pages(request):
            return html_error(request, status.HTTP_422_UNPROCESSABLE_CONTENT, "Die Adresse enthält ungültige Angaben.")
        return await request_validation_exception_handler(request, exc)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        code = next((c for kind, c in _STATUS if isinstance(exc, kind)), status.HTTP_400_BAD_REQUEST)
        extra, headers = error_extras(exc)
        if for_pages(request):
            return html_error(request, code, str(exc), headers)
        return JSONResponse(status_code=code, content={"detail": str(exc), **extra}, headers=headers)

    @app.exception_handler(ReferralError)
    async def referral_error(request: Request, exc: ReferralError) -> JSONResponse:
        return JSONResponse(status_code=status.HTTP_400_BAD_REQUEST, content={"detail": str(exc)})

    return app
