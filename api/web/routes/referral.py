"""The referral search: which advisory service helps with this topic, at this place, in this language."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from buendnisatlas.api.web.render import VisitDep, page
from buendnisatlas.graph import vocab
from buendnisatlas.graph.referral import ReferralError
from buendnisatlas.services.referral import referral

router = APIRouter(include_in_schema=False)


@router.get("/beratung", response_class=HTMLResponse)
def referral_page(
    request: Request,
    visit: VisitDep,
    thema: str = "",
    ort: str = "",
    zielgruppe: str = "",
    sprache: str = "",
) -> Any:
    """The referral search: services the viewer may see (the public: public ones only)."""
    context: dict[str, Any] = {
        "topics": vocab.TOPICS,
        "target_groups": vocab.TARGET_GROUPS,
        "languages": vocab.LANGUAGES,
        "query": {"thema": thema, "ort": ort, "zielgruppe": zielgruppe, "sprache": sprache},
        "answer": None,
        "error": None,
    }
    status_code = 200
    if thema or ort:
        try:
            context["answer"] = referral(
                visit.view,
                thema or None,
                ort or None,
                target_group=zielgruppe or None,
                language=sprache or None,
            ).to_dict()
        except ReferralError as exc:
            context["error"] = str(exc)
            status_code = 400
    return page(request, visit, "beratung.html", context, status_code)
