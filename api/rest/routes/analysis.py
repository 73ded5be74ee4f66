"""Analyses of an alliance for coordinators: the gap report (``/alliances/{id}/gaps``)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from buendnisatlas.api.rest.deps import CoordinatorDep, StoreDep
from buendnisatlas.graph.gaps import store_gaps
from buendnisatlas.graph.store import resolve
from buendnisatlas.graph.vocab import NodeKind

# Suggestions name non-members and persons, and a report on the public part alone would
# invent gaps: only coordinators ask.
router = APIRouter(tags=["Analysen"], dependencies=[CoordinatorDep])


@router.get("/alliances/{alliance_id}/gaps", summary="Lücken eines Bündnisses und wer sie schließen könnte")
def alliance_gaps(
    alliance_id: str,
    store: StoreDep,
    request: Request,
    at: Annotated[date | None, Query(description="Stichtag (Vorgabe: heute)")] = None,
) -> Response:
    alliance = resolve(store, alliance_id, kind=NodeKind.ALLIANCE)
    day = at or date.today()

    def report() -> dict[str, Any]:
        return {
            "alliance": alliance.id,
            "name": alliance.name,
            "at": day.isoformat(),
            "gaps": [gap.to_dict() for gap in store_gaps(store, alliance, day)],
        }

    # Cached until the store changes; the same report for every coordinator.
    return request.app.state.views.answer(request, store, report, "gaps", alliance.id, day)
