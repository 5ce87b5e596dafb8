"""``python -m kontakt.bot`` as a process: start-up errors, logs and a clean stop on SIGTERM."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from http import HTTPStatus
from pathlib import Path

import pytest
from testing.fakebotapi import FakeBotAPI

from kontakt._ratelimit import QuestionLimiter, Verdict
from kontakt.bot._main import main
from kontakt.bot._settings import Settings, SettingsError, from_environment, parse_arguments
from support.paths import DATA_FILE, ROOT

pytestmark = pytest.mark.usefixtures("offline")


def bot_process(api: FakeBotAPI, *args: str, **env: str) -> subprocess.Popen[str]:
    environment = {
        key: value for key, value in os.environ.items() if not key.upper().endswith("_PROXY")
    }
    environment |= {
        "TELEGRAM_BOT_TOKEN": api.token,
        "TELEGRAM_API_BASE_URL": api.base_url,
        "PTB_TIMEDELTA": "true",
        **env,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "kontakt.bot", *args],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def stop(process: subprocess.Popen[str], *, kill: bool = False) -> str:
    """SIGTERM (or, cleaning up after a failed test, SIGKILL) and the process's output."""
    if process.poll() is not None:
        return ""
    if kill:
        process.kill()
    else:
        process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=15)
    return output


@pytest.mark.parametrize("level", ["INFO", "DEBUG"])
def test_sigterm_stops_cleanly_and_logs_hold_no_token_or_question(
    api: FakeBotAPI, level: str
) -> None:
    process = bot_process(api, "--data", str(DATA_FILE), KONTAKT_LOG_LEVEL=level)
    try:
        api.wait_for("getUpdates", timeout=20)
        api.message("tigerstrom")
        api.wait_for("sendMessage", timeout=10)
        stopping = time.monotonic()
        output = stop(process)
    finally:
        stop(process, kill=True)
    assert process.returncode == 0, output
    assert time.monotonic() - stopping < 10
    assert "Application.stop() complete" in output
    assert api.token not in output
    assert api.token.split(":")[1] not in output
    assert "Traceback" not in output
    assert ("tigerstrom" in output) is (level == "DEBUG")
    assert "counts since start: {'questions': 1, 'card': 1}" in output


def test_missing_token_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(DATA_FILE)], environ={}) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("kontakt bot: TELEGRAM_BOT_TOKEN is not set: get a token from @BotFather")


def test_broken_data_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "c.yaml"
    broken.write_text("organisation:\n  name: X\n", encoding="utf-8")
    assert main(["--data", str(broken)], environ={"TELEGRAM_BOT_TOKEN": "1:x"}) == 2
    assert capsys.readouterr().err == (
        f"kontakt bot: {broken} has 1 error; run `kontakt check {broken}` to see them\n"
    )


def test_missing_data_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "none.yaml"
    assert main(["--data", str(missing)], environ={"TELEGRAM_BOT_TOKEN": "1:x"}) == 2
    assert capsys.readouterr().err == (
        f"kontakt bot: cannot read {missing}: No such file or directory\n"
    )


def test_settings_from_the_environment() -> None:
    settings = from_environment(
        {
            "TELEGRAM_BOT_TOKEN": " 1:abc ",
            "TELEGRAM_API_BASE_URL": "http://127.0.0.1:8081/bot",
            "KONTAKT_DATA": "other.yaml",
            "KONTAKT_ADMINS": "12, 34",
            "KONTAKT_QUESTIONS_PER_MINUTE": "5",
            "KONTAKT_SENDS_PER_SECOND": "0",
            "KONTAKT_MISSES_FILE": " /var/lib/kontakt/misses.jsonl ",
        },
        parse_arguments([]),
    )
    assert settings == Settings(
        token="1:abc",
        data=Path("other.yaml"),
        base_url="http://127.0.0.1:8081/bot",
        admins=frozenset({12, 34}),
        questions_per_minute=5,
        sends_per_second=0.0,
        misses_file=Path("/var/lib/kontakt/misses.jsonl"),
    )
    assert settings.base_file_url == "http://127.0.0.1:8081/file/bot"
    assert from_environment(
        {"TELEGRAM_BOT_TOKEN": "1:x", "KONTAKT_DATA": "a.yaml"},
        parse_arguments(["--data", "b.yaml"]),
    ).data == Path("b.yaml")
    unset = from_environment(
        {"TELEGRAM_BOT_TOKEN": "1:x", "KONTAKT_MISSES_FILE": " "}, parse_arguments([])
    )
    assert unset.misses_file is None


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "KONTAKT_ADMINS",
            "12,abc",
            "KONTAKT_ADMINS must be Telegram user ids separated by commas, not 'abc'",
        ),
        (
            "KONTAKT_QUESTIONS_PER_MINUTE",
            "many",
            "KONTAKT_QUESTIONS_PER_MINUTE must be a whole number, not 'many'",
        ),
        (
            "KONTAKT_QUESTIONS_PER_MINUTE",
            "0.5",
            "KONTAKT_QUESTIONS_PER_MINUTE must be a whole number, not '0.5'",
        ),
        (
            "KONTAKT_SENDS_PER_SECOND",
            "inf",
            "KONTAKT_SENDS_PER_SECOND must be a finite number, not 'inf'",
        ),
        (
            "KONTAKT_WATCH_SECONDS",
            "nan",
            "KONTAKT_WATCH_SECONDS must be a finite number, not 'nan'",
        ),
        (
            "KONTAKT_LOG_LEVEL",
            "verbose",
            "KONTAKT_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, not 'verbose'",
        ),
        ("KONTAKT_WATCH_SECONDS", "-1", "KONTAKT_WATCH_SECONDS must not be negative"),
    ],
)
def test_bad_settings_are_named(name: str, value: str, message: str) -> None:
    with pytest.raises(SettingsError) as caught:
        from_environment({"TELEGRAM_BOT_TOKEN": "1:x", name: value}, parse_arguments([]))
    assert str(caught.value) == message


def test_question_limiter_window() -> None:
    limiter = QuestionLimiter(2, period=60)
    assert [limiter.check(1, t) for t in (0, 1, 2, 3)] == [
        Verdict.ANSWER,
        Verdict.ANSWER,
        Verdict.NOTICE,
        Verdict.SILENCE,
    ]
    assert limiter.check(2, 3) is Verdict.ANSWER  # others are not slowed
    assert limiter.check(1, 60.5) is Verdict.ANSWER  # the first question left the window
    assert limiter.check(1, 60.6) is Verdict.NOTICE  # a new window, a new notice


def test_question_limiter_forgets_the_least_recent_residents() -> None:
    limiter = QuestionLimiter(1, max_users=100)
    for user in range(1000):
        limiter.check(user, 0)
    assert len(limiter) == 100
    assert limiter.check(999, 1) is Verdict.NOTICE
    assert limiter.check(0, 1) is Verdict.ANSWER  # forgotten, so starting afresh


def test_no_limit() -> None:
    limiter = QuestionLimiter(0)
    assert all(limiter.check(1, 0) is Verdict.ANSWER for _ in range(1000))
    assert len(limiter) == 0


def test_webhook_mode_answers_updates_telegram_posts(api: FakeBotAPI) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/kontakt-hook"
    process = bot_process(
        api,
        "--data",
        str(DATA_FILE),
        "--webhook-url",
        url,
        "--port",
        str(port),
        TELEGRAM_WEBHOOK_SECRET="s3cret-value",
    )
    try:
        (registered,) = api.wait_for("setWebhook", timeout=20)
        assert registered.params["url"] == url
        assert registered.params["secret_token"] == "s3cret-value"
        api.message("tigerstrom")
        statuses: list[int] = []
        deadline = time.monotonic() + 20
        while not statuses or statuses[0] != 200:  # the server may still be starting
            assert time.monotonic() < deadline, statuses
            with contextlib.suppress(OSError):
                statuses = api.deliver_to_webhook()
            time.sleep(0.1)
        (reply,) = api.wait_for("sendMessage", timeout=10)
        assert str(reply.params["text"]).startswith("<b>Anna Tigerström</b>")
        assert api.calls_to("getUpdates") == []
        output = stop(process)
    finally:
        stop(process, kill=True)
    assert process.returncode == 0, output
    assert "s3cret-value" not in output
    assert api.token not in output


def test_a_rejected_token_is_one_line_without_the_token(api: FakeBotAPI) -> None:
    process = bot_process(api, "--data", str(DATA_FILE), TELEGRAM_BOT_TOKEN="999:WRONG-TOKEN")
    output, _ = process.communicate(timeout=30)
    assert process.returncode == 2, output
    assert "999:WRONG-TOKEN" not in output and "WRONG-TOKEN" not in output
    # python-telegram-bot logs what it tried (scrubbed); the last line says what to do.
    assert output.splitlines()[-1] == (
        "kontakt bot: Telegram could not be reached or refused the bot: "
        "The token `<redacted>` was rejected by the server."
    )


def test_a_webhook_port_in_use_is_one_line(api: FakeBotAPI) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = bot_process(
            api,
            "--data",
            str(DATA_FILE),
            "--webhook-url",
            f"http://127.0.0.1:{port}/kontakt-hook",
            "--port",
            str(port),
        )
        try:
            output, _ = process.communicate(timeout=60)
        finally:
            stop(process, kill=True)
    assert process.returncode == 2
    assert f"kontakt bot: cannot listen on 127.0.0.1:{port}: " in output
    assert "Traceback" not in output


def test_start_up_waits_for_telegram_one_line_per_attempt(api: FakeBotAPI) -> None:
    # A reboot during a network blip: Telegram answers getMe only at the third ask.
    api.fail("getMe", status=HTTPStatus.BAD_GATEWAY, times=2)
    process = bot_process(api, "--data", str(DATA_FILE), KONTAKT_START_RETRY_SECONDS="0.05")
    try:
        api.wait_for("getUpdates", timeout=30)
        api.message("tigerstrom")
        (reply,) = api.wait_for("sendMessage", timeout=10)
        assert str(reply.params["text"]).startswith("<b>Anna Tigerström</b>")
        output = stop(process)
    finally:
        stop(process, kill=True)
    assert process.returncode == 0, output
    waits = [line for line in output.splitlines() if "Telegram cannot be reached" in line]
    assert [line.split("(attempt ")[1][:1] for line in waits] == ["1", "2"]
    assert "Traceback" not in output
    assert api.token not in output
