"""The Bot API stand-in, driven by the real python-telegram-bot."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Update,
)
from telegram.error import BadRequest, Conflict, InvalidToken, NetworkError, RetryAfter, TimedOut
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ExtBot,
    InlineQueryHandler,
    MessageHandler,
    filters,
)
from testing.fakebotapi import FakeBotAPI, loopback_only

App = Application[Any, Any, Any, Any, Any, Any]
AnyHandler = BaseHandler[Any, Any, Any]
# Every test here stays on loopback and fails if anything tried to leave it.
pytestmark = pytest.mark.usefixtures("offline")


def build(api: FakeBotAPI, *, token: str | None = None) -> App:
    """A real Application pointed at the fake, with timeouts short enough for tests."""
    return (
        ApplicationBuilder()
        .token(api.token if token is None else token)
        .base_url(api.base_url)
        .base_file_url(api.base_file_url)
        .get_updates_read_timeout(2)
        .build()
    )


@contextlib.asynccontextmanager
async def polling(api: FakeBotAPI, *handlers: AnyHandler) -> AsyncIterator[App]:
    """The Application running and long-polling the fake; stopped however the test ends."""
    app = build(api)
    app.add_handlers(handlers)
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=1)
    try:
        yield app
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


@contextlib.asynccontextmanager
async def bot(api: FakeBotAPI) -> AsyncIterator[ExtBot[None]]:
    """The Application's bot alone, for calling methods directly."""
    app = build(api)
    async with app.bot:
        yield app.bot


def post(
    url: str, body: bytes = b"", content_type: str | None = None
) -> tuple[int, dict[str, Any]]:
    """A plain POST, to see the fake's HTTP answers as they are."""
    headers = {} if content_type is None else {"Content-Type": content_type}
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read())


def ptb_view(description: str) -> str:
    """A pattern for part of a 400 description as PTB shows it: it drops "Bad Request: " and
    capitalises the rest, lowering every other letter."""
    return "(?i)" + re.escape(description)


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Say the text back."""
    assert update.effective_message is not None
    assert update.effective_message.text is not None
    await update.effective_message.reply_text(update.effective_message.text)


def test_serves_on_loopback_only(api: FakeBotAPI) -> None:
    host, port = api.address
    assert host == "127.0.0.1"
    assert api.base_url == f"http://127.0.0.1:{port}/bot"
    assert api.base_file_url == f"http://127.0.0.1:{port}/file/bot"
    with socket.create_connection(("127.0.0.1", port), timeout=1):
        pass


def test_loopback_guard_blocks_everything_else() -> None:
    with loopback_only() as blocked:
        with pytest.raises(PermissionError, match="loopback only"):
            socket.getaddrinfo("api.telegram.org", 443)
        with (
            socket.socket() as sock,
            pytest.raises(PermissionError, match="loopback only"),
        ):
            sock.connect(("192.0.2.1", 443))  # TEST-NET-1: would never answer anyway
        socket.getaddrinfo("localhost", 80)
    assert blocked == ["socket.getaddrinfo 'api.telegram.org'", "socket.connect '192.0.2.1'"]


def test_echo_round_trip(api: FakeBotAPI) -> None:
    async def scenario() -> None:
        async with polling(api, MessageHandler(filters.TEXT, echo)):
            update_id = api.message("Hej, vem har hand om bygglov?", user_id=4242)
            [call] = await api.wait_for_async("sendMessage")
        assert call.params == {"chat_id": 4242, "text": "Hej, vem har hand om bygglov?"}
        assert call.status == 200
        assert call.result["chat"] == {"id": 4242, "type": "private", "first_name": "Test"}
        assert call.result["from"] == api.bot_user
        # Start-up asks who the bot is and clears any webhook; the update is confirmed.
        assert [c.method for c in api.calls[:2]] == ["getMe", "deleteWebhook"]
        assert api.calls_to("getUpdates")[-1].params["offset"] == update_id + 1

    asyncio.run(scenario())


def test_commands_mentions_and_replies_reach_their_handlers(api: FakeBotAPI) -> None:
    async def reply(update: Update, context: ContextTypes.DEFAULT_TYPE, what: str) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(what)

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await reply(update, context, "start")

    async def mentioned(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await reply(update, context, "mention")

    async def replied(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await reply(update, context, "reply")

    async def scenario() -> None:
        handlers: list[AnyHandler] = [
            CommandHandler("start", start),
            MessageHandler(filters.Entity("mention"), mentioned),
            MessageHandler(filters.REPLY, replied),
        ]
        async with polling(api, *handlers):
            api.message("/start@other_bot", chat_type="supergroup")  # another bot's command
            api.message("/start@lessebo_kontakt_bot", chat_type="supergroup")
            api.message("@lessebo_kontakt_bot socialtjänsten", chat_type="supergroup")
            api.message("tack", chat_type="supergroup", reply_to_bot=True)
            calls = await api.wait_for_async("sendMessage", 3)
        # Updates are handled in order, so the first message was seen and ignored.
        assert [c.params["text"] for c in calls] == ["start", "mention", "reply"]
        assert {c.params["chat_id"] for c in calls} == {-1001234567890}
        assert len(api.calls_to("sendMessage")) == 3

    asyncio.run(scenario())


def test_pushed_messages_carry_entities_in_utf16_units(api: FakeBotAPI) -> None:
    async def scenario() -> None:
        async with bot(api) as b:
            api.message("/hitta@lessebo_kontakt_bot 😀 @lessebo_kontakt_bot", message_id=70)
            api.message("åäö", language_code=None, first_name="Åsa")
            first, second = await b.get_updates()
        assert first.message is not None
        assert first.message.message_id == 70
        assert first.message.parse_entities() == {
            first.message.entities[0]: "/hitta@lessebo_kontakt_bot",
            first.message.entities[1]: "@lessebo_kontakt_bot",
        }
        assert [(e.type, e.offset, e.length) for e in first.message.entities] == [
            ("bot_command", 0, 26),
            ("mention", 30, 20),  # the emoji counts as two units
        ]
        assert second.message is not None
        assert second.message.message_id == 71  # ids continue above one given explicitly
        assert second.message.entities == ()
        assert second.message.from_user is not None
        assert second.message.from_user.language_code is None
        assert second.message.from_user.first_name == "Åsa"
        assert second.update_id == first.update_id + 1

    asyncio.run(scenario())


def test_callback_query_round_trip(api: FakeBotAPI) -> None:
    async def menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        button = InlineKeyboardButton("Växeln", callback_data="person:växel")
        await update.effective_message.reply_text(
            "Välj:", reply_markup=InlineKeyboardMarkup([[button]])
        )

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer(f"Du valde {query.data}")

    async def scenario() -> None:
        async with polling(api, CommandHandler("meny", menu), CallbackQueryHandler(pressed)):
            api.message("/meny", user_id=7)
            [sent] = await api.wait_for_async("sendMessage")
            api.callback_query("person:växel", user_id=7, message_id=sent.result["message_id"])
            [answer] = await api.wait_for_async("answerCallbackQuery")
        assert sent.params["reply_markup"] == {
            "inline_keyboard": [[{"text": "Växeln", "callback_data": "person:växel"}]]
        }
        assert sent.result["reply_markup"] == sent.params["reply_markup"]
        assert answer.params == {
            "callback_query_id": answer.params["callback_query_id"],
            "text": "Du valde person:växel",
        }
        assert answer.status == 200

    asyncio.run(scenario())


def test_inline_query_round_trip(api: FakeBotAPI) -> None:
    async def search(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.inline_query
        assert query is not None
        content = InputTextMessageContent(f"Växeln: 0478-125 00 ({query.query})")
        await query.answer([InlineQueryResultArticle("1", "Växeln", content)], cache_time=0)

    async def scenario() -> None:
        async with polling(api, InlineQueryHandler(search)):
            api.inline_query("växel", user_id=9)
            [call] = await api.wait_for_async("answerInlineQuery")
        assert isinstance(call.params["inline_query_id"], str)
        assert call.params["cache_time"] == 0
        assert call.params["results"] == [
            {
                "type": "article",
                "id": "1",
                "title": "Växeln",
                "input_message_content": {"message_text": "Växeln: 0478-125 00 (växel)"},
            }
        ]
        assert call.status == 200

    asyncio.run(scenario())


def test_get_updates_honours_offset_limit_and_allowed_updates(api: FakeBotAPI) -> None:
    async def scenario() -> None:
        async with bot(api) as b:
            first = api.message("ett")
            api.message("två")
            assert [u.update_id for u in await b.get_updates(limit=1)] == [first]
            pending = await b.get_updates()
            assert [u.update_id for u in pending] == [first, first + 1]
            # An offset confirms everything below it: those are never delivered again.
            assert await b.get_updates(offset=first + 2) == ()
            third = api.inline_query("bygglov")
            assert [u.update_id for u in await b.get_updates(offset=first + 2)] == [third]
            # allowed_updates filters, and is remembered when a later call leaves it out.
            api.message("fyra")
            assert await b.get_updates(offset=third + 1, allowed_updates=["inline_query"]) == ()
            assert await b.get_updates(offset=third + 1) == ()
            got = await b.get_updates(offset=third + 1, allowed_updates=[])
            assert [u.effective_message.text for u in got if u.effective_message] == ["fyra"]
            # A long poll returns as soon as an update arrives.
            loop = asyncio.get_running_loop()
            loop.call_later(0.2, api.message, "fem")
            started = time.monotonic()
            got = await b.get_updates(offset=got[-1].update_id + 1, timeout=5)
            assert [u.effective_message.text for u in got if u.effective_message] == ["fem"]
            assert time.monotonic() - started < 2

    asyncio.run(scenario())


def test_application_handles_each_update_once(api: FakeBotAPI) -> None:
    async def scenario() -> None:
        async with polling(api, MessageHandler(filters.TEXT, echo)):
            for text in ("a", "b", "c"):
                api.message(text)
            await api.wait_for_async("sendMessage", 3)
            # Had the first three been delivered again, their echoes would come before this.
            api.message("d")
            await api.wait_for_async("sendMessage", 4)
        assert [c.params["text"] for c in api.calls_to("sendMessage")] == ["a", "b", "c", "d"]
        offsets = [c.params.get("offset", 0) for c in api.calls_to("getUpdates")]
        assert offsets == sorted(offsets)

    asyncio.run(scenario())


def test_server_error_reaches_the_handler_as_network_error(api: FakeBotAPI) -> None:
    errors: list[Exception] = []

    async def careful_echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        try:
            await echo(update, context)
        except NetworkError as exc:
            errors.append(exc)

    async def scenario() -> None:
        api.fail("sendMessage", times=2)
        async with polling(api, MessageHandler(filters.TEXT, careful_echo)):
            for text in ("ett", "två", "tre"):
                api.message(text)
            calls = await api.wait_for_async("sendMessage", 3)
        assert [c.status for c in calls] == [500, 500, 200]  # faults are used up in order
        assert calls[2].params["text"] == "tre"
        assert [type(e) for e in errors] == [NetworkError, NetworkError]
        assert str(errors[0]) == "Internal Server Error"

    asyncio.run(scenario())


def test_flood_limit_raises_retry_after_with_its_value(api: FakeBotAPI) -> None:
    async def scenario() -> None:
        api.fail("sendMessage", status=429, retry_after=7)
        async with bot(api) as b:
            api.message("hej")
            await b.get_updates()
            with pytest.raises(RetryAfter) as raised:
                await b.send_message(1001, "hej")
            assert raised.value.retry_after == timedelta(seconds=7)
            await b.send_message(1001, "hej")
        assert [c.status for c in api.calls_to("sendMessage")] == [429, 200]

    asyncio.run(scenario())


def test_dropped_connection_is_network_error(api: FakeBotAPI) -> None:
    async def scenario() -> None:
        api.drop_connection("sendMessage")
        async with bot(api) as b:
            api.message("hej")
            await b.get_updates()
            with pytest.raises(NetworkError, match="disconnected") as raised:
                await b.send_message(1001, "hej")
            assert not isinstance(raised.value, TimedOut)
            await b.send_message(1001, "igen")
        assert [c.status for c in api.calls_to("sendMessage")] == [0, 200]

    asyncio.run(scenario())


def test_wrong_token_is_invalid_token_at_initialize(api: FakeBotAPI) -> None:
    async def scenario() -> None:
        app = build(api, token="999:WRONG")
        try:
            with pytest.raises(InvalidToken, match="rejected by the server"):
                await app.initialize()
        finally:
            await app.bot.shutdown()  # the Application did not get far enough to own it
        [call] = api.calls
        assert (call.method, call.status) == ("getMe", 401)
        assert api.paths == ["/bot999:WRONG/getMe"]

    asyncio.run(scenario())


def test_stop_returns_promptly_while_a_long_poll_waits() -> None:
    def server_threads() -> list[str]:
        names = (t.name for t in threading.enumerate())
        return [n for n in names if n == "FakeBotAPI" or "process_request" in n]

    async def scenario() -> None:
        with FakeBotAPI() as api:
            async with bot(api) as b:
                poll = asyncio.create_task(b.get_updates(timeout=30))
                await api.wait_for_async("getUpdates")
                await asyncio.sleep(0.1)  # the request is now parked in the server
                assert not poll.done()
                started = time.monotonic()
                api.stop()
                assert time.monotonic() - started < 1
                assert server_threads() == []
                # The waiting poll was answered, empty, before the connection closed.
                assert await asyncio.wait_for(poll, 1) == ()

    asyncio.run(scenario())


def test_unknown_method_and_wrong_token_over_plain_http(api: FakeBotAPI) -> None:
    assert post(f"{api.base_url}{api.token}/getMe") == (200, {"ok": True, "result": api.bot_user})
    assert post(f"{api.base_url}{api.token}/sendPigeon") == (
        404,
        {"ok": False, "error_code": 404, "description": "Not Found: method not found"},
    )
    assert post(f"{api.base_url}0:NOPE/getMe") == (
        401,
        {"ok": False, "error_code": 401, "description": "Unauthorized"},
    )
    # Method names are case-insensitive, as on the real service.
    assert post(f"{api.base_url}{api.token}/getme")[0] == 200
    api.fail("getMe", status=429, retry_after=3)
    assert post(f"{api.base_url}{api.token}/getMe") == (
        429,
        {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 3",
            "parameters": {"retry_after": 3},
        },
    )
    assert [c.method for c in api.calls] == ["getMe", "sendPigeon", "getMe", "getMe", "getMe"]


def test_bodies_are_read_as_forms_and_nothing_else(api: FakeBotAPI) -> None:
    url = f"{api.base_url}{api.token}/getMe"
    assert post(url, b"x=1&y=", "application/x-www-form-urlencoded")[0] == 200
    assert api.calls[-1].raw == {"x": "1", "y": ""}
    # PTB sends every request without a file as a form; another encoding is refused, not misread.
    for body, content_type in [
        (b'{"x": 1}', "application/json"),
        (
            b'--b\r\nContent-Disposition: form-data; name="x"\r\n\r\n1\r\n--b--\r\n',
            "multipart/form-data; boundary=b",
        ),
    ]:
        assert post(url, body, content_type) == (
            400,
            {
                "ok": False,
                "error_code": 400,
                "description": "Bad Request: can't parse request body",
            },
        )
    assert len(api.calls) == 1


def test_responses_parse_as_ptb_objects(api: FakeBotAPI) -> None:
    async def scenario() -> None:
        async with bot(api) as b:
            assert b.username == "lessebo_kontakt_bot"
            assert b.bot.supports_inline_queries is True
            me = await b.get_me()
            assert me.is_bot
            assert me.id == 123456

            commands = [BotCommand("start", "Börja"), BotCommand("hitta", "Sök en person")]
            assert await b.set_my_commands(commands) is True
            assert await b.set_my_commands(commands[:1], language_code="en")

            assert await b.set_webhook("https://example.invalid/hook", secret_token="s3cret")
            with pytest.raises(Conflict, match="webhook is active"):
                await b.get_updates()
            api.message("hej")
            assert await b.delete_webhook(drop_pending_updates=True)
            assert await b.get_updates() == ()

            api.message("kontakt?")
            await b.get_updates()
            contact = await b.send_contact(1001, "+46478125000", "Växeln", vcard="BEGIN:VCARD")
            assert contact.contact is not None
            assert contact.contact.phone_number == "+46478125000"
            assert contact.contact.vcard == "BEGIN:VCARD"
        [webhook] = api.calls_to("setWebhook")
        assert webhook.params["secret_token"] == "s3cret"
        [_, english] = api.calls_to("setMyCommands")
        assert english.params == {
            "commands": [{"command": "start", "description": "Börja"}],
            "language_code": "en",
        }

    asyncio.run(scenario())


def test_parameters_are_decoded_as_the_api_types_them(api: FakeBotAPI) -> None:
    async def scenario() -> None:
        async with bot(api) as b:
            api.message("hej")
            await b.get_updates()
            await b.send_message(1001, "123", disable_notification=True, parse_mode="HTML")
        [call] = api.calls_to("sendMessage")
        # PTB sends strings as they are and JSON for the rest; "123" is still text.
        assert call.raw == {
            "chat_id": "1001",
            "text": "123",
            "disable_notification": "true",
            "parse_mode": "HTML",
        }
        assert call.params == {
            "chat_id": 1001,
            "text": "123",
            "disable_notification": True,
            "parse_mode": "HTML",
        }

    asyncio.run(scenario())


@pytest.mark.parametrize(
    ("text", "parse_mode", "message"),
    [
        ("", None, "message text is empty"),
        ("x" * 4097, None, "message is too long"),
        ("a < b", "HTML", "Unclosed start tag at byte offset 2"),
        ("<b>fet", "HTML", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", "HTML", 'Unmatched end tag, expected "</b>", found "</i>"'),
        ("åå<p>", "HTML", 'Unsupported start tag "p" at byte offset 4'),
        ('<span class="x">x</span>', "HTML", 'Tag "span" must have class "tg-spoiler"'),
    ],
)
def test_send_message_rejects_what_the_real_service_rejects(
    api: FakeBotAPI, text: str, parse_mode: str | None, message: str
) -> None:
    async def scenario() -> None:
        async with bot(api) as b:
            api.message("hej")
            await b.get_updates()
            with pytest.raises(BadRequest, match=ptb_view(message)):
                await b.send_message(1001, text, parse_mode=parse_mode)

    asyncio.run(scenario())


def test_other_bad_requests_match_the_real_service(api: FakeBotAPI) -> None:
    async def scenario() -> None:
        async with bot(api) as b:
            with pytest.raises(BadRequest, match=ptb_view("chat not found")):
                await b.send_message(1001, "hej")  # the user never wrote to the bot
            api.message("hej")
            await b.get_updates()
            sent = await b.send_message(
                1001, "<b>Bygg</b> &amp; miljö &#228; &#xE4;", parse_mode="HTML"
            )
            assert sent.text == "Bygg & miljö ä ä"
            too_long = InlineKeyboardButton("x", callback_data="ö" * 33)  # 66 bytes
            with pytest.raises(BadRequest, match=ptb_view("BUTTON_DATA_INVALID")):
                await b.send_message(1001, "x", reply_markup=InlineKeyboardMarkup([[too_long]]))
            with pytest.raises(BadRequest, match=ptb_view("BOT_COMMAND_INVALID")):
                await b.set_my_commands([BotCommand("Hitta", "Sök")])
            with pytest.raises(BadRequest, match=ptb_view("query ID is invalid")):
                await b.answer_callback_query("nonexistent")

    asyncio.run(scenario())


def test_a_second_poller_ends_the_first_with_conflict(api: FakeBotAPI) -> None:
    async def scenario() -> None:
        async with bot(api) as first, bot(api) as second:
            waiting = asyncio.create_task(first.get_updates(timeout=5))
            await api.wait_for_async("getUpdates")
            assert await second.get_updates(timeout=0) == ()
            with pytest.raises(Conflict, match="terminated by other getUpdates request"):
                await asyncio.wait_for(waiting, 2)

    asyncio.run(scenario())


def test_pushed_updates_keep_their_ids_increasing(api: FakeBotAPI) -> None:
    assert api.push({"update_id": 500, "message": {}}) == 500
    assert api.message("hej") == 501
    with pytest.raises(ValueError, match="update_id 501 is not above 501"):
        api.push({"update_id": 501, "message": {}})
    with pytest.raises(ValueError, match="a private chat has its user's id"):
        api.message("hej", user_id=5, chat_id=-100)
    assert api.message("hej", user_id=5, chat_id=-100, chat_type="group") == 502


def test_wait_for_says_what_it_saw(api: FakeBotAPI) -> None:
    post(f"{api.base_url}{api.token}/getMe")
    with pytest.raises(AssertionError) as raised:
        api.wait_for("sendMessage", timeout=0.05)
    assert str(raised.value) == (
        "expected 1 call(s) to sendMessage within 0.05 s, saw 0; "
        "other calls besides 0 getUpdates: ['getMe(200) {}']"
    )
    assert [c.method for c in api.wait_for("getMe")] == ["getMe"]

    async def inside_a_loop() -> None:
        with pytest.raises(RuntimeError, match="wait_for_async"):
            api.wait_for("getMe")
        with pytest.raises(AssertionError, match="expected 2 call"):
            await api.wait_for_async("getMe", 2, timeout=0.05)

    asyncio.run(inside_a_loop())
