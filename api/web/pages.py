"""Server-rendered pages: the start page and the public referral search.

Jinja2 escapes every value (autoescape), and the pages load nothing from outside, so
they work offline and leak no visit to a third party.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from buendnisatlas.api.rest.deps import StoreDep
from buendnisatlas.api.text import german_date
from buendnisatlas.graph import vocab
from buendnisatlas.graph.referral import ReferralError, service_index
from buendnisatlas.graph.vocab import Visibility

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.filters["topic"] = vocab.TOPIC.label
templates.env.filters["language"] = vocab.LANGUAGE.label
templates.env.filters["channel"] = vocab.CHANNEL.label
templates.env.filters["access"] = vocab.ACCESSIBILITY.label
templates.env.filters["target_group"] = vocab.TARGET_GROUP.label
templates.env.filters["german_date"] = german_date

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def start(request: Request) -> Any:
    return templates.TemplateResponse(request, "start.html", {})


@router.get("/beratung", response_class=HTMLResponse)
def referral_page(
    request: Request,
    store: StoreDep,
    thema: str = "",
    ort: str = "",
    zielgruppe: str = "",
    sprache: str = "",
) -> Any:
    """The public referral search: only public services, never a path through hidden actors."""
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
            index = service_index(store, Visibility.PUBLIC)
            context["answer"] = index.find(
                topic=thema or None,
                place=ort or None,
                target_group=zielgruppe or None,
                language=sprache or None,
                audience=Visibility.PUBLIC,
            ).to_dict()
        except ReferralError as exc:
            context["error"] = str(exc)
            status_code = 400
    return templates.TemplateResponse(request, "beratung.html", context, status_code=status_code)
