"""``buendnisatlas person export|erase|review``: the rights of persons in the network (DSGVO)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from buendnisatlas.api.cli import Context, UserError, cli, pass_context
from buendnisatlas.api.cli.output import emit, format_options, table, to_json
from buendnisatlas.api.text import german_date
from buendnisatlas.graph.persons import mentions, person_record, retention_review
from buendnisatlas.graph.store import REDACTED


@cli.group()
def person() -> None:
    """Rechte von Personen nach DSGVO: Auskunft (Art. 15), Löschung (Art. 17), Überprüfung der Speicherdauer."""


@person.command("export")
@click.argument("person_id", metavar="ID")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="JSON-Datei für die Auskunft.",
)
@pass_context
def person_export(ctx: Context, person_id: str, output: Path) -> None:
    """Schreibt alles, was über eine Person gespeichert ist, in eine JSON-Datei (Auskunft nach Art. 15 DSGVO)."""
    record = person_record(ctx.store, person_id)
    try:
        output.write_text(to_json(record) + "\n", encoding="utf-8")
    except OSError as exc:
        raise UserError(f"„{output}“ lässt sich nicht schreiben: {exc.strerror}") from exc
    click.echo(
        f"Auskunft über {record['person']['name']} geschrieben: {output} "
        f"({len(record['relations'])} Beziehung(en), {len(record['audit'])} Protokolleinträge)"
    )
    for mention in record["mentioned_in"]:
        click.echo(f"Erwähnt bei: {mention['name']} ({mention['id']}), Feld(er) {', '.join(mention['fields'])}")


@person.command("erase")
@click.argument("person_id", metavar="ID")
@click.option("--yes", is_flag=True, help="Ohne Rückfrage löschen.")
@pass_context
def person_erase(ctx: Context, person_id: str, yes: bool) -> None:
    """Löscht eine Person endgültig nach Art. 17 DSGVO: Daten, Beziehungen, Werte im Änderungsprotokoll."""
    store = ctx.store
    person = store.get_node(person_id)
    relations = store.find_relations(node_id=person_id)
    named = mentions(store, person)
    for node, fields in named:
        click.echo(
            f"Hinweis: Name oder Kontakt stehen auch bei {node.name} ({node.id}), Feld(er) {', '.join(fields)}; "
            f"dort ersetzt das Löschen sie durch „{REDACTED}“, auch im Änderungsprotokoll.",
            err=True,
        )
    if not yes and not click.confirm(
        f"{person.name} ({person.id}) mit {len(relations)} Beziehung(en) endgültig löschen? "
        "Das lässt sich nicht rückgängig machen.",
        err=True,
    ):
        raise click.exceptions.Abort()
    entry = store.erase_person(person_id)
    click.echo(
        f"Gelöscht nach Art. 17 DSGVO: 1 Person, {len(relations)} Beziehung(en). "
        f"Protokolleintrag Nr. {entry.seq} vom {german_date(entry.at.date().isoformat())}; "
        f"im Protokoll steht die Person jetzt als „{entry.element_id}“."
    )


@person.command("review")
@click.option(
    "--older-than",
    "months",
    type=click.IntRange(min=1),
    required=True,
    metavar="MONATE",
    help="Personen, deren letzte Beziehung vor mehr als so vielen Monaten endete.",
)
@format_options
@pass_context
def person_review(ctx: Context, months: int, as_json: bool, as_csv: bool) -> None:
    """Listet Personen, deren Beziehungen alle vor mehr als N Monaten endeten: prüfen, ob ihre Daten noch nötig sind."""
    items = retention_review(ctx.store, months, date.today())
    rows = [
        {
            "id": i.person.id,
            "name": i.person.name,
            "relations": i.relations,
            "last_end": i.last_end.isoformat() if i.last_end else None,
        }
        for i in items
    ]

    def text() -> str:
        if not items:
            return f"Keine Person, deren Beziehungen alle vor mehr als {months} Monaten endeten."
        lines = table(
            [
                [
                    i.person.id,
                    i.person.name,
                    i.relations,
                    german_date(i.last_end.isoformat()) if i.last_end else "keine Beziehung",
                ]
                for i in items
            ],
            ["Kennung", "Name", "Beziehungen", "letzte endete"],
        )
        return (
            f"{lines}\n\nPrüfen, ob diese Daten noch gebraucht werden; sonst: buendnisatlas person erase ID "
            "(vorher auf Wunsch: buendnisatlas person export ID -o auskunft.json)"
        )

    emit(rows, rows, as_json, as_csv, text)
