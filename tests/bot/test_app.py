"""The bot end to end: the real python-telegram-bot Application long-polling a loopback Bot API.

Each test builds the bot exactly as ``python -m kontakt.bot`` does (``kontakt.bot._app.build_application``),
pushes updates into the stand-in API and asserts on the calls the bot made.
"""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import Any

import pytest
from testing.fakebotapi import Call, FakeBotAPI

from support.paths import FIXTURES
from support.running import ADMIN, OTHER_RESIDENT, RESIDENT, WAIT, run, running, settings_for

pytestmark = pytest.mark.usefixtures("offline")


def sent_texts(calls: list[Call]) -> list[str]:
    return [str(call.params["text"]) for call in calls]


def keyboard(call: Call) -> list[tuple[str, str]]:
    markup = call.params.get("reply_markup") or {"inline_keyboard": []}
    return [(b["text"], b["callback_data"]) for row in markup["inline_keyboard"] for b in row]


def test_a_question_gets_a_card_with_a_save_button(api: FakeBotAPI, data: Path) -> None:
    async def scenario() -> None:
        async with running(settings_for(api, data)):
            api.message("berglof")
            (call,) = await api.wait_for_async("sendMessage", timeout=WAIT)
            assert call.params["chat_id"] == RESIDENT
            assert call.params["parse_mode"] == "HTML"
            assert str(call.params["text"]).startswith("<b>Hanna Berglöf</b>\n")
            assert "💬 <code>+46 70 174 06 14</code> (mobil) – endast SMS" in call.params["text"]
            assert keyboard(call) == [("Spara kontakt", "s:hanna-berglof")]

    run(scenario())


def test_commands_and_deep_links(api: FakeBotAPI, data: Path) -> None:
    async def scenario() -> None:
        async with running(settings_for(api, data)):
            api.message("/start")
            api.message("/start bygglov")
            api.message("/help")
            api.message("/sok snöröjningen")
            api.message("/search bergl", language_code="en-GB")
            calls = await api.wait_for_async("sendMessage", 5, timeout=WAIT)
            texts = sent_texts(calls)
            assert texts[0].startswith("Hej! Jag hjälper dig")
            assert texts[1].startswith("<b>Bygglov</b>\nSamhällsbyggnadsförvaltningen\n")
            assert "/sok &lt;fråga&gt;" in texts[2]
            assert texts[3] == "Flera passar lika bra. Vem menar du?"
            assert keyboard(calls[3]) == [
                ("Felanmälan gata och park – Samhällsbyggnadsförvaltningen", "gata-park"),
                ("Mikael Ståhl – Gatu- och parkchef", "mikael-stahl"),
            ]
            assert "– SMS only" in texts[4]
            assert keyboard(calls[4]) == [("Save contact", "s:hanna-berglof")]

    run(scenario())


def test_choosing_and_saving_a_contact(api: FakeBotAPI, data: Path) -> None:
    async def scenario() -> None:
        async with running(settings_for(api, data)):
            api.message("Erik Svensson")
            (choice,) = await api.wait_for_async("sendMessage", timeout=WAIT)
            assert [d for _, d in keyboard(choice)] == [
                "erik-svensson-bygglov",
                "erik-svensson-rektor",
            ]
            assert choice.result is not None
            api.callback_query("erik-svensson-rektor", message_id=choice.result["message_id"])
            await api.wait_for_async("answerCallbackQuery", timeout=WAIT)
            card = (await api.wait_for_async("sendMessage", 2, timeout=WAIT))[1]
            assert str(card.params["text"]).startswith("<b>Erik Svensson</b>\nRektor,")
            api.callback_query("s:hanna-berglof")
            (contact,) = await api.wait_for_async("sendContact", timeout=WAIT)
            assert contact.params["phone_number"] == "+46980319211"
            assert contact.params["phone_number"] != "+46701740614"
            assert "BEGIN:VCARD" in str(contact.params["vcard"])
            assert len(api.calls_to("answerCallbackQuery")) == 2

    run(scenario())


def test_no_match_gives_the_switchboard_and_escapes_the_question(
    api: FakeBotAPI, data: Path
) -> None:
    async def scenario() -> None:
        async with running(settings_for(api, data)):
            api.message("<b>xyzzy</b> & <i>")
            (call,) = await api.wait_for_async("sendMessage", timeout=WAIT)
            assert call.status == 200  # the stand-in refuses malformed HTML, as Telegram does
            assert call.params["text"] == (
                "Jag hittade ingen som passar «&lt;b&gt;xyzzy&lt;/b&gt; &amp; &lt;i&gt;».\n\n"
                "Du kan alltid vända dig till Solsjö kommun:\n"
                "📞 +46 980 31 92 00\n✉️ kontaktcenter@solsjo.example\n📍 999 80 Solsjö"
            )

    run(scenario())


def test_inline_mode_returns_up_to_ten_cards(api: FakeBotAPI, data: Path) -> None:
    async def scenario() -> None:
        async with running(settings_for(api, data)):
            api.inline_query("bergl")
            api.inline_query("samhällsbyggnad")
            first, second = await api.wait_for_async("answerInlineQuery", 2, timeout=WAIT)
            results = first.params["results"]
            assert results[0]["title"] == "Hanna Berglöf"
            content = results[0]["input_message_content"]
            assert content["parse_mode"] == "HTML"
            assert content["message_text"].startswith("<b>Hanna Berglöf</b>")
            assert 1 < len(second.params["results"]) <= 10
            assert first.params["is_personal"] is True  # cards are in the asker's language

    run(scenario())


def test_groups_answer_only_commands_mentions_and_replies(api: FakeBotAPI, data: Path) -> None:
    async def scenario() -> None:
        group = -100500
        async with running(settings_for(api, data)):
            api.message("berglof", chat_id=group, chat_type="supergroup")
            api.message(
                f"@{api.bot_user['username']} berglof", chat_id=group, chat_type="supergroup"
            )
            (mentioned,) = await api.wait_for_async("sendMessage", timeout=WAIT)
            assert str(mentioned.params["text"]).startswith("<b>Hanna Berglöf</b>")
            assert mentioned.params["reply_parameters"]["message_id"] > 0
            api.message("bygglov", chat_id=group, chat_type="supergroup", reply_to_bot=True)
            api.message("/sok rektor", chat_id=group, chat_type="supergroup")
            calls = await api.wait_for_async("sendMessage", 3, timeout=WAIT)
            texts = sent_texts(calls)
            assert texts[1].startswith("<b>Bygglov</b>")
            assert texts[2] == "Flera passar lika bra. Vem menar du?"
            # The plain group message before the mention was never answered.
            assert len(api.calls_to("sendMessage")) == 3

    run(scenario())


def test_rate_limit_notices_once_then_stays_silent(api: FakeBotAPI, data: Path) -> None:
    async def scenario() -> None:
        async with running(settings_for(api, data, questions_per_minute=3)):
            for _ in range(5):
                api.message("berglof")
            api.message("berglof", user_id=OTHER_RESIDENT)
            calls = await api.wait_for_async("sendMessage", 5, timeout=WAIT)
            to_first = [c for c in calls if c.params["chat_id"] == RESIDENT]
            to_other = [c for c in calls if c.params["chat_id"] == OTHER_RESIDENT]
            assert len(to_first) == 4
            assert sum("Vänta en stund" in t for t in sent_texts(to_first)) == 1
            assert len(to_other) == 1 and "Hanna Berglöf" in str(to_other[0].params["text"])
            # Ask once more; the limited resident's fifth question got nothing.
            api.message("/help", user_id=OTHER_RESIDENT)
            await api.wait_for_async("sendMessage", 6, timeout=WAIT)
            assert len(api.calls_to("sendMessage")) == 6

    run(scenario())


def test_transient_send_failures_are_retried_once_delivered(api: FakeBotAPI, data: Path) -> None:
    async def scenario() -> None:
        async with running(settings_for(api, data)):
            api.fail("sendMessage", status=500, times=2)
            api.message("berglof")
            delivered = await api.wait_for_async("sendMessage", 3, timeout=WAIT)
            assert [c.status for c in delivered] == [500, 500, 200]
            api.fail("sendMessage", status=429, retry_after=1)
            api.drop_connection("sendMessage")
            api.message("bygglov")
            calls = await api.wait_for_async("sendMessage", 6, timeout=WAIT)
            assert [c.status for c in calls[3:]] == [429, 0, 200]
            assert sum(c.status == 200 for c in api.calls_to("sendMessage")) == 2

    run(scenario())


def test_polling_survives_api_errors(api: FakeBotAPI, data: Path) -> None:
    async def scenario() -> None:
        async with running(settings_for(api, data)):
            await api.wait_for_async("getUpdates", timeout=WAIT)
            api.fail("getUpdates", status=502, times=2)
            api.fail("getUpdates", status=429, retry_after=1)

            def failed() -> list[int]:
                return [c.status for c in api.calls_to("getUpdates") if c.status != 200]

            await _until(lambda: len(failed()) == 3, timeout=15)
            assert failed() == [502, 502, 429]
            api.message("berglof")
            (call,) = await api.wait_for_async("sendMessage", timeout=10)
            assert "Hanna Berglöf" in str(call.params["text"])

    run(scenario())


def test_a_good_edit_is_swapped_in_while_the_bot_runs(api: FakeBotAPI, data: Path) -> None:
    async def scenario() -> None:
        async with running(settings_for(api, data)) as (_, handlers):
            api.message("Nils Nyman")
            (before,) = await api.wait_for_async("sendMessage", timeout=WAIT)
            assert str(before.params["text"]).startswith("Jag hittade ingen")
            data.write_text(
                data.read_text(encoding="utf-8")
                + "  - name: Nils Nyman\n    phones: [0980-31 92 99]\n",
                encoding="utf-8",
            )
            await _until(lambda: handlers.state.entries == 37)
            api.message("Nils Nyman")
            after = (await api.wait_for_async("sendMessage", 2, timeout=WAIT))[1]
            assert str(after.params["text"]).startswith("<b>Nils Nyman</b>")

    run(scenario())


def test_a_broken_edit_keeps_serving_and_tells_the_admins(api: FakeBotAPI, data: Path) -> None:
    async def scenario() -> None:
        async with running(settings_for(api, data)) as (_, handlers):
            api.message("/start", user_id=ADMIN)  # an admin must have talked to the bot
            await api.wait_for_async("sendMessage", timeout=WAIT)
            good = data.read_text(encoding="utf-8")
            data.write_text(good.replace("first_name: Hanna", "first_nme: Hanna"), encoding="utf-8")
            warning = (await api.wait_for_async("sendMessage", 2, timeout=WAIT))[1]
            assert warning.params["chat_id"] == ADMIN
            text = str(warning.params["text"])
            assert text.startswith(
                "⚠️ <b>Kontaktlistan laddades inte om.</b> Boten svarar "
                "fortfarande från den förra versionen (36 poster)."
            )
            assert "unknown key 'first_nme'; did you mean 'first_name'?" in text
            api.message("berglof")
            card = (await api.wait_for_async("sendMessage", 3, timeout=WAIT))[2]
            assert str(card.params["text"]).startswith("<b>Hanna Berglöf</b>")
            api.message("/status", user_id=ADMIN)
            api.message("/status")  # not an admin: ignored
            api.message("/help")
            calls = await api.wait_for_async("sendMessage", 5, timeout=WAIT)
            # Replies to different chats may finish in either order: each is found by its chat.
            (status_call,) = [c for c in calls[3:5] if c.params["chat_id"] == ADMIN]
            (help_call,) = [c for c in calls[3:5] if c.params["chat_id"] == RESIDENT]
            status = str(status_call.params["text"])
            assert "Poster: 36" in status
            assert "Senaste omladdningen misslyckades:\n2 fel:" in status
            assert str(help_call.params["text"]).startswith("Skriv vad du undrar över")
            data.write_text(good, encoding="utf-8")
            await _until(lambda: handlers.state.last_failure is None)
            api.message("/reload", user_id=ADMIN)
            reload = (await api.wait_for_async("sendMessage", 6, timeout=WAIT))[5]
            assert str(reload.params["text"]).startswith("Kontaktlistan är omladdad: 36 poster")

    run(scenario())


def test_private_entries_never_reach_residents(api: FakeBotAPI, tmp_path: Path) -> None:
    async def scenario() -> None:
        data = tmp_path / "c.yaml"
        shutil.copyfile(FIXTURES / "valid" / "issue-example.yaml", data)
        async with running(settings_for(api, data)):
            api.message("Malin Ekdahl")
            api.message("070-111 22 33")
            api.message("/start malin-ekdahl")
            api.inline_query("Malin Ekdahl")
            calls = await api.wait_for_async("sendMessage", 3, timeout=WAIT)
            (inline,) = await api.wait_for_async("answerInlineQuery", timeout=WAIT)
            texts = sent_texts(calls)
            assert texts[0].startswith("Jag hittade ingen som passar «Malin Ekdahl».")
            assert texts[1].startswith("Jag hittade ingen som passar «070-111 22 33».")
            assert texts[2].startswith("Den kontakten finns inte längre.\n\nDu kan alltid vända")
            assert all("+46 70 111 22 33" not in t for t in texts)
            assert inline.params["results"] == []

    run(scenario())


async def _until(condition: Any, timeout: float = WAIT) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.02)


def test_greetings_and_help_count_against_the_limit_too(api: FakeBotAPI, data: Path) -> None:
    async def scenario() -> None:
        async with running(settings_for(api, data, questions_per_minute=2)):
            for command in ("/start", "/help", "/help", "/start hanna-berglof"):
                api.message(command)
            api.message("/help", user_id=OTHER_RESIDENT)
            calls = await api.wait_for_async("sendMessage", 4, timeout=WAIT)
            texts = sent_texts([c for c in calls if c.params["chat_id"] == RESIDENT])
            assert len(texts) == 3
            assert "Vänta en stund" in texts[2]

    run(scenario())


def test_an_edited_message_is_not_asked_again(api: FakeBotAPI, data: Path) -> None:
    async def scenario() -> None:
        async with running(settings_for(api, data)):
            api.message("berglof")
            await api.wait_for_async("sendMessage", timeout=WAIT)
            api.push(
                {
                    "edited_message": {
                        "message_id": 1,
                        "date": 0,
                        "edit_date": 1,
                        "text": "bygglov",
                        "chat": {"id": RESIDENT, "type": "private"},
                        "from": {"id": RESIDENT, "is_bot": False, "first_name": "Test"},
                    }
                }
            )
            api.message("/help", user_id=OTHER_RESIDENT)
            calls = await api.wait_for_async("sendMessage", 2, timeout=WAIT)
            assert [c.params["chat_id"] for c in calls] == [RESIDENT, OTHER_RESIDENT]

    run(scenario())
