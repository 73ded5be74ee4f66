"""Dependencies shared by the routers, as ``Annotated`` aliases.

Who is asking: a caller without an ``Authorization`` header is the public. A caller
sends ``Authorization: Bearer <Token>`` with a personal API token
(``buendnisatlas token create``); the store keeps only its hash, which is looked up
here and its last use recorded. ``BUENDNISATLAS_API_TOKEN`` is the *bootstrap* token:
whoever presents it is an administrator, for setting up an installation before any
account exists — leave it unset in normal operation. A header that is not a valid
token is refused (401), never treated as the public: a script with a mistyped token
should fail, not silently see less.

Changes are optimistic: every element and relation is read with ``ETag: "<version>"``,
and ``PATCH``/``DELETE`` must send it back as ``If-Match`` (:func:`expected_version`).
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Header, HTTPException, Query, Request, status
from starlette.concurrency import run_in_threadpool

from buendnisatlas.api.web.session import Throttle
from buendnisatlas.graph.credentials import LoginFailed, check_token
from buendnisatlas.graph.store import GraphStore
from buendnisatlas.services import UnitOfWork, View, Viewer

TOKEN_ENV = "BUENDNISATLAS_API_TOKEN"
BEARER = "Bearer "
BOOTSTRAP_WHO = "api:bootstrap-token"
# Failed tokens per address (or account) in 15 minutes before every token from there is refused.
TOKEN_FAILURES = 50

_SIGN_IN_HINT = "Ändern dürfen nur Koordinator:innen (Kopfzeile Authorization: Bearer <Token>)."


async def get_store(request: Request) -> AsyncIterator[GraphStore]:
    """One store connection per request, lent from the store the app opened at start (api/rest/views.py).

    The dependencies here are ``async``: they run on the event loop without a hop to the
    thread pool each; what reads the store (a personal token, the endpoint) runs there.
    """
    stores = request.app.state.stores
    store = await stores.acquire()
    try:
        yield store
    finally:
        stores.release(store)


StoreDep = Annotated[GraphStore, Depends(get_store)]


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, detail=detail, headers={"WWW-Authenticate": "Bearer"})


def bootstrap_viewer(secret: str) -> Viewer | None:
    """The administrator the bootstrap token stands for, if ``secret`` is it (compared in constant time)."""
    bootstrap = os.environ.get(TOKEN_ENV)
    if bootstrap and secrets.compare_digest(secret.encode(), bootstrap.encode()):
        return Viewer.admin(BOOTSTRAP_WHO)
    return None


def viewer_of_token(store: GraphStore, secret: str) -> Viewer:
    """The viewer a token stands for; :class:`LoginFailed` if it is unknown, revoked or its account inactive."""
    if (viewer := bootstrap_viewer(secret)) is not None:
        return viewer
    user, _ = check_token(store, secret, datetime.now(UTC))
    return Viewer.for_user(user)


def _too_many(seconds: int, who: str) -> HTTPException:
    minutes = max(1, round(seconds / 60))
    return HTTPException(
        status.HTTP_429_TOO_MANY_REQUESTS,
        detail=f"Zu viele ungültige API-Schlüssel {who}. Bitte in {minutes} Minute(n) erneut versuchen.",
        headers={"Retry-After": str(seconds)},
    )


async def get_viewer(
    request: Request, store: StoreDep, authorization: Annotated[str | None, Header()] = None
) -> Viewer:
    """The public without a header; the token's user with a valid ``Bearer`` token; else 401.

    Failed tokens are throttled per address (and per account, for its refused tokens):
    beyond the limit every token from there is refused with 429 and ``Retry-After`` —
    checked before the token, so that guessing on learns nothing.
    """
    if authorization is None:
        return Viewer.public()
    throttle: Throttle = request.app.state.token_throttle
    address = "adresse:" + (request.client.host if request.client else "unbekannt")
    if seconds := throttle.wait_seconds(address):
        raise _too_many(seconds, "von dieser Adresse")
    invalid = _unauthorized(f"Ungültiges, widerrufenes oder unbekanntes Token. {_SIGN_IN_HINT}")
    if not authorization.startswith(BEARER):
        throttle.failed(address)
        raise invalid
    secret = authorization[len(BEARER) :].strip()
    try:
        viewer = bootstrap_viewer(secret)
        if viewer is None:  # a personal token is looked up (and its use recorded) in the store: in the thread pool
            viewer = await run_in_threadpool(viewer_of_token, store, secret)
    except LoginFailed as exc:
        throttle.failed(address)
        if exc.account is not None:
            account = "konto:" + exc.account
            throttle.failed(account)
            if seconds := throttle.wait_seconds(account):
                raise _too_many(seconds, "für dieses Konto") from None
        raise invalid from None
    return viewer


ViewerDep = Annotated[Viewer, Depends(get_viewer)]


async def get_view(store: StoreDep, viewer: ViewerDep) -> View:
    return View(store, viewer)


async def get_uow(store: StoreDep, viewer: ViewerDep) -> UnitOfWork:
    return UnitOfWork(store, viewer)


async def require_signed_in(viewer: ViewerDep) -> None:
    """Changes and analyses need a signed-in caller; what their role allows, the service decides."""
    if not viewer.signed_in:
        raise _unauthorized(_SIGN_IN_HINT)


def etag(version: int | None) -> str:
    """The ``ETag`` of an element or relation: its version, quoted (a strong tag)."""
    return f'"{version}"'


_IF_MATCH_HINT = 'die Kopfzeile If-Match mit dem ETag, das das Lesen geliefert hat (z. B. If-Match: "3")'
_VERSION_TAG = re.compile(r'"([1-9][0-9]{0,17})"')


async def expected_version(
    if_match: Annotated[
        str | None,
        Header(alias="If-Match", description='Das ETag aus dem Lesen, z. B. "3": geändert wird nur diese Version.'),
    ] = None,
) -> int:
    """The version a change is based on, from ``If-Match``: missing → 428.

    A tag that names no version (``"bogus"``, a weak or a list of tags) matches none: the
    store answers it as stale (412 with the current state), never as if it were absent.
    """
    if if_match is None or not if_match.strip() or if_match.strip() == "*":
        raise HTTPException(
            status.HTTP_428_PRECONDITION_REQUIRED,
            detail=f"Zum Ändern und Löschen gehört {_IF_MATCH_HINT}: so überschreibt niemand unbemerkt, "
            "was jemand anderes inzwischen geändert hat.",
        )
    match = _VERSION_TAG.fullmatch(if_match.strip())
    return int(match.group(1)) if match else 0


ViewDep = Annotated[View, Depends(get_view)]
IfMatchDep = Annotated[int, Depends(expected_version)]
UowDep = Annotated[UnitOfWork, Depends(get_uow)]
SignedInDep = Depends(require_signed_in)


# Every list is paged: ``skip`` entries left out, at most ``limit`` returned (at most LIMIT_MAX).
LIMIT_MAX = 1000
Skip = Annotated[int, Query(ge=0, le=10_000_000, description="so viele Einträge überspringen")]
Limit = Annotated[int, Query(ge=1, le=LIMIT_MAX, description=f"höchstens so viele Einträge (1 bis {LIMIT_MAX})")]
