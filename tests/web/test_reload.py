"""The served data follows the file: an edit goes live, a broken edit keeps the last good data."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

from kontakt._serving import ServingState
from kontakt.web import WebSettings
from support.paths import SOLSJO_FILE
from support.webserver import running_web

_DEADLINE = 30.0

NEW_ENTRY = """
  - id: nils-nyman
    first_name: Nils
    last_name: Nyman
    title: Badmästare
    email: nils.nyman@solsjo.example
    phones: [0980-31 92 99]
"""


def eventually(condition: Callable[[], bool]) -> None:
    """Wait for the watcher, however slow the machine; fail only after a generous deadline."""
    deadline = time.monotonic() + _DEADLINE
    while not condition():
        assert time.monotonic() < deadline, "the change never showed"
        time.sleep(0.05)


def test_an_edit_goes_live_and_a_broken_edit_keeps_the_last_good_data(tmp_path: Path) -> None:
    data = tmp_path / "contacts.yaml"
    shutil.copyfile(SOLSJO_FILE, data)
    states: list[ServingState] = []
    settings = WebSettings(data=data, searches_per_minute=0, watch_seconds=0.1)
    with running_web(data, settings, watch_file=True, prepare=states.append) as client:
        assert client.get("/api/contacts/nils-nyman").status_code == 404
        text = data.read_text(encoding="utf-8")
        edited = text.replace("\nservices:\n", NEW_ENTRY + "\nservices:\n")
        assert edited != text
        data.write_text(edited, encoding="utf-8")
        eventually(lambda: client.get("/api/contacts/nils-nyman").status_code == 200)
        assert "Nils Nyman" in client.get("/", params={"q": "badmästare"}).text

        data.write_text(edited.replace("phones: [0980-31 92 99]", "phones: [12]"), "utf-8")
        eventually(lambda: states[0].last_failure is not None)
        assert client.get("/api/contacts/nils-nyman").status_code == 200
        assert client.get("/healthz").json()["entries"] == 37
