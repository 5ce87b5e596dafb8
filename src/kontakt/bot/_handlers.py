"""Telegram handlers: updates in, conversation replies out.

Questions are counted, never logged above DEBUG. Every send goes through
:func:`kontakt.bot._delivery.deliver`, so transient failures are retried a bounded number of times.
"""

from __future__ import annotations

import contextlib
import logging
import re
import time
from collections.abc import Callable

from telegram import InlineQueryResultArticle, InputTextMessageContent, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from kontakt._conversation import NoMatch, Reply, SavedContact
from kontakt._misses import MissLog
from kontakt._ratelimit import QuestionLimiter, Verdict
from kontakt._serving import ServingState
from kontakt._texts import Language
from kontakt.bot import _render
from kontakt.bot._delivery import deliver
from kontakt.bot._render import SAVE_PREFIX
from kontakt.bot._sending import NO_PREVIEW, language_of, send

log = logging.getLogger(__name__)


class Handlers:
    """The residents' handlers: questions, buttons and inline queries, under one rate limit."""

    def __init__(
        self,
        state: ServingState,
        *,
        questions_per_minute: int,
        clock: Callable[[], float] = time.monotonic,
        misses: MissLog | None = None,
    ) -> None:
        self.state = state
        self.misses = misses
        self.questions = QuestionLimiter(questions_per_minute)
        # Inline mode asks as the resident types: a looser limit of its own.
        self.inline_questions = QuestionLimiter(questions_per_minute * 3)
        self.clock = clock

    async def start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Greet, or show the contact a deep link (``/start <id>``) names."""
        if await self._limited(update):
            return
        payload = context.args[0] if context.args else None
        await self._reply(update, self.state.conversation.greet(language_of(update), payload))

    async def help_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Say how to ask."""
        if await self._limited(update):
            return
        await self._reply(update, self.state.conversation.help(language_of(update)))

    async def search_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """``/sok <fråga>`` and ``/search <query>``."""
        await self._answer(update, " ".join(context.args or []))

    async def private_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """In a private chat any text is a question."""
        message = update.effective_message
        if message is not None and message.text:
            await self._answer(update, message.text)

    async def group_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """In a group, answer only when mentioned or replied to."""
        message = update.effective_message
        if message is None or not message.text:
            return
        mention = re.compile(rf"@{re.escape(context.bot.username)}\b", re.IGNORECASE)
        replied = message.reply_to_message
        to_bot = (
            replied is not None
            and replied.from_user is not None
            and (replied.from_user.id == context.bot.id)
        )
        if not (to_bot or mention.search(message.text)):
            return
        await self._answer(update, mention.sub(" ", message.text))

    async def button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A pressed button: a contact's card, or the contact itself to save."""
        query = update.callback_query
        if query is None:
            return
        # Only stops the button's spinner: one try, and never at the cost of the card.
        with contextlib.suppress(TelegramError):
            await query.answer()
        data, language = query.data or "", language_of(update)
        if self._verdict(update, self.questions) is not Verdict.ANSWER:
            return
        conversation = self.state.conversation
        reply: Reply
        if data.startswith(SAVE_PREFIX):
            reply = conversation.save(data.removeprefix(SAVE_PREFIX), language)
        else:
            reply = conversation.show(data, language)
        self.state.counts[f"button_{reply.kind}"] += 1
        await self._reply(update, reply)

    async def inline(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """``@bot tiger`` in any chat: up to ten cards to pick from."""
        query = update.inline_query
        if query is None:
            return
        answers = []
        limited = False
        if query.query.strip():
            limited = self._verdict(update, self.inline_questions) is not Verdict.ANSWER
            if not limited:
                cards = self.state.conversation.inline(query.query, language_of(update))
                answers = [_render.inline_result(card) for card in cards]
                self.state.counts["inline"] += 1
        results = [
            InlineQueryResultArticle(
                id=answer.id,
                title=answer.title,
                description=answer.description or None,
                input_message_content=InputTextMessageContent(
                    answer.html, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW
                ),
            )
            for answer in answers
        ]
        # Personal: the cards are in the asker's language, and a refusal is for the asker only.
        cache_time = 0 if limited else 30
        await deliver(lambda: query.answer(results, cache_time=cache_time, is_personal=True))

    async def error_handler(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log what went wrong; the bot carries on."""
        self.state.counts["errors"] += 1
        log.error("handling an update failed", exc_info=context.error)

    async def _answer(self, update: Update, question: str) -> None:
        if await self._limited(update):
            return
        log.debug("question: %r", question)
        reply = _ask(self.state, question, language_of(update), self.misses)
        await self._reply(update, reply)

    async def _limited(self, update: Update) -> bool:
        """Count a resident's message; over the limit, say so once, then stay silent."""
        verdict = self._verdict(update, self.questions)
        if verdict is Verdict.NOTICE:
            await self._reply(update, self.state.conversation.rate_limited(language_of(update)))
        return verdict is not Verdict.ANSWER

    def _verdict(self, update: Update, limiter: QuestionLimiter) -> Verdict:
        user = update.effective_user
        if user is None:
            return Verdict.ANSWER
        verdict = limiter.check(user.id, self.clock())
        if verdict is not Verdict.ANSWER:
            self.state.counts["limited"] += 1
        return verdict

    async def _reply(self, update: Update, reply: Reply) -> None:
        """Send a conversation reply: a contact to save, or its Telegram message."""
        chat = update.effective_chat
        if chat is None:
            return
        if isinstance(reply, SavedContact):
            saved = reply
            await deliver(
                lambda: chat.send_contact(
                    phone_number=saved.phone_number,
                    first_name=saved.first_name,
                    last_name=saved.last_name,
                    vcard=saved.vcard,
                )
            )
            return
        await send(update, _render.message(reply))


def _ask(state: ServingState, question: str, language: Language, misses: MissLog | None) -> Reply:
    """The conversation's reply, counted; a question nobody answered is recorded in ``misses``."""
    reply = state.conversation.ask(question, language)
    state.counts["questions"] += 1
    state.counts[str(reply.kind)] += 1
    # Before the send, which may fail: one short append that never raises OSError.
    if isinstance(reply, NoMatch) and misses is not None and misses.record(reply.question):
        state.counts["misses_recorded"] += 1
    return reply
