"""The start page of an alliance (Übersicht): members by sector, open gaps, recent changes, conferences."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from buendnisatlas.api.web.render import SignedInVisit, page
from buendnisatlas.graph import vocab
from buendnisatlas.services.dashboard import alliances_of, dashboard

router = APIRouter(include_in_schema=False)


@router.get("/uebersicht", response_class=HTMLResponse)
def overview(request: Request, visit: SignedInVisit, buendnis: str = "") -> Any:
    """The chosen alliance's overview; without a choice the viewer's first (admins pick one)."""
    choices = alliances_of(visit.view)
    chosen = buendnis or (choices[0].id if len(choices) == 1 or (not visit.viewer.is_admin and choices) else "")
    board = dashboard(visit.view, chosen) if chosen else None  # a hidden or missing one: the 404 page
    top = max((n for _, n in board.members_by_sector), default=0) if board else 0
    bars = [
        {"label": vocab.SECTOR.label(code) if code else "ohne Angabe", "count": n, "share": round(100 * n / top)}
        for code, n in (board.members_by_sector if board else [])
    ]
    options = {a.id: a.name for a in choices}
    context = {"choices": choices, "options": options, "chosen": chosen, "board": board, "bars": bars}
    return page(request, visit, "uebersicht.html", context)
