"""Admins' commands: answered in private chats only, and /reload coalesced."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest
from testing.fakebotapi import FakeBotAPI

from kontakt import _serving
from kontakt._serving import ServingState
from support.running import ADMIN, WAIT, run, running, settings_for


def test_admin_commands_in_a_group_get_no_answer(api: FakeBotAPI, data: Path) -> None:
    # A status names the data file's path and refused edits: not for a group's members.
    async def scenario() -> None:
        group = -100500
        async with running(settings_for(api, data)):
            api.message("/status", user_id=ADMIN, chat_id=group, chat_type="supergroup")
            api.message("/reload", user_id=ADMIN, chat_id=group, chat_type="supergroup")
            api.message("/status", user_id=ADMIN)
            (status,) = await api.wait_for_async("sendMessage", timeout=WAIT)
            assert status.params["chat_id"] == ADMIN
            assert "Poster: 36" in str(status.params["text"])
            # The group's commands are ignored: the one reply is the private one.
            assert len(api.calls_to("sendMessage")) == 1

    run(scenario())


def test_reloads_asked_for_together_are_one_load(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = ServingState.start(data)
    loads: list[Path] = []
    release = threading.Event()
    real = _serving.load_public

    def counted(path: Path) -> object:
        loads.append(path)
        release.wait(timeout=WAIT)
        return real(path)

    monkeypatch.setattr(_serving, "load_public", counted)

    async def scenario() -> list[object]:
        asked = [asyncio.ensure_future(state.reload_now()) for _ in range(8)]
        await asyncio.sleep(0)  # every /reload is in before the one load may finish
        release.set()
        return list(await asyncio.gather(*asked))

    outcomes = asyncio.run(scenario())
    assert loads == [data]
    assert len({id(outcome) for outcome in outcomes}) == 1
    # Once it is done, the next /reload loads again.
    assert asyncio.run(state.reload_now()).loaded
    assert loads == [data, data]
