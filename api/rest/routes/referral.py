"""Referral: which advisory service for this topic, place and language (``/referral``, ``/services``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from buendnisatlas.api.rest.deps import AudienceDep, StoreDep
from buendnisatlas.graph.referral import service_index

router = APIRouter(tags=["Verweisberatung"])


@router.get("/referral", summary="Beratungsstellen für Thema und Ort, die zuständigste zuerst")
def find_referral(
    store: StoreDep,
    audience: AudienceDep,
    topic: Annotated[str, Query(description="Thema, z. B. Rechtsextremismus")],
    place: Annotated[str, Query(description="Ort: AGS oder Name")],
    target_group: str | None = None,
    language: str | None = None,
    origin: Annotated[str | None, Query(description="Kennung des fragenden Akteurs oder Bündnisses")] = None,
) -> dict[str, Any]:
    index = service_index(store, audience)
    answer = index.find(
        topic=topic,
        place=place,
        target_group=target_group,
        language=language,
        origin=origin if origin in index.G else None,
        audience=audience,
    )
    return answer.to_dict()


@router.get("/services", summary="Verzeichnis der Beratungsangebote")
def list_services(
    store: StoreDep,
    audience: AudienceDep,
    topic: str | None = None,
    place: str | None = None,
    service_type: str | None = None,
) -> list[dict[str, Any]]:
    return service_index(store, audience).directory(topic, place, service_type, audience)
