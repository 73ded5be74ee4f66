"""The application factory: routers, and store errors turned into German HTTP answers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, status
from fastapi.responses import JSONResponse

from buendnisatlas import __version__
from buendnisatlas.api.rest.routes import analysis, elements, overview, referral, relations
from buendnisatlas.api.rest.views import Stores, ViewCache
from buendnisatlas.api.web import pages
from buendnisatlas.config import store_url
from buendnisatlas.graph.referral import ReferralError
from buendnisatlas.graph.store import (
    AmbiguousName,
    DuplicateId,
    InvalidData,
    InvalidRelation,
    NotFound,
    StoreError,
)

_STATUS: list[tuple[type[StoreError], int]] = [
    (NotFound, status.HTTP_404_NOT_FOUND),
    (DuplicateId, status.HTTP_409_CONFLICT),
    (AmbiguousName, status.HTTP_409_CONFLICT),
    (InvalidData, status.HTTP_422_UNPROCESSABLE_CONTENT),
    (InvalidRelation, status.HTTP_422_UNPROCESSABLE_CONTENT),
]


def create_app(url: str | None = None) -> FastAPI:
    """Build the API for the store at ``url`` (default: the configured store URL)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # The store is opened once per process; requests take connections from it.
        app.state.stores = Stores(app.state.store_url)
        try:
            yield
        finally:
            app.state.stores.close()

    app = FastAPI(
        title="Bündnisatlas",
        version=__version__,
        description="Netzwerke lokaler Bündnisse für Demokratie als Graph.",
        lifespan=lifespan,
    )
    app.state.store_url = store_url(url)
    app.state.views = ViewCache()
    for router in [*elements.routers, relations.router, overview.router, referral.router, analysis.router]:
        app.include_router(router, prefix="/api")
    app.include_router(pages.router)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> JSONResponse:
        code = next((c for kind, c in _STATUS if isinstance(exc, kind)), status.HTTP_400_BAD_REQUEST)
        return JSONResponse(status_code=code, content={"detail": str(exc)})

    @app.exception_handler(ReferralError)
    async def referral_error(request: Request, exc: ReferralError) -> JSONResponse:
        return JSONResponse(status_code=status.HTTP_400_BAD_REQUEST, content={"detail": str(exc)})

    return app
