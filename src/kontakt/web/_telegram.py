"""``POST /telegram``: the bot in the same process as the web page, fed by Telegram's webhook.

The python-telegram-bot Application runs without an updater of its own: Telegram posts each
update to ``/telegram`` with the secret the bot registered, and the update goes into the
Application's queue, as in python-telegram-bot's custom-webhook example. Bot and page answer
from the one served directory.
"""

from __future__ import annotations

import hmac
import json
import logging

from starlette.requests import Request
from starlette.responses import Response
from telegram import Update

from kontakt._serving import ServingState
from kontakt.bot._app import App, build_application
from kontakt.bot._main import ALLOWED_UPDATES
from kontakt.bot._settings import Settings

log = logging.getLogger("kontakt.web")

MAX_UPDATE_BYTES = 1 << 20
"""Telegram's updates are a few kilobytes; anything near this is not one."""
_SECRET_HEADER = "x-telegram-bot-api-secret-token"  # noqa: S105 - a header's name


class TelegramWebhook:
    def __init__(self, settings: Settings, state: ServingState) -> None:
        if settings.webhook_url is None or settings.webhook_secret is None:
            raise ValueError("the webhook needs its URL and its secret")
        self.settings = settings
        self.app: App = build_application(settings, state, updater=False)[0]

    @property
    def watches(self) -> bool:
        """Whether the bot watches the data file itself (and tells admins of refused edits)."""
        return self.settings.watch_seconds > 0

    async def start(self) -> None:
        app = self.app
        await app.initialize()
        if app.post_init is not None:
            await app.post_init(app)
        await app.bot.set_webhook(
            url=str(self.settings.webhook_url),
            secret_token=self.settings.webhook_secret,
            allowed_updates=ALLOWED_UPDATES,
        )
        await app.start()
        log.info("the Telegram bot answers its webhook at /telegram")

    async def stop(self) -> None:
        app = self.app
        await app.stop()
        if app.post_shutdown is not None:
            await app.post_shutdown(app)
        await app.shutdown()

    async def receive(self, request: Request) -> Response:
        """One update from Telegram: 200 once it is queued; 403 without the right secret."""
        sent = request.headers.get(_SECRET_HEADER, "")
        if not hmac.compare_digest(sent.encode(), str(self.settings.webhook_secret).encode()):
            return Response(status_code=403)
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_UPDATE_BYTES:
                return Response(status_code=413)
        try:
            data = json.loads(body)
            update = Update.de_json(data, self.app.bot) if isinstance(data, dict) else None
        except (ValueError, TypeError, KeyError, AttributeError):
            update = None
        if update is None:
            return Response(status_code=400)
        await self.app.update_queue.put(update)
        return Response(status_code=200)
