"""Each chat in order, chats side by side: a stalled chat never holds up another."""

from __future__ import annotations

import asyncio
from typing import Any

from telegram import Chat, Message, Update

from kontakt.bot._ordering import ChatOrderedProcessor


def update_in(chat_id: int, update_id: int) -> Update:
    chat = Chat(chat_id, "private")
    message = Message(update_id, date=None, chat=chat)  # type: ignore[arg-type]
    return Update(update_id, message=message)


def test_a_stalled_chat_holds_up_no_other_chat() -> None:
    async def scenario() -> list[Any]:
        processor = ChatOrderedProcessor(2)
        release = asyncio.Event()
        order: list[Any] = []

        async def stalled(number: int) -> None:
            await release.wait()
            order.append(("a", number))

        async def other() -> None:
            order.append("b")
            release.set()  # the stalled chat goes on only after the other chat was served

        tasks = [
            asyncio.create_task(processor.process_update(update_in(1, n), stalled(n)))
            for n in range(5)
        ]
        await asyncio.sleep(0)
        tasks.append(asyncio.create_task(processor.process_update(update_in(2, 9), other())))
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=10)
        assert len(processor) == 0
        return order

    order = asyncio.run(scenario())
    assert order == ["b", ("a", 0), ("a", 1), ("a", 2), ("a", 3), ("a", 4)]


def test_updates_of_one_chat_run_one_at_a_time_in_order() -> None:
    async def scenario() -> list[str]:
        processor = ChatOrderedProcessor(4)
        log: list[str] = []

        async def step(number: int) -> None:
            log.append(f"start {number}")
            await asyncio.sleep(0)
            log.append(f"end {number}")

        await asyncio.gather(
            *(processor.process_update(update_in(1, n), step(n)) for n in range(3))
        )
        return log

    assert asyncio.run(scenario()) == [
        "start 0",
        "end 0",
        "start 1",
        "end 1",
        "start 2",
        "end 2",
    ]
