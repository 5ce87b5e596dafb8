"""``kontakt serve --webhook-url …/telegram``: the bot in the same process as the page, fed by
Telegram's webhook (the loopback stand-in for the Bot API posts the updates)."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from testing.fakebotapi import FakeBotAPI

from support.helpers import kontakt
from support.paths import SOLSJO_FILE

SECRET = "s3cret-value"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _environment(api: FakeBotAPI) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.upper().endswith("_PROXY")}
    return environment | {
        "TELEGRAM_BOT_TOKEN": api.token,
        "TELEGRAM_API_BASE_URL": api.base_url,
        "TELEGRAM_WEBHOOK_SECRET": SECRET,
        "PTB_TIMEDELTA": "true",
    }


def test_one_process_serves_the_page_and_the_bots_webhook(api: FakeBotAPI, tmp_path: Path) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/telegram"
    log = tmp_path / "serve.log"
    command = [sys.executable, "-m", "kontakt", "serve", "--data", str(SOLSJO_FILE)]
    with (
        log.open("w", encoding="utf-8") as sink,
        subprocess.Popen(
            [*command, "--port", str(port), "--webhook-url", url],
            stderr=sink,
            env=_environment(api),
        ) as server,
    ):
        try:
            (registered,) = api.wait_for("setWebhook", timeout=30)
            assert registered.params["url"] == url
            assert registered.params["secret_token"] == SECRET
            api.message("hanna berglöf", user_id=77)
            statuses: list[int] = []
            deadline = time.monotonic() + 30
            while statuses != [200]:  # the server may still be starting
                assert time.monotonic() < deadline, statuses
                with contextlib.suppress(OSError):
                    statuses = api.deliver_to_webhook()
                time.sleep(0.05)
            (reply,) = api.wait_for("sendMessage", timeout=15)
            assert reply.params["chat_id"] == 77
            assert str(reply.params["text"]).startswith("<b>Hanna Berglöf</b>")
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
                assert "Hanna Berglöf" in client.get("/", params={"q": "hanna berglöf"}).text
                forged = client.post(
                    "/telegram",
                    json={"update_id": 9, "message": {}},
                    headers={"x-telegram-bot-api-secret-token": "guess"},
                )
                assert forged.status_code == 403
                unsigned = client.post("/telegram", json={"update_id": 9})
                assert unsigned.status_code == 403
                garbage = client.post(
                    "/telegram",
                    content=b"[1, 2",
                    headers={"x-telegram-bot-api-secret-token": SECRET},
                )
                assert garbage.status_code == 400
                assert client.get("/telegram").status_code == 405
            assert api.calls_to("getUpdates") == []
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    assert server.returncode == 0
    output = log.read_text(encoding="utf-8")
    assert SECRET not in output and api.token not in output
    assert "hanna" not in output.lower()
    assert len(api.calls_to("sendMessage")) == 1


def test_without_the_webhook_there_is_no_telegram_path() -> None:
    env = {**os.environ, "KONTAKT_SEARCHES_PER_MINUTE": "0"}
    with subprocess.Popen(
        [sys.executable, "-m", "kontakt", "serve", "--data", str(SOLSJO_FILE), "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    ) as server:
        try:
            assert server.stderr is not None
            found = re.search(r"on (http://127\.0\.0\.1:\d+)/", server.stderr.readline())
            assert found
            with httpx.Client(base_url=found.group(1), timeout=30) as client:
                assert client.post("/telegram", json={}).status_code in (404, 405)
        finally:
            server.send_signal(signal.SIGTERM)
            server.communicate(timeout=30)


@pytest.mark.parametrize(
    ("url", "env", "message"),
    [
        (
            "https://kontakt.solsjo.example/hook",
            {"TELEGRAM_BOT_TOKEN": "123:abc"},
            "kontakt serve: --webhook-url must end in /telegram, where kontakt serve takes "
            "Telegram's updates, not 'https://kontakt.solsjo.example/hook'\n",
        ),
        (
            "https://kontakt.solsjo.example/telegram",
            {"TELEGRAM_BOT_TOKEN": ""},
            "kontakt serve: TELEGRAM_BOT_TOKEN is not set: get a token from @BotFather and "
            "export it (without a token, `make run` starts the terminal chat instead)\n",
        ),
        (
            "http://kontakt.solsjo.example/telegram",
            {"TELEGRAM_BOT_TOKEN": "123:abc"},
            "kontakt serve: --webhook-url must be an https:// address (http:// only on this "
            "machine, for a local Bot API server), not 'http://kontakt.solsjo.example/telegram'\n",
        ),
    ],
)
def test_bad_webhook_settings_are_one_line(url: str, env: dict[str, str], message: str) -> None:
    environment = {**os.environ, **env}
    result = kontakt(
        "serve", "--data", str(SOLSJO_FILE), "--port", "0", "--webhook-url", url, env=environment
    )
    assert result.returncode == 2
    assert result.stderr == message
