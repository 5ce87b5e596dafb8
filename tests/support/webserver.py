"""``kontakt serve``'s app on a real uvicorn server on loopback, in a thread of the test."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import httpx
import uvicorn
from testing.relevance import OFFICE_HOURS

from kontakt._serving import ServingState
from kontakt.web import WebSettings, create_app
from kontakt.web._serve import server_config

_START_TIMEOUT = 20.0


@contextlib.contextmanager
def running_web(
    data: Path,
    settings: WebSettings | None = None,
    *,
    watch_file: bool = False,
    prepare: Callable[[ServingState], None] | None = None,
) -> Iterator[httpx.Client]:
    """A client for the app serving ``data`` at a fixed Tuesday 10:00, until the block ends.

    Without ``settings`` searches are not limited, so a module's tests can share one server."""
    settings = settings or WebSettings(data=data, searches_per_minute=0)
    now = settings.now or OFFICE_HOURS
    settings = replace(settings, now=now)
    state = ServingState.start(data, clock=lambda: now)
    if prepare is not None:
        prepare(state)
    app = create_app(state, settings, watch_file=watch_file)
    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    listening.listen(128)
    port = listening.getsockname()[1]
    server = uvicorn.Server(server_config(app, settings, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listening]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + _START_TIMEOUT
        while not server.started and thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert server.started, "the web server did not start"
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=20) as client:
            yield client
    finally:
        server.should_exit = True
        thread.join(timeout=20)
        listening.close()
