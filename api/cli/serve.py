"""``buendnisatlas serve``: the REST API on this machine."""

from __future__ import annotations

import os

import click

from buendnisatlas.api.cli import Context, cli, pass_context
from buendnisatlas.api.rest.deps import TOKEN_ENV


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Adresse, an der der Dienst lauscht.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port.")
@pass_context
def serve(ctx: Context, host: str, port: int) -> None:
    """Startet die Webseiten und die REST-Schnittstelle (Dokumentation unter /docs).

    Ohne Anmeldung und ohne Token sieht jede Anfrage nur Öffentliches. Anmelden unter
    /anmelden; Programme senden ihr Token („buendnisatlas token create“) als
    „Authorization: Bearer <Token>“. BUENDNISATLAS_API_TOKEN ist ein Einrichtungs-Token
    mit allen Rechten: nur zum Einrichten setzen.
    """
    import uvicorn

    from buendnisatlas.api.rest import create_app

    app = create_app(ctx.raw_url)
    if os.environ.get(TOKEN_ENV):
        click.echo(
            f"Hinweis: {TOKEN_ENV} ist gesetzt – wer es sendet, hat alle Rechte. Nach dem Einrichten entfernen.",
            err=True,
        )
    click.echo(f"Bündnisatlas-Schnittstelle: http://{host}:{port}/docs", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
