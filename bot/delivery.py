"""Sending with bounded retries, so a transient failure does not drop a resident's answer.

A 429 is first retried by python-telegram-bot's AIORateLimiter; what still fails with a
network error, a 5xx or a 429 is tried again here a few times with a growing pause. Errors that
retrying cannot mend (a bad request, a bot blocked by the user) are raised at once.
"""

from __future__ import annotations

import asyncio
import datetime
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from telegram.error import BadRequest, NetworkError, RetryAfter

T = TypeVar("T")

ATTEMPTS = 7
"""With pauses of 0.25, 0.5, 1, 2, 4 and 4 s: an outage of about 12 s is ridden out."""
FIRST_PAUSE = 0.25
MAX_PAUSE = 4.0
MAX_RETRY_AFTER = 60.0

log = logging.getLogger(__name__)


async def deliver(send: Callable[[], Awaitable[T]], *, attempts: int = ATTEMPTS) -> T:
    """Await ``send()``, again after transient failures; the last failure is raised."""
    for attempt in range(1, attempts + 1):
        try:
            return await send()
        except RetryAfter as exc:
            if attempt == attempts:
                raise
            pause = min(_seconds(exc.retry_after), MAX_RETRY_AFTER)
        except NetworkError as exc:
            if isinstance(exc, BadRequest) or attempt == attempts:
                raise
            pause = min(FIRST_PAUSE * 2 ** (attempt - 1), MAX_PAUSE)
        log.warning("send failed (attempt %d of %d); retrying", attempt, attempts)
        await asyncio.sleep(pause)
    raise AssertionError("unreachable")  # pragma: no cover


def _seconds(value: float | datetime.timedelta) -> float:
    return value.total_seconds() if isinstance(value, datetime.timedelta) else float(value)
