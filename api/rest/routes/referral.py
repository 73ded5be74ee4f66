"""Referral: which advisory service for this topic, place and language (``/referral``, ``/services``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from buendnisatlas.api.rest.deps import AudienceDep, StoreDep
from buendnisatlas.graph.referral import service_index
from buendnisatlas.graph.store import GraphStore

router = APIRouter(tags=["Verweisberatung"])


@router.get("/referral", summary="Beratungsstellen für Thema und Ort, die zuständigste zuerst")
def find_referral(
    request: Request,
    store: StoreDep,
    audience: AudienceDep,
    topic: Annotated[str, Query(description="Thema, z. B. Rechtsextremismus")],
    place: Annotated[str, Query(description="Ort: AGS oder Name")],
    target_group: str | None = None,
    language: str | None = None,
    origin: Annotated[str | None, Query(description="Kennung des fragenden Akteurs oder Bündnisses")] = None,
) -> Response:
    def answer() -> dict[str, Any]:
        index = service_index(store, audience)
        found = index.find(
            topic=topic,
            place=place,
            target_group=target_group,
            language=language,
            origin=origin if origin in index.G else None,
            audience=audience,
        )
        return found.to_dict()

    return _cached(request, store, answer, "referral", audience)


@router.get("/services", summary="Verzeichnis der Beratungsangebote")
def list_services(
    request: Request,
    store: StoreDep,
    audience: AudienceDep,
    topic: str | None = None,
    place: str | None = None,
    service_type: str | None = None,
) -> Response:
    def answer() -> list[dict[str, Any]]:
        return service_index(store, audience).directory(topic, place, service_type, audience)

    return _cached(request, store, answer, "services", audience)


def _cached(request: Request, store: GraphStore, answer: Callable[[], Any], *key: object) -> Response:
    """Per audience and query, until the store changes: both answers read the whole service index."""
    return request.app.state.views.answer(request, store, answer, *key, sorted(request.query_params.multi_items()))
