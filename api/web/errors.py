"""Error pages in German, with the layout and without a traceback."""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus

from fastapi import Request
from fastapi.responses import Response

from buendnisatlas.api.web.nav import nav_for
from buendnisatlas.api.web.render import templates
from buendnisatlas.services import Viewer

TITLES = {
    400: "Anfrage nicht verständlich",
    401: "Anmeldung nötig",
    403: "Keine Berechtigung",
    404: "Seite nicht gefunden",
    405: "Aktion nicht möglich",
    413: "Datei oder Anfrage zu groß",
    422: "Eingaben nicht verständlich",
    429: "Zu viele Anfragen",
    500: "Interner Fehler",
    503: "Gerade ausgelastet",
}


def html_error(
    request: Request, status_code: int, detail: str | None = None, headers: Mapping[str, str] | None = None
) -> Response:
    """A German error page for ``status_code``; ``detail`` is shown as the message (escaped)."""
    title = TITLES.get(status_code, "Fehler")
    if detail == HTTPStatus(status_code).phrase:  # the framework's English default ("Not Found")
        detail = None
    # Shown as to the public: an error page must not need the store (it may be what failed).
    context = {"title": title, "detail": detail, "viewer": None, "nav": nav_for(Viewer.public())}
    return templates.TemplateResponse(
        request, "fehler.html", context, status_code=status_code, headers=dict(headers or {})
    )
