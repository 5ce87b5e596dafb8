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
                max_age=3600,
            )
        ],
        exception_handlers={HTTPException: _api_error, Exception: _api_crash},
    )

    telegram = TelegramWebhook(settings.telegram, state) if settings.telegram else None

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok", "entries": state.entries})

    async def page_error(request: Request, exc: Exception) -> Response:
        if isinstance(exc, HTTPException) and exc.status_code != 500:
            if exc.status_code == 404:
                return pages.not_found(request)
            return pages.message(request, "web_not_found", [], exc.status_code)
        log.error("a page failed", exc_info=exc)
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
    # Outermost, so that even the answer to a crash (made outside Starlette's own middleware
    # stack) carries the headers.
    return SecurityHeaders(app, frame_ancestors=settings.frame_ancestors)


async def _api_error(request: Request, exc: Exception) -> Response:
    if isinstance(exc, HTTPException):
        return error(exc.status_code, str(exc.detail).lower())
    return await _api_crash(request, exc)


async def _api_crash(request: Request, exc: Exception) -> Response:
    log.error("an API request failed", exc_info=exc)
    return error(500, "internal error")


async def _logged(outcome: ReloadOutcome) -> None:
    """The watcher's reloads are logged by the state itself; nothing else to tell here."""
