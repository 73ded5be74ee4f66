"""The ``buendnisatlas`` command line: a Click group, one module per topic.

Exit codes: 0 ok, 1 user error (a German message saying what is wrong), 2 internal
error (a short message; the traceback only with ``BUENDNISATLAS_DEBUG=1``).
"""

from __future__ import annotations

import os
import re
import sys
import traceback
from contextlib import ExitStack
from typing import Any

import click

from buendnisatlas import __version__
from buendnisatlas.config import STORE_ENV, open_store, store_url
from buendnisatlas.graph.regions import ATTRIBUTION, LICENCE, SOURCE
from buendnisatlas.graph.store import GraphStore, StoreError, redact_url
from buendnisatlas.importers.canonical import ImportFailed
from buendnisatlas.services import UnitOfWork, View, Viewer

EXIT_OK, EXIT_USER_ERROR, EXIT_INTERNAL_ERROR = 0, 1, 2


class UserError(click.ClickException):
    """An error the user can fix; printed in German, exit code 1."""

    exit_code = EXIT_USER_ERROR

    def show(self, file: Any = None) -> None:
        click.echo(f"Fehler: {self.format_message()}", err=True)


def cli_who() -> str:
    """Who the audit log names for a change made on the command line: ``cli:<OS user>``."""
    return Viewer.cli().who


class Context:
    """What every command shares: the store URL, opened lazily, writing as ``cli:<OS user>``."""

    def __init__(self, url: str | None):
        self.raw_url = store_url(url)
        self.url = redact_url(self.raw_url)  # what is shown: never the password
        self._store: GraphStore | None = None
        self._scope = ExitStack()

    @property
    def store(self) -> GraphStore:
        if self._store is None:
            self._store = open_store(self.raw_url)
            self._scope.callback(self._store.close)
            self._scope.enter_context(self._store.acting_as(cli_who()))
        return self._store

    @property
    def viewer(self) -> Viewer:
        """The command line is the local administrator: who holds the store file has everything."""
        return Viewer.cli()

    @property
    def view(self) -> View:
        return View(self.store, self.viewer)

    def view_for(self, public: bool) -> View:
        """The store as the public sees it (``--public``: like the web pages) or as the local admin."""
        return View(self.store, Viewer.public()) if public else self.view

    @property
    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.store, self.viewer)

    def close(self) -> None:
        self._scope.close()


pass_context = click.make_pass_decorator(Context)
HELP_TEXT = "Diese Hilfe anzeigen und beenden."


class GermanCommand(click.Command):
    """A command whose built-in help option speaks German."""

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_TEXT
        return option


class GermanGroup(click.Group, GermanCommand):
    command_class = GermanCommand
    group_class = type


@click.group(cls=GermanGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(
    __version__,
    "--version",
    "-V",
    prog_name="buendnisatlas",
    message=f"%(prog)s %(version)s\nEingebaute Gebiete: {SOURCE}\n{ATTRIBUTION}, Lizenz {LICENCE}",
    help="Version anzeigen und beenden.",
)
@click.option(
    "--store",
    "store",
    envvar=STORE_ENV,
    metavar="URL",
    help="Speicher-Adresse, z. B. sqlite:///buendnisatlas.db oder neo4j://server:7687 (auch über BUENDNISATLAS_STORE).",
)
@click.pass_context
def cli(ctx: click.Context, store: str | None) -> None:
    """Bündnisatlas: Netzwerke lokaler Bündnisse für Demokratie als Graph.

    Akteure, Bündnisse, Gremien, Projekte und Beratungsangebote erfassen, Lücken finden,
    Netzwerkkarten zeichnen.
    """
    context = Context(store)
    ctx.obj = context
    ctx.call_on_close(context.close)


# Click words its usage errors in English; these are the ones users meet.
_USAGE_MESSAGES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"No such command '(.+)'\."), "Unbekannter Befehl „{0}“."),
    (re.compile(r"No such option: (\S+)"), "Unbekannte Option {0}."),
    (re.compile(r"No such option '(.+)'\."), "Unbekannte Option {0}."),
    (re.compile(r"Missing argument (.+)\.$"), "Es fehlt die Angabe {0}."),
    (re.compile(r"Missing option (.+)\.$"), "Es fehlt die Option {0}."),
    (re.compile(r"Option '(.+)' requires an argument\."), "Die Option {0} braucht einen Wert."),
    (re.compile(r"Invalid value for '(.+?)': (.+)", re.S), "Ungültiger Wert für {0}: {1}"),
    (re.compile(r"Got unexpected extra arguments? \((.+)\)"), "Unerwartete zusätzliche Angabe(n): {0}"),
]


def german_usage_message(message: str) -> str:
    """Click's usage error in German where we know its wording; else as Click said it.

    >>> german_usage_message("No such command 'gibtsnicht'.")
    'Unbekannter Befehl „gibtsnicht“.'
    """
    for pattern, german in _USAGE_MESSAGES:
        if match := pattern.match(message):
            return german.format(*match.groups())
    return message


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and map every outcome to exit code 0, 1 or 2."""
    try:
        result = cli.main(args=argv, prog_name="buendnisatlas", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Abgebrochen.", err=True)
        return EXIT_USER_ERROR
    except click.UsageError as exc:
        # Click's own usage errors exit 2 by default; here 2 means "our fault", so 1.
        command = exc.ctx.command_path if exc.ctx else "buendnisatlas"
        click.echo(f"Fehler: {german_usage_message(exc.format_message())}", err=True)
        click.echo(f"Hilfe: {command} -h", err=True)
        return EXIT_USER_ERROR
    except click.ClickException as exc:
        exc.show()
        return EXIT_USER_ERROR
    except (StoreError, ImportFailed) as exc:
        click.echo(f"Fehler: {exc}", err=True)
        return EXIT_USER_ERROR
    except Exception as exc:  # anything else is a bug: no traceback for the user
        if os.environ.get("BUENDNISATLAS_DEBUG"):
            traceback.print_exc()
        click.echo(
            f"Interner Fehler ({type(exc).__name__}): {exc}\n"
            "Das ist ein Fehler im Programm, nicht in Ihren Daten. Details mit BUENDNISATLAS_DEBUG=1.",
            err=True,
        )
        return EXIT_INTERNAL_ERROR
    # --help and --version end with Exit(0), which non-standalone Click returns as an int.
    return result if isinstance(result, int) else EXIT_OK


def main() -> None:
    sys.exit(run(sys.argv[1:]))


# Commands register themselves on ``cli`` when their module is imported.
from buendnisatlas.api.cli import (  # noqa: E402,F401
    accounts,
    analysis,
    audit,
    compare,
    copy,
    data,
    goals,
    maps,
    persons,
    referral,
    regions,
    serve,
    transfer,
)
