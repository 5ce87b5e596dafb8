"""Nothing lost: a flood of residents while the Bot API fails, and exact answer counts."""

from __future__ import annotations

import asyncio
import shutil
from collections import Counter
from pathlib import Path

import pytest
from testing.fakebotapi import FakeBotAPI

from support.paths import DATA_FILE
from support.running import run, running, settings_for

pytestmark = pytest.mark.usefixtures("offline")

RESIDENTS = 40
QUESTIONS_EACH = 3
FLOODERS = 4
FLOOD = 26
LIMIT = 20
QUESTIONS = ["tigerstrom", "bygglov", "Erik Svensson", "xyzzy", "snöröjningen", "070-948 64 88"]


def test_every_accepted_question_is_answered_exactly_once_despite_faults(
    api: FakeBotAPI, tmp_path: Path
) -> None:
    data = tmp_path / "contacts.yaml"
    shutil.copyfile(DATA_FILE, data)

    async def scenario() -> None:
        settings = settings_for(api, data, questions_per_minute=LIMIT, sends_per_second=0)
        async with running(settings) as (_, handlers):
            # Faults are taken in order by whichever sends come next.
            api.fail("sendMessage", status=500, times=6)
            api.fail("sendMessage", status=429, retry_after=1, times=2)
            api.drop_connection("sendMessage", times=4)
            api.fail("sendMessage", status=502, times=3)
            api.fail("getUpdates", status=500, times=2)
            asked: Counter[int] = Counter()
            for round_ in range(QUESTIONS_EACH):
                for resident in range(RESIDENTS):
                    user = 50_000 + resident
                    api.message(QUESTIONS[(resident + round_) % len(QUESTIONS)], user_id=user)
                    asked[user] += 1
            for flooder in range(FLOODERS):
                for _ in range(FLOOD):
                    api.message("tigerstrom", user_id=60_000 + flooder)
            accepted = RESIDENTS * QUESTIONS_EACH + FLOODERS * LIMIT
            notices = FLOODERS
            expected = accepted + notices
            calls = api.calls_to("sendMessage")
            deadline = asyncio.get_running_loop().time() + 60
            while sum(c.status == 200 for c in api.calls_to("sendMessage")) < expected:
                assert asyncio.get_running_loop().time() < deadline, "answers missing"
                await asyncio.sleep(0.05)
            await asyncio.sleep(0.5)  # anything sent twice would arrive by now
            calls = api.calls_to("sendMessage")
            delivered = Counter(c.params["chat_id"] for c in calls if c.status == 200)
            for user, count in asked.items():
                assert delivered[user] == count, user
            for flooder in range(FLOODERS):
                chat = 60_000 + flooder
                texts = [
                    str(c.params["text"])
                    for c in calls
                    if c.status == 200 and c.params["chat_id"] == chat
                ]
                assert len(texts) == LIMIT + 1
                assert sum("Vänta en stund" in t for t in texts) == 1
            assert sum(delivered.values()) == expected
            failed = Counter(c.status for c in calls if c.status != 200)
            assert failed == {500: 6, 429: 2, 0: 4, 502: 3}
            assert handlers.state.counts["questions"] == accepted
            assert handlers.state.counts["limited"] == FLOODERS * (FLOOD - LIMIT)

    run(scenario())
