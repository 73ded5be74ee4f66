"""``buendnisatlas user …`` and ``token …``: accounts and API tokens, managed by whoever holds the store.

These commands run as the local administrator: who may open the store file (or knows the
Neo4j password) may do everything anyway.
"""

from __future__ import annotations

import secrets
import sys
from datetime import UTC, datetime

import click

from buendnisatlas.api.cli import Context, UserError, cli, pass_context
from buendnisatlas.api.cli.audit import ACTION_LABELS, describe, entry_row
from buendnisatlas.api.cli.output import emit, format_options, table
from buendnisatlas.graph.accounts import ROLE_LABELS, Role, User
from buendnisatlas.graph.credentials import (
    check_password_rules,
    hash_password,
    local_time,
)
from buendnisatlas.graph.store import GraphStore, NotFound, StoreError
from buendnisatlas.graph.vocab import NodeKind
from buendnisatlas.services import audit
from buendnisatlas.services.accounts import create_token, set_password

DEMO_COORDINATOR = "koordination@pfd-msh.example.org"
DEMO_ALLIANCE = "pfd-msh"
ROLE_CHOICE = click.Choice([r.value for r in Role])
ROLE_HELP = "Rolle: admin (alles), coordinator (Koordination eines Bündnisses), member (Mitglied)."


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def read_password(from_stdin: bool) -> str:
    """A new password: one line from stdin, or typed twice without echo."""
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Neues Passwort", hide_input=True, err=True)
        if click.prompt("Passwort wiederholen", hide_input=True, err=True) != password:
            raise UserError("Die beiden Eingaben stimmen nicht überein; nichts geändert")
    try:
        check_password_rules(password)
    except StoreError as exc:
        raise UserError(str(exc)) from exc
    return password


def check_alliances(store: GraphStore, alliances: tuple[str, ...]) -> None:
    for alliance in alliances:
        try:
            node = store.get_node(alliance)
        except NotFound:
            node = None
        if node is None or node.kind != NodeKind.ALLIANCE:
            raise UserError(f"Kein Bündnis mit der Kennung „{alliance}“ in {store.url}")


def _status(user: User, now: datetime) -> str:
    if not user.active:
        return "deaktiviert"
    if user.is_locked(now):
        assert user.locked_until is not None
        return f"gesperrt bis {local_time(user.locked_until)}"
    return "aktiv" if user.password_hash else "ohne Passwort"


def _user_public(user: User) -> dict[str, object]:
    return user.model_dump(mode="json", exclude={"password_hash"})


@cli.group()
def user() -> None:
    """Konten verwalten: anlegen, auflisten, Rolle ändern, Passwort setzen, löschen, Änderungen zeigen."""


@user.command("add")
@click.argument("email")
@click.option("--role", type=ROLE_CHOICE, required=True, help=ROLE_HELP)
@click.option("--alliance", "alliances", multiple=True, metavar="ID", help="Bündnis (Kennung); mehrfach möglich.")
@click.option("--name", default="", help="Anzeigename, z. B. „Koordinierungsstelle PfD“.")
@click.option(
    "--edits-unaffiliated",
    is_flag=True,
    help="Darf auch Elemente ohne Bündnis bearbeiten (z. B. Beratungsangebote des Landes).",
)
@click.option("--password-stdin", is_flag=True, help="Passwort aus der ersten Zeile der Standardeingabe lesen.")
@pass_context
def user_add(
    ctx: Context,
    email: str,
    role: str,
    alliances: tuple[str, ...],
    name: str,
    edits_unaffiliated: bool,
    password_stdin: bool,
) -> None:
    """Legt ein Konto an; fragt zweimal verdeckt nach dem Passwort (oder --password-stdin)."""
    store = ctx.store
    account = _new_user(email, role, alliances, name, edits_unaffiliated)
    check_alliances(store, alliances)
    try:
        store.get_user(account.email)
    except NotFound:
        pass
    else:
        raise UserError(f"Ein Konto mit der E-Mail-Adresse „{account.email}“ gibt es schon")
    account.password_hash = hash_password(read_password(password_stdin))
    store.add_user(account)
    click.echo(f"Konto angelegt: {account.email} ({ROLE_LABELS[account.role]})")


def _new_user(email: str, role: str, alliances: tuple[str, ...], name: str, edits_unaffiliated: bool) -> User:
    try:
        return User(
            email=email,
            name=name,
            role=Role(role),
            alliances=list(alliances),
            edits_unaffiliated=edits_unaffiliated,
        )
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        errors = getattr(exc, "errors", None)
        message = "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in errors()) if errors else str(exc)
        raise UserError(message) from exc


@user.command("list")
@format_options
@pass_context
def user_list(ctx: Context, as_json: bool, as_csv: bool) -> None:
    """Listet alle Konten mit Rolle, Bündnissen und Status (nie Passwörter)."""
    users = ctx.store.find_users()
    now = _now()
    rows = [
        {
            "email": u.email,
            "name": u.name,
            "role": u.role.value,
            "alliances": u.alliances,
            "edits_unaffiliated": u.edits_unaffiliated,
            "status": _status(u, now),
            "created": u.created.isoformat(),
        }
        for u in users
    ]

    def text() -> str:
        if not users:
            return "Noch keine Konten. Anlegen mit: buendnisatlas user add EMAIL --role admin"
        return table(
            [
                [
                    u.email,
                    u.name,
                    ROLE_LABELS[u.role],
                    ", ".join(u.alliances) + (" + ohne Bündnis" if u.edits_unaffiliated else ""),
                    _status(u, now),
                ]
                for u in users
            ],
            ["E-Mail", "Name", "Rolle", "Bündnisse", "Status"],
        )

    emit([_user_public(u) for u in users], rows, as_json, as_csv, text)


@user.command("history")
@click.argument("email", required=False)
@format_options
@pass_context
def user_history(ctx: Context, email: str | None, as_json: bool, as_csv: bool) -> None:
    """Zeigt das Änderungsprotokoll der Konten (oder eines Kontos): wer wann was geändert hat, nie Passwörter."""
    entries = audit.account_history(ctx.view, email)
    rows = [entry_row(e, user_email=e.user_email) for e in entries]

    def text() -> str:
        if not entries:
            return "Im Änderungsprotokoll steht nichts über " + (f"das Konto „{email}“." if email else "Konten.")
        return table(
            [[e.seq, local_time(e.at), e.who, ACTION_LABELS[e.action], e.user_email, describe(e)] for e in entries],
            ["Nr.", "Zeit", "Wer", "Aktion", "Konto", "Änderung"],
        )

    emit([e.model_dump(mode="json") for e in entries], rows, as_json, as_csv, text)


@user.command("role")
@click.argument("email")
@click.argument("role", type=ROLE_CHOICE)
@click.option("--alliance", "alliances", multiple=True, metavar="ID", help="Bündnisse (ersetzen die bisherigen).")
@click.option(
    "--edits-unaffiliated/--no-edits-unaffiliated",
    default=None,
    help="Darf Elemente ohne Bündnis bearbeiten, oder nicht mehr.",
)
@pass_context
def user_role(ctx: Context, email: str, role: str, alliances: tuple[str, ...], edits_unaffiliated: bool | None) -> None:
    """Ändert Rolle und Bündnisse eines Kontos."""
    store = ctx.store
    check_alliances(store, alliances)
    current = store.get_user(email)
    changes: dict[str, object] = {"role": Role(role)}
    if role == Role.ADMIN or alliances:
        changes["alliances"] = list(alliances)
    if edits_unaffiliated is not None:
        changes["edits_unaffiliated"] = edits_unaffiliated
    updated = store.update_user(current.email, **changes)
    click.echo(f"{updated.email}: {ROLE_LABELS[updated.role]} {', '.join(updated.alliances)}".rstrip())


@user.command("password")
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help="Passwort aus der ersten Zeile der Standardeingabe lesen.")
@pass_context
def user_password(ctx: Context, email: str, password_stdin: bool) -> None:
    """Setzt ein neues Passwort und hebt eine Sperre nach Fehlversuchen auf."""
    store = ctx.store
    account = store.get_user(email)
    set_password(store, account.email, read_password(password_stdin))
    click.echo(f"Neues Passwort für {account.email} gesetzt.")


@user.command("remove")
@click.argument("email")
@click.option("--yes", is_flag=True, help="Ohne Rückfrage löschen.")
@pass_context
def user_remove(ctx: Context, email: str, yes: bool) -> None:
    """Löscht ein Konto und alle seine API-Schlüssel."""
    store = ctx.store
    account = store.get_user(email)
    if not yes and not click.confirm(f"Konto {account.email} und seine Schlüssel löschen?", err=True):
        raise click.exceptions.Abort()
    store.delete_user(account.email)
    click.echo(f"Konto {account.email} gelöscht.")


@user.command("demo", hidden=True)
@pass_context
def user_demo(ctx: Context) -> None:
    """Legt das Demo-Konto der Koordination an, falls es fehlt, und zeigt die Anmeldung (nur für die Demo)."""
    store = ctx.store
    try:
        store.get_user(DEMO_COORDINATOR)
    except NotFound:
        pass
    else:
        click.echo(
            f"Demo-Anmeldung: {DEMO_COORDINATOR} (Passwort wurde beim Anlegen angezeigt; "
            f"neu setzen mit: buendnisatlas user password {DEMO_COORDINATOR})"
        )
        return
    check_alliances(store, (DEMO_ALLIANCE,))
    password = secrets.token_urlsafe(12)
    store.add_user(
        User(
            email=DEMO_COORDINATOR,
            name="Koordinierungs- und Fachstelle (Demo)",
            role=Role.COORDINATOR,
            alliances=[DEMO_ALLIANCE],
            password_hash=hash_password(password),
        )
    )
    click.echo(f"Demo-Anmeldung angelegt: {DEMO_COORDINATOR} / Passwort: {password}")
    click.echo("Nur für die Demo: auf einem echten Server dieses Konto löschen (buendnisatlas user remove).")


@cli.group()
def token() -> None:
    """API-Schlüssel für Skripte: anlegen (einmal angezeigt), auflisten, widerrufen."""


@token.command("create")
@click.argument("email")
@click.option("--name", required=True, help="Wofür der Schlüssel ist, z. B. „Import-Skript Jugendamt“.")
@format_options
@pass_context
def token_create(ctx: Context, email: str, name: str, as_json: bool, as_csv: bool) -> None:
    """Legt einen API-Schlüssel für ein Konto an und zeigt ihn ein einziges Mal."""
    saved, plain = create_token(ctx.store, email, name)
    data = {"id": saved.id, "email": saved.email, "name": saved.name, "token": plain}

    def text() -> str:
        return (
            f"API-Schlüssel {saved.id} für {saved.email} („{saved.name}“):\n\n    {plain}\n\n"
            "Er wird nur jetzt angezeigt; gespeichert ist nur sein Hash. Verwenden als Kopfzeile\n"
            "„Authorization: Bearer <Schlüssel>“. Widerrufen mit: buendnisatlas token revoke " + saved.id
        )

    emit(data, [data], as_json, as_csv, text)


@token.command("list")
@click.argument("email", required=False)
@format_options
@pass_context
def token_list(ctx: Context, email: str | None, as_json: bool, as_csv: bool) -> None:
    """Listet die API-Schlüssel (alle oder die eines Kontos), ohne die Schlüssel selbst."""
    tokens = ctx.store.find_tokens(email)
    rows = [t.model_dump(mode="json", exclude={"token_hash"}) for t in tokens]

    def when(moment: datetime | None) -> str:
        return local_time(moment) if moment else "–"

    def text() -> str:
        if not tokens:
            return "Keine API-Schlüssel."
        return table(
            [[t.id, t.email, t.name, when(t.created), when(t.last_used), when(t.revoked)] for t in tokens],
            ["Kennung", "Konto", "Name", "angelegt", "zuletzt benutzt", "widerrufen"],
        )

    emit(rows, rows, as_json, as_csv, text)


@token.command("revoke")
@click.argument("id")
@pass_context
def token_revoke(ctx: Context, id: str) -> None:
    """Widerruft einen API-Schlüssel; er wird ab sofort abgelehnt."""
    ctx.store.revoke_token(id)
    click.echo(f"API-Schlüssel {id} widerrufen.")
