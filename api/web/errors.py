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
# What a person can do about it (the detail says what happened).
HINTS = {
    400: "Bitte die Seite neu laden und es noch einmal versuchen.",
    401: "Bitte melden Sie sich an.",
    403: "Diese Seite oder Aktion ist Ihrer Rolle nicht freigegeben. Fragen Sie die Administration Ihrer Installation.",
    404: "Die Adresse ist vielleicht veraltet oder falsch geschrieben, oder das Element wurde gelöscht.",
    405: "Diese Adresse lässt sich so nicht aufrufen. Bitte nutzen Sie die Schaltflächen der Seiten.",
    413: "Bitte eine kleinere Datei wählen oder die Datei aufteilen.",
    422: "Bitte die Eingaben prüfen und es noch einmal versuchen.",
    429: "Bitte warten Sie einen Moment und versuchen Sie es dann erneut.",
    500: "Das ist ein Fehler im Programm, nicht Ihrer. Bitte versuchen Sie es später erneut; "
    "bleibt der Fehler, melden Sie ihn der Administration mit Uhrzeit und Adresse der Seite.",
    503: "Bitte versuchen Sie es in einigen Sekunden erneut.",
}


def _phrase(status_code: int) -> str | None:
    try:
        return HTTPStatus(status_code).phrase
    except ValueError:
        return None


def html_error(
    request: Request, status_code: int, detail: str | None = None, headers: Mapping[str, str] | None = None
) -> Response:
    """A German error page for ``status_code``; ``detail`` is shown as the message (escaped)."""
    title = TITLES.get(status_code, "Fehler")
    if detail == _phrase(status_code):  # the framework's English default ("Not Found")
        detail = None
    if status_code >= 500 and status_code != 503:
        detail = None  # an internal error's text is for the log, never for the page
    # Shown as to the public: an error page must not need the store (it may be what failed).
    context = {
        "title": title,
        "detail": detail,
        "hint": HINTS.get(status_code),
        "status_code": status_code,
        "viewer": None,
        "nav": nav_for(Viewer.public()),
    }
    return templates.TemplateResponse(
        request, "fehler.html", context, status_code=status_code, headers=dict(headers or {})
    )
