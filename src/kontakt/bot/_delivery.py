"""Sending with bounded retries, so a transient failure does not drop a resident's answer.

A 429 is retried by python-telegram-bot's AIORateLimiter, which pauses every send for as long as
Telegram asks; network errors and 5xx answers are tried again here a few times with a growing
pause. Errors that retrying cannot mend (a bad request, a bot blocked by the user, a 429 that
outlasted the rate limiter's retries) are raised at once.

Delivery is at least once: a connection lost after Telegram took the message cannot be told from
one lost before, and a resident rarely seeing an answer twice is better than never seeing it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from telegram.error import BadRequest, NetworkError

T = TypeVar("T")

ATTEMPTS = 7
"""With pauses of 0.25, 0.5, 1, 2, 4 and 4 s: an outage of about 12 s is ridden out."""
FIRST_PAUSE = 0.25
MAX_PAUSE = 4.0

log = logging.getLogger(__name__)


async def deliver(send: Callable[[], Awaitable[T]], *, attempts: int = ATTEMPTS) -> T:
    """Await ``send()``, again after transient failures; the last failure is raised."""
    for attempt in range(1, attempts + 1):
        try:
            return await send()
        except NetworkError as exc:
            if isinstance(exc, BadRequest) or attempt == attempts:
                raise
            pause = min(FIRST_PAUSE * 2 ** (attempt - 1), MAX_PAUSE)
        log.warning("send failed (attempt %d of %d); retrying", attempt, attempts)
        await asyncio.sleep(pause)
    raise AssertionError("unreachable")  # pragma: no cover
