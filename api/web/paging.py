"""Paging links for lists: which page this is, and the addresses of the others.

The links keep every other query parameter (the filters) and change only ``seite``.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

PAGE_PARAM = "seite"


@dataclass(frozen=True)
class Pager:
    """Page ``number`` (from 1) of ``total`` items, ``size`` per page.

    >>> p = Pager.of(95, number=2, size=20, path="/elemente", query={"art": "actor"})
    >>> p.skip, p.first, p.last, p.count
    (20, 21, 40, 5)
    >>> p.previous, p.next
    ('/elemente?art=actor&seite=1', '/elemente?art=actor&seite=3')
    >>> [n for n, _ in p.pages]
    [1, 2, 3, 4, 5]
    """

    total: int
    number: int
    size: int
    path: str
    query: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, total: int, *, number: int, size: int, path: str, query: dict[str, str] | None = None) -> Pager:
        """A pager; ``number`` beyond the last page is the last page, below 1 is the first."""
        kept = tuple((k, v) for k, v in (query or {}).items() if v and k != PAGE_PARAM)
        count = max(1, -(-total // size))
        return cls(total, min(max(1, number), count), size, path, kept)

    @property
    def count(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def skip(self) -> int:
        return (self.number - 1) * self.size

    @property
    def first(self) -> int:
        return min(self.total, self.skip + 1)

    @property
    def last(self) -> int:
        return min(self.total, self.skip + self.size)

    def url(self, number: int) -> str:
        return f"{self.path}?{urlencode([*self.query, (PAGE_PARAM, str(number))])}"

    @property
    def previous(self) -> str | None:
        return self.url(self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.url(self.number + 1) if self.number < self.count else None

    @property
    def pages(self) -> list[tuple[int, str | None]]:
        """The page links to show: the first, the last, and two around this one; ``None`` for a gap.

        >>> [n for n, u in Pager.of(1000, number=25, size=10, path="/x").pages]
        [1, 0, 23, 24, 25, 26, 27, 0, 100]
        """
        shown = sorted({1, self.count, *range(max(1, self.number - 2), min(self.count, self.number + 2) + 1)})
        out: list[tuple[int, str | None]] = []
        for n in shown:
            if out and n > out[-1][0] + 1:
                out.append((0, None))
            out.append((n, self.url(n)))
        return out
