"""End to end, against the loopback Bot API: the same question by day and at night. By day the
office answers with its hours and its web and map buttons; at night the on-call line comes
first, with 112 named, and the closed office after it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from testing.fakebotapi import Call, FakeBotAPI

from kontakt._hours import TIMEZONE
from support.paths import FIXTURES
from support.running import WAIT, run, running, settings_for

WATER = (FIXTURES / "water.yaml").read_text(encoding="utf-8")
"""Felanmälan vatten by day, VA-jour (on call, 24/7) at night."""
TUESDAY_MORNING = datetime(2026, 12, 1, 10, 0, tzinfo=TIMEZONE)
SATURDAY_NIGHT = datetime(2026, 12, 5, 22, 0, tzinfo=TIMEZONE)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "contacts.yaml"
    path.write_text(WATER, encoding="utf-8")
    return path


def buttons(call: Call) -> list[dict[str, str]]:
    markup = call.params.get("reply_markup") or {"inline_keyboard": []}
    return [button for row in markup["inline_keyboard"] for button in row]


def answer_at(api: FakeBotAPI, data: Path, moment: datetime) -> Call:
    sent: list[Call] = []

    async def scenario() -> None:
        async with running(settings_for(api, data), clock=lambda: moment):
            api.message("vattenläcka")
            sent.extend(await api.wait_for_async("sendMessage", timeout=WAIT))

    run(scenario())
    return sent[0]


def test_by_day_the_office_answers_with_its_hours_and_buttons(api: FakeBotAPI, data: Path) -> None:
    card = answer_at(api, data, TUESDAY_MORNING)
    assert str(card.params["text"]) == (
        "<b>Felanmälan vatten</b>\n"
        "🕘 Öppet nu, stänger 16:00\n"
        "📞 +46 980 31 92 40\n"
        "📍 Storgatan 1, 999 80 Solsjö"
    )
    assert buttons(card) == [
        {"text": "Spara kontakt", "callback_data": "s:felanmalan-vatten"},
        {"text": "Webbplats", "url": "https://solsjo.example/felanmalan"},
        {
            "text": "Karta",
            "url": "https://www.openstreetmap.org/search?query=Storgatan%201%2C%20999%2080%20Solsj%C3%B6",
        },
    ]


def test_at_night_the_on_call_line_comes_first(api: FakeBotAPI, data: Path) -> None:
    card = answer_at(api, data, SATURDAY_NIGHT)
    assert str(card.params["text"]) == (
        "Kontoret är stängt just nu. Det här är jouren, som svarar nu:\n\n"
        "<b>VA-jour</b>\n"
        "🕘 Öppet dygnet runt\n"
        "📞 +46 980 31 92 41\n\n"
        "<b>Gäller det liv, hälsa eller brand: ring 112.</b>\n\n"
        "Kontoret:\n\n"
        "<b>Felanmälan vatten</b>\n"
        "🕘 Stängt – öppnar måndag 07:00\n"
        "📞 +46 980 31 92 40\n"
        "📍 Storgatan 1, 999 80 Solsjö"
    )
    # The buttons are the on-call line's: the number to save is the one that answers now.
    assert buttons(card) == [{"text": "Spara kontakt", "callback_data": "s:va-jour"}]
