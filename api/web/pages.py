"""Server-rendered pages: the start page, the referral search, signing in and out.

Jinja2 escapes every value (autoescape), and the pages load nothing from outside, so
they work offline and leak no visit to a third party. Every page knows who is signed in
(a signed session cookie, :mod:`buendnisatlas.api.web.session`) and shows what that
viewer may see; every form that changes something carries the session's CSRF token.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Request, status
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from buendnisatlas.api.rest.deps import StoreDep
from buendnisatlas.api.text import german_date
from buendnisatlas.api.web.session import Sessions, Throttle, csrf_ok
from buendnisatlas.graph import vocab
from buendnisatlas.graph.accounts import ROLE_LABELS
from buendnisatlas.graph.credentials import LoginFailed, check_login
from buendnisatlas.graph.referral import ReferralError
from buendnisatlas.graph.store import GraphStore, NotFound
from buendnisatlas.services import View, Viewer
from buendnisatlas.services.referral import referral

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.filters["topic"] = vocab.TOPIC.label
templates.env.filters["language"] = vocab.LANGUAGE.label
templates.env.filters["channel"] = vocab.CHANNEL.label
templates.env.filters["access"] = vocab.ACCESSIBILITY.label
templates.env.filters["target_group"] = vocab.TARGET_GROUP.label
templates.env.filters["german_date"] = german_date

router = APIRouter(include_in_schema=False)

# Pages with a form that posts (and so needs the session's CSRF token) even when signed out.
FORM_PAGES = frozenset({"anmelden.html"})


def _sessions(request: Request) -> Sessions:
    sessions: Sessions = request.app.state.sessions
    return sessions


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


def _page(
    request: Request,
    session: dict[str, Any],
    viewer: Viewer,
    template: str,
    context: dict[str, Any],
    status_code: int = 200,
) -> Response:
    """Render a page for ``viewer``; renew the session cookie if there is one or the page has a form.

    An anonymous visit to a page without a form sets no cookie at all.
    """
    shown = {
        **context,
        "csrf": session["csrf"],
        "viewer": viewer,
        "role_label": ROLE_LABELS[viewer.role] if viewer.role else "",
    }
    response = templates.TemplateResponse(request, template, shown, status_code=status_code)
    if viewer.signed_in or "email" in session or template in FORM_PAGES:
        _sessions(request).save(request, response, session)
    return response


async def _form(request: Request) -> dict[str, str]:
    """The fields of a posted form (``application/x-www-form-urlencoded``); undecodable text is empty."""
    body = (await request.body()).decode("utf-8", errors="replace")
    return {k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()}


@router.get("/", response_class=HTMLResponse)
def start(request: Request, store: StoreDep) -> Any:
    session = _sessions(request).load(request)
    return _page(request, session, web_viewer(store, session), "start.html", {})


@router.get("/beratung", response_class=HTMLResponse)
def referral_page(
    request: Request,
    store: StoreDep,
    thema: str = "",
    ort: str = "",
    zielgruppe: str = "",
    sprache: str = "",
) -> Any:
    """The referral search: services the viewer may see (the public: public ones only)."""
    session = _sessions(request).load(request)
    viewer = web_viewer(store, session)
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
                View(store, viewer),
                thema or None,
                ort or None,
                target_group=zielgruppe or None,
                language=sprache or None,
            ).to_dict()
        except ReferralError as exc:
            context["error"] = str(exc)
            status_code = 400
    return _page(request, session, viewer, "beratung.html", context, status_code)


@router.get("/anmelden", response_class=HTMLResponse)
def sign_in_page(request: Request, store: StoreDep) -> Any:
    session = _sessions(request).load(request)
    return _page(request, session, web_viewer(store, session), "anmelden.html", {"email": "", "error": None})


@router.post("/anmelden", response_class=HTMLResponse)
async def sign_in(request: Request, store: StoreDep) -> Any:
    sessions = _sessions(request)
    session = sessions.load(request)
    form = await _form(request)
    email = form.get("email", "").strip()
    address = request.client.host if request.client else "unbekannt"
    throttle: Throttle = request.app.state.sign_in_throttle

    def refused(message: str, code: int) -> Response:
        context = {"email": email, "error": message}
        return _page(request, session, Viewer.public(), "anmelden.html", context, code)

    if not csrf_ok(session, form.get("csrf")):
        return refused("Das Formular ist abgelaufen. Bitte die Seite neu laden und erneut anmelden.", 400)
    if minutes := throttle.wait(address):
        return refused(
            f"Zu viele fehlgeschlagene Anmeldungen von dieser Adresse. Bitte in {minutes} Minuten erneut versuchen.",
            status.HTTP_429_TOO_MANY_REQUESTS,
        )
    try:
        user = check_login(store, email, form.get("password", ""), datetime.now(UTC))
    except LoginFailed as exc:  # also AccountLocked, with its German "gesperrt bis …"
        throttle.failed(address)
        return refused(str(exc), status.HTTP_401_UNAUTHORIZED)
    # A new session on sign-in (new CSRF token): a token planted before cannot ride along.
    fresh = {**sessions.load_new(), "email": user.email}
    response = RedirectResponse("/", status_code=status.HTTP_303_SEE_OTHER)
    sessions.save(request, response, fresh)
    return response


@router.post("/abmelden", response_class=HTMLResponse)
async def sign_out(request: Request, store: StoreDep) -> Any:
    sessions = _sessions(request)
    session = sessions.load(request)
    form = await _form(request)
    if not csrf_ok(session, form.get("csrf")):
        context = {"error": "Das Formular ist abgelaufen. Bitte die Seite neu laden."}
        return _page(request, session, web_viewer(store, session), "start.html", context, 400)
    response = RedirectResponse("/", status_code=status.HTTP_303_SEE_OTHER)
    sessions.save(request, response, sessions.load_new())
    return response
