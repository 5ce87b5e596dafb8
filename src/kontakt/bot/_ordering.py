"""Updates from one chat in the order they came; different chats at the same time.

python-telegram-bot's concurrent updates would otherwise let two quick questions from one
resident be answered in either order. Each update first waits for its chat's turn and only then
for one of the shared slots, so a chat's queue never holds a slot: a slow send to one resident
(a retry, a 429 pause) holds up nobody else.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

_WIDE = 1 << 16


class ChatOrderedProcessor(BaseUpdateProcessor):
    def __init__(self, max_concurrent_updates: int) -> None:
        # python-telegram-bot takes its own semaphore before do_process_update (and that step is
        # final), so it is set wide and the real bound is taken after the chat's turn.
        super().__init__(_WIDE)
        self._slots = asyncio.Semaphore(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _conversation_key(update)
        if key is None:
            async with self._slots:
                await coroutine
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._waiting[key] = self._waiting.get(key, 0) + 1
        try:
            async with lock, self._slots:
                await coroutine
        finally:
            # Forget a chat's lock once nobody waits on it, so memory follows activity.
            self._waiting[key] -= 1
            if not self._waiting[key]:
                del self._waiting[key], self._locks[key]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""

    def __len__(self) -> int:
        return len(self._locks)


def _conversation_key(update: object) -> int | None:
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    return update.effective_user.id if update.effective_user is not None else None
