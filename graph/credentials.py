"""Passwords, API tokens and the sign-in check, done with kept libraries.

Passwords are hashed with argon2id (``argon2-cffi``'s :class:`~argon2.PasswordHasher`,
its recommended parameters); a hash made with older parameters is replaced on the next
successful sign-in. API tokens are 32 random bytes: guessing is hopeless, so one fast
sha256 is the right hash for them (it lets the store look a token up by its hash).

A sign-in that fails :data:`MAX_FAILURES` times in a row locks the account for
:data:`LOCK_MINUTES`; the message of a lock says until when.
"""

from __future__ import annotations

import hashlib
import secrets
from contextlib import suppress
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from .accounts import ApiToken, User
from .store import GraphStore, NotFound, StoreBusy, StoreError

MAX_FAILURES = 5
LOCK_MINUTES = 15
MIN_PASSWORD_LENGTH = 10
TOKEN_PREFIX = "ba_"
_HASHER = PasswordHasher()
# Verified when the e-mail is unknown, so that the answer takes as long as for a known one.
_DUMMY_HASH = _HASHER.hash("kein-konto-vorhanden")
_LOCAL_TIME = ZoneInfo("Europe/Berlin")


class LoginFailed(StoreError):
    """Wrong e-mail or password (the message does not say which).

    ``account``: the account a refused API token belongs to, if it is a known one (revoked,
    or of a deactivated account), so that its failures can count against that account.
    """

    account: str | None = None


class AccountLocked(LoginFailed):
    """Too many failed sign-ins: locked for a while."""


def check_password_rules(password: str) -> None:
    """Raise :class:`StoreError` (German) unless ``password`` is long enough.

    >>> check_password_rules("kurz")
    Traceback (most recent call last):
    ...
    buendnisatlas.graph.store.StoreError: Das Passwort ist zu kurz: mindestens 10 Zeichen
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise StoreError(f"Das Passwort ist zu kurz: mindestens {MIN_PASSWORD_LENGTH} Zeichen")


def hash_password(password: str) -> str:
    """The argon2id hash of ``password`` (salted: never the same text twice).

    >>> h = hash_password("lange-genug-2026")
    >>> h.startswith("$argon2id$"), verify_password(h, "lange-genug-2026"), verify_password(h, "falsch")
    (True, True, False)
    """
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``password_hash``; a malformed hash matches nothing."""
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _HASHER.check_needs_rehash(password_hash)


def token_hash(plain: str) -> str:
    """The sha256 hex digest under which a token is stored and looked up.

    >>> token_hash("ba_beispiel")[:16]
    '46efe0072e0d0a00'
    """
    return hashlib.sha256(plain.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh secret ``(plain, hash)``: show ``plain`` once, store only ``hash``.

    >>> plain, hashed = new_token()
    >>> plain.startswith("ba_"), len(plain) > 40, token_hash(plain) == hashed
    (True, True, True)
    """
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    return plain, token_hash(plain)


def new_token_id() -> str:
    """A short public id to name a token in lists and to revoke it."""
    return secrets.token_hex(4)


def local_time(moment: datetime) -> str:
    """A moment as people in Germany read it: ``31.12.2025 14:05``."""
    return moment.astimezone(_LOCAL_TIME).strftime("%d.%m.%Y %H:%M")


def check_login(store: GraphStore, email: str, password: str, now: datetime) -> User:
    """The active user with this e-mail and password, else :class:`LoginFailed` / :class:`AccountLocked`.

    Every failure counts against the account; the :data:`MAX_FAILURES`-th locks it for
    :data:`LOCK_MINUTES` minutes (also against the right password). Success resets the count.
    """
    wrong = LoginFailed("E-Mail-Adresse oder Passwort stimmen nicht")
    try:
        user = store.get_user(email)
    except NotFound:
        verify_password(_DUMMY_HASH, password)
        raise wrong from None
    if user.is_locked(now):
        assert user.locked_until is not None
        raise AccountLocked(_locked_message(user.locked_until))
    if not user.active or user.password_hash is None or not verify_password(user.password_hash, password):
        failures = user.failed_logins + 1
        if failures >= MAX_FAILURES:
            until = now + timedelta(minutes=LOCK_MINUTES)
            store.update_user(user.email, failed_logins=0, locked_until=until)
            raise AccountLocked(_locked_message(until))
        store.update_user(user.email, failed_logins=failures)
        raise wrong
    changes: dict[str, object] = {}
    if user.failed_logins or user.locked_until is not None:
        changes.update(failed_logins=0, locked_until=None)
    if needs_rehash(user.password_hash):
        changes["password_hash"] = hash_password(password)
    return store.update_user(user.email, **changes) if changes else user


def check_token(store: GraphStore, plain: str, now: datetime) -> tuple[User, ApiToken]:
    """The active user a presented API token belongs to, and the token (its last use noted).

    Unknown, revoked and tokens of a deactivated account are refused alike with
    :class:`LoginFailed`, so that an answer does not tell which.
    """
    refused = LoginFailed("Ungültiger oder widerrufener API-Schlüssel")
    try:
        token = store.token_by_hash(token_hash(plain))
        user = store.get_user(token.email)
    except NotFound:
        raise refused from None
    if token.revoked is not None or not user.active:
        refused.account = user.email
        raise refused
    # A last-use stamp is not worth refusing the request while another write (an import) holds the store.
    with suppress(StoreBusy):
        store.touch_token(token.id, now)
    return user, token


def _locked_message(until: datetime) -> str:
    return (
        f"Das Konto ist nach {MAX_FAILURES} fehlgeschlagenen Anmeldungen gesperrt bis {local_time(until)} Uhr. "
        "Danach erneut versuchen, oder die Administration bitten, das Passwort neu zu setzen."
    )
