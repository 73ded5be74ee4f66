"""The ``buendnisatlas`` command line: a Click group, one module per topic.

Exit codes: 0 ok, 1 user error (a German message saying what is wrong), 2 internal
error (a short message; the traceback only with ``BUENDNISATLAS_DEBUG=1``).
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import re
import sys
import traceback
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

import buendnisatlas
from buendnisatlas.config import STORE_ENV, open_store, store_url, tune_collector

if TYPE_CHECKING:
    from buendnisatlas.graph.store import GraphStore
    from buendnisatlas.services import UnitOfWork, View, Viewer

# The start of a command costs only what it uses: this module imports click alone, and each
# command's module (with NetworkX, pandas, FastAPI …) is imported when that command runs.

EXIT_OK, EXIT_USER_ERROR, EXIT_INTERNAL_ERROR = 0, 1, 2


class UserError(click.ClickException):
    """An error the user can fix; printed in German, exit code 1."""

    exit_code = EXIT_USER_ERROR

    def show(self, file: Any = None) -> None:
        click.echo(f"Fehler: {self.format_message()}", err=True)


def cli_who() -> str:
    """Who the audit log names for a change made on the command line: ``cli:<OS user>``."""
    from buendnisatlas.services import Viewer

    return Viewer.cli().who


class Context:
    """What every command shares: the store URL, opened lazily, writing as ``cli:<OS user>``."""

    def __init__(self, url: str | None):
        self.raw_url = store_url(url)
        self._store: GraphStore | None = None
        self._scope = ExitStack()

    @property
    def url(self) -> str:
        """The store URL as shown: never the password."""
        from buendnisatlas.graph.store import redact_url

        return redact_url(self.raw_url)

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
        from buendnisatlas.services import Viewer

        return Viewer.cli()

    @property
    def view(self) -> View:
        from buendnisatlas.services import View

        return View(self.store, self.viewer)

    def view_for(self, public: bool) -> View:
        """The store as the public sees it (``--public``: like the web pages) or as the local admin."""
        from buendnisatlas.services import View, Viewer

        return View(self.store, Viewer.public()) if public else self.view

    @property
    def uow(self) -> UnitOfWork:
        from buendnisatlas.services import UnitOfWork

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


# Every command: the module of this package that defines it, and the first paragraph of its
# help (listed by ``--help`` without importing the module; tests/test_cli.py checks they agree).
# A new command is one line here. Modules not named here are still found, only not lazily.
COMMANDS: dict[str, tuple[str, str]] = {
    "compare": ("compare", "Vergleicht Kennzahlen-Dateien mehrerer Bündnisse: Median, Quartile, Spanne, Platz."),
    "copy": ("copy", "Kopiert einen ganzen Speicher verlustfrei in einen anderen."),
    "dedupe": ("transfer", "Findet Akteure, die wahrscheinlich doppelt erfasst sind, und schlägt sie vor."),
    "demo": ("data", "Lädt das Demo-Netzwerk (fiktive Partnerschaft für Demokratie im Landkreis Mansfeld-Südharz)."),
    "diff": (
        "analysis",
        "Zeigt, was sich zwischen zwei Stichtagen geändert hat (z. B. seit der letzten Demokratiekonferenz).",
    ),
    "export": ("transfer", "Schreibt das Netzwerk in eine Datei: CSV, XLSX, JSON, GraphML oder GEXF (für Gephi)."),
    "gaps": ("analysis", "Zeigt die Lücken eines Bündnisses und wer sie schließen könnte."),
    "history": (
        "audit",
        "Zeigt das Änderungsprotokoll eines Elements und seiner Beziehungen: wer, wann, vorher, nachher.",
    ),
    "goals": ("goals", "Prüft die Ziele eines Bündnisses (Leit-, Mittler-, Handlungsziele) für ein Jahr."),
    "import": (
        "data",
        "Importiert ein Netzwerk: elemente.csv, beziehungen.csv, regionen.csv (Dateien oder Ordner), "
        "eine .xlsx-Arbeitsmappe, unser JSON, GraphML, GEXF (Gephi), Kumu oder Onodo.",
    ),
    "indicators": ("compare", "Schreibt die Kennzahlen eines Bündnisses in eine Datei, die es weitergeben kann."),
    "init": ("data", "Legt den Speicher an und lädt die eingebauten Gebiete (alle Gemeinden Deutschlands)."),
    "map": ("maps", "Zeichnet eine Netzwerkkarte eines Bündnisses oder Gebiets als HTML-Datei (oder PNG/SVG)."),
    "merge": ("transfer", "Führt zwei Elemente zusammen: DROP geht in KEEP auf (Kennung oder Name)."),
    "metrics": (
        "analysis",
        "Kennzahlen des Netzes der Mitglieder: Zentralität, Gruppen, Bindeglieder, Sektorenmischung.",
    ),
    "person": (
        "persons",
        "Rechte von Personen nach DSGVO: Auskunft (Art. 15), Löschung (Art. 17), Überprüfung der Speicherdauer.",
    ),
    "regions": ("regions", "Gebiete: das eingebaute Gemeindeverzeichnis, neuere Stände laden, Ortsnamen nachschlagen."),
    "referral": ("referral", "Findet Beratungsstellen für ein Thema an einem Ort – die zuständigste zuerst."),
    "restore": (
        "audit",
        "Stellt ein gelöschtes Element mit den Beziehungen wieder her, die mit ihm gelöscht wurden.",
    ),
    "serve": ("serve", "Startet die Webseiten und die REST-Schnittstelle (Dokumentation unter /docs)."),
    "services": ("referral", "Listet das Verzeichnis der Beratungsangebote, mit Gebiet und Prüfdatum."),
    "stats": ("stats", "Zählt die Elemente nach Art und Sektor und die Beziehungen nach Typ."),
    "token": ("accounts", "API-Schlüssel für Skripte: anlegen (einmal angezeigt), auflisten, widerrufen."),
    "user": (
        "accounts",
        "Konten verwalten: anlegen, auflisten, Rolle ändern, Passwort setzen, löschen, Änderungen zeigen.",
    ),
}


def command_modules() -> list[str]:
    """The modules of this package that define commands."""
    return sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name != "output")


class LazyGroup(GermanGroup):
    """Click's lazy group: a command's module is imported when the command is asked for.

    ``--help`` lists the registered commands from :data:`COMMANDS` without importing them.
    Only the top level is lazy: subgroups (``user``, ``token`` …) are plain German groups.
    """

    group_class = GermanGroup  # type: ignore[assignment]  # click types it as type[Group] | type[type]

    def _import(self, module: str) -> None:
        importlib.import_module(f"{__name__}.{module}")

    def _unregistered(self) -> None:
        """Import the command modules :data:`COMMANDS` does not name (their commands register themselves)."""
        named = {module for module, _ in COMMANDS.values()}
        for module in command_modules():
            if module not in named:
                self._import(module)

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._unregistered()
        return sorted({*self.commands, *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            if cmd_name in COMMANDS:
                self._import(COMMANDS[cmd_name][0])
            else:
                self._unregistered()
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(map(len, names), default=0)
        rows = []
        for name in names:
            command = self.commands.get(name)
            if command is not None:
                if not command.hidden:
                    rows.append((name, command.get_short_help_str(limit)))
            else:
                # Shortened as Click shortens a command's own help.
                rows.append((name, click.Command(name, help=COMMANDS[name][1]).get_short_help_str(limit)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def _print_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """``--version``: the version and the Gebietsstand of the built-in places, with their attribution."""
    if not value or ctx.resilient_parsing:
        return
    from buendnisatlas.graph.data import ATTRIBUTION, LICENCE, SOURCE  # only when asked: --help stays light

    version = buendnisatlas.__version__
    click.echo(f"buendnisatlas {version}\nEingebaute Gebiete: {SOURCE}\n{ATTRIBUTION}, Lizenz {LICENCE}")
    ctx.exit()


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--version",
    "-V",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
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
    except Exception as exc:
        if _is_user_error(exc):
            click.echo(f"Fehler: {exc}", err=True)
            return EXIT_USER_ERROR
        # anything else is a bug: no traceback for the user
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


def _is_user_error(exc: Exception) -> bool:
    """A store's or an import's error (German, for the user); their modules are loaded only if they ran."""
    kinds = [
        getattr(sys.modules.get(module), name, None)
        for module, name in (
            ("buendnisatlas.graph.store", "StoreError"),
            ("buendnisatlas.importers.canonical", "ImportFailed"),
        )
    ]
    return any(isinstance(kind, type) and isinstance(exc, kind) for kind in kinds)


def main() -> None:
    tune_collector()
    sys.exit(run(sys.argv[1:]))
