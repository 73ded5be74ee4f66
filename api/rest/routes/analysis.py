"""Analyses of an alliance for its coordinators: the gap report (``/alliances/{id}/gaps``)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query

from buendnisatlas.api.rest.deps import SignedInDep, ViewDep
from buendnisatlas.services import analysis

# Suggestions name non-members and persons, and a report on the public part alone would
# invent gaps: only the alliance's coordinators (and admins) ask.
router = APIRouter(tags=["Analysen"], dependencies=[SignedInDep])


@router.get("/alliances/{alliance_id}/gaps", summary="Lücken eines Bündnisses und wer sie schließen könnte")
def alliance_gaps(
    alliance_id: str,
    view: ViewDep,
    at: Annotated[date | None, Query(description="Stichtag (Vorgabe: heute)")] = None,
) -> dict[str, Any]:
    report = analysis.gap_report(view, alliance_id, at)
    return {
        "alliance": report.alliance.id,
        "name": report.alliance.name,
        "at": report.at.isoformat(),
        "gaps": [gap.to_dict() for gap in report.gaps],
    }
