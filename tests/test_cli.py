"""The command line as a user meets it: help everywhere, German errors, exit codes 0/1/2."""

import importlib
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import click
import pytest

from buendnisatlas.api.cli import COMMANDS, command_modules
from buendnisatlas.api.cli import cli as cli_group
from buendnisatlas.graph.sqlite_store import SqliteStore

from .conftest import CliResult


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    ctx = click.Context(group)
    for name in group.list_commands(ctx):  # commands load lazily: ask the group, not its dict
        command = group.get_command(ctx, name)
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found += all_commands(command, (*prefix, name))
    return found


@pytest.mark.parametrize("command", all_commands(cli_group), ids=" ".join)
def test_every_command_has_german_help(cli: Callable[..., CliResult], command: tuple[str, ...]) -> None:
    result = cli(*command, "-h")
    assert result.code == 0
    assert "Diese Hilfe anzeigen" in result.out
    assert cli_group.get_command(click.Context(cli_group), command[0]).help  # type: ignore[union-attr]


def test_help_lists_every_command_without_loading_one() -> None:
    script = (
        "import sys; from buendnisatlas.api.cli import run; code = run(['--help']); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('networkx', 'pandas', 'igraph', 'fastapi', 'pydantic', 'matplotlib', 'openpyxl', 'pyvis')"
        " or m.startswith('buendnisatlas.api.cli.') or m.startswith('buendnisatlas.graph')))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    *help_lines, loaded = result.stdout.strip().splitlines()
    assert loaded == "[]"
    listed = [line.split()[0] for line in help_lines[help_lines.index("Commands:") + 1 :]]
    assert listed == sorted(command[0] for command in all_commands(cli_group) if len(command) == 1)


def test_stats_counts_without_loading_the_importers_or_the_drawing(demo_db_template: Path, tmp_path: Path) -> None:
    """``stats`` is the first thing one types: it must not wait for pandas, openpyxl, igraph or the web server."""
    script = (
        "import sys; from buendnisatlas.api.cli import run; code = run(['--store', sys.argv[1], 'stats', '--json']); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('pandas', 'igraph', 'fastapi', 'matplotlib', 'openpyxl', 'pyvis', 'jinja2')))"
    )
    db = tmp_path / "demo.db"
    db.write_bytes(demo_db_template.read_bytes())
    run = subprocess.run([sys.executable, "-c", script, f"sqlite:///{db}"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    *counts, loaded = run.stdout.strip().splitlines()
    assert loaded == "[]"
    assert json.loads("\n".join(counts))["nodes_by_kind"]["actor"] > 100


def test_the_lazy_registry_names_each_command_with_its_own_help() -> None:
    ctx = click.Context(cli_group)
    for name, (module, help_text) in COMMANDS.items():
        command = cli_group.get_command(ctx, name)
        assert command is not None and command.callback is not None
        assert command.callback.__module__ == f"buendnisatlas.api.cli.{module}"
        assert " ".join((command.help or "").split("\n\n")[0].split()) == help_text
    for module in command_modules():
        importlib.import_module(f"buendnisatlas.api.cli.{module}")
    assert set(cli_group.commands) == set(COMMANDS), "a command module's command is missing from COMMANDS"


def test_version(cli: Callable[..., CliResult]) -> None:
    result = cli("--version")
    assert result.code == 0 and result.out.startswith("buendnisatlas ")


def test_unknown_command_is_a_user_error(cli: Callable[..., CliResult]) -> None:
    assert cli("gibtsnicht").code == 1


def test_missing_file_is_a_user_error_in_german(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    result = cli("import", str(tmp_path / "fehlt.csv"))
    assert result.code == 1
    assert "nicht gefunden" in result.err


def test_unknown_store_url_is_a_user_error(cli: Callable[..., CliResult]) -> None:
    result = cli("--store", "mysql://localhost/x", "stats")
    assert result.code == 1
    assert "Unbekannte Speicher-Adresse" in result.err


def test_store_in_a_missing_folder_is_a_user_error(cli: Callable[..., CliResult], tmp_path: Path) -> None:
    result = cli("--store", f"sqlite:///{tmp_path}/gibtsnicht/x.db", "stats")
    assert result.code == 1
    assert "existiert nicht" in result.err


def test_a_bug_gives_exit_2_without_traceback(cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch) -> None:
    # The only stand-in in this file: an internal failure cannot be provoked from outside.
    def broken(self: SqliteStore) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(SqliteStore, "stats", broken)
    result = cli("stats")
    assert result.code == 2
    assert "Interner Fehler" in result.err
    assert "Traceback" not in result.err


def test_stats_of_an_empty_store_says_what_to_do(cli: Callable[..., CliResult]) -> None:
    result = cli("stats")
    assert result.code == 0
    assert "buendnisatlas demo" in result.out


def test_init_loads_the_regions(cli: Callable[..., CliResult]) -> None:
    assert cli("init").code == 0
    data = json.loads(cli("stats", "--json").out)
    assert data["regions"] >= 17


def test_python_dash_m_and_exit_code_of_a_real_process(tmp_path: Path) -> None:
    env = {"BUENDNISATLAS_STORE": f"sqlite:///{tmp_path}/x.db", "PATH": "/usr/bin:/bin"}
    ok = subprocess.run(
        [sys.executable, "-m", "buendnisatlas", "stats", "--json"], capture_output=True, text=True, env=env
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["nodes_by_kind"] == {}
    bad = subprocess.run(
        [sys.executable, "-m", "buendnisatlas", "import", "nirgends"], capture_output=True, text=True, env=env
    )
    assert bad.returncode == 1


@pytest.mark.parametrize(
    ("args", "german"),
    [
        (["gibtsnicht"], "Unbekannter Befehl „gibtsnicht“"),
        (["stats", "--gibtsnicht"], "Unbekannte Option --gibtsnicht"),
        (["import"], "Es fehlt die Angabe 'PATHS...'"),
    ],
)
def test_usage_errors_are_german(cli: Callable[..., CliResult], args: list[str], german: str) -> None:
    result = cli(*args)
    assert result.code == 1
    assert german in result.err
    assert " -h" in result.err  # where to find help
