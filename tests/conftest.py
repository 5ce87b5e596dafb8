from __future__ import annotations

from collections.abc import Iterator

import pytest
from testing.fakebotapi import FakeBotAPI, loopback_only

from kontakt import Directory
from support.paths import SOLSJO_FILE


@pytest.fixture(scope="session")
def directory() -> Directory:
    """The fictional Solsjö kommun: the staff list every resident-facing test runs against."""
    return Directory.load(SOLSJO_FILE)


PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The test stays on loopback, and fails if anything tried to leave it."""
    # httpx honours proxy variables, which would send even 127.0.0.1 through a proxy.
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    # PTB 22 builds RetryAfter through its deprecated int-valued `retry_after` unless this
    # opts in to the timedelta values it will switch to: a 429 would otherwise surface as a
    # PTBDeprecationWarning (an error here) instead of RetryAfter.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    with loopback_only() as blocked:
        yield
    assert blocked == []


@pytest.fixture
def api() -> Iterator[FakeBotAPI]:
    """A stand-in Bot API on 127.0.0.1, on a free port."""
    with FakeBotAPI() as fake:
        yield fake
