"""``kontakt serve``'s settings: the command line for where to listen, the environment for the
rest, each checked at start with a message naming the variable."""

from __future__ import annotations

import argparse
import ipaddress
import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from kontakt._errors import KontaktError
from kontakt.bot._settings import Settings as BotSettings
from kontakt.bot._settings import SettingsError
from kontakt.bot._settings import from_environment as bot_settings


class WebSettingsError(KontaktError, ValueError):
    """A setting that cannot be used; the message names it."""


_ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:\d{1,5})?")
"""What a browser sends as ``Origin``: scheme, host and port, no path."""
_FRAME_SOURCE = re.compile(r"'self'|'none'|https://(\*\.)?[A-Za-z0-9.-]+(:\d{1,5})?")


@dataclass(frozen=True, slots=True)
class WebSettings:
    data: Path
    host: str = "127.0.0.1"
    port: int = 8080
    cors_origins: tuple[str, ...] = ()
    """Origins whose pages may call the API from a browser; ``*`` for any."""
    frame_ancestors: str = "'self'"
    """Who may show the page in a frame (CSP ``frame-ancestors``): the municipality's site."""
    searches_per_minute: int = 120
    """Per client, for the API and the page's searches alike; 0 turns the limit off."""
    watch_seconds: float = 2.0
    trusted_proxies: str = "127.0.0.1"
    """Addresses whose ``X-Forwarded-For`` names the client (a reverse proxy on this host)."""
    now: datetime | None = field(default=None)
    """Answer as if it were this time (demos and tests); ``None`` is the real time."""
    telegram: BotSettings | None = field(default=None, repr=False)
    """The bot's settings when it runs in this process, fed at ``POST /telegram``."""


def from_environment(
    environ: Mapping[str, str],
    *,
    data: Path,
    host: str = "127.0.0.1",
    port: int = 8080,
    now: datetime | None = None,
    webhook_url: str | None = None,
) -> WebSettings:
    """The settings, or :class:`WebSettingsError` naming the first variable that is wrong."""
    return WebSettings(
        data=data,
        host=host,
        port=port,
        cors_origins=_origins(environ.get("KONTAKT_CORS_ORIGINS", "")),
        frame_ancestors=_frame_ancestors(environ.get("KONTAKT_FRAME_ANCESTORS", "")),
        searches_per_minute=_count(environ, "KONTAKT_SEARCHES_PER_MINUTE", 120),
        watch_seconds=_seconds(environ, "KONTAKT_WATCH_SECONDS", 2.0),
        trusted_proxies=_proxies(environ.get("KONTAKT_TRUSTED_PROXIES", "")),
        now=now,
        telegram=_telegram(environ, data, webhook_url) if webhook_url else None,
    )


def _telegram(environ: Mapping[str, str], data: Path, webhook_url: str) -> BotSettings:
    """The bot's own settings (token, secret, admins, limits), from the same environment."""
    if urllib.parse.urlsplit(webhook_url).path != "/telegram":
        raise WebSettingsError(
            f"--webhook-url must end in /telegram, where kontakt serve takes Telegram's "
            f"updates, not {webhook_url!r}"
        )
    arguments = argparse.Namespace(
        # The bot's listen address and port go unused: the web server listens for both.
        data=str(data),
        webhook_url=webhook_url,
        listen="127.0.0.1",
        port=8443,
    )
    try:
        return bot_settings(environ, arguments)
    except SettingsError as exc:
        raise WebSettingsError(str(exc)) from None


def _origins(text: str) -> tuple[str, ...]:
    origins = tuple(part.strip().rstrip("/") for part in text.split(",") if part.strip())
    for origin in origins:
        if origin != "*" and not _ORIGIN.fullmatch(origin):
            raise WebSettingsError(
                f"KONTAKT_CORS_ORIGINS: {origin!r} is not an origin such as "
                "https://www.kommun.se (scheme and host, no path), nor *"
            )
    return origins


def _proxies(text: str) -> str:
    """Addresses or networks, comma-separated; never ``*``, which would let any client name
    itself in ``X-Forwarded-For`` and so step around the search limit."""
    proxies = [part.strip() for part in text.split(",") if part.strip()] or ["127.0.0.1"]
    for proxy in proxies:
        try:
            ipaddress.ip_network(proxy, strict=False)
        except ValueError:
            raise WebSettingsError(
                f"KONTAKT_TRUSTED_PROXIES: {proxy!r} is not an address or network such as "
                "127.0.0.1 or 10.0.0.0/8 (list the reverse proxy's own addresses)"
            ) from None
    return ",".join(proxies)


def _frame_ancestors(text: str) -> str:
    sources = text.split() or ["'self'"]
    for source in sources:
        if not _FRAME_SOURCE.fullmatch(source):
            raise WebSettingsError(
                f"KONTAKT_FRAME_ANCESTORS: {source!r} is not 'self', 'none' or an https "
                "origin such as https://www.kommun.se"
            )
    return " ".join(sources)


def _count(environ: Mapping[str, str], name: str, default: int) -> int:
    text = environ.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or not text.isascii():
        raise WebSettingsError(f"{name} must be a whole number, 0 or more, not {text!r}")
    return int(text)


def _seconds(environ: Mapping[str, str], name: str, default: float) -> float:
    text = environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.1 <= value <= 3600:
        raise WebSettingsError(f"{name} must be seconds between 0.1 and 3600, not {text!r}")
    return value
