"""Blocking file reads off the event loop, each with a deadline, never waited on at shutdown.

``asyncio.to_thread`` runs work in the loop's default executor, whose threads shutdown joins:
a read that never returns (a hung network share) would hold every later reload and stop the
process from exiting on SIGTERM. Here each read has a daemon thread of its own, the caller
gives up after ``timeout`` seconds, and while a read that timed out is still stuck no other is
started beside it, so stuck threads cannot pile up.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

READ_TIMEOUT = 30.0
"""Seconds a read of the data file may take: a 16 MiB file on a slow share takes a few."""


class HungReadError(TimeoutError):
    """A read did not return in time, or an earlier one is still stuck; the message says which."""


class OffLoop:
    def __init__(self, timeout: float = READ_TIMEOUT) -> None:
        self.timeout = timeout
        self._stuck: threading.Thread | None = None

    async def run(self, function: Callable[..., T], *args: object) -> T:
        """``function(*args)`` in a daemon thread; :class:`HungReadError` after ``timeout``."""
        if self._stuck is not None and self._stuck.is_alive():
            raise HungReadError(
                "an earlier read of the data file has not returned; is its disk hanging?"
            )
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()

        def deliver(outcome: Callable[[], None]) -> None:
            def apply() -> None:
                if not future.done():
                    outcome()

            # After the loop has closed (the process is stopping) there is no one to tell.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(apply)

        def work() -> None:
            try:
                result = function(*args)
            except Exception as exc:
                deliver(functools.partial(future.set_exception, exc))
            else:
                deliver(functools.partial(future.set_result, result))

        thread = threading.Thread(target=work, name="kontakt-file-read", daemon=True)
        thread.start()
        try:
            return await asyncio.wait_for(future, self.timeout)
        except TimeoutError:
            self._stuck = thread
            raise HungReadError(
                f"reading the data file took longer than {self.timeout:g} s; is its disk hanging?"
            ) from None
