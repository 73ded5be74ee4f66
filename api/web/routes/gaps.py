"""The gap report page: what an alliance is missing on a day, and who could close each gap.

Also the alliance picker every analysis page shares (:func:`chosen_alliance`) and the
day fields (:func:`day_field`): ``stand=2025-12-31`` in the address, shown as 31.12.2025.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from buendnisatlas.api.text import KIND_LABELS_DE, german_date, german_number
from buendnisatlas.api.web.charts import path_svg
from buendnisatlas.api.web.render import SignedInVisit, Visit, page
from buendnisatlas.graph import vocab
from buendnisatlas.graph.gaps import SEVERITIES, SEVERITY_LABELS, Gap
from buendnisatlas.graph.model import Node
from buendnisatlas.graph.profiles import ProfileError
from buendnisatlas.importers.canonical import parse_date
from buendnisatlas.services import analysis

router = APIRouter(include_in_schema=False)

NONE_TO_ANALYSE = (
    "Auswertungen eines Bündnisses sehen seine Koordinator:innen und die Administration. "
    "Ihr Konto koordiniert kein Bündnis."
)


class PageInputError(ValueError):
    """A field of the address a person can correct (message in German)."""


def day_field(value: str, label: str) -> date | None:
    """A date field's value (``2025-12-31``, or as Germans write it); ``None`` if empty."""
    if not value.strip():
        return None
    try:
        return parse_date(value.strip())
    except ValueError:
        raise PageInputError(f"{label}: „{value}“ ist kein gültiges Datum (z. B. 31.12.2025).") from None


def chosen_alliance(visit: Visit, ref: str) -> tuple[list[Node], str]:
    """The alliances the viewer may analyse, and the one to show: ``ref``, or the only one there is."""
    choices = analysis.analysable_alliances(visit.view)
    if not ref and len(choices) == 1:
        ref = choices[0].id
    return choices, ref


_EVIDENCE_LABELS = {
    "members": "Mitglieder",
    "members_by_sector": "Mitglieder je Sektor",
    "voting_members": "stimmberechtigte Mitglieder",
    "civil_society_votes": "Stimmen der Zivilgesellschaft",
    "majority_needs": "nötig für die Mehrheit",
    "voting_by_sector": "Stimmen je Sektor",
    "youth_representatives": "Jugendvertreter:innen",
    "required": "verlangt",
    "youth_forum_members": "Mitglieder im Jugendforum",
    "municipalities_in_area": "Gemeinden im Gebiet",
    "cut_off": "abgeschnitten",
    "degree": "Verbindungen",
    "last_activity": "zuletzt aktiv",
    "window_start": "betrachtet ab",
    "months": "Monate",
}


def evidence_rows(gap: Gap) -> list[tuple[str, str]]:
    """The gap's evidence as label and value a person reads (ids and codes its message names already are left out)."""
    rows = []
    for key, value in (gap.evidence or {}).items():
        label = _EVIDENCE_LABELS.get(key)
        if label is None or value is None:
            continue
        if isinstance(value, dict):
            text = ", ".join(
                f"{vocab.SECTOR.label(k) if 'sector' in key else k} {german_number(v)}" for k, v in value.items()
            )
        elif isinstance(value, list):
            text = german_number(len(value))
        elif isinstance(value, bool):
            text = "ja" if value else "nein"
        elif isinstance(value, int | float):
            text = german_number(value)
        elif key in ("last_activity", "window_start"):
            text = german_date(str(value))
        else:
            text = str(value)
        rows.append((label, text))
    return rows


def _gap_view(number: int, gap: Gap) -> dict[str, Any]:
    return {
        "kind": gap.kind,
        "kind_label": KIND_LABELS_DE.get(gap.kind, gap.kind),
        "severity": gap.severity,
        "severity_label": SEVERITY_LABELS[gap.severity],
        "message": gap.message,
        "evidence": evidence_rows(gap),
        "suggestions": [
            {
                "name": s.name,
                "reason": s.reason,
                "path_text": s.path_text,
                "picture": path_svg(s.path, f"Weg: {s.path_text}", f"{number}-{i}") if len(s.path) > 1 else None,
            }
            for i, s in enumerate(gap.suggestions, 1)
        ],
    }


@router.get("/luecken", response_class=HTMLResponse)
def gap_page(request: Request, visit: SignedInVisit, buendnis: str = "", stand: str = "") -> Response:
    """The gap report of an alliance on a day (default today), for its coordinators."""
    choices, ref = chosen_alliance(visit, buendnis)
    context: dict[str, Any] = {
        "choices": choices,
        "chosen": ref,
        "stand": stand,
        "report": None,
        "error": None,
        "none_to_analyse": NONE_TO_ANALYSE if not choices else None,
    }
    status_code = 200
    if ref:
        try:
            day = day_field(stand, "Stichtag") or date.today()
            report = analysis.gap_report(visit.view, ref, day)
        except (PageInputError, ProfileError) as exc:
            context["error"], status_code = str(exc), 400
        else:
            context["stand"] = day.isoformat()
            counts = {s: sum(g.severity == s for g in report.gaps) for s in SEVERITIES}
            context["report"] = {
                "alliance": report.alliance,
                "day": day.isoformat(),
                "profile": report.profile,
                "gaps": [_gap_view(n, g) for n, g in enumerate(report.gaps, 1)],
                "counts": [(SEVERITY_LABELS[s], s, n) for s, n in counts.items()],
            }
    return page(request, visit, "luecken.html", context, status_code)
