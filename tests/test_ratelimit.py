"""The web's per-client token buckets: a minute's worth at once, then the average rate."""

from __future__ import annotations

import pytest

from kontakt._ratelimit import ClientBuckets


def test_a_full_bucket_then_one_search_per_refill() -> None:
    buckets = ClientBuckets(60, burst=3)
    assert [buckets.take("a", 0.0) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert buckets.take("a", 0.0) == pytest.approx(1.0)
    assert buckets.take("a", 1.0) == pytest.approx(0.0)
    assert buckets.take("b", 1.0) == 0.0


def test_waiting_refills_up_to_the_burst_only() -> None:
    buckets = ClientBuckets(60, burst=2)
    buckets.take("a", 0.0)
    buckets.take("a", 0.0)
    assert [buckets.take("a", 1000.0) for _ in range(3)][:2] == [0.0, 0.0]
    assert buckets.take("a", 1000.0) > 0


def test_no_limit_at_zero_and_bounded_memory() -> None:
    assert ClientBuckets(0, burst=1).take("a", 0.0) == 0.0
    buckets = ClientBuckets(60, burst=1, max_clients=100)
    for n in range(1000):
        buckets.take(n, 0.0)
    assert len(buckets) == 100
