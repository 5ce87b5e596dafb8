"""The Bot API stand-in's service side: what the service knows and how each method the bot
calls answers, apart from HTTP and from the tests' record of the requests.

``BotAPI`` holds who the bot is, the chats users wrote in, the bot's messages there and the
queries still open; its ``UpdateQueue`` holds the updates waiting for the
bot, long-polled through getUpdates or posted to the webhook the bot set. Methods raise
``APIError`` where the real service answers with an error.
"""

from __future__ import annotations

import json
import re
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, Final
from urllib.parse import urlsplit

Json = dict[str, Any]
Handler = Callable[[Json], object]

# Parameters of the methods served that the Bot API types String. PTB sends strings as they are
# and everything else as JSON, so only these must be kept from JSON-decoding ("123" text).
_STRING_PARAMS: Final = frozenset(
    {
        "business_connection_id",
        "callback_query_id",
        "first_name",
        "inline_query_id",
        "ip_address",
        "language_code",
        "last_name",
        "message_effect_id",
        "next_offset",
        "parse_mode",
        "phone_number",
        "secret_token",
        "text",
        "url",
        "vcard",
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
_COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")

_MAX_TEXT = 4096
_MAX_CALLBACK_DATA = 64


class APIError(Exception):
    """An error answer of the real service: HTTP status, description, optional parameters."""

    def __init__(self, status: int, description: str, parameters: Json | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


@dataclass(frozen=True)
class LongPoll:
    """Returned by getUpdates once its parameters are accepted; ``wait`` gives the result."""

    wait: Callable[[], list[Json]]


def wait(state: threading.Condition, deadline: float) -> bool:
    """Wait (holding ``state``) for a change; False once the deadline has passed."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        return False
    state.wait(remaining)
    return True


class BotAPI:
    """The service's state and the methods the bot calls on it.

    ``state`` guards everything here and in ``updates``; every method in ``methods`` and every
    other public method runs holding it.
    """

    def __init__(self, token: str, bot_username: str) -> None:
        self.bot_user = _bot_user(token, bot_username)
        # One condition guards the service's state and the fake's record of requests, and wakes
        # long polls and waiters.
        self.state = threading.Condition()
        self.updates = UpdateQueue(self.state)
        self._chats: dict[int, Json] = {}
        self._messages: dict[tuple[int, int], Json] = {}  # the bot's, by chat and message id
        self._last_message_id = 0
        self._last_query_id = 0
        self._open_queries: set[str] = set()
        self.methods: dict[str, Handler] = {
            "getMe": lambda _: self.bot_user,
            "getUpdates": self.updates.get_updates,
            "sendMessage": self._send_message,
            "sendContact": self._send_contact,
            "answerCallbackQuery": self._answer_query,
            "answerInlineQuery": self._answer_query,
            "setMyCommands": self._set_my_commands,
            "setWebhook": self.updates.set_webhook,
            "deleteWebhook": self.updates.delete_webhook,
        }
        # Method names are case-insensitive on the real service.
        self._method_names = {name.lower(): name for name in self.methods}

    def method_name(self, requested: str) -> str:
        """The method a request names, spelled as ``methods`` spells it when it is one."""
        return self._method_names.get(requested.lower(), requested)

    # What users bring: updates, and the chats and queries they open

    def push(self, update: Json) -> int:
        """Queue ``update`` for the bot, remembering its chats and queries; its update_id."""
        update = self.updates.add(update)
        chats, query_ids = _brought_by(update)
        self._chats |= {chat["id"]: chat for chat in chats}
        self._open_queries |= query_ids
        return int(update["update_id"])

    def next_message_id(self, wanted: int | None = None) -> int:
        """A new message id, or ``wanted``, keeping later automatic ids above it."""
        if wanted is None:
            self._last_message_id += 1
            return self._last_message_id
        self._last_message_id = max(self._last_message_id, wanted)
        return wanted

    def next_query_id(self) -> str:
        self._last_query_id += 1
        return str(4_000_000_000 + self._last_query_id)

    def known_chat(self, chat_id: int) -> Json | None:
        return self._chats.get(chat_id)

    def bot_message(self, chat: Json, message_id: int) -> Json:
        """The bot's message ``message_id`` in ``chat``; a placeholder if it sent none."""
        message = self._messages.get((chat["id"], message_id))
        if message is None:
            self.next_message_id(message_id)
            message = self._store(self._new_message(chat, message_id, "…"))
        return message

    def latest_bot_message(self, chat: Json) -> Json:
        """The bot's latest message in ``chat``; a placeholder if it sent none."""
        mine = [key for key in self._messages if key[0] == chat["id"]]
        if mine:
            return self._messages[max(mine)]
        return self._store(self._new_message(chat, self.next_message_id(), "…"))

    # The methods

    def _chat(self, chat_id: object) -> Json:
        chat = self._chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None:
            raise APIError(HTTPStatus.BAD_REQUEST, "Bad Request: chat not found")
        return chat

    def _new_message(self, chat: Json, message_id: int, text: str) -> Json:
        return {
            "message_id": message_id,
            "from": self.bot_user,
            "chat": chat,
            "date": int(time.time()),
            "text": text,
        }

    def _store(self, message: Json) -> Json:
        self._messages[(message["chat"]["id"], message["message_id"])] = message
        return message

    def _send_message(self, params: Json) -> Json:
        chat = self._chat(params.get("chat_id"))
        text = _render(params)
        markup = _inline_markup(params)
        message = self._new_message(chat, self.next_message_id(), text)
        if markup is not None:
            message["reply_markup"] = markup
        return self._store(message)

    def _send_contact(self, params: Json) -> Json:
        chat = self._chat(params.get("chat_id"))
        contact = {
            key: params[key]
            for key in ("phone_number", "first_name", "last_name", "vcard")
            if key in params
        }
        message = self._new_message(chat, self.next_message_id(), "")
        del message["text"]
        message["contact"] = contact
        return self._store(message)

    def _answer_query(self, params: Json) -> bool:
        query_id = str(params.get("callback_query_id", params.get("inline_query_id")))
        if query_id not in self._open_queries:
            raise APIError(
                HTTPStatus.BAD_REQUEST,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        self._open_queries.discard(query_id)
        return True

    def _set_my_commands(self, params: Json) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise APIError(HTTPStatus.BAD_REQUEST, "Bad Request: commands must be an array")
        for command in commands:
            if not _COMMAND_NAME.fullmatch(str(command.get("command", ""))):
                raise APIError(HTTPStatus.BAD_REQUEST, "Bad Request: BOT_COMMAND_INVALID")
        return True  # nothing reads commands back: the tests see them in the recorded call


class UpdateQueue:
    """The updates waiting for the bot, as getUpdates and the webhook hand them out.

    Shares the BotAPI's condition: callers hold it, except around ``deliver_to_webhook``.
    """

    def __init__(self, state: threading.Condition) -> None:
        self._state = state
        self._pending: list[Json] = []
        self._last_update_id = 0
        self._allowed: frozenset[str] | None = None
        self._poll_generation = 0
        self._webhook_url = ""
        self._webhook_secret = ""
        self.stopping = False  # once set, waiting long polls answer at once

    def add(self, update: Json) -> Json:
        """``update`` queued with its update_id, the next one when it has none."""
        update_id = update.get("update_id")
        if update_id is None:
            update_id = self._last_update_id + 1
        elif update_id <= self._last_update_id:
            raise ValueError(f"update_id {update_id} is not above {self._last_update_id}")
        self._last_update_id = update_id
        update = {**update, "update_id": update_id}
        self._pending.append(update)
        self._state.notify_all()
        return update

    def get_updates(self, params: Json) -> LongPoll:
        self._poll_generation += 1
        generation = self._poll_generation
        self._state.notify_all()  # a poll still waiting is now superseded
        if self._webhook_url:
            raise APIError(
                HTTPStatus.CONFLICT,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = int(params.get("offset") or 0)
        if offset > 0:  # confirms every update below the offset
            self._pending = [u for u in self._pending if u["update_id"] >= offset]
        elif offset < 0:  # only the last -offset updates remain
            self._pending = self._pending[offset:]
        allowed = params.get("allowed_updates")
        if allowed is not None:
            self._allowed = frozenset(allowed) or None
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        deadline = time.monotonic() + float(params.get("timeout") or 0)

        def poll() -> list[Json]:
            while True:
                if generation != self._poll_generation:
                    raise APIError(
                        HTTPStatus.CONFLICT,
                        "Conflict: terminated by other getUpdates request; "
                        "make sure that only one bot instance is running",
                    )
                ready = [u for u in self._pending if self._is_allowed(u)][:limit]
                if ready or self.stopping or not wait(self._state, deadline):
                    return ready

        return LongPoll(poll)

    def _is_allowed(self, update: Json) -> bool:
        kind = next((key for key in update if key != "update_id"), "")
        if self._allowed is None:
            return kind not in _OPT_IN_UPDATES
        return kind in self._allowed

    def set_webhook(self, params: Json) -> bool:
        self._webhook_url = str(params.get("url") or "")
        self._webhook_secret = str(params.get("secret_token") or "")
        if params.get("drop_pending_updates"):
            self._pending.clear()
        return True

    def delete_webhook(self, params: Json) -> bool:
        self._webhook_url = ""
        if params.get("drop_pending_updates"):
            self._pending.clear()
        return True

    def deliver_to_webhook(self, timeout: float) -> list[int]:
        """POST each pending update to the webhook; delivered ones (2xx) leave the queue.

        Called without holding the condition: the bot answers a delivery by calling methods.
        """
        with self._state:
            url, secret = self._webhook_url, self._webhook_secret
            pending = list(self._pending)
        if not url:
            raise AssertionError("no webhook is set")
        if urlsplit(url).hostname not in ("127.0.0.1", "localhost", "::1"):
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
                    self._pending = [u for u in self._pending if u is not update]
        return statuses


def _bot_user(token: str, bot_username: str) -> Json:
    """The bot as getMe describes it, its id taken from the token."""
    bot_id = token.partition(":")[0]
    return {
        "id": int(bot_id) if bot_id.isdigit() else 123456,
        "is_bot": True,
        "first_name": "Kontakt",
        "username": bot_username,
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": True,
    }


def _brought_by(update: Json) -> tuple[list[Json], set[str]]:
    """The chats and the query ids an update makes known, as the real service learns them."""
    chats = []
    for kind in ("message", "edited_message", "channel_post", "callback_query"):
        body = update.get(kind)
        if not isinstance(body, dict):
            continue
        message = body.get("message") if kind == "callback_query" else body
        if isinstance(message, dict) and isinstance(message.get("chat"), dict):
            chats.append(message["chat"])
    query_ids = set()
    for kind in ("callback_query", "inline_query"):
        body = update.get(kind)
        if isinstance(body, dict) and "id" in body:
            query_ids.add(str(body["id"]))
    return chats, query_ids


def decode(name: str, value: str) -> object:
    """A form value as the Bot API types it: strings as sent, everything else JSON."""
    if name in _STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value  # an Integer-or-String parameter such as chat_id="@channel"


def utf16_len(text: str) -> int:
    """Lengths and offsets of entities count UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _render(params: Json) -> str:
    """The message text as the real service stores it, or the error it answers."""
    text = params.get("text")
    if not isinstance(text, str) or not text.strip():
        raise APIError(HTTPStatus.BAD_REQUEST, "Bad Request: message text is empty")
    plain = _html_text(text) if str(params.get("parse_mode", "")).upper() == "HTML" else text
    if utf16_len(plain) > _MAX_TEXT:
        raise APIError(HTTPStatus.BAD_REQUEST, "Bad Request: message is too long")
    return plain


def _html_text(text: str) -> str:
    """Check ``parse_mode="HTML"`` text as the real service does and return it without markup."""
    plain: list[str] = []
    open_tags: list[str] = []
    position = 0

    def fail(reason: str, at: int) -> APIError:
        offset = len(text[:at].encode())
        return APIError(
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
        raise APIError(
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
            data, url = button.get("callback_data"), button.get("url")
            if (data is None) == (url is None):
                raise APIError(HTTPStatus.BAD_REQUEST, "Bad Request: BUTTON_TYPE_INVALID")
            if data is not None and not 1 <= len(str(data).encode()) <= _MAX_CALLBACK_DATA:
                raise APIError(HTTPStatus.BAD_REQUEST, "Bad Request: BUTTON_DATA_INVALID")
            if url is not None:
                parts = urlsplit(str(url))
                # Telegram opens http(s) and tg: links; anything else is refused.
                web = parts.scheme in ("http", "https")
                # A web link needs a host name with a dot ("https://intranet/" is refused).
                if not (web and "." in (parts.hostname or "")) and parts.scheme != "tg":
                    raise APIError(HTTPStatus.BAD_REQUEST, "Bad Request: BUTTON_URL_INVALID")
    return markup
