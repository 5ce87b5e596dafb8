"""Limits on questions: per resident in the bot (past it, one polite notice, then silence), and
per client on the web (past it, 429 with the seconds to wait)."""

from __future__ import annotations

import enum
from collections import OrderedDict, deque
from collections.abc import Hashable
from dataclasses import dataclass, field


class Verdict(enum.Enum):
    ANSWER = "answer"
    NOTICE = "notice"
    """Over the limit for the first time in this window: say so once."""
    SILENCE = "silence"


@dataclass
class _Window:
    times: deque[float] = field(default_factory=deque)
    noticed: bool = False


class QuestionLimiter:
    """At most ``limit`` questions per ``period`` seconds for each user; ``limit=0`` is no limit.

    Only the ``max_users`` most recently seen residents are remembered, so a flood of new
    senders cannot grow memory without bound; a forgotten resident starts afresh.
    """

    def __init__(self, limit: int, *, period: float = 60.0, max_users: int = 100_000) -> None:
        self.limit = limit
        self.period = period
        self.max_users = max_users
        self._windows: OrderedDict[Hashable, _Window] = OrderedDict()

    def check(self, user_id: Hashable, now: float) -> Verdict:
        """Count a question from ``user_id`` at ``now`` (seconds) and say how to treat it."""
        if self.limit <= 0:
            return Verdict.ANSWER
        window = self._windows.pop(user_id, None) or _Window()
        self._windows[user_id] = window
        if len(self._windows) > self.max_users:
            self._windows.popitem(last=False)
        while window.times and window.times[0] <= now - self.period:
            window.times.popleft()
        if len(window.times) < self.limit:
            window.times.append(now)
            window.noticed = False
            return Verdict.ANSWER
        if window.noticed:
            return Verdict.SILENCE
        window.noticed = True
        return Verdict.NOTICE

    def __len__(self) -> int:
        return len(self._windows)


class ClientBuckets:
    """A token bucket per web client: ``per_minute`` searches a minute on average, up to
    ``burst`` at once; ``per_minute=0`` is no limit.

    Two floats per client, and only the ``max_clients`` most recently seen are kept, so a flood
    of new addresses costs bounded memory (a forgotten client starts with a full bucket).
    """

    def __init__(self, per_minute: int, *, burst: int, max_clients: int = 50_000) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(max(burst, 1))
        self.max_clients = max_clients
        self._buckets: OrderedDict[Hashable, tuple[float, float]] = OrderedDict()

    def take(self, client: Hashable, now: float) -> float:
        """Take one token: 0 when ``client`` may go ahead, else seconds until it may."""
        if self.rate <= 0:
            return 0.0
        tokens, then = self._buckets.pop(client, (self.burst, now))
        tokens = min(self.burst, tokens + (now - then) * self.rate)
        wait = 0.0
        if tokens >= 1.0:
            tokens -= 1.0
        else:
            wait = (1.0 - tokens) / self.rate
        self._buckets[client] = (tokens, now)
        if len(self._buckets) > self.max_clients:
            self._buckets.popitem(last=False)
        return wait

    def __len__(self) -> int:
        return len(self._buckets)
