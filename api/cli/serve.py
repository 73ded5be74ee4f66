"""``buendnisatlas serve``: the REST API on this machine."""

from __future__ import annotations

import os

import click

from buendnisatlas.api.cli import STORE_ENV, Context, UserError, cli, pass_context
from buendnisatlas.api.rest.deps import TOKEN_ENV


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
    workers = workers or os.cpu_count() or 1
    if os.environ.get(TOKEN_ENV):
        click.echo(
            f"Hinweis: {TOKEN_ENV} ist gesetzt – wer es sendet, hat alle Rechte. Nach dem Einrichten entfernen.",
            err=True,
        )
    click.echo(f"Bündnisatlas-Schnittstelle: http://{host}:{port}/docs ({workers} Prozesse)", err=True)
    # Each worker builds the app from the environment (uvicorn's factory mode).
    os.environ[STORE_ENV] = ctx.raw_url
    try:
        uvicorn.run(
            "buendnisatlas.api.rest:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
        )
    except OSError as exc:
        raise UserError(f"Der Dienst kann nicht auf {host}:{port} starten: {exc.strerror}") from None
