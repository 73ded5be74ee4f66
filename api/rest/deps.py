"""Dependencies shared by the routers, as ``Annotated`` aliases."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Request, status

from buendnisatlas.graph.store import GraphStore
from buendnisatlas.graph.vocab import Visibility

TOKEN_ENV = "BUENDNISATLAS_API_TOKEN"


def get_store(request: Request) -> Iterator[GraphStore]:
    """One store connection per request, from the store the app opened at start (api/rest/views.py)."""
    with request.app.state.stores.connection() as store:
        yield store


def get_audience(authorization: Annotated[str | None, Header()] = None) -> Visibility:
    """The public, unless the caller presents the coordinator token."""
    token = os.environ.get(TOKEN_ENV)
    if token and authorization and secrets.compare_digest(authorization.removeprefix("Bearer ").strip(), token):
        return Visibility.RESTRICTED
    return Visibility.PUBLIC


def require_coordinator(audience: Annotated[Visibility, Depends(get_audience)]) -> None:
    if audience != Visibility.RESTRICTED:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            detail="Ändern dürfen nur Koordinator:innen (Kopfzeile Authorization: Bearer <Token>).",
            headers={"WWW-Authenticate": "Bearer"},
        )


StoreDep = Annotated[GraphStore, Depends(get_store)]
AudienceDep = Annotated[Visibility, Depends(get_audience)]
CoordinatorDep = Depends(require_coordinator)
