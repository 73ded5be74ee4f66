"""Regions and summary counts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from buendnisatlas.api.rest.deps import LIMIT_MAX, Limit, Skip, StoreDep, ViewDep
from buendnisatlas.api.rest.schemas import RegionPublic, StatsPublic
from buendnisatlas.services import data

router = APIRouter(tags=["Überblick"])


@router.get("/regions", response_model=list[RegionPublic], summary="Gebiete (AGS), optional unterhalb eines Schlüssels")
def list_regions(
    store: StoreDep, within: str | None = None, name: str | None = None, skip: Skip = 0, limit: Limit = LIMIT_MAX
) -> Any:
    return store.find_regions(prefix=within, name=name)[skip : skip + limit]


@router.get("/stats", response_model=StatsPublic, summary="Zahlen: Elemente nach Art und Sektor, Beziehungen nach Typ")
def stats(view: ViewDep) -> Any:
    return data.summary(view)
