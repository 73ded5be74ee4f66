"""What every page shares: the templates, who is visiting, rendering, forms and redirects.

Jinja2 escapes every value (autoescape), and the pages load nothing from outside, so
they work offline and leak no visit to a third party. Every page knows who is signed in
(a signed session cookie, :mod:`buendnisatlas.api.web.session`) and computes what it
shows through the service layer with :attr:`Visit.view`, so it shows only what that
viewer may see; every form that changes something carries the session's CSRF token.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qs, quote

from fastapi import Depends, HTTPException, Request, status
from fastapi.responses import RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from buendnisatlas.api.rest.deps import StoreDep
from buendnisatlas.api.text import german_date, german_number
from buendnisatlas.api.web.nav import nav_for
from buendnisatlas.api.web.session import Sessions
from buendnisatlas.graph import vocab
from buendnisatlas.graph.accounts import ROLE_LABELS, Role
from buendnisatlas.graph.credentials import local_time
from buendnisatlas.graph.store import GraphStore, NotFound
from buendnisatlas.services import UnitOfWork, View, Viewer

STATIC = Path(__file__).parent / "static"
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.filters["topic"] = vocab.TOPIC.label
templates.env.filters["language"] = vocab.LANGUAGE.label
templates.env.filters["channel"] = vocab.CHANNEL.label
templates.env.filters["access"] = vocab.ACCESSIBILITY.label
templates.env.filters["target_group"] = vocab.TARGET_GROUP.label
templates.env.filters["german_date"] = german_date
templates.env.filters["german_number"] = german_number
templates.env.filters["sector"] = vocab.SECTOR.label
templates.env.filters["visibility"] = vocab.VISIBILITY.label
templates.env.filters["element_type"] = vocab.ELEMENT_TYPE.label
templates.env.filters["relation_type"] = vocab.RELATION_TYPE.label
templates.env.filters["local_time"] = local_time
SEVERITY_LABELS = {"high": "hoch", "medium": "mittel", "low": "gering"}
# Badges show a severity or a visibility by its German word.
templates.env.filters["badge_label"] = lambda code: SEVERITY_LABELS.get(code) or vocab.VISIBILITY.label(code)

# Pages with a form that posts (and so needs the session's CSRF token) even when signed out.
FORM_PAGES = {"anmelden.html"}


def sessions(request: Request) -> Sessions:
    found: Sessions = request.app.state.sessions
    return found


def web_viewer(store: GraphStore, session: dict[str, Any]) -> Viewer:
    """The signed-in account's viewer; the public without a session or for an account gone or disabled."""
    email = session.get("email")
    if not isinstance(email, str):
        return Viewer.public()
    try:
        user = store.get_user(email)
    except NotFound:
        return Viewer.public()
    return Viewer.for_user(user) if user.active else Viewer.public()


@dataclass
class Visit:
    """One request to a page: its session, who is visiting, and the store connection of the request."""

    session: dict[str, Any]
    viewer: Viewer
    store: GraphStore

    @property
    def view(self) -> View:
        return View(self.store, self.viewer)

    @property
    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.store, self.viewer)

    @property
    def csrf(self) -> str:
        return str(self.session["csrf"])


def current(request: Request, store: StoreDep) -> Visit:
    session = sessions(request).load(request)
    return Visit(session, web_viewer(store, session), store)


class SignInRequired(Exception):
    """Raised by :func:`signed_in`: the page answers with a redirect to the sign-in page."""

    def __init__(self, path: str):
        self.path = path


def signed_in(request: Request, visit: Annotated[Visit, Depends(current)]) -> Visit:
    """Pages for signed-in accounts only: the public is sent to the sign-in page (and back after it)."""
    if not visit.viewer.signed_in:
        raise SignInRequired(request.url.path)
    return visit


def editor(visit: Annotated[Visit, Depends(signed_in)]) -> Visit:
    """Pages that change something: coordinators and admins (what exactly, the service layer decides)."""
    if not (visit.viewer.is_admin or visit.viewer.role == Role.COORDINATOR):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Ändern dürfen nur Koordinator:innen und Administrator:innen.")
    return visit


VisitDep = Annotated[Visit, Depends(current)]
SignedInVisit = Annotated[Visit, Depends(signed_in)]
EditorVisit = Annotated[Visit, Depends(editor)]


def sign_in_redirect(path: str) -> RedirectResponse:
    return redirect(f"/anmelden?weiter={quote(path)}")


def page(
    request: Request,
    visit: Visit,
    template: str,
    context: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    """Render ``template`` for the visitor; renew the session cookie if there is one or the page has a form.

    An anonymous visit to a page without a form sets no cookie at all.
    """
    viewer = visit.viewer
    shown = {
        **(context or {}),
        "csrf": visit.csrf,
        "viewer": viewer,
        "role_label": ROLE_LABELS[viewer.role] if viewer.role else "",
        "nav": nav_for(viewer),
        "path": request.url.path,
    }
    response = templates.TemplateResponse(request, template, shown, status_code=status_code)
    if viewer.signed_in or "email" in visit.session or template in FORM_PAGES:
        sessions(request).save(request, response, visit.session)
    return response


async def form(request: Request) -> dict[str, str]:
    """The fields of a posted form (``application/x-www-form-urlencoded``); undecodable text is empty.

    A field sent several times keeps its first value; use :func:`form_lists` for multi-selects.
    """
    return {k: v[0] for k, v in (await form_lists(request)).items()}


async def form_lists(request: Request) -> dict[str, list[str]]:
    body = (await request.body()).decode("utf-8", errors="replace")
    return parse_qs(body, keep_blank_values=True)


def redirect(url: str) -> RedirectResponse:
    """After a successful POST: see the result with a GET (so a reload does not post twice)."""
    return RedirectResponse(url, status_code=status.HTTP_303_SEE_OTHER)
