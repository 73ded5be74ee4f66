"""Calendar arithmetic the analyses share."""

from __future__ import annotations

import calendar
from datetime import date


def months_before(day: date, months: int) -> date:
    """The same day ``months`` earlier (clamped to the month's end).

    Examples
    --------
    >>> months_before(date(2025, 8, 31), 18)
    datetime.date(2024, 2, 29)
    """
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def overlaps(since: date | None, until: date | None, first: date, last: date) -> bool:
    """Whether a span (open ends reach forever) shares a day with ``first`` … ``last``.

    Examples
    --------
    >>> overlaps(None, date(2025, 6, 30), date(2025, 7, 1), date(2025, 12, 31))
    False
    >>> overlaps(None, date(2025, 7, 1), date(2025, 7, 1), date(2025, 12, 31))
    True
    """
    return (since is None or since <= last) and (until is None or until >= first)
