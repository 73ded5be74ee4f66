"""``buendnisatlas copy``: move a whole store, e.g. from SQLite to Neo4j and back."""

from __future__ import annotations

import sys

import click

from buendnisatlas.api.cli import UserError, cli
from buendnisatlas.api.cli.output import emit, format_options, table
from buendnisatlas.config import open_store
from buendnisatlas.graph.store import redact_url
from buendnisatlas.graph.transfer import copy_store


@cli.command(name="copy")
@click.option("--from", "source_url", required=True, metavar="URL", help="Quelle, z. B. sqlite:///buendnisatlas.db")
@click.option("--to", "target_url", required=True, metavar="URL", help="Ziel, z. B. neo4j://server:7687")
@click.option(
    "--merge",
    is_flag=True,
    help="Auch in ein Ziel kopieren, das schon Elemente hat (gleiche Kennungen werden überschrieben).",
)
@click.option(
    "--batch-size",
    default=1000,
    show_default=True,
    type=click.IntRange(1, 100_000),
    help="Datensätze je Schreibvorgang.",
)
@format_options
def copy(source_url: str, target_url: str, merge: bool, batch_size: int, as_json: bool, as_csv: bool) -> None:
    """Kopiert einen ganzen Speicher verlustfrei in einen anderen.

    Alle Elemente mit allen Angaben und Zeitstempeln, alle Beziehungen und Gebiete, alle
    Konten und API-Schlüssel, in Portionen; eine abgebrochene Kopie lässt sich einfach
    wiederholen. Das Änderungsprotokoll bleibt bei der Quelle. Beispiel:

    \b
    buendnisatlas copy --from sqlite:///buendnisatlas.db --to neo4j://server:7687
    buendnisatlas copy --from neo4j://server:7687 --to sqlite:///sicherung.db
    """
    if redact_url(source_url) == redact_url(target_url):
        raise UserError("Quelle und Ziel sind derselbe Speicher.")
    with open_store(source_url) as source, open_store(target_url) as target:  # type: ignore[attr-defined]
        if not merge and any(target.stats().nodes_by_kind.values()):
            raise UserError(
                f"Das Ziel {target.url} enthält schon Elemente. Mit --merge trotzdem hineinkopieren "
                "(gleiche Kennungen werden überschrieben), oder ein leeres Ziel wählen."
            )
        # Without a terminal (a pipe, a log file) click prints only the label, not the bar.
        with click.progressbar(length=0, label="Kopiere", file=sys.stderr) as bar:

            def set_total(n: int) -> None:
                bar.length = n

            result = copy_store(source, target, batch_size, progress=bar.update, total=set_total)
        shown = (source.url, target.url)
    rows = [
        {"was": what, "neu": c.new, "geändert": c.changed, "unverändert": c.unchanged}
        for what, c in (
            ("Elemente", result.nodes),
            ("Beziehungen", result.relations),
            ("Gebiete", result.regions),
            ("Konten", result.users),
            ("API-Schlüssel", result.tokens),
        )
    ]

    def text() -> str:
        body = table([list(r.values()) for r in rows], ["", "neu", "geändert", "unverändert"])
        return f"Kopiert: {shown[0]} → {shown[1]}\n{body}"

    data = {"ok": True, "from": shown[0], "to": shown[1], **{k: vars(v) for k, v in vars(result).items()}}
    emit(data, rows, as_json, as_csv, text)
