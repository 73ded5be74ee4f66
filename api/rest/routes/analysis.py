"""Analyses of an alliance for its coordinators: the gap report (``/alliances/{id}/gaps``) and
the goals report (``/alliances/{id}/goals``)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response

from buendnisatlas.api.goals_text import excel_csv, goals_html, goals_markdown, goals_rows
from buendnisatlas.api.rest.deps import SignedInDep, ViewDep
from buendnisatlas.graph.model import Day
from buendnisatlas.services import analysis

# Suggestions name non-members and persons, and a report on the public part alone would
# invent gaps: only the alliance's coordinators (and admins) ask.
router = APIRouter(tags=["Analysen"], dependencies=[SignedInDep])


@router.get("/alliances/{alliance_id}/gaps", summary="Lücken eines Bündnisses und wer sie schließen könnte")
def alliance_gaps(
    alliance_id: str,
    view: ViewDep,
    request: Request,
    at: Annotated[Day | None, Query(description="Stichtag, JJJJ-MM-TT (Vorgabe: heute)")] = None,
) -> Response:
    day = at or date.today()

    def report() -> dict[str, Any]:
        found = analysis.gap_report(view, alliance_id, day)
        return {
            "alliance": found.alliance.id,
            "name": found.alliance.name,
            "at": found.at.isoformat(),
            "gaps": [gap.to_dict() for gap in found.gaps],
        }

    # Cached until the store changes, per viewer: what a report may name depends on who asks.
    return request.app.state.views.answer(request, view.store, report, "gaps", view.viewer.cache_key, alliance_id, day)


@router.get(
    "/alliances/{alliance_id}/goals",
    summary="Ziele eines Bündnisses und ihr Stand in einem Jahr (Entwurf für den Sachbericht)",
    response_model=None,
)
def alliance_goals(
    alliance_id: str,
    view: ViewDep,
    year: Annotated[int | None, Query(ge=1990, le=2100, description="Berichtsjahr (Vorgabe: das laufende)")] = None,
    format: Annotated[
        Literal["json", "markdown", "html", "csv"],
        Query(description="json, markdown, html (für Word) oder csv (Excel)"),
    ] = "json",
) -> dict[str, Any] | Response:
    report = analysis.goals(view, alliance_id, year)
    if format == "markdown":
        return PlainTextResponse(goals_markdown(report), media_type="text/markdown; charset=utf-8")
    if format == "html":
        return HTMLResponse(goals_html(report))
    if format == "csv":
        name = f"ziele-{report.alliance}-{report.year}.csv"
        return Response(
            "\ufeff" + excel_csv(goals_rows(report)),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
    return report.to_dict()
