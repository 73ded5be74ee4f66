"""The application factory: routers, request limits, and errors as German answers (api/rest/problems.py)."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from buendnisatlas import __version__
from buendnisatlas.api.limits import BodyLimits, Limits
from buendnisatlas.api.rest import problems
from buendnisatlas.api.rest.deps import TOKEN_FAILURES, get_viewer
from buendnisatlas.api.rest.routes import analysis, elements, history, overview, referral, relations
from buendnisatlas.api.rest.views import Stores, ViewCache
from buendnisatlas.api.web import routes as web_routes
from buendnisatlas.api.web.render import STATIC, SignInRequired, sign_in_redirect
from buendnisatlas.api.web.session import SESSION_SECONDS, Sessions, Throttle, session_secret
from buendnisatlas.config import store_url, tune_collector


def create_app(
    url: str | None = None,
    session_seconds: int = SESSION_SECONDS,
    limits: Limits | None = None,
    *,
    freeze_heap: bool = False,
) -> FastAPI:
    """Build the API and pages for the store at ``url`` (default: the configured store URL).

    ``session_seconds``: how long a web session lasts without a visit; ``limits``: request
    size limits (default: :meth:`Limits.from_env`); ``freeze_heap``: once warm, exempt what
    was built at start from the cyclic garbage collector (a server process, :func:`served_app`).
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        tune_collector()  # each server process
        # The store is opened once per process; requests take connections from it.
        app.state.stores = Stores(app.state.store_url)
        # The place index and the public's service index are built before the first request
        # is taken (a worker that is not ready leaves it to the others or the queue): built
        # beside the first requests, they would share the interpreter with them and slow the
        # first gap report or referral down instead of sparing it the wait.
        await run_in_threadpool(app.state.stores.warm)
        if freeze_heap:
            # Modules, the place and service indexes live as long as the process: a collector
            # that scans them again and again only slows every request down (gc.freeze's use).
            gc.collect()
            gc.freeze()
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
    app.state.limits = limits or Limits.from_env()
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

    @app.exception_handler(SignInRequired)
    async def sign_in_required(request: Request, exc: SignInRequired) -> Response:
        return sign_in_redirect(exc.path)

    problems.install(app)
    # Outermost of our layers: bodies are measured before routing, parsing and the token check.
    app.add_middleware(BodyLimits, limits=app.state.limits)
    return app


def served_app() -> FastAPI:
    """One ``buendnisatlas serve`` worker (uvicorn's factory): the configured store, its heap frozen once warm."""
    return create_app(freeze_heap=True)
