"""German error pages for every path outside ``/api`` (404, 405, 413, 422, 500, …).

A minimal page without the layout: it must render even when templates or the store fail.
"""

from __future__ import annotations

from html import escape

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

_TITLES = {
    400: "Ungültige Anfrage",
    401: "Bitte anmelden",
    403: "Nicht erlaubt",
    404: "Seite nicht gefunden",
    405: "Methode nicht erlaubt",
    413: "Anfrage zu groß",
    422: "Ungültige Angaben",
    429: "Zu viele Anfragen",
    500: "Interner Fehler",
    503: "Vorübergehend nicht verfügbar",
}


def html_error(request: Request, status_code: int, detail: str, headers: dict[str, str] | None = None) -> Response:
    """A German page saying what went wrong (``detail``), with a way back to the start page."""
    title = _TITLES.get(status_code, "Fehler")
    body = (
        '<!doctype html><html lang="de"><head><meta charset="utf-8">'
        f"<title>{escape(title)} – Bündnisatlas</title></head><body><main>"
        f"<h1>{escape(title)}</h1><p>{escape(detail)}</p>"
        '<p><a href="/">Zur Startseite</a></p></main></body></html>'
    )
    return HTMLResponse(body, status_code=status_code, headers=headers)
