"""The ``goals`` command: an alliance's strategy checked against a year, as a Sachbericht draft."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from buendnisatlas.api.cli import Context, UserError, cli, pass_context
from buendnisatlas.api.cli.analysis import profile_errors, profile_option
from buendnisatlas.api.cli.output import emit, format_options
from buendnisatlas.api.goals_text import excel_csv, goals_html, goals_markdown, goals_rows
from buendnisatlas.services import analysis

_WRITERS = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".csv": "csv"}


def _year(text: str | None) -> int:
    if text is None:
        return date.today().year
    if not text.strip().isdigit() or not 1990 <= int(text) <= 2100:
        raise UserError(f"--year: „{text}“ ist kein Berichtsjahr (eine Jahreszahl zwischen 1990 und 2100, z. B. 2025)")
    return int(text)


@cli.command(name="goals")
@click.argument("alliance", metavar="BÜNDNIS")
@click.option(
    "--year",
    "--jahr",
    "year",
    metavar="JAHR",
    help="Das Berichtsjahr, z. B. 2025 (Vorgabe: das laufende Jahr).",
)
@click.option(
    "--ausgabe",
    "out",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="DATEI",
    help="Den Bericht in eine Datei schreiben: .md (Markdown), .html (für Word/LibreOffice) oder .csv (Excel).",
)
@profile_option
@format_options
@pass_context
def goals_command(
    ctx: Context,
    alliance: str,
    year: str | None,
    out: Path | None,
    profile_path: Path | None,
    as_json: bool,
    as_csv: bool,
) -> None:
    """Prüft die Ziele eines Bündnisses (Leit-, Mittler-, Handlungsziele) für ein Jahr.

    Jedes Ziel bekommt einen Stand: erreicht, teilweise, nicht erreicht oder nicht messbar,
    mit Belegen (welche Sitzungen, Projekte, Veranstaltungen) und Vorschlägen für offene
    Ziele. Handlungsziele, denen nichts dient, werden genannt. Die Textausgabe ist ein
    erster Entwurf für den Sachbericht. BÜNDNIS ist die Kennung oder der genaue Name.
    """
    with profile_errors():
        report = analysis.goals(ctx.view, alliance, _year(year), profile_path=profile_path)
    rows = goals_rows(report)
    if out is not None:
        kind = _WRITERS.get(out.suffix.lower())
        if kind is None:
            raise UserError(f"--ausgabe: „{out.name}“ hat keine bekannte Endung (.md, .html oder .csv)")
        if kind == "csv":
            text = excel_csv(rows)
        else:
            text = goals_markdown(report) if kind == "markdown" else goals_html(report)
        try:
            # Excel finds the encoding of a CSV only by its BOM.
            out.write_text(text, encoding="utf-8-sig" if kind == "csv" else "utf-8", newline="")
        except OSError as exc:
            raise UserError(f"„{out}“ kann nicht geschrieben werden: {exc.strerror}") from None
        click.echo(f"Bericht geschrieben: {out}")
        return
    if as_csv:
        click.echo(excel_csv(rows), nl=False)
        return
    emit(report.to_dict(), rows, as_json, False, lambda: goals_markdown(report).rstrip())
