"""Indicator export and the state-wide comparison at scale.

1. **Indicators of a 500-member alliance** in a store of 3,000 actors (the store of
   ``bench.metrics``). Baseline: the gap report alone, which the indicators build on.
   Target: within 2× of it.
2. **Comparing 400 alliances** (all 49 indicators, benchmarks and peers of one). Baseline:
   the bare medians of every indicator column (the least any comparison must do).
   Target: compare plus peers under 1 s.

Run: ``python -m bench`` (all benchmarks) or ``python -m bench.compare``.
"""

from __future__ import annotations

import random
import statistics
from dataclasses import replace

from bench.metrics import TODAY, alliance_store, timed
from buendnisatlas.graph.comparison import compare, peers
from buendnisatlas.graph.gaps import gaps
from buendnisatlas.graph.indicators import Indicators, alliance_indicators

RATIO_TARGET, COMPARE_TARGET_S, COMMUNITIES = 2.0, 1.0, 400


def export() -> Indicators:
    G = alliance_store(random.Random(500))
    result = alliance_indicators(G, "pfd", TODAY)
    ours = statistics.median(timed(lambda: alliance_indicators(G, "pfd", TODAY), 7))
    base = statistics.median(timed(lambda: gaps(G, "pfd", TODAY), 7))
    ratio = ours / base
    verdict = "ok" if ratio <= RATIO_TARGET else "ÜBER ZIEL"
    print(
        f"indicators of a 500-member alliance: {len(result.indicators)} indicators in {ours * 1000:6.1f} ms; "
        f"gap report alone {base * 1000:6.1f} ms; ratio {ratio:4.2f} (target ≤ {RATIO_TARGET}) {verdict}"
    )
    return result


def comparison(template: Indicators) -> None:
    rng = random.Random(400)
    sets = []
    for i in range(COMMUNITIES):
        items = [
            replace(ind, value=rng.random() * 100)
            if isinstance(ind.value, (int, float)) and ind.unit != "bool"
            else ind
            for ind in template.indicators
        ]
        sets.append(replace(template, ags=f"15{i:06d}", indicators=items))
    keys = [ind.key for ind in template.indicators]

    def bare() -> None:
        rows = [{i.key: i.value for i in s.indicators} for s in sets]
        for key in keys:
            statistics.median(v for row in rows if isinstance(v := row.get(key), (int, float)))

    def ours() -> None:
        compare(sets)
        peers(sets[0], sets, k=5)

    t_ours, t_bare = min(timed(ours, 3)), min(timed(bare, 3))
    verdict = "ok" if t_ours < COMPARE_TARGET_S else "ÜBER ZIEL"
    print(
        f"compare + peers of {COMMUNITIES} alliances × {len(keys)} indicators: {t_ours * 1000:6.1f} ms "
        f"(target < {COMPARE_TARGET_S:.0f} s) {verdict}; bare medians {t_bare * 1000:6.1f} ms; "
        f"ratio {t_ours / t_bare:4.1f}"
    )


def main() -> None:
    comparison(export())


if __name__ == "__main__":
    main()
