"""``python -m kontakt.bot``: settings, logging, data, then the bot until SIGTERM or Ctrl-C."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import time
from collections.abc import Mapping, Sequence

from telegram import Bot, Update
from telegram.error import InvalidToken, NetworkError, TelegramError, TimedOut

from kontakt import DataError
from kontakt import _logs as logs
from kontakt._errors import plural
from kontakt._serving import ServingState
from kontakt.bot._app import build_application
from kontakt.bot._settings import SettingsError, from_environment, parse_arguments

EXIT_SETTINGS = 2
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY]
"""What the bot answers; an edited message is not asked again."""

log = logging.getLogger("kontakt.bot")


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> int:
    # Take python-telegram-bot 22's coming timedelta values now (retry_after and friends),
    # rather than a deprecation warning on every 429.
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    args = parse_arguments(argv)
    try:
        settings = from_environment(os.environ if environ is None else environ, args)
    except SettingsError as exc:
        print(f"kontakt bot: {exc}", file=sys.stderr)
        return EXIT_SETTINGS
    logs.configure(settings.log_level, secrets=[settings.token, settings.webhook_secret or ""])
    try:
        state = ServingState.start(settings.data)
    except DataError as exc:
        errors = len(exc.errors)
        print(
            f"kontakt bot: {settings.data} has {plural(errors, 'error')}; "
            f"run `kontakt check {settings.data}` to see them",
            file=sys.stderr,
        )
        return EXIT_SETTINGS
    except OSError as exc:
        print(f"kontakt bot: cannot read {settings.data}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_SETTINGS
    app, _ = build_application(settings, state)
    try:
        wait_for_telegram(app.bot, settings.start_retry_seconds, settings.token)
        if settings.webhook_url:
            log.info("starting with a webhook on %s:%d", settings.listen, settings.port)
            app.run_webhook(
                listen=settings.listen,
                port=settings.port,
                url_path=_url_path(settings.webhook_url),
                webhook_url=settings.webhook_url,
                secret_token=settings.webhook_secret,
                allowed_updates=ALLOWED_UPDATES,
            )
        else:
            log.info("starting with long polling")
            app.run_polling(allowed_updates=ALLOWED_UPDATES)
    except OSError as exc:
        # The webhook's port is taken or the address is not this machine's: one line, not a
        # traceback.
        print(
            f"kontakt bot: cannot listen on {settings.listen}:{settings.port}: "
            f"{exc.strerror or exc}",
            file=sys.stderr,
        )
        return EXIT_SETTINGS
    except TelegramError as exc:
        # A rejected token or an unreachable API at start: python-telegram-bot puts the token
        # in the message, so it is scrubbed here too, not only in the log.
        reason = str(exc).replace(settings.token, "<redacted>")
        print(
            f"kontakt bot: Telegram could not be reached or refused the bot: {reason}",
            file=sys.stderr,
        )
        return EXIT_SETTINGS
    log.info("stopped; counts since start: %s", dict(state.counts) or "none")
    return 0


def wait_for_telegram(bot: Bot, first_wait: float, token: str) -> None:
    """Ask Telegram who the bot is until it answers: a reboot during a network blip must not
    leave the bot down. One line per failed attempt, waiting twice as long each time (at most
    a minute); a refused token is no blip and ends the start (``InvalidToken``)."""
    wait, attempt = first_wait, 1
    while True:
        try:
            asyncio.run(_ask_who_i_am(bot))
            return
        except InvalidToken:
            raise
        except (NetworkError, TimedOut) as exc:
            reason = str(exc).replace(token, "<redacted>")
            log.warning(
                "Telegram cannot be reached (attempt %d): %s; trying again in %.0f s",
                attempt,
                reason,
                wait,
            )
        time.sleep(wait)
        wait, attempt = min(wait * 2, _LONGEST_WAIT), attempt + 1


async def _ask_who_i_am(bot: Bot) -> None:
    await bot.initialize()  # getMe
    await bot.shutdown()


_LONGEST_WAIT = 60.0


def _url_path(url: str) -> str:
    """The path part of the webhook URL, which the local server answers on."""
    after_host = url.split("://", 1)[-1]
    return after_host.partition("/")[2]
