"""Spreadsheet cells that cannot run: the one neutraliser every CSV and XLSX writer uses.

A spreadsheet program reads a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or
a carriage return as a formula (OWASP "CSV injection"): a name like ``=HYPERLINK(…)``
typed into the atlas would run when a coordinator opens an export. :func:`safe_cell`
puts an apostrophe before such text, which spreadsheet programs show as text; numbers
stay numbers. Every writer of a table for people calls it: the canonical export (CSV and
XLSX, also ``--public``), ``--csv`` of every command, the goals report, the regions table.

Our own importers read such a cell back as it was (:func:`restore_cell`): the apostrophe
is taken off again wherever *our* spreadsheet formats are read (the canonical CSV and
XLSX, the regions table), so that an export imported again changes nothing. Text that
itself starts with apostrophes before a formula character gets one more on writing, so
the round trip is exact. Peers' formats (Kumu, Onodo, …) are read as they are.
"""

from __future__ import annotations

from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _needs_quote(text: str) -> bool:
    return text.lstrip("'").startswith(FORMULA_START)


def safe_cell(value: Any) -> Any:
    """``value`` as a spreadsheet cell that cannot run: text that would start a formula gets a ``'``.

    Examples
    --------
    >>> safe_cell("=HYPERLINK(\\"http://x\\")"), safe_cell("-5"), safe_cell("@SUMME(A1)"), safe_cell("\\tx")
    ('\\'=HYPERLINK("http://x")', "'-5", "'@SUMME(A1)", "'\\tx")
    >>> safe_cell(-5), safe_cell(2.5), safe_cell(None), safe_cell("Kreisjugendring"), safe_cell("'=x")
    (-5, 2.5, None, 'Kreisjugendring', "''=x")
    """
    if isinstance(value, str) and _needs_quote(value):
        return "'" + value
    return value


def restore_cell(value: Any) -> Any:
    """A cell as :func:`safe_cell` received it: the inverse, for reading our own files back.

    >>> [restore_cell(safe_cell(t)) for t in ("=1+1", "'=x", "'nur Apostroph", "-")]
    ['=1+1', "'=x", "'nur Apostroph", '-']
    """
    if isinstance(value, str) and value.startswith("'") and _needs_quote(value):
        return value[1:]
    return value
