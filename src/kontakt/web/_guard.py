"""What every response gets: security headers, a language, a per-client search limit."""

from __future__ import annotations

import ipaddress
import math
import time

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kontakt._ratelimit import ClientBuckets
from kontakt._texts import Language


class SecurityHeaders:
    """A strict Content-Security-Policy (scripts and styles from this server only, no inline
    script), no MIME sniffing, no referrer (a question in the URL must not travel to a map or a
    web site the card links to), and no caching of answers that depend on the hour."""

    def __init__(self, app: ASGIApp, *, frame_ancestors: str) -> None:
        self.app = app
        self.headers = {
            "content-security-policy": (
                "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                "connect-src 'self'; form-action 'self'; base-uri 'none'; "
                f"frame-ancestors {frame_ancestors}"
            ),
            "x-content-type-options": "nosniff",
            "referrer-policy": "no-referrer",
            "cross-origin-opener-policy": "same-origin",
            "permissions-policy": "camera=(), microphone=(), geolocation=()",
        }

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith("/static/")
        answered = False

        async def send_with_headers(message: Message) -> None:
            nonlocal answered
            if message["type"] == "http.response.body" and not message.get("more_body"):
                answered = True
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    headers[name] = value
                if static and message["status"] == 200:
                    # Unversioned names: an hour, so an upgrade's script arrives the same day.
                    headers["cache-control"] = "public, max-age=3600"
                else:
                    headers["cache-control"] = "no-store"
                    headers["vary"] = "Accept-Language"
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            # Starlette answers a crash with the error page, logs it through the app's
            # handler, then raises it again for the server, which would drop the connection.
            if not answered:
                raise


def language(request: Request) -> tuple[Language, bool]:
    """The page's language and whether the resident chose it (``?lang=``) rather than the
    browser (``Accept-Language``)."""
    chosen = request.query_params.get("lang", "").lower()
    if chosen in ("sv", "en"):
        return ("en" if chosen == "en" else "sv"), True
    return _from_accept_language(request.headers.get("accept-language", "")), False


def _from_accept_language(header: str) -> Language:
    """The first of Swedish and English the browser prefers; Swedish when it names neither."""
    best: tuple[float, Language] | None = None
    for position, part in enumerate(header.split(",")[:20]):
        tag, *params = part.strip().split(";")
        code = tag.strip().lower().split("-")[0]
        if code not in ("sv", "en"):
            continue
        quality = 1.0
        for param in params:
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality <= 0 or not math.isfinite(quality):
            continue
        # Higher quality first; among equals, the one named first.
        key = quality - position * 1e-6
        if best is None or key > best[0]:
            best = (key, "en" if code == "en" else "sv")
    return best[1] if best else "sv"


class SearchLimit:
    """At most ``per_minute`` searches a minute from each client on average, up to a minute's
    worth at once; ``per_minute=0`` is no limit.

    A client is its address, or the one a trusted proxy names; an IPv6 client is its /64, the
    block one household or phone gets, so that stepping through it does not reset the limit.
    """

    def __init__(self, per_minute: int) -> None:
        self._buckets = ClientBuckets(per_minute, burst=per_minute)

    def wait(self, request: Request) -> int | None:
        """``None`` when the client may search now, else whole seconds until it may."""
        wait = self._buckets.take(client_key(request), time.monotonic())
        return max(1, math.ceil(wait)) if wait > 0 else None


def client_key(request: Request) -> str:
    host = request.client.host if request.client else ""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)
