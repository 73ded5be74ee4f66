"""Output in the sqlite-utils manner: a readable table by default, ``--json`` or ``--csv`` on request."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar

import click

from buendnisatlas.graph.cells import safe_cell

F = TypeVar("F", bound=Callable[..., Any])


def format_options(func: F) -> F:
    """Add ``--json`` and ``--csv`` to a command that prints data."""
    func = click.option("--csv", "as_csv", is_flag=True, help="Ausgabe als CSV (Trennzeichen ;).")(func)
    func = click.option("--json", "as_json", is_flag=True, help="Ausgabe als JSON (maschinenlesbar).")(func)
    return func


def _default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def to_json(data: Any) -> str:
    return json.dumps(_rounded(data), ensure_ascii=False, indent=2, default=_default)


def _rounded(value: Any) -> Any:
    """Floats to 12 significant digits: beyond that, centralities differ between runs and
    stores only by the order of floating-point sums, which is noise, not information."""
    if isinstance(value, float):
        return float(f"{value:.12g}")
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_rounded(v) for v in value]
    return value


def emit(data: Any, rows: Sequence[dict[str, Any]], as_json: bool, as_csv: bool, text: Callable[[], str]) -> None:
    """Print ``data`` as JSON, ``rows`` as CSV, or the ``text`` rendering for people."""
    if as_json:
        click.echo(to_json(data))
    elif as_csv:
        columns = list(dict.fromkeys(k for row in rows for k in row))
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, delimiter=";", lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: safe_cell(_cell(_rounded(v))) for k, v in row.items()})
    else:
        click.echo(text())


def _cell(value: Any) -> Any:
    if isinstance(value, (list, tuple, set)):
        return "|".join(str(v) for v in value)
    return value


def table(rows: Sequence[Sequence[Any]], header: Sequence[str]) -> str:
    """A plain aligned text table."""
    cells = [[str(c) for c in header]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
