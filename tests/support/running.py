"""The bot as ``python -m kontakt.bot`` runs it, in the test's own event loop, against the
loopback stand-in for the Bot API."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections.abc import AsyncIterator, Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from testing.fakebotapi import FakeBotAPI
from testing.relevance import OFFICE_HOURS

from kontakt._serving import ServingState
from kontakt.bot._app import App, build_application
from kontakt.bot._handlers import Handlers
from kontakt.bot._settings import Settings

ADMIN = 4242
RESIDENT = 1001
OTHER_RESIDENT = 1002
WAIT = 5.0


def settings_for(api: FakeBotAPI, data: Path, **changes: Any) -> Settings:
    base = Settings(
        token=api.token,
        data=data,
        base_url=api.base_url,
        admins=frozenset({ADMIN}),
        watch_seconds=0.05,
    )
    return dataclasses.replace(base, **changes)


@contextlib.asynccontextmanager
async def running(
    settings: Settings, *, clock: Callable[[], datetime] = lambda: OFFICE_HOURS
) -> AsyncIterator[tuple[App, Handlers]]:
    """The bot as ``python -m kontakt.bot`` runs it, polling the stand-in; stopped however a test
    ends. ``clock`` sets the time answers are given at: a weekday morning unless a test says
    otherwise, so that no answer depends on when the tests run."""
    app, handlers = build_application(settings, ServingState.start(settings.data, clock=clock))
    await app.initialize()
    if app.post_init is not None:
        await app.post_init(app)
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=1)
    try:
        yield app, handlers
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)


def run(coroutine: Any) -> None:
    asyncio.run(asyncio.wait_for(coroutine, timeout=60))
