"""Signed session cookies for the web pages, their CSRF token, and the sign-in throttle.

The cookie holds only the signed-in e-mail, a CSRF token and when the session began,
signed with itsdangerous (HMAC) so that it cannot be forged; it is ``HttpOnly``,
``SameSite=Lax`` and ``Secure`` whenever the page was asked for over HTTPS. A session
ends after :data:`SESSION_SECONDS` without a visit (each page renews it).

The secret comes from ``BUENDNISATLAS_SECRET``; without it one is generated once and
kept beside the SQLite file (``<datei>.sitzungsschluessel``) or, for a server store, in
``$XDG_CONFIG_HOME/buendnisatlas/sitzungsschluessel`` — readable by its owner only.
"""

from __future__ import annotations

import math
import os
import secrets
import time
from collections import deque
from pathlib import Path
from typing import Any

from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from buendnisatlas.graph.sqlite_store import path_from_url

SECRET_ENV = "BUENDNISATLAS_SECRET"
COOKIE = "buendnisatlas_sitzung"
SESSION_SECONDS = 8 * 3600
SECRET_FILE = "sitzungsschluessel"


def secret_file(store_url: str) -> Path:
    if store_url.lower().startswith("sqlite:"):
        db = Path(path_from_url(store_url))
        return db.with_name(f"{db.name}.{SECRET_FILE}")
    config = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return config / "buendnisatlas" / SECRET_FILE


def session_secret(store_url: str) -> str:
    """``$BUENDNISATLAS_SECRET``, else the generated secret kept for this store (made on first use)."""
    if secret := os.environ.get(SECRET_ENV):
        return secret
    path = secret_file(store_url)
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fresh = secrets.token_urlsafe(48)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first: use theirs
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(fresh)
    return fresh


class Sessions:
    """Reads and writes the session cookie."""

    def __init__(self, secret: str, max_age: int = SESSION_SECONDS):
        self._signer = URLSafeTimedSerializer(secret, salt="buendnisatlas-sitzung")
        self.max_age = max_age

    def load(self, request: Request) -> dict[str, Any]:
        """The session's data; a new one (with a fresh CSRF token) if there is none, or it expired or was forged."""
        raw = request.cookies.get(COOKIE)
        data: Any = None
        if raw:
            try:
                data = self._signer.loads(raw, max_age=self.max_age)
            except BadSignature:  # also SignatureExpired
                data = None
        if not isinstance(data, dict) or not isinstance(data.get("csrf"), str):
            data = self.load_new()
        return data

    @staticmethod
    def load_new() -> dict[str, Any]:
        """A session of nobody, with a fresh CSRF token."""
        return {"csrf": secrets.token_urlsafe(32)}

    def save(self, request: Request, response: Response, data: dict[str, Any]) -> None:
        response.set_cookie(
            COOKIE,
            self._signer.dumps(data),
            max_age=self.max_age,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
        )


def csrf_ok(session: dict[str, Any], sent: str | None) -> bool:
    return bool(sent) and secrets.compare_digest(str(session.get("csrf", "")).encode(), str(sent).encode())


class Throttle:
    """At most ``limit`` failed authentications per key (an address, an account) in ``window`` seconds.

    In this process. For sign-ins the account's own lock
    (:func:`buendnisatlas.graph.credentials.check_login`) holds across processes; this one
    stops one address trying many accounts. API tokens have one of their own (per address,
    and per account for its refused tokens, see :mod:`buendnisatlas.api.rest.deps`).
    """

    def __init__(self, limit: int = 10, window: float = 15 * 60):
        self.limit, self.window = limit, window
        self._failures: dict[str, deque[float]] = {}

    def _recent(self, address: str, now: float) -> deque[float]:
        times = self._failures.setdefault(address, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        return times

    def wait_seconds(self, key: str) -> int:
        """Seconds until ``key`` may try again; 0: now."""
        now = time.monotonic()
        times = self._recent(key, now)
        if len(times) < self.limit:
            return 0
        return max(1, math.ceil(times[0] + self.window - now))

    def wait(self, address: str) -> int:
        """Minutes until this address may try again; 0: now."""
        seconds = self.wait_seconds(address)
        return max(1, round(seconds / 60)) if seconds else 0

    def failed(self, address: str) -> None:
        self._recent(address, time.monotonic()).append(time.monotonic())
