"""``buendnisatlas history ID`` and ``restore ID``: the change log of an element, and undoing a deletion."""

from __future__ import annotations

import json
from typing import Any

import click

from buendnisatlas.api.cli import Context, cli, pass_context
from buendnisatlas.api.cli.output import emit, format_options, table
from buendnisatlas.graph.accounts import ROLE_LABELS, AuditEntry, Role
from buendnisatlas.graph.credentials import local_time
from buendnisatlas.services import audit

ACTION_LABELS = {
    "create": "angelegt",
    "update": "geändert",
    "delete": "gelöscht",
    "restore": "wiederhergestellt",
    "erase": "gelöscht nach Art. 17 DSGVO",
    "merge": "zusammengeführt",
    "user_add": "Konto angelegt",
    "user_update": "Konto geändert",
    "user_remove": "Konto gelöscht",
    "token_create": "API-Schlüssel angelegt",
    "token_revoke": "API-Schlüssel widerrufen",
}


def _value(value: Any) -> str:
    if value is None or value == []:
        return "–"
    if isinstance(value, list):
        return "|".join(str(v) for v in value)
    return str(value) if not isinstance(value, dict) else json.dumps(value, ensure_ascii=False)


def describe(entry: AuditEntry) -> str:
    """What changed, for people: ``name: alt → neu; sector: – → youth``."""
    if entry.action in ("update", "user_update"):
        return "; ".join(f"{field}: {_value(old)} → {_value(new)}" for field, (old, new) in entry.changes().items())
    record = entry.after if entry.after is not None else entry.before
    if not record:
        return ""
    if entry.relation_key is not None:
        role = f" ({record['role']})" if record.get("role") else ""
        return f"{record.get('type', '')}{role}"
    if entry.action.startswith("token_"):
        return f"{record.get('name', '')} ({record.get('id', '')})"
    if entry.user_email is not None:
        role = ROLE_LABELS[Role(record["role"])] if record.get("role") else ""
        return f"{role}, {', '.join(record.get('alliances') or []) or '–'}"
    return str(record.get("name", ""))


def entry_row(entry: AuditEntry, **subject: str | None) -> dict[str, Any]:
    """An entry as a row of ``--csv``: number, time, who, action, what it is about, the change."""
    return {
        "seq": entry.seq,
        "at": entry.at.isoformat(),
        "who": entry.who,
        "action": entry.action,
        **subject,
        "change": describe(entry),
    }


@cli.command()
@click.argument("element_id", metavar="ID")
@format_options
@pass_context
def history(ctx: Context, element_id: str, as_json: bool, as_csv: bool) -> None:
    """Zeigt das Änderungsprotokoll eines Elements und seiner Beziehungen: wer, wann, vorher, nachher."""
    entries = audit.history(ctx.view, element_id)
    rows = [entry_row(e, element_id=e.element_id, relation_key=e.relation_key) for e in entries]

    def text() -> str:
        if not entries:
            return f"Im Änderungsprotokoll steht nichts über „{element_id}“."
        return table(
            [
                [
                    e.seq,
                    local_time(e.at),
                    e.who,
                    ACTION_LABELS[e.action],
                    "Element" if e.relation_key is None else "Beziehung " + " → ".join(e.ends or ()),
                    describe(e),
                ]
                for e in entries
            ],
            ["Nr.", "Zeit", "Wer", "Aktion", "Was", "Änderung"],
        )

    emit([e.model_dump(mode="json") for e in entries], rows, as_json, as_csv, text)


@cli.command()
@click.argument("element_id", metavar="ID")
@pass_context
def restore(ctx: Context, element_id: str) -> None:
    """Stellt ein gelöschtes Element mit den Beziehungen wieder her, die mit ihm gelöscht wurden."""
    node = audit.restore(ctx.uow, element_id)
    relations = ctx.store.find_relations(node_id=element_id)
    click.echo(f"Wiederhergestellt: {node.name} ({node.id}) mit {len(relations)} Beziehung(en).")
