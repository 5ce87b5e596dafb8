"""The bot's settings keep their secrets out of every repr."""

from __future__ import annotations

from pathlib import Path

from kontakt.bot._settings import Settings


def test_the_token_and_the_webhook_secret_are_never_in_a_repr() -> None:
    settings = Settings(
        token="123456:ABCdefGHIjklMNOpqrSTUvwxYZ", data=Path("x"), webhook_secret="s3cret-value"
    )
    shown = repr(settings)
    assert "123456" not in shown and "s3cret" not in shown
    assert "data=PosixPath('x')" in shown or "data=WindowsPath('x')" in shown
