"""The running bot keeps the words of questions nobody answered when KONTAKT_MISSES_FILE is set."""

from __future__ import annotations

import datetime
import json
import logging
from pathlib import Path

import pytest
from testing.fakebotapi import Call, FakeBotAPI

from support.paths import DATA_FILE
from support.running import OTHER_RESIDENT, RESIDENT, WAIT, run, running, settings_for

pytestmark = pytest.mark.usefixtures("offline")


def to_chat(calls: list[Call], chat_id: int) -> str:
    """The one message sent to ``chat_id``: replies are told apart by chat, not by order."""
    (call,) = [c for c in calls if c.params["chat_id"] == chat_id]
    return str(call.params["text"])


def test_a_question_nobody_answers_is_recorded_and_an_answered_one_is_not(
    api: FakeBotAPI, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "misses.jsonl"

    async def scenario() -> None:
        async with running(settings_for(api, DATA_FILE, misses_file=path)) as (_, handlers):
            api.message("Kebabpizza med extra vitlök? Ring 070-123 45 67")
            api.message("tigerstrom", user_id=OTHER_RESIDENT)
            calls = await api.wait_for_async("sendMessage", 2, timeout=WAIT)
            assert to_chat(calls, RESIDENT).startswith("Jag hittade ingen som passar")
            assert to_chat(calls, OTHER_RESIDENT).startswith("<b>Anna Tigerström</b>")
            assert handlers.state.counts["misses_recorded"] == 1

    before = datetime.date.today().isoformat()
    with caplog.at_level(logging.INFO):
        run(scenario())
    after = datetime.date.today().isoformat()
    (line,) = path.read_text(encoding="utf-8").splitlines()
    day = json.loads(line)["date"]
    assert day in {before, after}  # the day it ran, even across midnight
    assert line == json.dumps({"date": day, "words": ["kebabpizza", "extra", "vitlok"]})
    assert f"recording the words of unanswered questions in {path}" in caplog.messages
    assert "kebab" not in caplog.text.lower()
    assert "070" not in caplog.text


def test_a_misses_file_that_cannot_be_written_never_stops_an_answer(
    api: FakeBotAPI, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async def scenario() -> None:
        async with running(settings_for(api, DATA_FILE, misses_file=tmp_path)) as (_, handlers):
            api.message("kebabpizza med extra vitlök")
            calls = await api.wait_for_async("sendMessage", timeout=WAIT)
            assert to_chat(calls, RESIDENT).startswith("Jag hittade ingen som passar")
            assert handlers.state.counts["no_match"] == 1
            assert handlers.state.counts["misses_recorded"] == 0

    with caplog.at_level(logging.INFO):
        run(scenario())
    warnings = [r.getMessage() for r in caplog.records if r.name == "kontakt._misses"]
    assert warnings == [
        f"could not prune {tmp_path}: Is a directory",
        f"could not record an unanswered question in {tmp_path}: Is a directory",
    ]
    assert "kebab" not in caplog.text
