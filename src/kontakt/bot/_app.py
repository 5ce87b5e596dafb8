"""All wiring in one place: the Application, its handlers, rate limiter and data watcher."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from typing import Any, TypeAlias

from telegram import BotCommand
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackContext,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from kontakt._misses import MissLog
from kontakt._serving import ReloadOutcome, ServingState, watch
from kontakt.bot._admin import AdminHandlers
from kontakt.bot._handlers import Handlers
from kontakt.bot._ordering import ChatOrderedProcessor
from kontakt.bot._settings import Settings

log = logging.getLogger(__name__)

App: TypeAlias = Application[Any, Any, Any, Any, Any, Any]

CONCURRENT_UPDATES = 4
"""Updates handled at once, each chat's in order (kontakt.bot._ordering). Few, because every open
request costs the HTTP client's connection pool a scan; enough that a send waiting on a retry
holds up nobody else."""
SEND_RETRIES = 3
"""How often AIORateLimiter retries a request Telegram answered with 429 (pausing all sends
meanwhile, as Telegram's flood control is per bot); ``_delivery`` retries the other failures."""

COMMANDS_SV = [
    BotCommand("sok", "Sök kontakt: /sok bygglov"),
    BotCommand("help", "Hur du frågar"),
    BotCommand("start", "Börja om"),
]
COMMANDS_EN = [
    BotCommand("search", "Find a contact: /search building permit"),
    BotCommand("help", "How to ask"),
    BotCommand("start", "Start over"),
]


def build_application(
    settings: Settings, state: ServingState, *, updater: bool = True
) -> tuple[App, Handlers]:
    """The bot, ready to run; nothing is sent until it starts. Without ``updater`` it fetches
    no updates itself: another server (``kontakt serve``) puts them in its queue."""
    handlers = Handlers(
        state,
        questions_per_minute=settings.questions_per_minute,
        misses=MissLog(settings.misses_file) if settings.misses_file else None,
    )
    admin = AdminHandlers(state, admins=settings.admins)
    builder = (
        ApplicationBuilder()
        .token(settings.token)
        .concurrent_updates(ChatOrderedProcessor(CONCURRENT_UPDATES))
        .rate_limiter(
            # An overall rate of 0 turns the overall limit off; 429 answers are still retried.
            AIORateLimiter(overall_max_rate=settings.sends_per_second, max_retries=SEND_RETRIES)
        )
        .post_init(_post_init(settings, state, admin))
        .post_shutdown(_post_shutdown)
    )
    if not updater:
        builder = builder.updater(None)
    if settings.base_url:
        builder = builder.base_url(settings.base_url)
    if settings.base_file_url:
        builder = builder.base_file_url(settings.base_file_url)
    app: App = builder.build()

    # New messages only: an edited message is not asked again.
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    groups = filters.ChatType.GROUPS & filters.UpdateType.MESSAGE
    app.add_handler(CommandHandler("start", handlers.start))
    app.add_handler(CommandHandler(["help", "hjalp"], handlers.help_command))
    app.add_handler(CommandHandler(["sok", "search"], handlers.search_command))
    app.add_handler(CommandHandler("reload", admin.reload_command))
    app.add_handler(CommandHandler("status", admin.status_command))
    app.add_handler(
        MessageHandler(private & filters.TEXT & ~filters.COMMAND, handlers.private_text)
    )
    app.add_handler(MessageHandler(groups & filters.TEXT & ~filters.COMMAND, handlers.group_text))
    app.add_handler(CallbackQueryHandler(handlers.button))
    app.add_handler(InlineQueryHandler(handlers.inline))
    app.add_error_handler(handlers.error_handler)
    return app, handlers


def _post_init(
    settings: Settings, state: ServingState, admin: AdminHandlers
) -> Callable[[App], Coroutine[Any, Any, None]]:
    async def post_init(app: App) -> None:
        try:
            await app.bot.set_my_commands(COMMANDS_SV)
            await app.bot.set_my_commands(COMMANDS_EN, language_code="en")
        except Exception:
            log.warning("could not set the command list; the bot works without it", exc_info=True)
        log.info("serving %d entries from %s", state.entries, state.path)
        if settings.misses_file:
            log.info("recording the words of unanswered questions in %s", settings.misses_file)
        if settings.watch_seconds > 0:

            async def on_reload(outcome: ReloadOutcome) -> None:
                await admin.tell_admins(outcome, CallbackContext(app))

            app.bot_data["watcher"] = asyncio.create_task(
                watch(state, interval=settings.watch_seconds, on_reload=on_reload),
                name="kontakt-data-watcher",
            )

    return post_init


async def _post_shutdown(app: App) -> None:
    watcher = app.bot_data.get("watcher")
    if isinstance(watcher, asyncio.Task):
        watcher.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await watcher
