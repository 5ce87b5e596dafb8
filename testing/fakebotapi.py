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

It serves the methods the bot calls: getMe, getUpdates, sendMessage, sendContact,
answerCallbackQuery, answerInlineQuery, setMyCommands, setWebhook and deleteWebhook (with
``deliver_to_webhook`` playing Telegram's side of a webhook). Any other method is answered 404.

Request parameters arrive as PTB sends them: form fields, where strings are sent as they are and
everything else is JSON-encoded. The fake decodes them back, knowing which Bot API parameters
are strings, so ``params["text"] == "123"`` stays a string while ``params["chat_id"] == 123`` and
``params["reply_markup"]`` is a dict. A body in any other encoding is refused with HTTP 400.

Where the real service rejects a request a bot could plausibly make, the fake rejects it the
same way (HTTP 400 with a ``Bad Request: ...`` description, which PTB raises as ``BadRequest``):
sending to a chat that never wrote to the bot, malformed HTML with ``parse_mode="HTML"``,
callback data over 64 bytes, answering an unknown callback or inline query, and invalid command
names.

The service's state and methods live in ``testing._botapi``; this module is the tests' side of
it: the users the tests play, the record of the bot's requests with the faults the tests inject,
and the HTTP server.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
import re
import socket
import sys
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Final
from urllib.parse import parse_qsl, urlsplit

from testing._botapi import APIError, BotAPI, Json, LongPoll, decode, utf16_len, wait

__all__ = ["Call", "FakeBotAPI", "loopback_only"]

# A /command (optionally /command@bot) or an @username, each starting a word, as clients mark them.
_ENTITY = re.compile(
    r"(?<![\w/@])(?:(?P<command>/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?)|(?P<mention>@[A-Za-z0-9_]{5,32}))(?!\w)"
)
_API_PATH = re.compile(r"/bot(?P<token>[^/]*)/(?P<method>[A-Za-z]+)")
_FORM: Final = "application/x-www-form-urlencoded"

_SERVE_POLL_INTERVAL = 0.05


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
    raw: dict[str, str] | None = None


@dataclass(frozen=True)
class _Fault:
    status: int
    description: str
    retry_after: int | None
    drop: bool


class _Users:
    """The bot's users as the tests play them: each method pushes the update Telegram would
    send the bot, in a chat the service then knows."""

    _bot: BotAPI

    def push(self, update: Json) -> int:
        """Queue an update for getUpdates and return its update_id (assigned if missing)."""
        with self._bot.state:
            return self._bot.push(update)

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
        user = _user(user_id, first_name, language_code)
        with self._bot.state:
            chat = self._chat_for(chat_id, chat_type, user)
            message: Json = {
                "message_id": self._bot.next_message_id(message_id),
                "from": user,
                "chat": chat,
                "date": int(time.time()),
                "text": text,
            }
            entities = _entities(text)
            if entities:
                message["entities"] = entities
            if reply_to_bot:
                message["reply_to_message"] = self._bot.latest_bot_message(chat)
            return self._bot.push({"message": message})

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
        user = _user(user_id, "Test", language_code)
        with self._bot.state:
            chat = self._chat_for(chat_id, None, user)
            query: Json = {
                "id": self._bot.next_query_id(),
                "from": user,
                "message": self._bot.bot_message(chat, message_id),
                "chat_instance": f"instance-{chat['id']}",
                "data": data,
            }
            return self._bot.push({"callback_query": query})

    def inline_query(
        self, query: str, *, user_id: int = 1001, language_code: str | None = "sv"
    ) -> int:
        """Push an inline query (``@bot query`` typed in any chat)."""
        user = _user(user_id, "Test", language_code)
        with self._bot.state:
            inline: Json = {
                "id": self._bot.next_query_id(),
                "from": user,
                "query": query,
                "offset": "",
                "chat_type": "sender",
            }
            return self._bot.push({"inline_query": inline})

    def _chat_for(self, chat_id: int | None, chat_type: str | None, user: Json) -> Json:
        """The chat of a pushed update: one seen before, or a new one of ``chat_type`` (when
        None: private for the user, else a group or supergroup as the id's sign and -100
        prefix tell)."""
        if chat_id is not None:
            known = self._bot.known_chat(chat_id)
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


def _user(user_id: int, first_name: str, language_code: str | None) -> Json:
    user: Json = {"id": user_id, "is_bot": False, "first_name": first_name}
    if language_code is not None:
        user["language_code"] = language_code
    return user


def _entities(text: str) -> list[Json]:
    found = []
    for match in _ENTITY.finditer(text):
        kind = "bot_command" if match["command"] else "mention"
        found.append(
            {
                "type": kind,
                "offset": utf16_len(text[: match.start()]),
                "length": utf16_len(match[0]),
            }
        )
    return found


class _Requests:
    """The bot's requests as the tests see them: recorded, waited for, and made to fail."""

    def __init__(self, bot: BotAPI, token: str) -> None:
        self.token = token
        self._bot = bot
        self._state = bot.state  # guards the lists below too, and wakes waiters
        self._calls: list[Call] = []
        self._paths: list[str] = []
        self._faults: dict[str, deque[_Fault]] = {}

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
            while len(self.calls_to(method)) < count and wait(self._state, deadline):
                pass
        return _first(self.calls, method, count, timeout)

    async def wait_for_async(
        self, method: str, count: int = 1, *, timeout: float = 5.0
    ) -> list[Call]:
        """Like ``wait_for``, yielding to the event loop while waiting."""
        deadline = time.monotonic() + timeout
        while len(self.calls_to(method)) < count and time.monotonic() < deadline:
            await asyncio.sleep(0.005)
        return _first(self.calls, method, count, timeout)

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

    def _add_faults(self, method: str, times: int, fault: _Fault) -> None:
        if method not in self._bot.methods:
            raise ValueError(f"{method!r} is not a method the fake serves")
        with self._state:
            self._faults.setdefault(method, deque()).extend([fault] * times)

    def _serve(self, path: str, raw: dict[str, str]) -> tuple[int, Json] | None:
        """Answer one request: (HTTP status, response body), or None to hang up. Called from
        the server's threads."""
        at = time.monotonic()
        matched = _API_PATH.fullmatch(urlsplit(path).path)
        with self._state:
            self._paths.append(path)
        if matched is None:
            return _error(HTTPStatus.NOT_FOUND, "Not Found")
        method = self._bot.method_name(matched["method"])
        params = {key: decode(key, value) for key, value in raw.items()}

        def record(status: int, result: object = None) -> None:
            with self._state:
                self._calls.append(Call(method, params, at, int(status), result, raw))
                self._state.notify_all()

        if matched["token"] != self.token:
            record(HTTPStatus.UNAUTHORIZED)
            return _error(HTTPStatus.UNAUTHORIZED, "Unauthorized")
        handler = self._bot.methods.get(method)
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
                if isinstance(result, LongPoll):
                    # Recorded before waiting, so tests can see a long poll in progress.
                    record(HTTPStatus.OK)
                    recorded = True
                    result = result.wait()
        except APIError as exc:
            if not recorded:
                record(exc.status)
            return _error(exc.status, exc.description, exc.parameters)
        if not recorded:
            record(HTTPStatus.OK, result)
        return HTTPStatus.OK, {"ok": True, "result": result}


def _first(calls: list[Call], method: str, count: int, timeout: float) -> list[Call]:
    """The first ``count`` of ``calls`` to ``method``, or an error saying what was seen."""
    wanted = [call for call in calls if call.method == method]
    if len(wanted) >= count:
        return wanted[:count]
    seen = [
        f"{call.method}({call.status}) {call.params}"
        for call in calls
        if call.method != "getUpdates"
    ]
    polls = sum(call.method == "getUpdates" for call in calls)
    raise AssertionError(
        f"expected {count} call(s) to {method} within {timeout} s, saw {len(wanted)}; "
        f"other calls besides {polls} getUpdates: {seen or 'none'}"
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


class FakeBotAPI(_Requests, _Users):
    """A Bot API server on an ephemeral port of 127.0.0.1; use as a context manager.

    The service's state is a ``BotAPI``; the tests play its users through ``_Users`` and see
    and disrupt the bot's requests through ``_Requests``; this class runs the HTTP server.
    """

    def __init__(
        self,
        *,
        token: str = "123456:TEST-TOKEN",  # noqa: S107 -- a made-up token for a local fake
        bot_username: str = "lessebo_kontakt_bot",
    ) -> None:
        super().__init__(BotAPI(token, bot_username), token)
        self.bot_user = self._bot.bot_user
        self._errors: list[BaseException] = []
        self._answering = 0  # requests read and not yet answered, guarded by the condition
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Bind 127.0.0.1 on a free port and serve in a background thread."""
        if self._server is not None:
            raise RuntimeError("FakeBotAPI is already started")
        self._bot.updates.stopping = False
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
            self._bot.updates.stopping = True
            self._state.notify_all()
            # Long polls now answer; let them finish writing before connections close.
            deadline = time.monotonic() + 1
            while self._answering and wait(self._state, deadline):
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
        if self._server is None:
            raise RuntimeError("FakeBotAPI is not started; use it as a context manager")
        host, port = self._server.server_address[:2]
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

    def deliver_to_webhook(self, *, timeout: float = 5.0) -> list[int]:
        """POST each pending update, in order, to the webhook the bot set, as Telegram does.

        Sends the secret token the bot registered; delivered updates (2xx) leave the queue.
        Returns the HTTP status of each delivery. Only loopback webhooks are called.
        """
        return self._bot.updates.deliver_to_webhook(timeout)

    @contextlib.contextmanager
    def _answering_one(self) -> Iterator[None]:
        """Count a request from reading it until its answer is written, for stop() to wait on."""
        with self._state:
            self._answering += 1
        try:
            yield
        finally:
            with self._state:
                self._answering -= 1
                self._state.notify_all()


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
                raw = dict(parse_qsl(urlsplit(self.path).query))
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


def _form(content_type: str, body: bytes) -> dict[str, str]:
    """The fields of a request body, form-encoded as PTB sends every request without a file."""
    if not body:
        return {}
    if content_type.partition(";")[0].strip().lower() != _FORM:
        raise ValueError(f"not a form: {content_type!r}")  # rather than misread it
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
