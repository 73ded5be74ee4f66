"""The account page: the signed-in account's password and own API tokens."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from buendnisatlas.api.web.render import SignedInVisit, Visit, form, page, redirect
from buendnisatlas.api.web.session import csrf_ok
from buendnisatlas.graph.store import StoreError
from buendnisatlas.services.accounts import (
    WrongPassword,
    change_own_password,
    create_token,
    own_tokens,
    revoke_own_token,
)

router = APIRouter(include_in_schema=False)

STALE_FORM = "Das Formular ist abgelaufen. Bitte die Seite neu laden und es erneut versuchen."
DONE = {
    "passwort": "Ihr Passwort ist geändert. Es gilt ab der nächsten Anmeldung.",
    "widerrufen": "Der API-Schlüssel ist widerrufen; er wird ab sofort abgelehnt.",
}


def _account_page(request: Request, visit: Visit, status_code: int = 200, **context: Any) -> Response:
    assert visit.viewer.email is not None
    shown: dict[str, Any] = {
        "account": visit.store.get_user(visit.viewer.email),
        "tokens": own_tokens(visit.store, visit.viewer),
        "password_errors": {},
        "token_errors": {},
        "token_name": "",
        "new_token": None,
        "done": DONE.get(request.query_params.get("erledigt", "")),
        "error": None,
        **context,
    }
    return page(request, visit, "konto.html", shown, status_code)


@router.get("/konto", response_class=HTMLResponse)
def account(request: Request, visit: SignedInVisit) -> Any:
    return _account_page(request, visit)


@router.post("/konto/passwort", response_class=HTMLResponse)
async def change_password(request: Request, visit: SignedInVisit) -> Any:
    fields = await form(request)
    if not csrf_ok(visit.session, fields.get("csrf")):
        return _account_page(request, visit, 400, error=STALE_FORM)
    current, new, repeated = (fields.get(k, "") for k in ("current", "new", "repeated"))
    errors: dict[str, str] = {}
    if not current:
        errors["current"] = "Bitte das bisherige Passwort angeben."
    if not new:
        errors["new"] = "Bitte ein neues Passwort angeben."
    elif new != repeated:
        errors["repeated"] = "Die beiden Eingaben des neuen Passworts stimmen nicht überein."
    if not errors:
        try:
            change_own_password(visit.store, visit.viewer, current, new)
        except WrongPassword as exc:
            errors["current"] = str(exc)
        except StoreError as exc:  # the password rules
            errors["new"] = str(exc)
    if errors:
        return _account_page(request, visit, 422, password_errors=errors)
    return redirect("/konto?erledigt=passwort")


@router.post("/konto/schluessel", response_class=HTMLResponse)
async def new_token(request: Request, visit: SignedInVisit) -> Any:
    fields = await form(request)
    if not csrf_ok(visit.session, fields.get("csrf")):
        return _account_page(request, visit, 400, error=STALE_FORM)
    name = fields.get("name", "")
    assert visit.viewer.email is not None
    try:
        saved, plain = create_token(visit.store, visit.viewer.email, name)
    except StoreError as exc:
        return _account_page(request, visit, 422, token_errors={"name": str(exc)}, token_name=name)
    # Shown on this answer only (never put in the cookie or a redirect): only its hash is kept.
    return _account_page(request, visit, new_token={"token": saved, "plain": plain})


@router.post("/konto/schluessel/{token_id}/widerrufen", response_class=HTMLResponse)
async def revoke_token(request: Request, visit: SignedInVisit, token_id: str) -> Any:
    fields = await form(request)
    if not csrf_ok(visit.session, fields.get("csrf")):
        return _account_page(request, visit, 400, error=STALE_FORM)
    revoke_own_token(visit.store, visit.viewer, token_id)  # NotFound: the German 404 page
    return redirect("/konto?erledigt=widerrufen")
