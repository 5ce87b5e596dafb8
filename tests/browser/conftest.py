"""Chromium (Debian's package) driven by Playwright against ``kontakt serve`` on loopback.

No browser is downloaded: the tests use the system's Chromium (``KONTAKT_CHROMIUM``, default
``/usr/bin/chromium``) and axe-core from ``node_modules`` (``npm ci``). ``make test-browser``
installs both where it can and says how where it cannot; a missing one fails the run, it is
never skipped.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Playwright, sync_playwright

from support.paths import ROOT, SOLSJO_FILE

CHROMIUM = Path(os.environ.get("KONTAKT_CHROMIUM", "/usr/bin/chromium"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "build" / "screenshots"
_START_TIMEOUT = 60.0
TUESDAY_10 = "2026-12-01T10:00"
"""The clock the server answers at, as in the other tests."""
_QUIET_CHROMIUM = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium tries to reach Google at start, which a closed network refuses.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``kontakt serve`` on the Solsjö example, as a process of its own; its base URL."""
    env = {**os.environ, "KONTAKT_SEARCHES_PER_MINUTE": "0"}
    command = [sys.executable, "-m", "kontakt", "serve", "--data", str(SOLSJO_FILE)]
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with (
        log.open("w", encoding="utf-8") as sink,
        subprocess.Popen(
            [*command, "--port", "0", "--now", TUESDAY_10], stderr=sink, text=True, env=env
        ) as process,
    ):
        try:
            yield _address(log, process)
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _address(log: Path, process: subprocess.Popen[str]) -> str:
    """The address the server names in its first line, once it has written it."""
    deadline = time.monotonic() + _START_TIMEOUT
    while time.monotonic() < deadline and process.poll() is None:
        found = re.search(r"on (http://127\.0\.0\.1:\d+)/", log.read_text(encoding="utf-8"))
        if found:
            return found.group(1)
        time.sleep(0.05)
    raise AssertionError(f"kontakt serve did not start: {log.read_text(encoding='utf-8')}")


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    assert CHROMIUM.exists(), (
        f"{CHROMIUM} is missing: install Debian's chromium package "
        "(apt-get install chromium) or set KONTAKT_CHROMIUM"
    )
    assert AXE.exists(), f"{AXE} is missing: run npm ci in {ROOT}"
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=_QUIET_CHROMIUM)
    yield chromium
    chromium.close()
