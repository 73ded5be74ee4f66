"""Referral: which advisory service for this topic, place and language (``/referral``, ``/services``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from buendnisatlas.api.rest.deps import LIMIT_MAX, Limit, Skip, ViewDep
from buendnisatlas.graph.model import NAME_MAX
from buendnisatlas.services.referral import referral, services_directory
from buendnisatlas.services.viewer import View

router = APIRouter(tags=["Verweisberatung"])


@router.get("/referral", summary="Beratungsstellen für Thema und Ort, die zuständigste zuerst")
def find_referral(
    request: Request,
    view: ViewDep,
    topic: Annotated[str, Query(min_length=1, max_length=NAME_MAX, description="Thema, z. B. Rechtsextremismus")],
    place: Annotated[str, Query(min_length=1, max_length=NAME_MAX, description="Ort: AGS oder Name")],
    target_group: str | None = None,
    language: str | None = None,
    origin: Annotated[
        str | None, Query(description="Kennung oder Name des fragenden Akteurs oder Bündnisses (für Kontaktwege)")
    ] = None,
) -> Response:
    def answer() -> dict[str, Any]:
        found = referral(view, topic, place, target_group=target_group, language=language, origin=origin)
        return found.to_dict()

    return _cached(request, view, answer, "referral")


@router.get("/services", summary="Verzeichnis der Beratungsangebote")
def list_services(
    request: Request,
    view: ViewDep,
    topic: str | None = None,
    place: str | None = None,
    service_type: str | None = None,
    skip: Skip = 0,
    limit: Limit = LIMIT_MAX,
) -> Response:
    return _cached(
        request, view, lambda: services_directory(view, topic, place, service_type)[skip : skip + limit], "services"
    )


def _cached(request: Request, view: View, answer: Callable[[], Any], kind: str) -> Response:
    """Per viewer and query, until the store changes: both answers read the whole service index."""
    key = (kind, view.viewer.cache_key, sorted(request.query_params.multi_items()))
    return request.app.state.views.answer(request, view.store, answer, *key)
