"""Small renderings for people that the CLI and the web pages share."""

from __future__ import annotations

from datetime import date


def german_date(iso: str | None) -> str:
    """An ISO date as Germans write it; ``nie`` (never) when there is none.

    >>> german_date("2025-06-10"), german_date(None)
    ('10.06.2025', 'nie')
    """
    return f"{date.fromisoformat(iso):%d.%m.%Y}" if iso else "nie"


def german_number(value: float | int | None, digits: int = 1) -> str:
    """A number as Germans write it: decimal comma, a dot between thousands; ``–`` for none.

    >>> german_number(1234.56), german_number(3), german_number(0.5, 2), german_number(None)
    ('1.234,6', '3', '0,50', '–')
    """
    if value is None:
        return "–"
    if isinstance(value, int):
        return f"{int(value):,}".replace(",", ".")
    text = f"{value:,.{digits}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")
