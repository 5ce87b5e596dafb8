"""Settings from the environment and the command line, checked once at start-up."""

from __future__ import annotations

import argparse
import logging
import math
import re
import secrets
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kontakt._directory import DEFAULT_DATA, default_data
from kontakt._errors import KontaktError


class SettingsError(KontaktError, ValueError):
    """A setting is missing or malformed; the message is one line for the operator."""


@dataclass(frozen=True, slots=True)
class Settings:
    token: str = field(repr=False)
    """Never in a repr, a log line or a traceback's locals shown by it."""
    data: Path
    base_url: str | None = None
    """A self-hosted Bot API server, e.g. ``http://127.0.0.1:8081/bot``."""
    admins: frozenset[int] = frozenset()
    questions_per_minute: int = 20
    """Per resident; 0 turns the limit off."""
    sends_per_second: float = 30.0
    """All outgoing messages together, Telegram's advice for bots; 0 leaves it to 429 answers."""
    watch_seconds: float = 2.0
    """How often the data file is checked for edits; 0 turns watching off."""
    webhook_url: str | None = None
    listen: str = "127.0.0.1"
    port: int = 8443
    webhook_secret: str | None = field(default=None, repr=False)
    log_level: str = "INFO"
    start_retry_seconds: float = 1.0
    """How long to wait before asking Telegram again at start; doubled each time, at most 60 s."""
    misses_file: Path | None = None
    """Where the words of questions that found nothing are appended; ``None`` records none."""

    @property
    def base_file_url(self) -> str | None:
        if self.base_url is None:
            return None
        root = self.base_url.removesuffix("/bot")
        return f"{root}/file/bot" if root != self.base_url else None


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m kontakt.bot", description="The kontakt Telegram bot (settings: see README)."
    )
    parser.add_argument("--data", help=f"the data file (default: $KONTAKT_DATA or {DEFAULT_DATA})")
    parser.add_argument(
        "--webhook-url", help="serve a webhook at this public HTTPS URL instead of long polling"
    )
    parser.add_argument("--listen", default="127.0.0.1", help="webhook: address to listen on")
    parser.add_argument("--port", type=int, default=8443, help="webhook: port to listen on")
    return parser.parse_args(argv)


def from_environment(environ: Mapping[str, str], args: argparse.Namespace) -> Settings:
    """Settings, or :class:`SettingsError` naming the first bad one."""
    token = environ.get("TELEGRAM_BOT_TOKEN", "").strip()
    if not token:
        raise SettingsError(
            "TELEGRAM_BOT_TOKEN is not set: get a token from @BotFather and export it "
            "(without a token, `make run` starts the terminal chat instead)"
        )
    if not _TOKEN_SHAPE.fullmatch(token):
        raise SettingsError(
            "TELEGRAM_BOT_TOKEN does not look like a token from @BotFather "
            "(digits, a colon, then letters, digits, '-' or '_')"
        )
    if args.webhook_url and not _is_webhook_url(args.webhook_url):
        raise SettingsError(
            f"--webhook-url must be an https:// address (http:// only on this machine, for a "
            f"local Bot API server), not {args.webhook_url!r}"
        )
    if not 1 <= args.port <= _LAST_PORT:
        raise SettingsError(f"--port must be between 1 and {_LAST_PORT}, not {args.port}")
    secret = environ.get("TELEGRAM_WEBHOOK_SECRET") or None
    if args.webhook_url and secret is None:
        # Without a secret anyone who can reach the URL could post updates "from" an admin:
        # one is made for this run and registered with Telegram, which then sends it along.
        secret = secrets.token_urlsafe(32)
    elif secret is not None and not _SECRET_SHAPE.fullmatch(secret):
        raise SettingsError(
            "TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, '_' and '-'"
        )
    return Settings(
        token=token,
        data=Path(args.data or default_data(environ)),
        base_url=environ.get("TELEGRAM_API_BASE_URL") or None,
        admins=_user_ids(environ.get("KONTAKT_ADMINS", "")),
        questions_per_minute=_count(environ, "KONTAKT_QUESTIONS_PER_MINUTE", 20),
        sends_per_second=_number(environ, "KONTAKT_SENDS_PER_SECOND", 30.0),
        watch_seconds=_number(environ, "KONTAKT_WATCH_SECONDS", 2.0),
        webhook_url=args.webhook_url,
        listen=args.listen,
        port=args.port,
        webhook_secret=secret,
        log_level=_log_level(environ.get("KONTAKT_LOG_LEVEL", "INFO")),
        misses_file=_path(environ, "KONTAKT_MISSES_FILE"),
        start_retry_seconds=_number(environ, "KONTAKT_START_RETRY_SECONDS", 1.0),
    )


_TOKEN_SHAPE = re.compile(r"\d+:[A-Za-z0-9_-]+")
_SECRET_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,256}")
"""What Telegram accepts as a webhook's secret token."""
_LAST_PORT = 65535


def _is_webhook_url(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https":
        return bool(parts.netloc)
    return parts.scheme == "http" and parts.hostname in ("127.0.0.1", "localhost", "::1")


def _user_ids(text: str) -> frozenset[int]:
    ids = set()
    for part in text.replace(";", ",").split(","):
        if not part.strip():
            continue
        try:
            ids.add(int(part))
        except ValueError:
            raise SettingsError(
                "KONTAKT_ADMINS must be Telegram user ids separated by commas, "
                f"not {part.strip()!r}"
            ) from None
    return frozenset(ids)


def _number(environ: Mapping[str, str], name: str, default: float) -> float:
    text = environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        raise SettingsError(f"{name} must be a number, not {text!r}") from None
    if not math.isfinite(value):
        raise SettingsError(f"{name} must be a finite number, not {text!r}")
    if value < 0:
        raise SettingsError(f"{name} must not be negative")
    return value


def _count(environ: Mapping[str, str], name: str, default: int) -> int:
    text = environ.get(name, "").strip()
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number, not {text!r}") from None
    if value < 0:
        raise SettingsError(f"{name} must not be negative")
    return value


def _path(environ: Mapping[str, str], name: str) -> Path | None:
    text = environ.get(name, "").strip()
    return Path(text) if text else None


def _log_level(text: str) -> str:
    level = text.strip().upper()
    if level not in logging.getLevelNamesMapping():
        raise SettingsError(
            f"KONTAKT_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, not {text.strip()!r}"
        )
    return level
