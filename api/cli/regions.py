"""Region commands: ``regions load`` (a newer Gemeindeverzeichnis) and ``regions find`` (what a name means)."""

from __future__ import annotations

from pathlib import Path

import click

from buendnisatlas.api.cli import Context, UserError, cli, pass_context
from buendnisatlas.api.cli.output import emit, format_options, table
from buendnisatlas.graph.regions import (
    PlaceError,
    RegionsUnreadable,
    read_regions_file,
    region_index,
    store_context,
)
from buendnisatlas.importers.canonical import ImportPlan, import_plan


@cli.group()
def regions() -> None:
    """Gebiete: das eingebaute Gemeindeverzeichnis, neuere Stände laden, Ortsnamen nachschlagen.

    Eingebaut sind alle Länder, Regierungsbezirke, Kreise, Gemeindeverbände (Ämter,
    Verbandsgemeinden, Verwaltungsgemeinschaften) und Gemeinden Deutschlands,
    Gebietsstand 31.12.2020 (© Statistisches Bundesamt (Destatis), GV-ISys).
    """


@regions.command(name="load")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Nur prüfen und zählen, nichts speichern.")
@format_options
@pass_context
def load(ctx: Context, path: Path, dry_run: bool, as_json: bool, as_csv: bool) -> None:
    """Lädt ein Gemeindeverzeichnis: Destatis-Auszug (CSV), GV100AD-Datei oder regionen.csv.

    So kommen Gebietsreformen nach dem eingebauten Stand ohne neue Version in den
    Speicher: die Datei von destatis.de (Gemeindeverzeichnis, „GV100AD“ oder „Auszug
    GV“) herunterladen und hier angeben. Alles oder nichts; vorhandene Gebiete werden
    aktualisiert, keine gelöscht.

    \b
    Beispiel:
      buendnisatlas regions load GV100AD_31122025.txt
    """
    try:
        found = read_regions_file(path)
    except RegionsUnreadable as exc:
        raise UserError(str(exc)) from exc
    # The importer's write path: one transaction, a dry run counts and rolls back.
    counts = import_plan(ctx.store, ImportPlan(regions=found), dry_run=dry_run).regions
    rows = [{"was": "Gebiete", "neu": counts.new, "geändert": counts.changed, "unverändert": counts.unchanged}]
    by_level: dict[str, int] = {}
    for region in found:
        by_level[str(region.level)] = by_level.get(str(region.level), 0) + 1
    data = {"file": path.name, "dry_run": dry_run, "regions": vars(counts), "levels": by_level}

    def text() -> str:
        headline = "Probelauf (nichts gespeichert)" if dry_run else f"Gebiete geladen in {ctx.url}"
        levels = ", ".join(f"{n} {level}" for level, n in by_level.items())
        body = table([list(r.values()) for r in rows], ["", "neu", "geändert", "unverändert"])
        return f"{headline} – {path.name}: {levels}\n\n{body}"

    emit(data, rows, as_json, as_csv, text)


@regions.command(name="find")
@click.argument("name")
@click.option("--kreis", metavar="KREIS", help="Kreis (Name oder Schlüssel), wenn der Name mehrfach vorkommt.")
@format_options
@pass_context
def find(ctx: Context, name: str, kreis: str | None, as_json: bool, as_csv: bool) -> None:
    """Zeigt, welches Gebiet ein Name, Schlüssel oder eine Postleitzahl meint – wie Import und Beratung es lesen.

    \b
    Beispiele:
      buendnisatlas regions find "Lutherstadt Eisleben"
      buendnisatlas regions find Neuenkirchen --kreis Cuxhaven
      buendnisatlas regions find "PLZ 06526"
    """
    index = region_index(ctx.store.find_regions())
    try:
        within = (index.place(kreis, levels={"Kreis"}).ags,) if kreis else tuple(store_context(ctx.store))
        found = index.resolve(name, within)
    except PlaceError as exc:
        raise UserError(str(exc)) from exc
    region = found.region
    data = {**region.model_dump(exclude_none=True), "description": index.describe(region.ags), "note": found.note}
    rows = [{"ags": region.ags, "name": region.name, "ebene": region.level, "beschreibung": data["description"]}]

    def text() -> str:
        lines = [f"{data['description']} – AGS {region.ags}"]
        if region.population is not None:
            lines.append(f"Einwohner: {region.population:,}".replace(",", "."))
        if region.postcode:
            lines.append(f"PLZ des Verwaltungssitzes: {region.postcode}")
        if found.note:
            lines.append(f"Hinweis: {found.note}")
        return "\n".join(lines)

    emit(data, rows, as_json, as_csv, text)
