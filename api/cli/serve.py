"""``buendnisatlas serve``: the REST API on this machine."""

from __future__ import annotations

import os
import socket

import click

from buendnisatlas.api.cli import STORE_ENV, Context, UserError, cli, pass_context
from buendnisatlas.api.rest.deps import TOKEN_ENV


def port_problem(host: str, port: int) -> str | None:
    """Why nothing can listen on ``host:port`` (in German), or ``None`` if it is free.

    Asked before uvicorn starts: its own message is English, and with several workers it
    only lands in the log.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        return f"Die Adresse „{host}“ ist auf diesem Rechner unbekannt."
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
        try:
            probe.bind(address)
        except PermissionError:
            return f"Port {port} darf nur mit Administratorrechten belegt werden; bitte einen Port über 1023 wählen."
        except OSError:
            return (
                f"Port {port} auf {host} ist schon belegt (läuft Bündnisatlas schon?). "
                f"Bitte den anderen Dienst beenden oder einen anderen Port wählen: --port {port + 1}"
            )
    return None


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Adresse, an der der Dienst lauscht.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port.")
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="So viele Prozesse beantworten Anfragen parallel (Vorgabe: einer je Prozessorkern).",
)
@pass_context
def serve(ctx: Context, host: str, port: int, workers: int | None) -> None:
    """Startet die Webseiten und die REST-Schnittstelle (Dokumentation unter /docs).

    Ohne Anmeldung und ohne Token sieht jede Anfrage nur Öffentliches. Anmelden unter
    /anmelden; Programme senden ihr Token („buendnisatlas token create“) als
    „Authorization: Bearer <Token>“. BUENDNISATLAS_API_TOKEN ist ein Einrichtungs-Token
    mit allen Rechten: nur zum Einrichten setzen.
    """
    import uvicorn

    from buendnisatlas.config import open_store

    open_store(ctx.raw_url).close()  # a wrong address is a German error here, not in every worker
    if problem := port_problem(host, port):
        raise UserError(problem)
    workers = workers or os.cpu_count() or 1
    if os.environ.get(TOKEN_ENV):
        click.echo(
            f"Hinweis: {TOKEN_ENV} ist gesetzt – wer es sendet, hat alle Rechte. Nach dem Einrichten entfernen.",
            err=True,
        )
    shown = f"[{host}]" if ":" in host else host
    click.echo(
        f"Bündnisatlas läuft unter http://{shown}:{port}/ (Schnittstelle: http://{shown}:{port}/docs; "
        f"{workers} Prozesse). Beenden mit Strg+C.",
        err=True,
    )
    # Each worker builds the app from the environment (uvicorn's factory mode).
    os.environ[STORE_ENV] = ctx.raw_url
    try:
        uvicorn.run(
            "buendnisatlas.api.rest:served_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
        )
    except OSError as exc:
        raise UserError(f"Der Dienst kann nicht auf {host}:{port} starten: {exc.strerror}") from None
