"""How the property tests run: fixed seeds, and an example count for each kind of run.

Every property runs twice over: a short run in the default suite (CI) and a long one marked
``long`` (``make test-long``). Both are derandomized, so a run sees the same examples every time
until the test or Hypothesis changes; no example database is read or written.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

FIXED = settings(
    derandomize=True,
    database=None,
    # Time is bounded by capping input sizes and counting work, never by a per-example clock:
    # a loaded CI machine must not fail a property.
    deadline=None,
    # Files and directories are built from many draws; generating them is the slow part.
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=False,
)


def runs(default: int, long: int) -> pytest.MarkDecorator:
    """Parametrize a test by its number of examples, ``count``: ``default`` in every run and
    ``long`` under ``-m long``. The test builds its property with ``@examples(count)``."""
    return pytest.mark.parametrize(
        "count",
        [
            pytest.param(default, id="default"),
            # Each long run takes up to a minute here; a slower machine gets ten.
            pytest.param(long, id="long", marks=[pytest.mark.long, pytest.mark.timeout(600)]),
        ],
    )


def examples(count: int) -> settings:
    """The fixed settings with ``count`` examples."""
    return settings(FIXED, max_examples=count)
