"""Commands that create and fill a store: init, demo, import."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from buendnisatlas.api.cli import Context, UserError, cli, pass_context
from buendnisatlas.api.cli.output import emit, format_options, table, to_json
from buendnisatlas.graph.data import ATTRIBUTION, SOURCE
from buendnisatlas.importers.canonical import (
    ImportFailed,
    ImportResult,
    Progress,
    gc_paused,
)
from buendnisatlas.importers.detect import FORMAT_LABELS
from buendnisatlas.importers.detect import FORMATS as IMPORT_FORMATS
from buendnisatlas.services import data as services

PROGRESS_FROM = 20_000  # records; smaller imports finish before a bar would help


@cli.command()
@pass_context
def init(ctx: Context) -> None:
    """Legt den Speicher an und lädt die eingebauten Gebiete (alle Gemeinden Deutschlands).

    Das Gemeindeverzeichnis des Statistischen Bundesamtes (Gebietsstand 31.12.2020);
    neuere Stände mit „buendnisatlas regions load“.
    """
    counts = services.init_store(ctx.uow)
    click.echo(f"Speicher bereit: {ctx.url} ({counts.new} Gebiete neu angelegt; {SOURCE}, {ATTRIBUTION})")


@cli.command()
@click.option("--if-empty", is_flag=True, help="Nur laden, wenn der Speicher noch keine Elemente hat.")
@format_options
@pass_context
def demo(ctx: Context, if_empty: bool, as_json: bool, as_csv: bool) -> None:
    """Lädt das Demo-Netzwerk (fiktive Partnerschaft für Demokratie im Landkreis Mansfeld-Südharz)."""
    result = services.load_demo(ctx.uow, if_empty)
    if result is None:
        click.echo("Speicher enthält schon Daten; Demo-Netzwerk nicht geladen.", err=True)
        return
    _report(result, as_json, as_csv, f"Demo-Netzwerk geladen in {ctx.url}")


@cli.command(name="import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Nur prüfen, nichts speichern.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", *IMPORT_FORMATS]),
    default="auto",
    show_default=True,
    help="Format der Eingabe; „auto“ erkennt es an Endung, Tabellenblättern und Spalten.",
)
@click.option(
    "--map",
    "mapping",
    multiple=True,
    metavar="FELD=SPALTE",
    help="Spalte oder Attribut der Datei einem Feld zuordnen, z. B. --map sektor=Bereich (mehrfach möglich).",
)
@format_options
@pass_context
def import_(
    ctx: Context,
    paths: tuple[Path, ...],
    dry_run: bool,
    fmt: str,
    mapping: tuple[str, ...],
    as_json: bool,
    as_csv: bool,
) -> None:
    """Importiert ein Netzwerk: elemente.csv, beziehungen.csv, regionen.csv (Dateien oder Ordner),
    eine .xlsx-Arbeitsmappe, unser JSON, GraphML, GEXF (Gephi), Kumu oder Onodo.

    Alles oder nichts: hat eine Zeile einen Fehler, wird nichts gespeichert, und alle
    Fehler werden mit Datei, Zeile und Spalte aufgelistet. Dieselbe Datei zweimal zu
    importieren ändert nichts (Abgleich über die Kennung „id“). Was bei fremden Formaten
    angenommen werden musste, steht im Bericht.
    """
    if sys.stderr.isatty():
        click.echo("Dateien werden gelesen und geprüft …", err=True)
    try:
        with gc_paused():  # one pause for reading and writing: see gc_paused
            uow = ctx.uow
            detected, plan = services.read_files(uow, paths, None if fmt == "auto" else fmt, _parse_mapping(mapping))
            with _progress(len(plan.nodes) + len(plan.relations) + len(plan.regions)) as advance:
                result = services.import_plan(uow, plan, dry_run=dry_run, progress=advance)
            del plan  # freed before the collector is back
    except ImportFailed as exc:
        if as_json:
            click.echo(to_json({"ok": False, "problems": [p.to_dict() for p in exc.problems]}))
        else:
            for problem in exc.problems:
                click.echo(f"  {problem}", err=True)
        raise UserError(f"{len(exc.problems)} Fehler gefunden; es wurde nichts gespeichert.") from exc
    headline = "Probelauf (nichts gespeichert)" if dry_run else "Import abgeschlossen"
    _report(result, as_json, as_csv, f"{headline} – Format: {FORMAT_LABELS[detected]}")


def _parse_mapping(pairs: tuple[str, ...]) -> list[tuple[str, str]]:
    mapping = []
    for pair in pairs:
        field_name, sep, attribute = pair.partition("=")
        if not sep or not field_name.strip() or not attribute.strip():
            raise UserError(f"--map „{pair}“: erwartet FELD=SPALTE, z. B. --map typ=Kategorie")
        mapping.append((field_name.strip(), attribute.strip()))
    return mapping


@contextmanager
def _progress(total: int) -> Iterator[Progress | None]:
    """A progress bar on the terminal for long imports; nothing when output goes elsewhere."""
    if total < PROGRESS_FROM or not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=total, label="Speichern", file=sys.stderr) as bar:
        yield bar.update


def _report(result: ImportResult, as_json: bool, as_csv: bool, headline: str) -> None:
    rows = [
        {"was": what, "neu": counts.new, "geändert": counts.changed, "unverändert": counts.unchanged}
        for what, counts in (("Elemente", result.nodes), ("Beziehungen", result.relations), ("Gebiete", result.regions))
    ]

    def text() -> str:
        body = table([list(r.values()) for r in rows], ["", "neu", "geändert", "unverändert"])
        notes = "".join(f"\nHinweis: {w}" for w in result.warnings)
        return f"{headline}\n{body}{notes}"

    emit({"ok": True, **result.to_dict()}, rows, as_json, as_csv, text)
