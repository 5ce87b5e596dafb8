"""A per-resident limit on questions: past it, one polite notice, then silence (the bot), or
429 with the seconds to wait (the web API)."""

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

    def retry_after(self, user_id: Hashable, now: float) -> float:
        """Seconds until ``user_id`` may ask again; 0 when it may ask now."""
        window = self._windows.get(user_id)
        if self.limit <= 0 or window is None or len(window.times) < self.limit:
            return 0.0
        return max(0.0, window.times[0] + self.period - now)

    def __len__(self) -> int:
        return len(self._windows)
