"""All wiring in one place: routes, the security headers, CORS for the API, error pages and the
data-file watcher."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp

from kontakt._serving import ReloadOutcome, ServingState, watch
from kontakt._texts import fill
from kontakt.web._api import Api, error
from kontakt.web._guard import SearchLimit, SecurityHeaders, language
from kontakt.web._pages import Pages
from kontakt.web._settings import WebSettings
from kontakt.web._telegram import TelegramWebhook

log = logging.getLogger("kontakt.web")


def create_app(state: ServingState, settings: WebSettings, *, watch_file: bool = True) -> ASGIApp:
    """The web app serving ``state``; with ``watch_file`` it reloads the data file after edits."""
    limit = SearchLimit(settings.searches_per_minute)
    pages, api = Pages(state, limit), Api(state, limit)
    api_app = Starlette(
        routes=[
            Route("/search", api.search),
            Route("/contacts/{contact_id}", api.contact),
            Route("/openapi.json", api.openapi),
        ],
        middleware=[
            Middleware(
                CORSMiddleware,
                allow_origins=list(settings.cors_origins),
                allow_methods=["GET"],
                # So that the site's own pages can read how long to wait after a 429.
                expose_headers=["Retry-After"],
                max_age=3600,
            )
        ],
        exception_handlers={HTTPException: _api_error, Exception: _api_error},
    )
    # A trailing-slash redirect would be built from the request's Host header.
    api_app.router.redirect_slashes = False

    telegram = TelegramWebhook(settings.telegram, state) if settings.telegram else None

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok", "entries": state.entries})

    async def page_error(request: Request, exc: Exception) -> Response:
        if isinstance(exc, HTTPException) and exc.status_code != 500:
            if exc.status_code == 404:
                return pages.not_found(request)
            response = pages.message(request, "web_bad_request", [], exc.status_code)
            response.headers.update(exc.headers or {})
            return response
        log.error("a request failed", exc_info=exc)
        if request.url.path.startswith("/api/"):
            return error(500, "internal error")
        try:
            return pages.message(request, "web_error", [], 500)
        except Exception:  # the page itself cannot be made: the text alone
            log.exception("the error page failed too")
            return PlainTextResponse(fill(language(request)[0], "web_error"), 500)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        watcher = None
        if telegram is not None:
            await telegram.start()
        if watch_file and not (telegram and telegram.watches):
            watcher = asyncio.create_task(
                watch(state, interval=settings.watch_seconds, on_reload=_logged)
            )
        try:
            yield
        finally:
            if telegram is not None:
                await telegram.stop()
            if watcher is not None:
                watcher.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await watcher
            log.info("stopped; counts since start: %s", dict(state.counts) or "none")

    extra = [Route("/telegram", telegram.receive, methods=["POST"])] if telegram else []
    app = Starlette(
        routes=[
            *extra,
            Route("/", pages.home),
            Route("/svar", pages.results),
            Route("/kontakt/{contact_id}.vcf", pages.vcard),
            Route("/kontakt/{contact_id}", pages.contact),
            Route("/healthz", healthz),
            Mount("/api", app=api_app),
            Mount("/static", app=StaticFiles(packages=[("kontakt.web", "static")])),
        ],
        exception_handlers={HTTPException: page_error, Exception: page_error},
        lifespan=lifespan,
    )
    app.router.redirect_slashes = False
    # Outermost, so that even the answer to a crash (made outside Starlette's own middleware
    # stack) carries the headers.
    return SecurityHeaders(app, frame_ancestors=settings.frame_ancestors)


async def _api_error(request: Request, exc: Exception) -> Response:
    if not isinstance(exc, HTTPException):
        log.error("an API request failed", exc_info=exc)
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    detail = exc.detail if isinstance(exc, HTTPException) else "internal error"
    response = error(status, str(detail).lower())
    if isinstance(exc, HTTPException):
        response.headers.update(exc.headers or {})
    return response


async def _logged(outcome: ReloadOutcome) -> None:
    """The watcher's reloads are logged by the state itself; nothing else to tell here."""
