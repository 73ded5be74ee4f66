"""Request limits checked before anything is parsed or anyone is asked for a token.

:class:`BodyLimits` is ASGI middleware around the whole app (API and pages). It refuses

* a body larger than the limit — at once if ``Content-Length`` says so, otherwise as soon
  as the streamed bytes pass it: ``max_body`` (default 10 MB) for JSON and forms,
  ``max_upload`` (default 50 MB) for ``multipart/form-data`` uploads (import files);
* JSON nested deeper than ``max_depth`` levels (default 64), which Python's parser would
  otherwise answer with a ``RecursionError``.

Refusals are German (problem JSON under ``/api``, a page elsewhere). The limits are set
by ``BUENDNISATLAS_MAX_BODY_MB`` and ``BUENDNISATLAS_MAX_UPLOAD_MB``; a page that takes
uploads names the limit with :func:`upload_limit_text`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MB = 1024 * 1024
BODY_ENV = "BUENDNISATLAS_MAX_BODY_MB"
UPLOAD_ENV = "BUENDNISATLAS_MAX_UPLOAD_MB"

# A JSON string (with its escapes) or a bracket: brackets inside strings do not nest.
_JSON_TOKENS = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


@dataclass(frozen=True)
class Limits:
    max_body: int = 10 * MB
    max_upload: int = 50 * MB
    max_depth: int = 64

    @classmethod
    def from_env(cls) -> Limits:
        """The limits, in MB from ``BUENDNISATLAS_MAX_BODY_MB`` / ``BUENDNISATLAS_MAX_UPLOAD_MB`` where set."""
        return cls(max_body=_megabytes(BODY_ENV, cls.max_body), max_upload=_megabytes(UPLOAD_ENV, cls.max_upload))


def _megabytes(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip().replace(",", ".")
    try:
        return int(float(value) * MB) if value else default
    except ValueError:
        raise SystemExit(f"{name}={value!r} ist keine Zahl (Megabyte, z. B. 10)") from None


def megabytes(size: int) -> str:
    """A size as a German person reads it.

    >>> megabytes(10 * MB), megabytes(52_428_800), megabytes(1536 * 1024)
    ('10 MB', '50 MB', '1,5 MB')
    """
    return f"{size / MB:.1f}".replace(".", ",").removesuffix(",0") + " MB"


def upload_limit_text(limits: Limits) -> str:
    """For an upload form: ``"höchstens 50 MB"``.

    >>> upload_limit_text(Limits())
    'höchstens 50 MB'
    """
    return f"höchstens {megabytes(limits.max_upload)}"


def json_too_deep(body: bytes, max_depth: int) -> bool:
    """Whether the JSON text ``body`` nests arrays and objects deeper than ``max_depth``.

    >>> json_too_deep(b'{"a": [[1, "[[["]]}', 3), json_too_deep(b"[" * 5 + b"]" * 5, 4)
    (False, True)
    """
    if body.count(b"[") + body.count(b"{") <= max_depth:  # cannot be deeper: skip the scan
        return False
    depth = 0
    for token in _JSON_TOKENS.finditer(body):
        char = token.group()[0]
        if char in b"[{":
            depth += 1
            if depth > max_depth:
                return True
        elif char in b"]}":
            depth -= 1
    return False


class BodyTooLarge(Exception):
    pass


class BodyLimits:
    """ASGI middleware: refuse oversized bodies and too deep JSON before the app sees them."""

    def __init__(self, app: ASGIApp, limits: Limits | None = None):
        self.app = app
        self.limits = limits or Limits.from_env()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        content_type = _header(scope, b"content-type").split(";")[0].strip().lower()
        upload = content_type == "multipart/form-data"
        limit = self.limits.max_upload if upload else self.limits.max_body
        declared = _declared_length(scope)
        if declared is not None and declared > limit:
            await self._refuse(scope, send, 413, _too_large(limit, declared))
            return
        if upload:  # streamed on to the form parser (which spools files to disk), counted on the way
            await self._counted(scope, receive, send, limit)
            return
        # JSON and forms are small: read whole, so that their depth can be checked first.
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await self._refuse(scope, send, 413, _too_large(limit))
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        if (content_type == "application/json" or content_type.endswith("+json")) and json_too_deep(
            body, self.limits.max_depth
        ):
            detail = f"Das JSON ist zu tief verschachtelt: höchstens {self.limits.max_depth} Ebenen."
            await self._refuse(scope, send, 422, detail)
            return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _counted(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        size = 0
        started = False

        async def counting() -> Message:
            nonlocal size
            message = await receive()
            size += len(message.get("body", b""))
            if size > limit:
                raise BodyTooLarge
            return message

        async def watching(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting, watching)
        except BodyTooLarge:
            if not started:
                await self._refuse(scope, send, 413, _too_large(limit))

    async def _refuse(self, scope: Scope, send: Send, status_code: int, detail: str) -> None:
        from buendnisatlas.api.rest.problems import problem  # the one renderer of errors

        # Close the connection: the rest of the body is not read.
        response = problem(Request(scope), status_code, detail, headers={"Connection": "close"})
        await response(scope, _no_receive, send)


async def _no_receive() -> Message:
    return {"type": "http.disconnect"}


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return ""


def _declared_length(scope: Scope) -> int | None:
    value = _header(scope, b"content-length").strip()
    return int(value) if value.isdigit() else None


def _too_large(limit: int, declared: int | None = None) -> str:
    size = f" (hier {megabytes(declared)})" if declared is not None else ""
    return f"Die Anfrage ist zu groß: höchstens {megabytes(limit)}{size}."
