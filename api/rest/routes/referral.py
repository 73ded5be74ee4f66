"""Referral: which advisory service for this topic, place and language (``/referral``, ``/services``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from buendnisatlas.api.rest.deps import ViewDep
from buendnisatlas.services.referral import referral, services_directory

router = APIRouter(tags=["Verweisberatung"])


@router.get("/referral", summary="Beratungsstellen für Thema und Ort, die zuständigste zuerst")
def find_referral(
    view: ViewDep,
    topic: Annotated[str, Query(description="Thema, z. B. Rechtsextremismus")],
    place: Annotated[str, Query(description="Ort: AGS oder Name")],
    target_group: str | None = None,
    language: str | None = None,
    origin: Annotated[
        str | None, Query(description="Kennung oder Name des fragenden Akteurs oder Bündnisses (für Kontaktwege)")
    ] = None,
) -> dict[str, Any]:
    answer = referral(view, topic, place, target_group=target_group, language=language, origin=origin)
    return answer.to_dict()


@router.get("/services", summary="Verzeichnis der Beratungsangebote")
def list_services(
    view: ViewDep,
    topic: str | None = None,
    place: str | None = None,
    service_type: str | None = None,
) -> list[dict[str, Any]]:
    return services_directory(view, topic, place, service_type)
