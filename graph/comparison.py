"""Benchmarks and peers across many alliances' indicator sets.

Input is what alliances export (:class:`~buendnisatlas.graph.indicators.Indicators`),
never a graph: a comparison sees only aggregate numbers.

* :func:`compare` — per indicator the median, the quartiles (linear interpolation
  between the sorted values, as ``numpy.percentile``), min and max, and every
  alliance's rank (1 = best; for indicators that are neither better high nor low,
  1 = highest). Suppressed (``"<3"``) and missing values are left out of the figures.
* :func:`peers` — the alliances most similar to one, by a standardized distance over
  chosen indicators, with the indicators in which they are most alike.

An alliance is *auffällig* in an indicator when it lies in the quartile that signals a
challenge: below the lower quartile where more is better (or neither), above the upper
quartile where less is better. Quartiles of fewer than :data:`MIN_FOR_FLAGS` values
say little, so no flag is raised then.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .indicators import Indicators

__all__ = [
    "ALIKE_WITHIN",
    "DEFAULT_PEER_KEYS",
    "MIN_FOR_FLAGS",
    "Benchmark",
    "Comparison",
    "Peer",
    "compare",
    "peers",
    "quantile",
]

MIN_FOR_FLAGS = 4
# Two alliances are "alike" in an indicator when they differ by at most half a standard deviation.
ALIKE_WITHIN = 0.5
DEFAULT_PEER_KEYS = (
    "members_total",
    "sectors_expected_share",
    "municipalities_covered_share",
    "topics_covered_share",
    "committee_civil_society_share",
    "density",
    "components",
    "cross_sector_share",
    "single_points_of_failure",
    "isolated_share",
    "dormant_share",
)


def quantile(values: Sequence[float], q: float) -> float:
    """The ``q`` quantile of ``values`` by linear interpolation (NumPy's default method).

    Examples
    --------
    >>> quantile([1, 2, 3, 4, 5], 0.25), quantile([1, 2, 3, 4], 0.5), quantile([7], 0.75)
    (2.0, 2.5, 7.0)
    """
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    pos = (len(ordered) - 1) * q
    low = math.floor(pos)
    high = min(low + 1, len(ordered) - 1)
    return float(ordered[low] + (ordered[high] - ordered[low]) * (pos - low))


@dataclass
class Benchmark:
    """The figures of one indicator across the compared alliances (label → value)."""

    key: str
    label: str
    unit: str
    better: int
    values: dict[str, Any]
    n: int = 0
    median: float | None = None
    q1: float | None = None
    q3: float | None = None
    min: float | None = None
    max: float | None = None
    ranks: dict[str, int] = field(default_factory=dict)
    flagged: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "unit": self.unit,
            "better": self.better,
            "n": self.n,
            "median": self.median,
            "q1": self.q1,
            "q3": self.q3,
            "min": self.min,
            "max": self.max,
            "values": self.values,
            "ranks": self.ranks,
            "auffaellig": self.flagged,
        }


@dataclass
class Comparison:
    """Benchmarks of all indicators the compared sets share, in the order of the first set."""

    communities: list[str]
    benchmarks: list[Benchmark]

    def get(self, key: str) -> Benchmark:
        return next(b for b in self.benchmarks if b.key == key)

    def flagged_for(self, label: str) -> list[str]:
        """The indicator keys in which ``label`` is auffällig."""
        return [b.key for b in self.benchmarks if label in b.flagged]

    def to_dict(self) -> dict[str, Any]:
        return {"communities": self.communities, "benchmarks": [b.to_dict() for b in self.benchmarks]}


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, str):
        return None
    return float(value)


def compare(indicator_sets: Sequence[Indicators]) -> Comparison:
    """Benchmarks per indicator: median, quartiles, min/max, each alliance's rank and flags.

    Parameters
    ----------
    indicator_sets : sequence of Indicators
        One set per alliance; their ``label`` must differ.

    Returns
    -------
    Comparison

    Examples
    --------
    >>> from datetime import date
    >>> from buendnisatlas.graph.indicators import Indicator
    >>> def one(ags, density):
    ...     return Indicators(ags, "Kreis", "PfD", date(2025, 1, 1), "pfd", 3,
    ...                       [Indicator("density", "Dichte", density, "share", +1)])
    >>> c = compare([one(f"1500{i}", d) for i, d in enumerate([0.1, 0.2, 0.3, 0.4, 0.5])])
    >>> b = c.get("density")
    >>> b.median, b.q1, b.q3, b.ranks["PfD 15000"], b.flagged
    (0.3, 0.2, 0.4, 5, ['PfD 15000'])
    """
    labels = [s.label for s in indicator_sets]
    if len(set(labels)) != len(labels):
        raise ValueError("two indicator sets have the same label")
    keys: dict[str, Any] = {}
    by_key = [{i.key: i for i in s.indicators} for s in indicator_sets]
    for row in by_key:
        for key, first in row.items():
            keys.setdefault(key, first)
    benchmarks = []
    for key, first in keys.items():
        values = {
            label: (ind.value if (ind := row.get(key)) else None) for label, row in zip(labels, by_key, strict=True)
        }
        numbers = {label: n for label, v in values.items() if (n := _number(v)) is not None}
        b = Benchmark(key, first.label, first.unit, first.better, values, n=len(numbers))
        if numbers:
            data = list(numbers.values())
            b.median, b.q1, b.q3 = (quantile(data, q) for q in (0.5, 0.25, 0.75))
            b.min, b.max = min(data), max(data)
            sign = -1 if b.better < 0 else 1
            # Competition ranking: equal values share a place, the next place is skipped.
            ordered = sorted(sign * x for x in data)
            b.ranks = {label: 1 + len(ordered) - bisect_right(ordered, sign * v) for label, v in numbers.items()}
            if len(data) >= MIN_FOR_FLAGS:
                if b.better < 0:
                    b.flagged = [label for label, v in numbers.items() if v > b.q3]
                else:
                    b.flagged = [label for label, v in numbers.items() if v < b.q1]
        benchmarks.append(b)
    return Comparison(labels, benchmarks)


@dataclass
class Peer:
    """A similar alliance: its distance (0 = identical), the indicators it is alike in, how many were compared."""

    label: str
    distance: float
    similar: list[str]
    compared: int

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "distance": self.distance, "similar": self.similar, "compared": self.compared}


def peers(
    target: Indicators,
    others: Sequence[Indicators],
    k: int = 3,
    keys: Sequence[str] | None = None,
    similar: int = 3,
) -> list[Peer]:
    """The ``k`` alliances most similar to ``target``.

    Each indicator is standardized over all given sets (z-score: minus the mean, divided
    by the population standard deviation), so that a share and a member count weigh
    alike. The distance is the root mean square of the z differences over the indicators
    both alliances report (suppressed and missing values are skipped; an indicator
    without spread says nothing and is skipped too). Ties in distance go by label. A peer
    is *alike* in an indicator where the two differ by at most :data:`ALIKE_WITHIN`
    standard deviations.

    Parameters
    ----------
    target : Indicators
    others : sequence of Indicators
        The candidates (``target`` itself is ignored if it is among them).
    k : int
        How many peers.
    keys : sequence of str, optional
        The indicators to compare; default :data:`DEFAULT_PEER_KEYS`.
    similar : int
        At most this many alike indicators to name per peer, the closest first.

    Returns
    -------
    list of Peer
        Closest first; alliances sharing no usable indicator with ``target`` are left out.

    Examples
    --------
    >>> from datetime import date
    >>> from buendnisatlas.graph.indicators import Indicator
    >>> def one(ags, members):
    ...     return Indicators(ags, "Kreis", "PfD", date(2025, 1, 1), "pfd", 3,
    ...                       [Indicator("members_total", "Mitglieder", members, "count")])
    >>> sets = [one("15001", 10), one("15002", 12), one("15003", 40), one("15004", "<3")]
    >>> [(p.label, round(p.distance, 3)) for p in peers(sets[0], sets, k=2)]
    [('PfD 15002', 0.146), ('PfD 15003', 2.191)]
    """
    chosen = list(keys) if keys is not None else list(DEFAULT_PEER_KEYS)
    pool = [target] + [o for o in others if o is not target and o.label != target.label]
    numbers = [{key: n for key in chosen if (n := s.numeric(key)) is not None} for s in pool]
    scale: dict[str, tuple[float, float]] = {}
    for key in chosen:
        data = [row[key] for row in numbers if key in row]
        if len(data) < 2:
            continue
        mean = sum(data) / len(data)
        sd = math.sqrt(sum((x - mean) ** 2 for x in data) / len(data))
        if sd > 0:
            scale[key] = (mean, sd)
    found = []
    mine = numbers[0]
    for other, theirs in zip(pool[1:], numbers[1:], strict=True):
        diffs = {
            key: abs(mine[key] - theirs[key]) / sd for key, (_, sd) in scale.items() if key in mine and key in theirs
        }
        if not diffs:
            continue
        distance = math.sqrt(sum(d * d for d in diffs.values()) / len(diffs))
        close = [key for key in diffs if diffs[key] <= ALIKE_WITHIN]
        alike = sorted(close, key=lambda key: (diffs[key], chosen.index(key)))[:similar]
        found.append(Peer(other.label, distance, alike, len(diffs)))
    found.sort(key=lambda p: (p.distance, p.label))
    return found[:k]
