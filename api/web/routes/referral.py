"""The referral search: which advisory service helps with this topic, at this place, in this language."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from buendnisatlas.api.web.render import VisitDep, page
from buendnisatlas.graph import vocab
from buendnisatlas.graph.model import Node
from buendnisatlas.graph.referral import ReferralError
from buendnisatlas.graph.store import NotFound
from buendnisatlas.graph.vocab import NodeKind
from buendnisatlas.services.referral import origin_of, referral

router = APIRouter(include_in_schema=False)


@router.get("/beratung", response_class=HTMLResponse)
def referral_page(
    request: Request,
    visit: VisitDep,
    thema: str = "",
    ort: str = "",
    zielgruppe: str = "",
    sprache: str = "",
    von: str | None = None,
) -> Any:
    """The referral search: services the viewer may see (the public: public ones only).

    Signed in, the search also shows the warm path to each service: who in the own
    network (``von``: an actor or alliance, by default the viewer's alliance) already
    knows it. The origin rule is the referral service's: a hidden origin is answered
    like a missing one.
    """
    view = visit.view
    origins: list[Node] = []
    if visit.viewer.signed_in:
        alliances = sorted(view.find(kind=NodeKind.ALLIANCE), key=lambda n: n.name)
        origins = alliances + sorted(view.find(kind=NodeKind.ACTOR), key=lambda n: n.name)[:2000]
        if von is None:  # first visit: from the own alliance
            von = next((a.name for a in alliances if a.id in visit.viewer.alliances), "")
    origin = (von or "").strip() if visit.viewer.signed_in else ""
    context: dict[str, Any] = {
        "topics": vocab.TOPICS,
        "target_groups": vocab.TARGET_GROUPS,
        "languages": vocab.LANGUAGES,
        "query": {"thema": thema, "ort": ort, "zielgruppe": zielgruppe, "sprache": sprache, "von": origin},
        "origins": origins,
        "answer": None,
        "error": None,
        "origin_error": None,
    }
    status_code = 200
    origin_id = None
    if origin:
        try:
            origin_id = origin_of(view, origin)
        except (NotFound, ReferralError) as exc:  # a hidden origin reads like a missing one
            context["origin_error"] = str(exc)
            status_code = 404 if isinstance(exc, NotFound) else 400
    if (thema or ort) and not context["origin_error"]:
        try:
            context["answer"] = referral(
                view,
                thema or None,
                ort or None,
                target_group=zielgruppe or None,
                language=sprache or None,
                origin=origin_id,
            ).to_dict()
        except ReferralError as exc:
            context["error"] = str(exc)
            status_code = 400
    return page(request, visit, "beratung.html", context, status_code)
