"""Accounts as their owners and administrators change them: passwords and API tokens.

The CLI (``buendnisatlas user password``, ``token …``) runs as the local administrator and
names any account; the account page changes only the signed-in account's own password
(after checking the current one) and its own tokens.
"""

from __future__ import annotations

from buendnisatlas.graph.accounts import ApiToken
from buendnisatlas.graph.credentials import (
    check_password_rules,
    hash_password,
    new_token,
    new_token_id,
    verify_password,
)
from buendnisatlas.graph.store import GraphStore, NotFound, StoreError
from buendnisatlas.services.viewer import Viewer


class WrongPassword(StoreError):
    """The current password given to change it was not the account's."""


def set_password(store: GraphStore, email: str, password: str) -> None:
    """Set a new password (checked against the rules) and lift a lock after failed sign-ins."""
    check_password_rules(password)
    account = store.get_user(email)
    store.update_user(account.email, password_hash=hash_password(password), failed_logins=0, locked_until=None)


def change_own_password(store: GraphStore, viewer: Viewer, current: str, new: str) -> None:
    """The signed-in account changes its password; ``current`` must be its password now."""
    account = store.get_user(_own_email(viewer))
    if not (account.password_hash and verify_password(account.password_hash, current)):
        raise WrongPassword("Das bisherige Passwort stimmt nicht; nichts geändert.")
    if new == current:
        raise StoreError("Das neue Passwort ist dasselbe wie das bisherige.")
    set_password(store, account.email, new)


def create_token(store: GraphStore, email: str, name: str) -> tuple[ApiToken, str]:
    """A new API token for the account: ``(stored token, plain secret)`` — show the secret once."""
    name = name.strip()
    if not name:
        raise StoreError("Bitte angeben, wofür der Schlüssel ist (Name).")
    if len(name) > 200:
        raise StoreError("Der Name ist zu lang: höchstens 200 Zeichen.")
    account = store.get_user(email)
    plain, hashed = new_token()
    saved = store.add_token(ApiToken(id=new_token_id(), email=account.email, name=name, token_hash=hashed))
    return saved, plain


def own_tokens(store: GraphStore, viewer: Viewer) -> list[ApiToken]:
    """The signed-in account's tokens, newest first."""
    return sorted(store.find_tokens(_own_email(viewer)), key=lambda t: t.created, reverse=True)


def revoke_own_token(store: GraphStore, viewer: Viewer, token_id: str) -> ApiToken:
    """Revoke one of the account's own tokens; another account's is answered as missing."""
    token = next((t for t in own_tokens(store, viewer) if t.id == token_id), None)
    if token is None:
        raise NotFound(f"Kein API-Schlüssel „{token_id}“ in Ihrem Konto")
    store.revoke_token(token.id)
    return token


def _own_email(viewer: Viewer) -> str:
    if not viewer.signed_in or not viewer.email:
        raise NotFound("Kein angemeldetes Konto")
    return viewer.email
