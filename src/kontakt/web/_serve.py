"""``kontakt serve``: the data, the socket, then uvicorn until SIGTERM or Ctrl-C."""

from __future__ import annotations

import logging
import signal
import socket
import sys

import uvicorn
from starlette.types import ASGIApp
from telegram import Bot
from telegram.error import TelegramError

from kontakt import _logs as logs
from kontakt._errors import DataError, plural
from kontakt._serving import ServingState
from kontakt.bot._main import wait_for_telegram
from kontakt.web._app import create_app
from kontakt.web._settings import WebSettings

EXIT_SETTINGS = 2

log = logging.getLogger("kontakt.web")


def serve(settings: WebSettings) -> int:
    """Serve until stopped; 2 with one line on stderr when the data or the port is unusable."""
    # uvicorn stops gracefully on SIGTERM, then raises the signal again for whoever handled it
    # before: here that is a clean exit, as for the bot, and the same while starting.
    signal.signal(signal.SIGTERM, _exit_cleanly)
    bot = settings.telegram
    logs.configure(
        bot.log_level if bot else "INFO",
        secrets=[bot.token, bot.webhook_secret or ""] if bot else [],
    )
    now = settings.now
    try:
        state = ServingState.start(settings.data, clock=(lambda: now) if now else None)
    except DataError as exc:
        print(
            f"kontakt serve: {settings.data} has {plural(len(exc.errors), 'error')}; "
            f"run `kontakt check {settings.data}` to see them",
            file=sys.stderr,
        )
        return EXIT_SETTINGS
    except OSError as exc:
        print(f"kontakt serve: cannot read {settings.data}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_SETTINGS
    try:
        listening = _bind(settings.host, settings.port)
    except OSError as exc:
        print(
            f"kontakt serve: cannot listen on {settings.host}:{settings.port}: "
            f"{exc.strerror or exc}",
            file=sys.stderr,
        )
        return EXIT_SETTINGS
    if bot is not None:
        try:
            asker = Bot(bot.token, base_url=bot.base_url) if bot.base_url else Bot(bot.token)
            wait_for_telegram(asker, bot.start_retry_seconds, bot.token)
        except TelegramError as exc:
            listening.close()
            reason = str(exc).replace(bot.token, "<redacted>")
            print(
                f"kontakt serve: Telegram could not be reached or refused the bot: {reason}",
                file=sys.stderr,
            )
            return EXIT_SETTINGS
    host, port = listening.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    print(f"kontakt serve: {state.entries} entries on http://{shown}:{port}/", file=sys.stderr)
    sys.stderr.flush()
    try:
        server = uvicorn.Server(server_config(create_app(state, settings), settings))
        server.run(sockets=[listening])
    except KeyboardInterrupt:
        pass
    return 0


def _exit_cleanly(signum: int, frame: object) -> None:
    raise SystemExit(0)


def server_config(
    app: ASGIApp, settings: WebSettings, *, log_level: str = "info"
) -> uvicorn.Config:
    """How uvicorn runs the app, in production and in the tests alike."""
    return uvicorn.Config(
        app,
        # The access log would write every question (they are in the URL): counts only.
        access_log=False,
        log_level=log_level,
        log_config=None,  # uvicorn's records go through the handler set up at start
        proxy_headers=True,
        forwarded_allow_ips=settings.trusted_proxies,
        server_header=False,
        timeout_graceful_shutdown=5,
    )


def _bind(host: str, port: int) -> socket.socket:
    """The listening socket, made here so that a taken port is one clear line and ``--port 0``
    can say which port it got."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listening = socket.socket(family, socket.SOCK_STREAM)
    try:
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind((host, port))
        listening.listen(2048)
    except OSError:
        listening.close()
        raise
    listening.set_inheritable(True)
    return listening
