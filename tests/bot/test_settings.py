"""The bot's settings: secrets out of every repr, values Telegram would refuse named at start, a
webhook never without a secret."""

from __future__ import annotations

from pathlib import Path

import pytest

from kontakt.bot._settings import Settings, SettingsError, from_environment, parse_arguments


def test_the_token_and_the_webhook_secret_are_never_in_a_repr() -> None:
    settings = Settings(
        token="123456:ABCdefGHIjklMNOpqrSTUvwxYZ", data=Path("x"), webhook_secret="s3cret-value"
    )
    shown = repr(settings)
    assert "123456" not in shown and "s3cret" not in shown
    assert "data=PosixPath('x')" in shown or "data=WindowsPath('x')" in shown


@pytest.mark.parametrize(
    ("environ", "argv", "message"),
    [
        (
            {"TELEGRAM_BOT_TOKEN": "not a token"},
            [],
            "TELEGRAM_BOT_TOKEN does not look like a token from @BotFather "
            "(digits, a colon, then letters, digits, '-' or '_')",
        ),
        (
            {"TELEGRAM_BOT_TOKEN": "1:x"},
            ["--webhook-url", "https://bot.solsjo.example/hook", "--port", "99999"],
            "--port must be between 1 and 65535, not 99999",
        ),
        (
            {"TELEGRAM_BOT_TOKEN": "1:x"},
            ["--webhook-url", "http://bot.solsjo.example/hook"],
            "--webhook-url must be an https:// address (http:// only on this machine, for a "
            "local Bot API server), not 'http://bot.solsjo.example/hook'",
        ),
        (
            {"TELEGRAM_BOT_TOKEN": "1:x", "TELEGRAM_WEBHOOK_SECRET": "with spaces"},
            ["--webhook-url", "https://bot.solsjo.example/hook"],
            "TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, '_' and '-'",
        ),
    ],
)
def test_settings_telegram_would_refuse_are_named(
    environ: dict[str, str], argv: list[str], message: str
) -> None:
    with pytest.raises(SettingsError) as caught:
        from_environment(environ, parse_arguments(argv))
    assert str(caught.value) == message


def test_a_webhook_without_a_secret_gets_one_for_the_run() -> None:
    # Otherwise anyone who can reach the URL could post updates "from" an admin.
    args = parse_arguments(["--webhook-url", "https://bot.solsjo.example/hook"])
    first = from_environment({"TELEGRAM_BOT_TOKEN": "1:x"}, args).webhook_secret
    second = from_environment({"TELEGRAM_BOT_TOKEN": "1:x"}, args).webhook_secret
    assert first and second and first != second
    assert len(first) >= 32 and all(c.isalnum() or c in "-_" for c in first)
    # Long polling needs none.
    assert (
        from_environment({"TELEGRAM_BOT_TOKEN": "1:x"}, parse_arguments([])).webhook_secret is None
    )
