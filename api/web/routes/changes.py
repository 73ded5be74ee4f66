"""The diff page: "Was hat sich seit … getan?" — an alliance on two days side by side."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from buendnisatlas.api.text import KIND_LABELS_DE, SUMMARY_LABELS
from buendnisatlas.api.web.render import SignedInVisit, page
from buendnisatlas.api.web.routes.gaps import NONE_TO_ANALYSE, PageInputError, chosen_alliance, day_field
from buendnisatlas.graph import vocab
from buendnisatlas.graph.dates import months_before
from buendnisatlas.graph.profiles import ProfileError
from buendnisatlas.services import analysis

router = APIRouter(include_in_schema=False)


def _sector(code: str | None) -> str:
    return vocab.SECTOR.label(code) if code else ""


@router.get("/aenderungen", response_class=HTMLResponse)
def changes_page(request: Request, visit: SignedInVisit, buendnis: str = "", von: str = "", bis: str = "") -> Response:
    """Members who joined and left, ties formed and ended, gaps opened and closed, figures before and after."""
    choices, ref = chosen_alliance(visit, buendnis)
    context: dict[str, Any] = {
        "choices": choices,
        "chosen": ref,
        "von": von,
        "bis": bis,
        "result": None,
        "error": None,
        "none_to_analyse": NONE_TO_ANALYSE if not choices else None,
    }
    status_code = 200
    if ref:
        try:
            end = day_field(bis, "Bis") or date.today()
            start = day_field(von, "Seit") or months_before(end, 12)
            if end < start:
                raise PageInputError(f"„Bis“ ({end:%d.%m.%Y}) liegt vor „Seit“ ({start:%d.%m.%Y}).")
            alliance, d = analysis.diff(visit.view, ref, start, end)
        except (PageInputError, ProfileError) as exc:
            context["error"], status_code = str(exc), 400
        else:
            context.update(von=start.isoformat(), bis=end.isoformat())
            context["result"] = {
                "alliance": alliance,
                "start": start.isoformat(),
                "end": end.isoformat(),
                "joined": [{**m, "sector_label": _sector(m.get("sector"))} for m in d.members_joined],
                "left": [{**m, "sector_label": _sector(m.get("sector"))} for m in d.members_left],
                "formed": d.ties_formed,
                "ended": d.ties_ended,
                "opened": [(KIND_LABELS_DE.get(g.kind, g.kind), g.message) for g in d.gaps_opened],
                "closed": [(KIND_LABELS_DE.get(g.kind, g.kind), g.message) for g in d.gaps_closed],
                "figures": [(SUMMARY_LABELS[k], v) for k, v in d.metrics.items() if k in SUMMARY_LABELS],
            }
    return page(request, visit, "aenderungen.html", context, status_code)
