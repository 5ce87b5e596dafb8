"""The JSON API for the municipality's own site, intranet and e-services: search and one contact,
with the records of ``kontakt search --json``, described by an OpenAPI document."""

from __future__ import annotations

from collections import Counter

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from kontakt._export import contact_record, match_record
from kontakt._search import MAX_QUERY_CHARS
from kontakt._serving import ServingState
from kontakt.web._guard import SearchLimit
from kontakt.web._openapi import MAX_LIMIT, openapi_document

DEFAULT_LIMIT = 5


class Api:
    def __init__(self, state: ServingState, limit: SearchLimit) -> None:
        self.state = state
        self.limit = limit
        self.counts: Counter[str] = state.counts

    async def search(self, request: Request) -> Response:
        """``GET /api/search?q=…&limit=…``: the best matches, best first; empty when none."""
        query = request.query_params.get("q", "")
        if not query.strip():
            return error(400, "q is missing: give the question, a name or a number")
        if len(query) > MAX_QUERY_CHARS:
            return error(400, f"q is longer than {MAX_QUERY_CHARS} characters")
        limit = _limit(request.query_params.get("limit"))
        if limit is None:
            return error(400, f"limit must be a whole number from 1 to {MAX_LIMIT}")
        wait = self.limit.wait(request)
        if wait is not None:
            self.counts["limited"] += 1
            return error(429, "too many searches; try again later", {"retry-after": str(wait)})
        matches = self.state.conversation.directory.search(query, limit=limit)
        self.counts["api_searches"] += 1
        return JSONResponse({"query": query, "results": [match_record(m) for m in matches]})

    async def contact(self, request: Request) -> Response:
        """``GET /api/contacts/<id>``: one public contact."""
        contact = self.state.conversation.directory.get(request.path_params["contact_id"])
        if contact is None:
            return error(404, "no such contact")
        return JSONResponse(contact_record(contact))

    async def openapi(self, request: Request) -> Response:
        return JSONResponse(openapi_document(self.state.conversation.directory.organisation.name))


def error(status_code: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": message}, status_code, headers)


def _limit(text: str | None) -> int | None:
    if text is None or text == "":
        return DEFAULT_LIMIT
    if not (text.isascii() and text.isdigit()) or len(text) > 3:
        return None
    value = int(text)
    return value if 1 <= value <= MAX_LIMIT else None
