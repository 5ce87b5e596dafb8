"""A stand-in for the Telegram Bot API, served over HTTP on 127.0.0.1 for end-to-end tests.

The real python-telegram-bot ``Application`` long-polls it like the real service: tests push
updates, the bot's handlers run, and the tests assert on the recorded calls. The server is the
standard library's ``ThreadingHTTPServer`` in a background thread, so it does not depend on the
event loop the bot runs on.

    with FakeBotAPI() as api:
        app = ApplicationBuilder().token(api.token).base_url(api.base_url) ... .build()
        ...
        api.message("/start")
        [call] = await api.wait_for_async("sendMessage")

Request parameters arrive as PTB sends them: form fields (multipart when a file is uploaded)
where strings are sent as they are and everything else is JSON-encoded. The fake decodes them
back, knowing which Bot API parameters are strings, so ``params["text"] == "123"`` stays a
string while ``params["chat_id"] == 123`` and ``params["reply_markup"]`` is a dict.

Where the real service rejects a request a bot could plausibly make, the fake rejects it the
same way (HTTP 400 with a ``Bad Request: ...`` description, which PTB raises as ``BadRequest``):
sending to a chat that never wrote to the bot, malformed HTML with ``parse_mode="HTML"``,
callback data over 64 bytes, editing a message that does not exist or would not change,
answering an unknown callback or inline query, and invalid command names.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.parser
import email.policy
import ipaddress
import json
import re
import socket
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Final
from urllib.parse import parse_qsl, urlsplit

__all__ = ["Call", "FakeBotAPI", "UploadedFile", "loopback_only"]

Json = dict[str, Any]
Handler = Callable[[Json], object]

# Bot API parameters typed String (or a file_id / attach:// string). PTB sends strings as they
# are and everything else as JSON, so only these must be kept from JSON-decoding ("123" text).
_STRING_PARAMS: Final = frozenset(
    {
        "action",
        "address",
        "animation",
        "audio",
        "business_connection_id",
        "callback_query_id",
        "caption",
        "currency",
        "custom_title",
        "description",
        "document",
        "emoji",
        "explanation",
        "file_id",
        "first_name",
        "foursquare_id",
        "foursquare_type",
        "game_short_name",
        "google_place_id",
        "google_place_type",
        "inline_message_id",
        "inline_query_id",
        "invite_link",
        "ip_address",
        "language_code",
        "last_name",
        "message_effect_id",
        "name",
        "next_offset",
        "parse_mode",
        "payload",
        "phone_number",
        "photo",
        "provider_token",
        "query",
        "question",
        "secret_token",
        "short_description",
        "start_parameter",
        "sticker",
        "switch_pm_parameter",
        "switch_pm_text",
        "text",
        "thumbnail",
        "title",
        "url",
        "vcard",
        "video",
        "video_note",
        "voice",
    }
)

# Update types the real service leaves out until a bot asks for them in allowed_updates.
_OPT_IN_UPDATES: Final = frozenset({"chat_member", "message_reaction", "message_reaction_count"})

_HTML_TAGS: Final = frozenset(
    {
        "a",
        "b",
        "blockquote",
        "code",
        "del",
        "em",
        "i",
        "ins",
        "pre",
        "s",
        "span",
        "strike",
        "strong",
        "tg-emoji",
        "tg-spoiler",
        "u",
    }
)
_HTML_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)([^<>]*)>")
_HTML_ENTITY = re.compile(r"&(lt|gt|amp|quot|#[0-9]+|#x[0-9A-Fa-f]+);")
_HTML_ENTITY_TEXT: Final = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}

# A /command (optionally /command@bot) or an @username, each starting a word, as clients mark them.
_ENTITY = re.compile(
    r"(?<![\w/@])(?:(?P<command>/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?)|(?P<mention>@[A-Za-z0-9_]{5,32}))(?!\w)"
)
_COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")
_API_PATH = re.compile(r"/bot(?P<token>[^/]*)/(?P<method>[A-Za-z]+)")

_MAX_TEXT = 4096
_MAX_CALLBACK_DATA = 64
_SERVE_POLL_INTERVAL = 0.05


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request."""

    filename: str | None
    content_type: str
    content: bytes


@dataclass(frozen=True)
class Call:
    """One request the bot made, with its parameters decoded as the Bot API types them.

    ``status`` is the HTTP status answered (0 for a dropped connection); ``result`` is the
    ``result`` sent back on success, except for getUpdates, which is recorded on arrival (so
    tests can see a long poll waiting) and keeps ``result`` as None. ``raw`` holds the form
    values exactly as sent.
    """

    method: str
    params: Json
    at: float
    status: int = HTTPStatus.OK
    result: Any = None
    raw: dict[str, str | UploadedFile] | None = None


@dataclass(frozen=True)
class _Fault:
    status: int
    description: str
    retry_after: int | None
    drop: bool


class _APIError(Exception):
    def __init__(self, status: int, description: str, parameters: Json | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


@dataclass(frozen=True)
class _LongPoll:
    """Returned by getUpdates once its parameters are accepted; ``wait`` gives the result."""

    wait: Callable[[], list[Json]]


@dataclass
class _Stored:
    """A message the bot sent (or a test placed in a chat as the bot's), and what made it."""

    message: Json
    source: tuple[object, ...]


class FakeBotAPI:
    """A Bot API server on an ephemeral port of 127.0.0.1; use as a context manager."""

    def __init__(
        self,
        *,
        token: str = "123456:TEST-TOKEN",  # noqa: S107 -- a made-up token for a local fake
        bot_username: str = "lessebo_kontakt_bot",
    ) -> None:
        self.token = token
        bot_id = token.partition(":")[0]
        self.bot_user: Json = {
            "id": int(bot_id) if bot_id.isdigit() else 123456,
            "is_bot": True,
            "first_name": "Kontakt",
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
        }
        # One condition guards all state below and wakes long polls and waiters.
        self._state = threading.Condition()
        self._calls: list[Call] = []
        self._paths: list[str] = []
        self._faults: dict[str, deque[_Fault]] = {}
        self._updates: list[Json] = []
        self._last_update_id = 0
        self._last_message_id = 0
        self._last_query_id = 0
        self._allowed_updates: frozenset[str] | None = None
        self._poll_generation = 0
        self._chats: dict[int, Json] = {}
        self._messages: dict[tuple[int, int], _Stored] = {}
        self._open_queries: set[str] = set()
        self._commands: dict[tuple[str, str], list[Json]] = {}
        self._webhook_url = ""
        self._webhook_secret = ""
        self._errors: list[BaseException] = []
        self._stopping = False
        self._answering = 0  # requests read and not yet answered
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._methods: dict[str, Handler] = {
            "getMe": lambda _: self.bot_user,
            "getUpdates": self._get_updates,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "sendContact": self._send_contact,
            "sendDocument": self._send_document,
            "sendChatAction": self._send_chat_action,
            "answerCallbackQuery": self._answer_query,
            "answerInlineQuery": self._answer_query,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "close": lambda _: True,
            "logOut": lambda _: True,
        }
        # Method names are case-insensitive on the real service.
        self._method_names = {name.lower(): name for name in self._methods}

    # Life cycle

    def start(self) -> None:
        """Bind 127.0.0.1 on a free port and serve in a background thread."""
        if self._server is not None:
            raise RuntimeError("FakeBotAPI is already started")
        self._stopping = False
        self._server = _Server(self)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": _SERVE_POLL_INTERVAL},
            name="FakeBotAPI",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop serving, answering waiting long polls, and close every connection.

        Raises RuntimeError if the fake itself failed while handling a request.
        """
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        with self._state:
            self._stopping = True
            self._state.notify_all()
            # Long polls now answer; let them finish writing before connections close.
            deadline = time.monotonic() + 1
            while self._answering and self._wait(deadline):
                pass
        server.shutdown()
        server.close_connections()
        server.server_close()  # joins the request threads, which now all end promptly
        thread.join()
        self._server = self._thread = None
        if self._errors:
            raise RuntimeError("FakeBotAPI failed while handling a request") from self._errors[0]

    def __enter__(self) -> FakeBotAPI:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def address(self) -> tuple[str, int]:
        """The (host, port) the server listens on."""
        host, port = self._running().server_address[:2]
        return str(host), int(port)

    @property
    def base_url(self) -> str:
        """For ``ApplicationBuilder().base_url(...)``: PTB appends the token and method."""
        host, port = self.address
        return f"http://{host}:{port}/bot"

    @property
    def base_file_url(self) -> str:
        """For ``ApplicationBuilder().base_file_url(...)``, so file downloads stay local too."""
        host, port = self.address
        return f"http://{host}:{port}/file/bot"

    # Updates

    def push(self, update: Json) -> int:
        """Queue an update for getUpdates and return its update_id (assigned if missing)."""
        with self._state:
            update_id = update.get("update_id")
            if update_id is None:
                update_id = self._last_update_id + 1
            elif update_id <= self._last_update_id:
                raise ValueError(f"update_id {update_id} is not above {self._last_update_id}")
            self._last_update_id = update_id
            update = {**update, "update_id": update_id}
            self._note_update(update)
            self._updates.append(update)
            self._state.notify_all()
            return int(update_id)

    def message(
        self,
        text: str,
        *,
        user_id: int = 1001,
        chat_id: int | None = None,
        chat_type: str = "private",
        language_code: str | None = "sv",
        first_name: str = "Test",
        reply_to_bot: bool = False,
        message_id: int | None = None,
    ) -> int:
        """Push a text message from a user, with the entities a client adds for commands and
        mentions. ``reply_to_bot`` makes it a reply to the bot's latest message in the chat."""
        user = self._user(user_id, first_name, language_code)
        chat = self._chat_for(chat_id, chat_type, user)
        with self._state:
            message: Json = {
                "message_id": self._next_message_id(message_id),
                "from": user,
                "chat": chat,
                "date": int(time.time()),
                "text": text,
            }
            entities = _entities(text)
            if entities:
                message["entities"] = entities
            if reply_to_bot:
                message["reply_to_message"] = self._latest_bot_message(chat)
        return self.push({"message": message})

    def callback_query(
        self,
        data: str,
        *,
        user_id: int = 1001,
        chat_id: int | None = None,
        message_id: int = 1,
        language_code: str | None = "sv",
    ) -> int:
        """Push a button press on the bot's message ``message_id`` (a placeholder message from
        the bot is put in the chat if it sent none with that id)."""
        user = self._user(user_id, "Test", language_code)
        chat = self._chat_for(chat_id, None, user)
        with self._state:
            stored = self._messages.get((chat["id"], message_id))
            if stored is None:
                self._next_message_id(message_id)
                stored = self._store(self._bot_message(chat, message_id, "…"), ("…", None, None))
            query_id = self._next_query_id()
            query: Json = {
                "id": query_id,
                "from": user,
                "message": stored.message,
                "chat_instance": f"instance-{chat['id']}",
                "data": data,
            }
        return self.push({"callback_query": query})

    def inline_query(
        self, query: str, *, user_id: int = 1001, language_code: str | None = "sv"
    ) -> int:
        """Push an inline query (``@bot query`` typed in any chat)."""
        user = self._user(user_id, "Test", language_code)
        with self._state:
            inline: Json = {
                "id": self._next_query_id(),
                "from": user,
                "query": query,
                "offset": "",
                "chat_type": "sender",
            }
        return self.push({"inline_query": inline})

    # Recorded calls

    @property
    def calls(self) -> list[Call]:
        """Every API request the bot made, in order of arrival (a copy)."""
        with self._state:
            return list(self._calls)

    @property
    def paths(self) -> list[str]:
        """Every request path seen, including ones that matched no method (a copy)."""
        with self._state:
            return list(self._paths)

    def calls_to(self, method: str) -> list[Call]:
        """The calls to one method, in order."""
        with self._state:
            return [call for call in self._calls if call.method == method]

    def wait_for(self, method: str, count: int = 1, *, timeout: float = 5.0) -> list[Call]:
        """Block until ``count`` calls to ``method`` have been made; return the first ``count``.

        For a bot running in another thread or process. Inside an event loop (where the bot
        would be starved while this blocks) use ``wait_for_async``.
        """
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            pass  # no loop in this thread: blocking is safe
        else:
            raise RuntimeError(
                "wait_for would block the event loop the bot runs on; "
                "use `await api.wait_for_async(...)`"
            )
        deadline = time.monotonic() + timeout
        with self._state:
            while len(self.calls_to(method)) < count and self._wait(deadline):
                pass
        return self._enough(method, count, timeout)

    async def wait_for_async(
        self, method: str, count: int = 1, *, timeout: float = 5.0
    ) -> list[Call]:
        """Like ``wait_for``, yielding to the event loop while waiting."""
        deadline = time.monotonic() + timeout
        while len(self.calls_to(method)) < count and time.monotonic() < deadline:
            await asyncio.sleep(0.005)
        return self._enough(method, count, timeout)

    # Faults

    def fail(
        self,
        method: str,
        *,
        status: int = HTTPStatus.INTERNAL_SERVER_ERROR,
        times: int = 1,
        retry_after: int | None = None,
        description: str | None = None,
    ) -> None:
        """Answer the next ``times`` calls to ``method`` with an error.

        A 429 carries ``parameters.retry_after`` (1 s unless given), from which PTB raises
        ``RetryAfter``; 401 and 404 become ``InvalidToken``, 400 ``BadRequest``, 403
        ``Forbidden``, 409 ``Conflict`` and anything else ``NetworkError``.
        """
        if status == HTTPStatus.TOO_MANY_REQUESTS and retry_after is None:
            retry_after = 1
        if description is None:
            description = _default_description(status, retry_after)
        self._add_faults(method, times, _Fault(status, description, retry_after, drop=False))

    def drop_connection(self, method: str, *, times: int = 1) -> None:
        """Close the connection of the next ``times`` calls to ``method`` without answering;
        PTB raises ``NetworkError`` ("Server disconnected without sending a response")."""
        self._add_faults(method, times, _Fault(0, "", None, drop=True))

    # Internals: waiting

    @contextlib.contextmanager
    def _answering_one(self) -> Iterator[None]:
        with self._state:
            self._answering += 1
        try:
            yield
        finally:
            with self._state:
                self._answering -= 1
                self._state.notify_all()

    def _running(self) -> _Server:
        if self._server is None:
            raise RuntimeError("FakeBotAPI is not started; use it as a context manager")
        return self._server

    def _wait(self, deadline: float) -> bool:
        """Wait (holding the condition) for a change; False once the deadline has passed."""
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return False
        self._state.wait(remaining)
        return True

    def _enough(self, method: str, count: int, timeout: float) -> list[Call]:
        calls = self.calls_to(method)
        if len(calls) >= count:
            return calls[:count]
        seen = [
            f"{call.method}({call.status}) {call.params}"
            for call in self.calls
            if call.method != "getUpdates"
        ]
        polls = len(self.calls_to("getUpdates"))
        raise AssertionError(
            f"expected {count} call(s) to {method} within {timeout} s, saw {len(calls)}; "
            f"other calls besides {polls} getUpdates: {seen or 'none'}"
        )

    def _add_faults(self, method: str, times: int, fault: _Fault) -> None:
        if method not in self._methods:
            raise ValueError(f"{method!r} is not a method the fake serves")
        with self._state:
            self._faults.setdefault(method, deque()).extend([fault] * times)

    # Internals: serving one request (called from the server's threads)

    def _serve(self, path: str, raw: dict[str, str | UploadedFile]) -> tuple[int, Json] | None:
        """Answer one request: (HTTP status, response body), or None to hang up."""
        at = time.monotonic()
        matched = _API_PATH.fullmatch(urlsplit(path).path)
        with self._state:
            self._paths.append(path)
        if matched is None:
            return _error(HTTPStatus.NOT_FOUND, "Not Found")
        token, name = matched["token"], matched["method"]
        method = self._method_names.get(name.lower(), name)
        params = {key: _decode(key, value) for key, value in raw.items()}

        def record(status: int, result: object = None) -> None:
            with self._state:
                self._calls.append(Call(method, params, at, int(status), result, raw))
                self._state.notify_all()

        if token != self.token:
            record(HTTPStatus.UNAUTHORIZED)
            return _error(HTTPStatus.UNAUTHORIZED, "Unauthorized")
        handler = self._methods.get(method)
        if handler is None:
            record(HTTPStatus.NOT_FOUND)
            return _error(HTTPStatus.NOT_FOUND, "Not Found: method not found")
        with self._state:
            faults = self._faults.get(method)
            fault = faults.popleft() if faults else None
        if fault is not None:
            record(fault.status)
            if fault.drop:
                return None
            parameters = None if fault.retry_after is None else {"retry_after": fault.retry_after}
            return _error(fault.status, fault.description, parameters)
        recorded = False
        try:
            with self._state:
                result = handler(params)
                if isinstance(result, _LongPoll):
                    # Recorded before waiting, so tests can see a long poll in progress.
                    record(HTTPStatus.OK)
                    recorded = True
                    result = result.wait()
        except _APIError as exc:
            if not recorded:
                record(exc.status)
            return _error(exc.status, exc.description, exc.parameters)
        if not recorded:
            record(HTTPStatus.OK, result)
        return HTTPStatus.OK, {"ok": True, "result": result}

    # Internals: state (all called holding self._state)

    def _next_message_id(self, wanted: int | None = None) -> int:
        """A new message id, or ``wanted``, keeping later automatic ids above it."""
        if wanted is None:
            self._last_message_id += 1
            return self._last_message_id
        self._last_message_id = max(self._last_message_id, wanted)
        return wanted

    def _next_query_id(self) -> str:
        self._last_query_id += 1
        query_id = str(4_000_000_000 + self._last_query_id)
        self._open_queries.add(query_id)
        return query_id

    def _user(self, user_id: int, first_name: str, language_code: str | None) -> Json:
        user: Json = {"id": user_id, "is_bot": False, "first_name": first_name}
        if language_code is not None:
            user["language_code"] = language_code
        return user

    def _chat_for(self, chat_id: int | None, chat_type: str | None, user: Json) -> Json:
        """The chat of a pushed update: one seen before, or a new one of ``chat_type`` (when
        None: private for the user, else a group or supergroup as the id's sign and -100
        prefix tell)."""
        if chat_id is not None:
            with self._state:
                known = self._chats.get(chat_id)
            if known is not None and chat_type in (None, known["type"]):
                return known
        if chat_type is None:
            if chat_id is None or chat_id > 0:
                chat_type = "private"
            else:
                chat_type = "supergroup" if str(chat_id).startswith("-100") else "group"
        if chat_type == "private":
            if chat_id not in (None, user["id"]):
                raise ValueError(
                    f"a private chat has its user's id ({user['id']}), not {chat_id}; "
                    "pass chat_type for a group"
                )
            return {"id": user["id"], "type": "private", "first_name": user["first_name"]}
        if chat_type not in ("group", "supergroup"):
            raise ValueError(f"chat_type {chat_type!r}: users write in private chats and groups")
        if chat_id is None:
            chat_id = -1001234567890 if chat_type == "supergroup" else -123456789
        return {"id": chat_id, "type": chat_type, "title": "Test"}

    def _note_update(self, update: Json) -> None:
        """Remember the chats and queries an update brings, as the real service knows them."""
        for kind in ("message", "edited_message", "channel_post", "callback_query"):
            body = update.get(kind)
            if not isinstance(body, dict):
                continue
            message = body.get("message") if kind == "callback_query" else body
            if isinstance(message, dict) and isinstance(message.get("chat"), dict):
                chat = message["chat"]
                self._chats[chat["id"]] = chat
        for kind in ("callback_query", "inline_query"):
            body = update.get(kind)
            if isinstance(body, dict) and "id" in body:
                self._open_queries.add(str(body["id"]))

    def _chat(self, chat_id: object) -> Json:
        chat = self._chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None:
            raise _APIError(HTTPStatus.BAD_REQUEST, "Bad Request: chat not found")
        return chat

    def _bot_message(self, chat: Json, message_id: int, text: str) -> Json:
        return {
            "message_id": message_id,
            "from": self.bot_user,
            "chat": chat,
            "date": int(time.time()),
            "text": text,
        }

    def _store(self, message: Json, source: tuple[object, ...]) -> _Stored:
        stored = _Stored(message, source)
        self._messages[(message["chat"]["id"], message["message_id"])] = stored
        return stored

    def _latest_bot_message(self, chat: Json) -> Json:
        mine = [key for key in self._messages if key[0] == chat["id"]]
        if mine:
            return self._messages[max(mine)].message
        message = self._bot_message(chat, self._next_message_id(), "…")
        return self._store(message, ("…", None, None)).message

    def _stored(self, params: Json, action: str) -> _Stored:
        chat_id, message_id = params.get("chat_id"), params.get("message_id")
        if isinstance(chat_id, int) and isinstance(message_id, int):
            stored = self._messages.get((chat_id, message_id))
            if stored is not None:
                return stored
        raise _APIError(HTTPStatus.BAD_REQUEST, f"Bad Request: message to {action} not found")

    # Internals: methods (all called holding self._state)

    def _get_updates(self, params: Json) -> _LongPoll:
        self._poll_generation += 1
        generation = self._poll_generation
        self._state.notify_all()  # a poll still waiting is now superseded
        if self._webhook_url:
            raise _APIError(
                HTTPStatus.CONFLICT,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = int(params.get("offset") or 0)
        if offset > 0:  # confirms every update below the offset
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif offset < 0:  # only the last -offset updates remain
            self._updates = self._updates[offset:]
        allowed = params.get("allowed_updates")
        if allowed is not None:
            self._allowed_updates = frozenset(allowed) or None
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        deadline = time.monotonic() + float(params.get("timeout") or 0)

        def wait() -> list[Json]:
            while True:
                if generation != self._poll_generation:
                    raise _APIError(
                        HTTPStatus.CONFLICT,
                        "Conflict: terminated by other getUpdates request; "
                        "make sure that only one bot instance is running",
                    )
                ready = [u for u in self._updates if self._is_allowed(u)][:limit]
                if ready or self._stopping or not self._wait(deadline):
                    return ready

        return _LongPoll(wait)

    def _is_allowed(self, update: Json) -> bool:
        kind = next((key for key in update if key != "update_id"), "")
        if self._allowed_updates is None:
            return kind not in _OPT_IN_UPDATES
        return kind in self._allowed_updates

    def _send_message(self, params: Json) -> Json:
        chat = self._chat(params.get("chat_id"))
        text = _render(params)
        markup = _inline_markup(params)
        message = self._bot_message(chat, self._next_message_id(), text)
        if markup is not None:
            message["reply_markup"] = markup
        source = (params.get("text"), params.get("parse_mode"), markup)
        return self._store(message, source).message

    def _edit_message_text(self, params: Json) -> Json | bool:
        text = _render(params)
        markup = _inline_markup(params)
        if "inline_message_id" in params:
            return True
        stored = self._stored(params, "edit")
        source = (params.get("text"), params.get("parse_mode"), markup)
        if source == stored.source:
            raise _APIError(HTTPStatus.BAD_REQUEST, _NOT_MODIFIED)
        message = {**stored.message, "text": text, "edit_date": int(time.time())}
        message.pop("reply_markup", None)
        if markup is not None:
            message["reply_markup"] = markup
        return self._store(message, source).message

    def _edit_message_reply_markup(self, params: Json) -> Json | bool:
        markup = _inline_markup(params)
        if "inline_message_id" in params:
            return True
        stored = self._stored(params, "edit")
        if markup == stored.source[2]:
            raise _APIError(HTTPStatus.BAD_REQUEST, _NOT_MODIFIED)
        message = {**stored.message, "edit_date": int(time.time())}
        message.pop("reply_markup", None)
        if markup is not None:
            message["reply_markup"] = markup
        return self._store(message, (*stored.source[:2], markup)).message

    def _delete_message(self, params: Json) -> bool:
        message = self._stored(params, "delete").message
        del self._messages[(message["chat"]["id"], message["message_id"])]
        return True

    def _send_contact(self, params: Json) -> Json:
        chat = self._chat(params.get("chat_id"))
        contact = {
            key: params[key]
            for key in ("phone_number", "first_name", "last_name", "vcard")
            if key in params
        }
        message = self._bot_message(chat, self._next_message_id(), "")
        del message["text"]
        message["contact"] = contact
        return self._store(message, (None, None, None)).message

    def _send_document(self, params: Json) -> Json:
        chat = self._chat(params.get("chat_id"))
        document = params.get("document")
        message = self._bot_message(chat, self._next_message_id(), "")
        del message["text"]
        file_id = f"document-{message['message_id']}"
        message["document"] = {"file_id": file_id, "file_unique_id": file_id}
        if isinstance(document, UploadedFile):
            message["document"] |= {
                "file_name": document.filename,
                "mime_type": document.content_type,
                "file_size": len(document.content),
            }
        if "caption" in params:
            message["caption"] = params["caption"]
        return self._store(message, (None, None, None)).message

    def _send_chat_action(self, params: Json) -> bool:
        self._chat(params.get("chat_id"))
        return True

    def _answer_query(self, params: Json) -> bool:
        query_id = params.get("callback_query_id", params.get("inline_query_id"))
        if str(query_id) not in self._open_queries:
            raise _APIError(
                HTTPStatus.BAD_REQUEST,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        self._open_queries.discard(str(query_id))
        return True

    def deliver_to_webhook(self, *, timeout: float = 5.0) -> list[int]:
        """POST each pending update, in order, to the webhook the bot set, as Telegram does.

        Sends the secret token the bot registered; delivered updates (2xx) leave the queue.
        Returns the HTTP status of each delivery. Only loopback webhooks are called.
        """
        with self._state:
            url, secret = self._webhook_url, self._webhook_secret
            pending = list(self._updates)
        if not url:
            raise AssertionError("no webhook is set")
        host = urlsplit(url).hostname
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise AssertionError(f"refusing to deliver beyond loopback: {url}")
        statuses = []
        for update in pending:
            request = urllib.request.Request(  # noqa: S310 - loopback only, checked above
                url,
                data=json.dumps(update).encode(),
                headers={"Content-Type": "application/json"}
                | ({"X-Telegram-Bot-Api-Secret-Token": secret} if secret else {}),
                method="POST",
            )
            try:
                with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                    status = int(response.status)
            except urllib.error.HTTPError as exc:
                status = exc.code
            statuses.append(status)
            if 200 <= status < 300:
                with self._state:
                    self._updates = [u for u in self._updates if u is not update]
        return statuses

    def _set_webhook(self, params: Json) -> bool:
        self._webhook_url = str(params.get("url") or "")
        self._webhook_secret = str(params.get("secret_token") or "")
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _delete_webhook(self, params: Json) -> bool:
        self._webhook_url = ""
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _get_webhook_info(self, _params: Json) -> Json:
        info: Json = {
            "url": self._webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self._allowed_updates is not None:
            info["allowed_updates"] = sorted(self._allowed_updates)
        return info

    def _set_my_commands(self, params: Json) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise _APIError(HTTPStatus.BAD_REQUEST, "Bad Request: commands must be an array")
        for command in commands:
            if not _COMMAND_NAME.fullmatch(str(command.get("command", ""))):
                raise _APIError(HTTPStatus.BAD_REQUEST, "Bad Request: BOT_COMMAND_INVALID")
        self._commands[_commands_key(params)] = commands
        return True

    def _get_my_commands(self, params: Json) -> list[Json]:
        return self._commands.get(_commands_key(params), [])

    def _delete_my_commands(self, params: Json) -> bool:
        self._commands.pop(_commands_key(params), None)
        return True


_NOT_MODIFIED: Final = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)


def _error(status: int, description: str, parameters: Json | None = None) -> tuple[int, Json]:
    body: Json = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return status, body


def _default_description(status: int, retry_after: int | None) -> str:
    if status == HTTPStatus.TOO_MANY_REQUESTS:
        return f"Too Many Requests: retry after {retry_after}"
    if status == HTTPStatus.FORBIDDEN:
        return "Forbidden: bot was blocked by the user"
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return f"Error {status}"


def _decode(name: str, value: str | UploadedFile) -> object:
    """A form value as the Bot API types it: strings as sent, everything else JSON."""
    if isinstance(value, UploadedFile) or name in _STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value  # an Integer-or-String parameter such as chat_id="@channel"


def _utf16_len(text: str) -> int:
    """Lengths and offsets of entities count UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _entities(text: str) -> list[Json]:
    found = []
    for match in _ENTITY.finditer(text):
        kind = "bot_command" if match["command"] else "mention"
        found.append(
            {
                "type": kind,
                "offset": _utf16_len(text[: match.start()]),
                "length": _utf16_len(match[0]),
            }
        )
    return found


def _render(params: Json) -> str:
    """The message text as the real service stores it, or the error it answers."""
    text = params.get("text")
    if not isinstance(text, str) or not text.strip():
        raise _APIError(HTTPStatus.BAD_REQUEST, "Bad Request: message text is empty")
    plain = _html_text(text) if str(params.get("parse_mode", "")).upper() == "HTML" else text
    if _utf16_len(plain) > _MAX_TEXT:
        raise _APIError(HTTPStatus.BAD_REQUEST, "Bad Request: message is too long")
    return plain


def _html_text(text: str) -> str:
    """Check ``parse_mode="HTML"`` text as the real service does and return it without markup."""
    plain: list[str] = []
    open_tags: list[str] = []
    position = 0

    def fail(reason: str, at: int) -> _APIError:
        offset = len(text[:at].encode())
        return _APIError(
            HTTPStatus.BAD_REQUEST,
            f"Bad Request: can't parse entities: {reason} at byte offset {offset}",
        )

    while (start := text.find("<", position)) != -1:
        plain.append(text[position:start])
        tag = _HTML_TAG.match(text, start)
        if tag is None:
            raise fail("Unclosed start tag", start)
        closing, name, attributes = tag[1] == "/", tag[2].lower(), tag[3]
        if name not in _HTML_TAGS:
            raise fail(f'Unsupported start tag "{name}"', start)
        if closing:
            if not open_tags or open_tags[-1] != name:
                expected = f'"</{open_tags[-1]}>"' if open_tags else "none"
                raise fail(f'Unmatched end tag, expected {expected}, found "</{name}>"', start)
            open_tags.pop()
        else:
            if name == "span" and "tg-spoiler" not in attributes:
                raise fail('Tag "span" must have class "tg-spoiler"', start)
            open_tags.append(name)
        position = tag.end()
    plain.append(text[position:])
    if open_tags:
        raise _APIError(
            HTTPStatus.BAD_REQUEST,
            "Bad Request: can't parse entities: "
            f'Can\'t find end tag corresponding to start tag "{open_tags[-1]}"',
        )
    return _HTML_ENTITY.sub(_html_entity, "".join(plain))


def _html_entity(match: re.Match[str]) -> str:
    name = match[1]
    if name.startswith("#x"):
        return chr(int(name[2:], 16))
    if name.startswith("#"):
        return chr(int(name[1:]))
    return _HTML_ENTITY_TEXT[name]


def _inline_markup(params: Json) -> Json | None:
    """The inline keyboard a sent message carries (other keyboards are not echoed), checked."""
    markup = params.get("reply_markup")
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        return None
    for row in markup["inline_keyboard"]:
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= _MAX_CALLBACK_DATA:
                raise _APIError(HTTPStatus.BAD_REQUEST, "Bad Request: BUTTON_DATA_INVALID")
    return markup


def _commands_key(params: Json) -> tuple[str, str]:
    scope = params.get("scope") or {"type": "default"}
    return json.dumps(scope, sort_keys=True), str(params.get("language_code") or "")


# HTTP


class _Server(ThreadingHTTPServer):
    """Serves one FakeBotAPI on 127.0.0.1, tracking connections so stop() can close them."""

    daemon_threads = False  # so server_close() joins them: stop() leaves no thread behind

    def __init__(self, api: FakeBotAPI) -> None:
        self.api = api
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        self._closing = False
        super().__init__(("127.0.0.1", 0), _RequestHandler)

    def track(self, connection: socket.socket, *, add: bool) -> None:
        with self._connections_lock:
            if not add:
                self._connections.discard(connection)
            elif self._closing:  # accepted just before shutdown: end it at once
                _hang_up(connection)
            else:
                self._connections.add(connection)

    def close_connections(self) -> None:
        """Wake every request thread blocked on a kept-alive connection."""
        with self._connections_lock:
            self._closing = True
            connections = list(self._connections)
        for connection in connections:
            _hang_up(connection)

    def handle_error(self, request: object, client_address: object) -> None:
        # The bot hanging up (a cancelled long poll, a shut-down client) is routine.
        error = sys.exc_info()[1]
        if error is not None and not isinstance(error, OSError):
            self.api._errors.append(error)


def _hang_up(connection: socket.socket) -> None:
    with contextlib.suppress(OSError):
        connection.shutdown(socket.SHUT_RDWR)


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as PTB's httpx client expects
    server: _Server

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in separate writes; without this, Nagle's algorithm meets
        # the client's delayed ACK and every answer waits 40 ms.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.server.track(self.connection, add=True)

    def finish(self) -> None:
        self.server.track(self.connection, add=False)
        super().finish()

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: request lines carry the bot token."""

    def _answer(self) -> None:
        api = self.server.api
        content = self._body()
        answer: tuple[int, Json] | None
        with api._answering_one():
            try:
                raw: dict[str, str | UploadedFile] = dict(parse_qsl(urlsplit(self.path).query))
                raw |= _form(self.headers.get("Content-Type", ""), content)
            except ValueError:  # a malformed body is the client's fault, as on the real service
                answer = _error(HTTPStatus.BAD_REQUEST, "Bad Request: can't parse request body")
            else:
                try:
                    answer = api._serve(self.path, raw)
                except Exception as exc:
                    api._errors.append(exc)
                    description = f"FakeBotAPI failed: {exc!r}"
                    answer = _error(HTTPStatus.INTERNAL_SERVER_ERROR, description)
            if answer is None:
                self.close_connection = True
                return
            status, body = answer
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while size := int(self.rfile.readline().split(b";")[0], 16):
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                pass  # trailer
            return b"".join(chunks)
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))


def _form(content_type: str, body: bytes) -> dict[str, str | UploadedFile]:
    """The fields of a request body in any encoding the Bot API accepts."""
    kind = content_type.partition(";")[0].strip().lower()
    if not body:
        return {}
    if kind == "application/json":
        decoded = json.loads(body)
        return {k: v if isinstance(v, str) else json.dumps(v) for k, v in decoded.items()}
    if kind == "multipart/form-data":
        parser = email.parser.BytesParser(policy=email.policy.HTTP)
        message = parser.parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
        fields: dict[str, str | UploadedFile] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            content = part.get_payload(decode=True)
            if not isinstance(name, str) or not isinstance(content, bytes):
                continue
            filename = part.get_filename()
            if filename is None:
                fields[name] = content.decode()
            else:
                fields[name] = UploadedFile(filename, part.get_content_type(), content)
        return fields
    return dict(parse_qsl(body.decode(), keep_blank_values=True))


# A guard for the tests


_guard_lock = threading.Lock()
_guard_installed = False
# One list per active loopback_only() block; each records the attempts it blocked.
_guard_watchers: list[list[str]] = []


def _is_loopback(host: object) -> bool:
    if isinstance(host, bytes):
        host = host.decode(errors="replace")
    if host is None or host == "localhost":  # None: a lookup for binding, not connecting
        return True
    try:
        return ipaddress.ip_address(str(host).partition("%")[0]).is_loopback
    except ValueError:
        return False


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if not _guard_watchers:
        return
    if event == "socket.getaddrinfo":
        host = args[0]
    elif event == "socket.connect" and isinstance(args[1], tuple):  # AF_UNIX paths are local
        host = args[1][0]
    else:
        return
    if not _is_loopback(host):
        attempt = f"{event} {host!r}"
        with _guard_lock:
            _guard_watchers[-1].append(attempt)  # the innermost block reports it
        raise PermissionError(f"loopback only: blocked {attempt}")


@contextlib.contextmanager
def loopback_only() -> Iterator[list[str]]:
    """Refuse, process-wide, any connection or name lookup beyond loopback while active.

    Yields the list of attempts it blocked (when nested, the innermost block's list gets them),
    so a test can assert it stayed empty even when the code under test swallowed the error.
    Works through an audit hook, installed on first use; hooks cannot be removed, so outside
    these blocks it lets everything through.
    """
    global _guard_installed  # noqa: PLW0603
    blocked: list[str] = []
    with _guard_lock:
        if not _guard_installed:
            sys.addaudithook(_audit)
            _guard_installed = True
        _guard_watchers.append(blocked)
    try:
        yield blocked
    finally:
        with _guard_lock:
            _guard_watchers.remove(blocked)
