"""Fixtures the web tests share: the app on a real server on loopback."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from support.paths import FIXTURES, SOLSJO_FILE
from support.webserver import running_web

HOSTILE_FILE = FIXTURES / "web" / "hostile.yaml"


@pytest.fixture(autouse=True)
def _stays_on_loopback(offline: None) -> None:
    """Every web test fails if anything tried to leave the machine."""


@pytest.fixture(scope="module")
def web() -> Iterator[httpx.Client]:
    """The Solsjö example served at a Tuesday 10:00, shared by a module's tests (read only)."""
    with running_web(SOLSJO_FILE) as client:
        yield client


@pytest.fixture(scope="module")
def hostile() -> Iterator[httpx.Client]:
    """Markup in values, a hidden entry and a hidden number."""
    with running_web(HOSTILE_FILE) as client:
        yield client
