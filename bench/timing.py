"""Timing helpers: medians and percentiles over repeated runs."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable, Sequence


def repeat(action: Callable[[], object], *, times: int) -> list[float]:
    """Seconds each of ``times`` calls took."""
    durations = []
    for _ in range(times):
        started = time.perf_counter()
        action()
        durations.append(time.perf_counter() - started)
    return durations


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile: ``percentile(v, 0.99)`` is the p99."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, math.ceil(fraction * len(ordered)) - 1))
    return ordered[rank]
