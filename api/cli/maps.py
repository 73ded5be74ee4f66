"""``buendnisatlas map``: an interactive network map (HTML) or a picture (PNG, SVG)."""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

import click

from buendnisatlas.api.cli import Context, UserError, cli, pass_context
from buendnisatlas.api.cli.output import emit, format_options
from buendnisatlas.importers.canonical import parse_date
from buendnisatlas.services.maps import network_map
from buendnisatlas.visualizations.maps import OVERVIEW_SUGGESTED_ABOVE, MapError, MapView, render_html
from buendnisatlas.visualizations.static import write_static


@cli.command(name="map")
@click.argument("alliance", required=False, metavar="BÜNDNIS")
@click.option("--region", metavar="AGS|NAME", help="Karte eines Gebiets statt eines Bündnisses, z. B. 15087.")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Zieldatei, z. B. karte.html (oder .png/.svg/.pdf).",
)
@click.option("--public", is_flag=True, help="Öffentliche Karte: nur öffentliche Elemente, nie Personen.")
@click.option("--presentation", is_flag=True, help="Für den Beamer: große Schrift, hoher Kontrast, ohne Bedienleisten.")
@click.option("--ego", metavar="AKTEUR", help="Nur das Umfeld dieses Akteurs (Kennung oder Name).")
@click.option("--depth", type=click.IntRange(1, 6), default=1, show_default=True, help="Schritte um den Ego-Akteur.")
@click.option("--at", "at_text", metavar="DATUM", help="Stand an einem Tag, z. B. 31.12.2024 (Vorgabe: heute).")
@click.option(
    "--color-by",
    type=click.Choice(["sector", "community", "alliance"]),
    default="sector",
    show_default=True,
    help="Färben nach Sektor, Teilnetz oder Bündnis.",
)
@click.option(
    "--size-by",
    type=click.Choice(["degree", "betweenness"]),
    default="degree",
    show_default=True,
    help="Größe nach Zahl der Verbindungen oder Brückenstellung.",
)
@click.option(
    "--group-by",
    type=click.Choice(["sector", "gemeinde", "alliance"]),
    help="Zusammengefasste Übersicht: ein Punkt je Sektor, Gemeinde oder Bündnis (für große Netze).",
)
@click.option(
    "--arrange",
    type=click.Choice(["sector", "community", "gemeinde", "place", "force"]),
    default="sector",
    show_default=True,
    help="Anordnung: Gruppen nach Sektor, Teilnetz oder Gemeinde, nach Ort (Koordinaten der Gemeinden) "
    "oder frei (force).",
)
@click.option("--show-membership", is_flag=True, help="Mitgliedschaft im Bündnis als Linie je Mitglied zeichnen.")
@click.option(
    "--hidden-ties",
    type=click.Choice(["explain", "omit"]),
    default="explain",
    show_default=True,
    help="Elemente, deren Verbindungen alle nicht öffentlich sind: erklären oder weglassen.",
)
@click.option(
    "--kiosk", is_flag=True, help="Kiosk für die Konferenz: nur die Karte, mit QR-Codes (wie --presentation)."
)
@click.option("--tour", type=click.IntRange(0, 600), default=0, help="Kiosk: alle N Sekunden zur nächsten Gruppe.")
@click.option("--title", help="Überschrift der Karte.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "png", "svg", "pdf"]),
    help="Dateiformat (Vorgabe: aus der Endung der Zieldatei, sonst html).",
)
@format_options
@pass_context
def map_(
    ctx: Context,
    alliance: str | None,
    region: str | None,
    output: Path,
    public: bool,
    presentation: bool,
    ego: str | None,
    depth: int,
    at_text: str | None,
    color_by: str,
    size_by: str,
    group_by: str | None,
    arrange: str,
    show_membership: bool,
    hidden_ties: str,
    kiosk: bool,
    tour: int,
    title: str | None,
    fmt: str | None,
    as_json: bool,
    as_csv: bool,
) -> None:
    """Zeichnet eine Netzwerkkarte eines Bündnisses oder Gebiets als HTML-Datei (oder PNG/SVG).

    Die HTML-Karte ist eine einzige Datei, die ohne Internet funktioniert: mit Legende,
    Suche nach Namen und Filtern nach Sektor, Thema und Bündnis. Mit --public enthält sie
    nur öffentliche Elemente und keine Personen.

    Beispiel: buendnisatlas map pfd-msh --public --presentation -o karte.html
    """
    if (alliance is None) == (region is None):
        raise UserError("Bitte genau eines angeben: ein Bündnis (Kennung oder Name) oder --region AGS.")
    fmt = fmt or (output.suffix.lower().lstrip(".") if output.suffix.lower() in (".png", ".svg", ".pdf") else "html")
    if output.parent and not output.parent.is_dir():
        raise UserError(f"Der Ordner „{output.parent}“ existiert nicht.")
    at = _date(at_text)
    try:
        view = network_map(
            ctx.view_for(public),
            alliance,
            region,
            ego=ego,
            depth=depth,
            at=at,
            color_by=color_by,  # type: ignore[arg-type]
            size_by=size_by,  # type: ignore[arg-type]
            group_by=group_by,  # type: ignore[arg-type]
            title=title,
            presentation=presentation,
            arrange=arrange,  # type: ignore[arg-type]
            show_membership=show_membership,
            hidden_ties=hidden_ties,  # type: ignore[arg-type]
            kiosk=kiosk,
            tour=tour,
        )
    except MapError as exc:
        raise UserError(str(exc)) from exc
    _write(view, output, fmt)
    data = {
        "file": str(output),
        "format": fmt,
        "audience": "public" if public else "restricted",
        "nodes": len(view.nodes),
        "edges": len(view.edges),
    }

    def text() -> str:
        kind = "öffentlich" if public else "intern"
        lines = [f"Karte geschrieben: {output} ({len(view.nodes)} Elemente, {len(view.edges)} Verbindungen; {kind})"]
        if fmt == "html":
            lines.append(f"Im Browser öffnen: file://{output.resolve()}")
        if not view.grouped and len(view.nodes) > OVERVIEW_SUGGESTED_ABOVE:
            lines.append("Hinweis: Das Netz ist groß. Mit --group-by sector eine zusammengefasste Übersicht zeichnen.")
        return "\n".join(lines)

    emit(data, [data], as_json, as_csv, text)


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError as exc:
        raise UserError(f"--at „{text}“: {exc}") from exc


def _write(view: MapView, output: Path, fmt: str) -> None:
    """Write through a temporary file, so a failure never leaves a half-written map behind."""
    handle, temporary = tempfile.mkstemp(dir=output.parent or Path("."), prefix=".karte-", suffix=f".{fmt}")
    os.close(handle)
    os.chmod(temporary, 0o644)  # mkstemp makes it private; a map is meant to be shared
    try:
        if fmt == "html":
            Path(temporary).write_text(render_html(view), encoding="utf-8")
        else:
            write_static(view, temporary, fmt)  # type: ignore[arg-type]
        os.replace(temporary, output)
    except OSError as exc:
        raise UserError(f"Die Datei „{output}“ konnte nicht geschrieben werden: {exc.strerror}") from exc
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
