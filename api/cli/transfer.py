"""Commands that move data out and tidy it: export, dedupe, merge."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from buendnisatlas.api.cli import Context, UserError, cli, pass_context
from buendnisatlas.api.cli.output import emit, format_options, table
from buendnisatlas.importers.dedupe import MergeReport
from buendnisatlas.importers.export import FORMATS, export, guess_format
from buendnisatlas.services import elements
from buendnisatlas.services.data import export_network


@cli.command(name="export")
@click.argument("out", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="csv (Ordner mit elemente.csv, beziehungen.csv), xlsx, json, graphml oder gexf; sonst aus der Endung.",
)
@click.option("--public", is_flag=True, help="Nur Öffentliches: keine Personen, nur als öffentlich markierte Elemente.")
@click.option("--force", is_flag=True, help="Vorhandene Dateien überschreiben.")
@format_options
@pass_context
def export_(ctx: Context, out: Path, fmt: str | None, public: bool, force: bool, as_json: bool, as_csv: bool) -> None:
    """Schreibt das Netzwerk in eine Datei: CSV, XLSX, JSON, GraphML oder GEXF (für Gephi).

    Die Dateien lassen sich mit „buendnisatlas import“ verlustfrei wieder einlesen.
    Mit --public enthält der Export nur, was öffentlich gezeigt werden darf.
    """
    fmt = fmt or guess_format(out)
    if fmt is None:
        raise UserError(f"Format von „{out}“ unbekannt; bitte --format {'|'.join(FORMATS)} angeben")
    if not out.parent.exists():
        raise UserError(f"Der Ordner „{out.parent}“ existiert nicht")
    targets = [out / "elemente.csv", out / "beziehungen.csv"] if fmt == "csv" else [out]
    if not force and any(t.exists() for t in targets):
        raise UserError(f"„{out}“ gibt es schon; mit --force überschreiben")
    if fmt != "csv" and out.is_dir():
        raise UserError(f"„{out}“ ist ein Ordner; für {fmt} bitte einen Dateinamen angeben")
    if fmt == "csv" and out.exists() and not out.is_dir():
        raise UserError(f"„{out}“ ist eine Datei; CSV wird in einen Ordner geschrieben (elemente.csv, beziehungen.csv)")
    network = export_network(ctx.view_for(public))
    try:
        written = export(network, out, fmt)
    except OSError as exc:
        raise UserError(f"„{out}“ lässt sich nicht schreiben: {exc.strerror or exc}") from exc
    data = {
        "format": fmt,
        "public": public,
        "files": [str(p) for p in written],
        "nodes": len(network.nodes),
        "relations": len(network.relations),
    }
    scope = "öffentlicher Teil" if public else "alles"
    emit(
        data,
        [data],
        as_json,
        as_csv,
        lambda: (
            f"Exportiert ({scope}): {len(network.nodes)} Elemente, {len(network.relations)} Beziehungen\n"
            + "\n".join(f"  {p}" for p in written)
        ),
    )


@cli.command()
@click.option(
    "--schwelle",
    "threshold",
    type=click.FloatRange(0, 1),
    default=0.8,
    show_default=True,
    help="Ab welcher Ähnlichkeit (0 bis 1) ein Paar gemeldet wird.",
)
@format_options
@pass_context
def dedupe(ctx: Context, threshold: float, as_json: bool, as_csv: bool) -> None:
    """Findet Akteure, die wahrscheinlich doppelt erfasst sind, und schlägt sie vor.

    Verglichen werden Namen (ohne Rücksicht auf Umlaute, ß, Rechtsform, Wortstellung),
    E-Mail-Domain und Gemeinde. Es wird nichts verändert; zusammenführen mit
    „buendnisatlas merge BEHALTEN ENTFERNEN“.
    """
    candidates, names = elements.duplicates(ctx.view, threshold)
    rows = [
        {
            "a": c.a,
            "name_a": names[c.a],
            "b": c.b,
            "name_b": names[c.b],
            "score": round(c.score, 2),
            "gruende": "; ".join(c.reasons),
        }
        for c in candidates
    ]

    def text() -> str:
        if not rows:
            return "Keine wahrscheinlichen Dubletten gefunden."
        body = table(
            [
                [f"{r['score']:.2f}", f"{r['a']} ({r['name_a']})", f"{r['b']} ({r['name_b']})", r["gruende"]]
                for r in rows
            ],
            ["Ähnlichkeit", "Element A", "Element B", "Gründe"],
        )
        return f"{body}\n\nPrüfen Sie jedes Paar; zusammenführen mit: buendnisatlas merge A B"

    emit({"candidates": [c.to_dict() for c in candidates]}, rows, as_json, as_csv, text)


@cli.command()
@click.argument("keep")
@click.argument("drop")
@click.option("--yes", "-y", "yes", is_flag=True, help="Ohne Rückfrage zusammenführen.")
@click.option("--dry-run", is_flag=True, help="Nur zeigen, was geschähe.")
@format_options
@pass_context
def merge(ctx: Context, keep: str, drop: str, yes: bool, dry_run: bool, as_json: bool, as_csv: bool) -> None:
    """Führt zwei Elemente zusammen: DROP geht in KEEP auf (Kennung oder Name).

    Alle Beziehungen von DROP gehen auf KEEP über; leere Felder von KEEP werden aus DROP
    ergänzt, Listen vereinigt, und es gilt die strengere Sichtbarkeit. Alles in einem
    Schritt, oder gar nicht.
    """
    kept, removed, preview = elements.merge(ctx.uow, keep, drop, dry_run=True)
    if dry_run:
        _merge_report(preview, as_json, as_csv, "Probelauf (nichts geändert)")
        return
    if not yes:
        click.echo(_merge_text(preview, f"„{removed.name}“ geht in „{kept.name}“ auf:"), err=True)
        if not sys.stdin.isatty():
            raise UserError("Keine Rückfrage möglich (kein Terminal); zum Zusammenführen --yes angeben.")
        if not click.confirm("Zusammenführen?", err=True):
            raise UserError("Nicht zusammengeführt.")
    _, _, report = elements.merge(ctx.uow, kept.id, removed.id)
    _merge_report(report, as_json, as_csv, "Zusammengeführt")


def _merge_text(report: MergeReport, headline: str) -> str:
    lines = [
        headline,
        f"  Beziehungen übernommen: {len(report.moved)}",
        f"  schon vorhanden (nicht verdoppelt): {len(report.already_there)}",
        f"  zwischen beiden (entfallen): {len(report.dropped_between)}",
        f"  Felder ergänzt: {', '.join(k for k in report.fields if k != 'note') or 'keine'}",
        f"  entfernt: {report.removed}; bleibt: {report.kept}",
    ]
    return "\n".join(lines)


def _merge_report(report: MergeReport, as_json: bool, as_csv: bool, headline: str) -> None:
    data = report.to_dict()
    row = {k: v if not isinstance(v, (list, dict)) else len(v) for k, v in data.items()}
    emit(data, [row], as_json, as_csv, lambda: _merge_text(report, headline))
