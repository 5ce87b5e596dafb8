"""``kontakt serve`` as a process: start, answer, stop on SIGTERM, and one-line start-up errors."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from kontakt.web._settings import WebSettingsError, from_environment
from support.helpers import kontakt
from support.paths import SOLSJO_FILE

_QUESTION = "hemlighetsfull fråga om bygglov"


def test_serve_answers_on_the_port_it_names_and_stops_on_sigterm() -> None:
    env = {**os.environ, "KONTAKT_SEARCHES_PER_MINUTE": "0"}
    with subprocess.Popen(
        [sys.executable, "-m", "kontakt", "serve", "--data", str(SOLSJO_FILE), "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    ) as server:
        log = _served(server)
    # Residents' questions are personal: they are in the URL, and the log has no access lines.
    assert "hemlighetsfull" not in log and "bygglov" not in log
    assert "counts since start" in log


def _served(server: subprocess.Popen[str]) -> str:
    """Ask the server, stop it, and return its log."""
    try:
        assert server.stderr is not None
        first = server.stderr.readline()
        found = re.fullmatch(r"kontakt serve: 36 entries on (http://127\.0\.0\.1:\d+/)\n", first)
        assert found, first
        base = found.group(1)
        with httpx.Client(base_url=base, timeout=30) as client:
            # uvicorn accepts on the socket bound before it starts: the first request waits.
            assert client.get("healthz").json() == {"status": "ok", "entries": 36}
            assert "Bygglov" in client.get("", params={"q": _QUESTION}).text
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0
        return server.stderr.read()
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


def test_a_taken_port_is_one_line_and_exit_2() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = kontakt("serve", "--data", str(SOLSJO_FILE), "--port", str(port))
    assert result.returncode == 2
    assert result.stderr == (
        f"kontakt serve: cannot listen on 127.0.0.1:{port}: Address already in use\n"
    )


def test_a_data_file_with_errors_is_refused_at_start(tmp_path: Path) -> None:
    broken = tmp_path / "contacts.yaml"
    broken.write_text(
        SOLSJO_FILE.read_text(encoding="utf-8").replace("phones: [0980-31 92 01]", "phones: [1]"),
        encoding="utf-8",
    )
    result = kontakt("serve", "--data", str(broken), "--port", "0")
    assert result.returncode == 2
    assert result.stderr == (
        f"kontakt serve: {broken} has 1 error; run `kontakt check {broken}` to see them\n"
    )


def test_a_missing_data_file_is_refused_at_start(tmp_path: Path) -> None:
    result = kontakt("serve", "--data", str(tmp_path / "none.yaml"), "--port", "0")
    assert result.returncode == 2
    assert result.stderr == (
        f"kontakt serve: cannot read {tmp_path / 'none.yaml'}: No such file or directory\n"
    )


def test_a_bad_setting_is_named_at_start() -> None:
    env = {**os.environ, "KONTAKT_CORS_ORIGINS": "https://www.solsjo.example/kontakt"}
    result = kontakt("serve", "--data", str(SOLSJO_FILE), "--port", "0", env=env)
    assert result.returncode == 2
    assert result.stderr == (
        "kontakt serve: KONTAKT_CORS_ORIGINS: 'https://www.solsjo.example/kontakt' is not an "
        "origin such as https://www.kommun.se (scheme and host, no path), nor *\n"
    )


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        (
            {"KONTAKT_CORS_ORIGINS": "solsjo.example"},
            "KONTAKT_CORS_ORIGINS: 'solsjo.example' is not an origin such as https://www.kommun.se (scheme and host, no path), nor *",
        ),
        (
            {"KONTAKT_FRAME_ANCESTORS": "http://solsjo.example"},
            "KONTAKT_FRAME_ANCESTORS: 'http://solsjo.example' is not 'self', 'none' or an https origin such as https://www.kommun.se",
        ),
        (
            {"KONTAKT_FRAME_ANCESTORS": "'unsafe-inline'"},
            "KONTAKT_FRAME_ANCESTORS: \"'unsafe-inline'\" is not 'self', 'none' or an https origin such as https://www.kommun.se",
        ),
        (
            {"KONTAKT_SEARCHES_PER_MINUTE": "-1"},
            "KONTAKT_SEARCHES_PER_MINUTE must be a whole number, 0 or more, not '-1'",
        ),
        (
            {"KONTAKT_SEARCHES_PER_MINUTE": "lots"},
            "KONTAKT_SEARCHES_PER_MINUTE must be a whole number, 0 or more, not 'lots'",
        ),
        (
            {"KONTAKT_WATCH_SECONDS": "0"},
            "KONTAKT_WATCH_SECONDS must be seconds between 0.1 and 3600, not '0'",
        ),
        (
            {"KONTAKT_WATCH_SECONDS": "nan"},
            "KONTAKT_WATCH_SECONDS must be seconds between 0.1 and 3600, not 'nan'",
        ),
    ],
)
def test_settings_are_checked(environ: dict[str, str], message: str) -> None:
    with pytest.raises(WebSettingsError) as caught:
        from_environment(environ, data=SOLSJO_FILE)
    assert str(caught.value) == message


def test_settings_read_lists_and_defaults() -> None:
    settings = from_environment(
        {
            "KONTAKT_CORS_ORIGINS": "https://www.solsjo.example/, https://intra.solsjo.example:8443",
            "KONTAKT_FRAME_ANCESTORS": "'self' https://*.solsjo.example",
        },
        data=SOLSJO_FILE,
    )
    assert settings.cors_origins == (
        "https://www.solsjo.example",
        "https://intra.solsjo.example:8443",
    )
    assert settings.frame_ancestors == "'self' https://*.solsjo.example"
    assert settings.searches_per_minute == 120
    assert from_environment({}, data=SOLSJO_FILE).frame_ancestors == "'self'"


@pytest.mark.parametrize("proxies", ["*", "proxy.solsjo.example", "127.0.0.1, 10.0.0.0/33"])
def test_trusted_proxies_must_be_addresses(proxies: str) -> None:
    with pytest.raises(WebSettingsError) as caught:
        from_environment({"KONTAKT_TRUSTED_PROXIES": proxies}, data=SOLSJO_FILE)
    assert str(caught.value).startswith("KONTAKT_TRUSTED_PROXIES: ")
    assert str(caught.value).endswith(
        "is not an address or network such as 127.0.0.1 or 10.0.0.0/8 (list the reverse "
        "proxy's own addresses)"
    )
