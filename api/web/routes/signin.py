"""Signing in and out."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request, status
from fastapi.responses import HTMLResponse, Response

from buendnisatlas.api.web.render import Visit, VisitDep, form, page, redirect, sessions
from buendnisatlas.api.web.session import Throttle, csrf_ok
from buendnisatlas.graph.credentials import LoginFailed, check_login
from buendnisatlas.services import Viewer

router = APIRouter(include_in_schema=False)


def _next(target: str | None) -> str:
    """Where to go after signing in: a path of this site only (no open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


@router.get("/anmelden", response_class=HTMLResponse)
def sign_in_page(request: Request, visit: VisitDep, weiter: str = "") -> Any:
    return page(request, visit, "anmelden.html", {"email": "", "error": None, "weiter": _next(weiter)})


@router.post("/anmelden", response_class=HTMLResponse)
async def sign_in(request: Request, visit: VisitDep) -> Any:
    fields = await form(request)
    email = fields.get("email", "").strip()
    target = _next(fields.get("weiter"))
    address = request.client.host if request.client else "unbekannt"
    throttle: Throttle = request.app.state.sign_in_throttle

    def refused(message: str, code: int) -> Response:
        public = Visit(visit.session, Viewer.public(), visit.store)
        return page(request, public, "anmelden.html", {"email": email, "error": message, "weiter": target}, code)

    if not csrf_ok(visit.session, fields.get("csrf")):
        return refused("Das Formular ist abgelaufen. Bitte die Seite neu laden und erneut anmelden.", 400)
    if minutes := throttle.wait(address):
        return refused(
            f"Zu viele fehlgeschlagene Anmeldungen von dieser Adresse. Bitte in {minutes} Minuten erneut versuchen.",
            status.HTTP_429_TOO_MANY_REQUESTS,
        )
    try:
        user = check_login(visit.store, email, fields.get("password", ""), datetime.now(UTC))
    except LoginFailed as exc:  # also AccountLocked, with its German "gesperrt bis …"
        throttle.failed(address)
        return refused(str(exc), status.HTTP_401_UNAUTHORIZED)
    # A new session on sign-in (new CSRF token): a token planted before cannot ride along.
    jar = sessions(request)
    fresh = {**jar.load_new(), "email": user.email}
    response = redirect(target)
    jar.save(request, response, fresh)
    return response


@router.post("/abmelden", response_class=HTMLResponse)
async def sign_out(request: Request, visit: VisitDep) -> Any:
    fields = await form(request)
    if not csrf_ok(visit.session, fields.get("csrf")):
        context = {"error": "Das Formular ist abgelaufen. Bitte die Seite neu laden."}
        return page(request, visit, "start.html", context, 400)
    jar = sessions(request)
    response = redirect("/")
    jar.save(request, response, jar.load_new())
    return response
