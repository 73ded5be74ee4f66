"""Wall-clock timing shared by the benchmark modules."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def timed(func: Callable[[], Any], repeat: int) -> list[float]:
    """Seconds of each of ``repeat`` calls of ``func``."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return times
