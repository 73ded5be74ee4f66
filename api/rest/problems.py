"""Errors as German ``application/problem+json`` (RFC 9457) under ``/api``, as German pages elsewhere.

:func:`install` registers one handler per kind of failure — HTTP errors of the framework
and of our routes, invalid requests, store errors, referral errors and anything unexpected
— and documents the problem body in the OpenAPI schema for every status an operation can
answer with. Validation errors list each field with a German message
(:func:`buendnisatlas.graph.validation.german_message`), never pydantic's English text.
For a path outside ``/api`` the same failures become a German page
(:func:`buendnisatlas.api.web.errors.html_error`).
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request, status
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response
from starlette.routing import Match

from buendnisatlas.api.rest.deps import etag
from buendnisatlas.api.rest.schemas import relation_public
from buendnisatlas.api.web.errors import html_error
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
from buendnisatlas.graph.validation import field_path, german_message
from buendnisatlas.services import Forbidden

MEDIA_TYPE = "application/problem+json"
API_PREFIX = "/api"

log = logging.getLogger(__name__)

# Store errors by the status they answer; the first match wins, anything else is 400.
STATUS: list[tuple[type[StoreError], int]] = [
    (NotFound, status.HTTP_404_NOT_FOUND),
    (Forbidden, status.HTTP_403_FORBIDDEN),
    (DuplicateId, status.HTTP_409_CONFLICT),
    (AmbiguousName, status.HTTP_409_CONFLICT),
    (InvalidData, status.HTTP_422_UNPROCESSABLE_CONTENT),
    (InvalidRelation, status.HTTP_422_UNPROCESSABLE_CONTENT),
    (StaleVersion, status.HTTP_412_PRECONDITION_FAILED),
    (StoreBusy, status.HTTP_503_SERVICE_UNAVAILABLE),
]

TITLES: dict[int, str] = {
    400: "Ungültige Anfrage",
    401: "Nicht angemeldet",
    403: "Nicht erlaubt",
    404: "Nicht gefunden",
    405: "Methode nicht erlaubt",
    406: "Format nicht lieferbar",
    409: "Konflikt",
    412: "Veraltete Version",
    413: "Anfrage zu groß",
    415: "Format nicht unterstützt",
    422: "Ungültige Angaben",
    428: "Version fehlt",
    429: "Zu viele Anfragen",
    500: "Interner Fehler",
    503: "Vorübergehend nicht verfügbar",
}

# What to say when the framework raised an error with its English reason phrase only.
DETAILS: dict[int, str] = {
    400: "Die Anfrage ist ungültig.",
    401: "Bitte mit einem gültigen Token anmelden (Kopfzeile Authorization: Bearer <Token>).",
    403: "Das ist Ihnen nicht erlaubt.",
    404: "Unter dieser Adresse gibt es nichts.",
    405: "Diese Methode ist für diese Adresse nicht erlaubt.",
    406: "Diese Adresse liefert kein Format, das die Anfrage akzeptiert.",
    413: "Die Anfrage ist zu groß.",
    415: "Dieses Format wird hier nicht angenommen.",
    500: "Ein interner Fehler ist aufgetreten. Bitte später erneut versuchen oder die Administration informieren.",
    503: "Der Dienst ist gerade ausgelastet. Bitte gleich noch einmal versuchen.",
}


class FieldProblem(BaseModel):
    field: str = Field(description="das Feld oder der Parameter, z. B. name oder at")
    message: str = Field(description="was daran falsch ist, auf Deutsch")


class Problem(BaseModel):
    """An error as RFC 9457 problem details, ``detail`` in German."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[FieldProblem] | None = Field(default=None, description="bei ungültigen Angaben: je Feld eine Meldung")
    current: dict[str, Any] | None = Field(
        default=None, description="bei 412: der gespeicherte Stand (seine Version im ETag)"
    )


def problem(
    request: Request,
    status_code: int,
    detail: str,
    headers: dict[str, str] | None = None,
    errors: list[FieldProblem] | None = None,
    current: dict[str, Any] | None = None,
) -> Response:
    """The answer to a failed request: problem JSON under ``/api``, a German page elsewhere."""
    if not request.url.path.startswith(API_PREFIX):
        return html_error(request, status_code, detail, headers)
    body = Problem(title=TITLES.get(status_code, HTTPStatus(status_code).phrase), status=status_code, detail=detail)
    body.errors, body.current = errors, current
    return JSONResponse(
        body.model_dump(exclude_none=True), status_code=status_code, headers=headers, media_type=MEDIA_TYPE
    )


def allowed_methods(request: Request) -> list[str]:
    """Every method some route offers for this path (Starlette names only the first route's)."""
    allowed = []
    for method in ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"):
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] == Match.FULL for route in request.app.router.routes):
            allowed.append(method)
    return allowed


def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    code = exc.status_code
    detail = exc.detail if isinstance(exc.detail, str) else ""
    if not detail or detail == HTTPStatus(code).phrase:  # the framework's English reason phrase
        detail = DETAILS.get(code, TITLES.get(code, HTTPStatus(code).phrase))
    headers = dict(exc.headers or {})
    if code == status.HTTP_405_METHOD_NOT_ALLOWED:
        headers["Allow"] = ", ".join(allowed_methods(request))
    return problem(request, code, detail, headers)


def validation_problems(errors: Any) -> list[FieldProblem]:
    """One German message per field of a failed validation."""
    found = []
    for error in errors:
        where = field_path(error.get("loc", ())) or "body"
        found.append(FieldProblem(field=where, message=german_message(error)))
    return found


def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    if not request.url.path.startswith(API_PREFIX):  # a page's address or form, not a program's request
        return html_error(request, status.HTTP_422_UNPROCESSABLE_CONTENT, "Die Adresse enthält ungültige Angaben.")
    errors = validation_problems(exc.errors())
    listed = "; ".join(f"{e.field}: {e.message}" for e in errors)
    return problem(request, status.HTTP_422_UNPROCESSABLE_CONTENT, f"Ungültige Angaben – {listed}", errors=errors)


def error_extras(exc: Exception) -> tuple[dict[str, Any] | None, dict[str, str]]:
    """What an error adds to its answer: the stored state and headers.

    A stale version shows the stored state (as the caller may read it) and its ETag, so that
    a client can show both versions; a busy store says when to try again.
    """
    if isinstance(exc, StaleVersion):
        current = exc.current
        shown = relation_public(current) if isinstance(current, Relation) else current
        return jsonable_encoder(shown), {"ETag": etag(current.version)}
    if isinstance(exc, StoreBusy):
        return None, {"Retry-After": str(exc.retry_after)}
    return None, {}


def _store_error(request: Request, exc: Exception) -> Response:
    code = next((c for kind, c in STATUS if isinstance(exc, kind)), status.HTTP_400_BAD_REQUEST)
    current, headers = error_extras(exc)
    return problem(request, code, str(exc), headers, current=current)


def _referral_error(request: Request, exc: Exception) -> Response:
    return problem(request, status.HTTP_400_BAD_REQUEST, str(exc))


def _unexpected(request: Request, exc: Exception) -> Response:
    log.exception("Unerwarteter Fehler bei %s %s", request.method, request.url.path, exc_info=exc)
    return problem(request, status.HTTP_500_INTERNAL_SERVER_ERROR, DETAILS[500])


def install(app: FastAPI) -> None:
    """Register the handlers and document the problem body in the app's OpenAPI schema."""
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StoreError, _store_error)
    app.add_exception_handler(ReferralError, _referral_error)
    app.add_exception_handler(Exception, _unexpected)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            document_problems(schema)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def statuses(method: str, path: str, operation: dict[str, Any]) -> list[int]:
    """The error statuses an ``/api`` operation can answer with."""
    found = {401, 429, 503}  # a bad token (then too many), a store that is busy
    if operation.get("parameters") or operation.get("requestBody"):
        found |= {400, 404, 422}
    if operation.get("requestBody"):
        found |= {413, 415}
    if method != "get" or "/alliances/{alliance_id}/" in path or path.endswith("/history"):
        found |= {403}  # changes, analyses and the audit log are for certain roles only
    if method in ("post", "patch"):
        found |= {409}
    if method == "get" and (path in ("/api/referral", "/api/services") or path.endswith("/gaps")):
        found |= {304}  # cached answers: If-None-Match with the ETag still valid
    if method in ("patch", "delete"):
        found |= {412, 428}  # optimistic concurrency: If-Match stale or missing
    return sorted(found)


def document_problems(schema: dict[str, Any]) -> None:
    """Every ``/api`` operation documents its error statuses with the problem body."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for model in (FieldProblem, Problem):
        definition = model.model_json_schema(ref_template="#/components/schemas/{model}")
        definition.pop("$defs", None)
        components[model.__name__] = definition
    body = {"content": {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}}
    for path, operations in schema.get("paths", {}).items():
        if not path.startswith(API_PREFIX):
            continue
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for code in statuses(method, path, operation):
                key = str(code)
                if code == 304:
                    responses.setdefault(key, {"description": "Nicht geändert (ETag aus If-None-Match gilt noch)"})
                elif key == "422" or "content" not in responses.get(key, {}):
                    # A route's own description and headers (412's ETag) stay; the body is the problem.
                    responses[key] = {"description": TITLES[code], **responses.get(key, {}), **body}
