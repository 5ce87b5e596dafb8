"""The pages residents see: the search page, its answers as they type, one contact's page and
its vCard. Everything is rendered on the server, so the page works without JavaScript."""

from __future__ import annotations

import urllib.parse
from collections import Counter

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from kontakt import _vcard
from kontakt._conversation import Card, Choices, NoMatch, Notice
from kontakt._search import MAX_QUERY_CHARS
from kontakt._serving import ServingState
from kontakt._texts import Language, fill
from kontakt.web import _templates
from kontakt.web._guard import SearchLimit, language

_VCARD_TYPE = "text/vcard; charset=utf-8"


class Pages:
    """The HTML endpoints, answering from whatever directory ``state`` serves at the time."""

    def __init__(self, state: ServingState, limit: SearchLimit) -> None:
        self.state = state
        self.limit = limit
        self.counts: Counter[str] = state.counts

    async def home(self, request: Request) -> Response:
        """``GET /`` and ``GET /?q=…``: the search page, with answers when there is a question."""
        lang, pinned = language(request)
        asked = request.query_params.get("q", "")
        # The whole question goes to the conversation, which says when it read only the start.
        reply, status_code, headers = self._answer(request, asked, lang)
        query = asked[:MAX_QUERY_CHARS]
        html = _templates.render(
            "index.html",
            lang,
            **self._page(lang, pinned, query),
            **_answer_context(reply, lang, pinned),
            query=query,
            max_query=MAX_QUERY_CHARS,
        )
        return HTMLResponse(html, status_code, headers)

    async def results(self, request: Request) -> Response:
        """``GET /svar?q=…``: only the answers, for the page's script to put in place."""
        lang, pinned = language(request)
        reply, status_code, headers = self._answer(request, request.query_params.get("q", ""), lang)
        html = _templates.render(
            "_results.html", lang, **_answer_context(reply, lang, pinned), lang_pinned=pinned
        )
        return HTMLResponse(html, status_code, headers)

    async def contact(self, request: Request) -> Response:
        """``GET /kontakt/<id>``: one contact, the web twin of the bot's deep link."""
        lang, pinned = language(request)
        reply = self.state.conversation.show(request.path_params["contact_id"], lang)
        if not isinstance(reply, Card):
            return self.not_found(request)
        self.counts["page"] += 1
        html = _templates.render(
            "contact.html",
            lang,
            **self._page(lang, pinned),
            contact=reply.contact,
            at=reply.at,
        )
        return HTMLResponse(html)

    async def vcard(self, request: Request) -> Response:
        """``GET /kontakt/<id>.vcf``: the contact for an address book, public numbers only."""
        directory = self.state.conversation.directory
        contact = directory.get(request.path_params["contact_id"])
        if contact is None:
            return self.not_found(request)
        self.counts["vcard"] += 1
        body = _vcard.cards([contact], organisation=directory.organisation)
        return Response(
            body,
            media_type=_VCARD_TYPE,
            headers={"content-disposition": f'attachment; filename="{contact.id}.vcf"'},
        )

    def not_found(self, request: Request) -> Response:
        return self.message(request, "web_not_found", ["unknown_contact"], 404)

    def message(
        self, request: Request, heading: str, paragraphs: list[str], status_code: int
    ) -> Response:
        """A page of one message and the switchboard: not found, an error."""
        lang, pinned = language(request)
        html = _templates.render(
            "message.html",
            lang,
            **self._page(lang, pinned),
            heading=fill(lang, heading),
            paragraphs=[fill(lang, key) for key in paragraphs],
        )
        return HTMLResponse(html, status_code)

    def _answer(
        self, request: Request, query: str, lang: Language
    ) -> tuple[Card | Choices | NoMatch | Notice | None, int, dict[str, str]]:
        if not query.strip():
            return None, 200, {}
        conversation = self.state.conversation
        wait = self.limit.wait(request)
        if wait is not None:
            self.counts["limited"] += 1
            return conversation.rate_limited(lang), 429, {"retry-after": str(wait)}
        reply = conversation.ask(query, lang)
        self.counts["questions"] += 1
        self.counts[reply.kind.value] += 1
        return reply, 200, {}

    def _page(self, lang: Language, pinned: bool, query: str = "") -> dict[str, object]:
        other = "sv" if lang == "en" else "en"
        # The same page in the other language, the question kept; relative, so that it stays
        # on this page of this site whatever the path.
        switched = urllib.parse.urlencode({"q": query, "lang": other} if query else {"lang": other})
        return {
            "organisation": self.state.conversation.directory.organisation,
            "lang_pinned": pinned,
            "lang_suffix": f"?lang={lang}" if pinned else "",
            "other_lang": other,
            "other_language_href": f"?{switched}",
        }


def _answer_context(
    reply: Card | Choices | NoMatch | Notice | None, lang: Language, pinned: bool
) -> dict[str, object]:
    """What the answers part needs. A clearly English question gets an English answer on a
    Swedish page: its words, and the links onwards from it, are in the answer's language."""
    if reply is None:
        return {"reply": None, "status": "", "status_lang": lang, "notice_key": ""}
    answer_lang = reply.language
    onwards = pinned or answer_lang != lang
    return {
        "reply": reply,
        "status": _templates.status(reply),
        "status_lang": answer_lang,
        "rt": _templates.texts(answer_lang),
        "answer_suffix": f"?lang={answer_lang}" if onwards else "",
        "notice_key": _templates.notice_key(reply) if isinstance(reply, Notice) else "",
    }
