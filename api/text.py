"""Small renderings for people that the CLI and the web pages share."""

from __future__ import annotations

from datetime import date


def german_date(iso: str | None) -> str:
    """An ISO date as Germans write it; ``nie`` (never) when there is none.

    >>> german_date("2025-06-10"), german_date(None)
    ('10.06.2025', 'nie')
    """
    return f"{date.fromisoformat(iso):%d.%m.%Y}" if iso else "nie"
