"""The map page: an alliance's network map embedded, with the CLI's options, a projector mode and downloads.

The map itself is the offline HTML page of :func:`~buendnisatlas.services.maps.network_map`
(served at ``/karte/ansicht`` and shown in a frame); the same query downloads it as one
HTML file (for the USB stick), as PNG or as SVG. The public always gets the public map
(only public elements, never a person): the service layer's :class:`View` for the public
draws it, whatever the address asks for.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import HTMLResponse, Response

from buendnisatlas.api.web.render import Visit, VisitDep, page
from buendnisatlas.graph.store import NotFound
from buendnisatlas.graph.vocab import NodeKind
from buendnisatlas.importers.canonical import parse_date
from buendnisatlas.services import View, Viewer
from buendnisatlas.services.maps import network_map
from buendnisatlas.visualizations.maps import MapError, MapView, render_html
from buendnisatlas.visualizations.static import write_static

router = APIRouter(include_in_schema=False)

COLORS = {"sector": "Sektor", "community": "Teilnetz", "alliance": "Bündnis"}
SIZES = {"degree": "Zahl der Verbindungen", "betweenness": "Brückenstellung"}
GROUPS = {"": "nicht zusammenfassen", "sector": "je Sektor", "gemeinde": "je Gemeinde", "alliance": "je Bündnis"}
ARRANGEMENTS = {
    "sector": "Gruppen nach Sektor",
    "community": "Gruppen nach Teilnetz",
    "gemeinde": "Gruppen nach Gemeinde",
    "place": "nach Ort (Lage der Gemeinden)",
    "force": "frei",
}
FORMATS: dict[str, tuple[str, str]] = {  # format → (media type, what the download link says)
    "html": ("text/html; charset=utf-8", "HTML-Datei (für den USB-Stick, ohne Internet)"),
    "png": ("image/png", "Bild (PNG, A4 quer)"),
    "svg": ("image/svg+xml", "Vektorgrafik (SVG, zum Weiterbearbeiten)"),
}
Format = Literal["html", "png", "svg"]


@dataclass
class MapQuery:
    """What the address asks for, read leniently: an unknown value is a German message next to its field."""

    alliance: str = ""
    public: bool = False
    presentation: bool = False
    ego: str = ""
    depth: int = 1
    at: date | None = None
    at_text: str = ""
    color_by: str = "sector"
    size_by: str = "degree"
    group_by: str = ""
    arrange: str = "sector"
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, params: Any, signed_in: bool) -> MapQuery:
        q = cls(
            alliance=params.get("buendnis", "").strip(),
            # the public sees the public map, whatever it asks for
            public=not signed_in or params.get("oeffentlich", "") not in ("", "0"),
            presentation=params.get("praesentation", "") not in ("", "0"),
            ego=params.get("ego", "").strip(),
            at_text=params.get("stand", "").strip(),
        )
        for name, attr, choices in (
            ("farbe", "color_by", COLORS),
            ("groesse", "size_by", SIZES),
            ("gruppe", "group_by", GROUPS),
            ("anordnung", "arrange", ARRANGEMENTS),
        ):
            value = params.get(name, getattr(q, attr))
            if value in choices:
                setattr(q, attr, value)
            else:
                q.errors[name] = f"Unbekannte Auswahl „{value}“; möglich: {', '.join(v for v in choices.values())}."
        depth = params.get("tiefe", "1").strip() or "1"
        if depth.isdigit() and 1 <= int(depth) <= 6:
            q.depth = int(depth)
        else:
            q.errors["tiefe"] = "Die Tiefe ist eine ganze Zahl von 1 bis 6."
        if q.at_text:
            try:
                q.at = parse_date(q.at_text)
            except ValueError as exc:
                q.errors["stand"] = f"„{q.at_text}“ ist {exc}."
        return q

    def params(self, **override: Any) -> dict[str, str]:
        """The query as the address writes it (defaults left out), with ``override`` applied."""
        values = {
            "buendnis": self.alliance,
            "oeffentlich": "1" if self.public else "",
            "praesentation": "1" if self.presentation else "",
            "ego": self.ego,
            "tiefe": str(self.depth) if self.ego else "",
            "stand": self.at.isoformat() if self.at else "",
            "farbe": "" if self.color_by == "sector" else self.color_by,
            "groesse": "" if self.size_by == "degree" else self.size_by,
            "gruppe": self.group_by,
            "anordnung": "" if self.arrange == "sector" else self.arrange,
        }
        values.update(override)
        return {k: v for k, v in values.items() if v}

    def url(self, path: str, **override: Any) -> str:
        return f"{path}?{urlencode(self.params(**override))}"


def map_view(visit: Visit, q: MapQuery) -> View:
    """The public map is drawn from the public's view, also when a signed-in user asks for it."""
    return View(visit.store, Viewer.public()) if q.public else visit.view


def default_alliance(view: View, alliances: list[Any]) -> str:
    """The viewer's own alliance first, else the first one they may see."""
    own = [a.id for a in alliances if a.id in view.viewer.alliances]
    return (own or [a.id for a in alliances] or [""])[0]


def draw(view: View, q: MapQuery) -> MapView:
    """The map as asked; a missing or hidden alliance or ego is a message next to its field (nothing drawn)."""
    try:
        alliance = view.resolve(q.alliance, NodeKind.ALLIANCE)
    except NotFound as exc:
        q.errors["buendnis"] = str(exc)
        raise
    if q.ego:
        try:
            view.resolve(q.ego)
        except NotFound as exc:
            q.errors["ego"] = str(exc)
            raise
    return network_map(
        view,
        alliance.id,
        ego=q.ego or None,
        depth=q.depth,
        at=q.at,
        color_by=q.color_by,  # type: ignore[arg-type]  # checked against COLORS
        size_by=q.size_by,  # type: ignore[arg-type]
        group_by=(q.group_by or None),  # type: ignore[arg-type]
        presentation=q.presentation,
        arrange=q.arrange,  # type: ignore[arg-type]
    )


@router.get("/karte", response_class=HTMLResponse)
def map_page(request: Request, visit: VisitDep) -> Any:
    """The map page: options, the map in a frame, the projector button and the downloads."""
    q = MapQuery.read(request.query_params, visit.viewer.signed_in)
    view = map_view(visit, q)
    alliances = sorted(view.find(kind=NodeKind.ALLIANCE), key=lambda n: n.name)
    q.alliance = q.alliance or default_alliance(view, alliances)
    drawn: MapView | None = None
    status_code = 200
    if not q.alliance:
        q.errors["buendnis"] = "Hier ist noch kein Bündnis sichtbar, dessen Karte gezeichnet werden könnte."
    elif not q.errors:
        try:
            drawn = draw(view, q)
        except NotFound:
            status_code = 404
        except MapError as exc:
            q.errors["karte"] = str(exc)
    if q.errors and status_code == 200:
        status_code = 400
    actors = sorted(n.name for n in view.find(kind=NodeKind.ACTOR)) if visit.viewer.signed_in else []
    context = {
        "q": q,
        "alliances_options": [(a.id, a.name) for a in alliances],
        "actors": actors[:2000],
        "colors": COLORS,
        "sizes": SIZES,
        "groups": GROUPS,
        "arrangements": ARRANGEMENTS,
        "formats": {fmt: label for fmt, (_, label) in FORMATS.items()},
        "drawn": drawn,
    }
    return page(request, visit, "karte.html", context, status_code)


@router.get("/karte/ansicht", response_class=HTMLResponse)
def map_frame(request: Request, visit: VisitDep) -> Any:
    """The map alone, as the offline HTML page (shown in the map page's frame)."""
    return _map_file(request, visit, "html", download=False)


@router.get("/karte/datei/{fmt}")
def map_download(request: Request, visit: VisitDep, fmt: str) -> Any:
    """The map as a file to keep: one HTML file, PNG or SVG."""
    if fmt not in FORMATS:
        raise NotFound(f"Die Karte gibt es als HTML, PNG oder SVG, nicht als „{fmt}“.")
    return _map_file(request, visit, fmt, download=True)  # type: ignore[arg-type]


def _map_file(request: Request, visit: Visit, fmt: Format, *, download: bool) -> Response:
    q = MapQuery.read(request.query_params, visit.viewer.signed_in)
    view = map_view(visit, q)
    if not q.alliance:
        q.alliance = default_alliance(view, sorted(view.find(kind=NodeKind.ALLIANCE), key=lambda n: n.name))
    try:
        if q.errors:
            raise MapError(" ".join(q.errors.values()))
        drawn = draw(view, q)  # NotFound: the German 404 page
    except MapError as exc:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, str(exc)) from None
    media_type = FORMATS[fmt][0]
    if fmt == "html":
        body: bytes = render_html(drawn).encode("utf-8")
    else:
        body = _picture(drawn, fmt)
    headers = {"Cache-Control": "no-store"}  # an internal map must not stay in a shared cache
    if download:
        name = f"buendnisatlas-karte-{q.alliance}{'-oeffentlich' if q.public else ''}.{fmt}"
        headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return Response(body, media_type=media_type, headers=headers)


def _picture(drawn: MapView, fmt: Literal["png", "svg"]) -> bytes:
    """The paper rendering (A4 landscape) of the map."""
    buffer = io.BytesIO()
    write_static(drawn, buffer, fmt)
    return buffer.getvalue()
