"""Telegram handlers: updates in, conversation replies out.

Questions are counted, never logged above DEBUG. Every send goes through
:func:`kontakt.bot._delivery.deliver`, so transient failures are retried a bounded number of times.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import re
import time
from collections.abc import Callable

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
    Message,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from kontakt._conversation import Reply, SavedContact
from kontakt._texts import Language, language_for
from kontakt.bot import _render
from kontakt.bot._delivery import deliver
from kontakt.bot._ratelimit import QuestionLimiter, Verdict
from kontakt.bot._render import SAVE_PREFIX
from kontakt.bot._state import BotState, ReloadOutcome

log = logging.getLogger(__name__)

_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


class Handlers:
    """The bot's handlers, sharing its state, limits and admin list."""

    def __init__(
        self,
        state: BotState,
        *,
        admins: frozenset[int],
        questions_per_minute: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.state = state
        self.admins = admins
        self.questions = QuestionLimiter(questions_per_minute)
        # Inline mode asks as the resident types: a looser limit of its own.
        self.inline_questions = QuestionLimiter(questions_per_minute * 3)
        self.clock = clock

    async def start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Greet, or show the contact a deep link (``/start <id>``) names."""
        if await self._limited(update):
            return
        payload = context.args[0] if context.args else None
        await self._reply(update, self.state.conversation.greet(_language(update), payload))

    async def help_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Say how to ask."""
        if await self._limited(update):
            return
        await self._reply(update, self.state.conversation.help(_language(update)))

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
        data, language = query.data or "", _language(update)
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
                cards = self.state.conversation.inline(query.query, _language(update))
                answers = [_render.inline_result(card) for card in cards]
                self.state.counts["inline"] += 1
        results = [
            InlineQueryResultArticle(
                id=answer.id,
                title=answer.title,
                description=answer.description or None,
                input_message_content=InputTextMessageContent(
                    answer.html, parse_mode=ParseMode.HTML, link_preview_options=_NO_PREVIEW
                ),
            )
            for answer in answers
        ]
        # Personal: the cards are in the asker's language, and a refusal is for the asker only.
        cache_time = 0 if limited else 30
        await deliver(lambda: query.answer(results, cache_time=cache_time, is_personal=True))

    async def reload_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Admins: load the data file again now."""
        if not self._is_admin(update):
            return
        outcome = await self.state.reload()
        await self._send(update, _render.Message(self.describe_reload(outcome, _language(update))))

    async def status_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Admins: entries, last load, problems and counts."""
        if not self._is_admin(update):
            return
        state = self.state
        failure = state.last_failure
        shown = _render.Status(
            organisation=state.conversation.directory.organisation.name,
            entries=state.entries,
            path=state.path,
            loaded_at=state.loaded_at,
            counts=state.counts,
            failure=(failure.problems, failure.error) if failure is not None else None,
        )
        await self._send(update, _render.Message(_render.status(shown, _language(update))))

    async def error_handler(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log what went wrong; the bot carries on."""
        self.state.counts["errors"] += 1
        log.error("handling an update failed", exc_info=context.error)

    async def tell_admins(self, outcome: ReloadOutcome, context: ContextTypes.DEFAULT_TYPE) -> None:
        """After an edit was refused, tell each admin why; the old data keeps serving."""
        if outcome.loaded:
            return
        text = self.describe_reload(outcome)
        for admin in sorted(self.admins):
            try:
                await deliver(
                    functools.partial(
                        context.bot.send_message,
                        admin,
                        text,
                        parse_mode=ParseMode.HTML,
                        link_preview_options=_NO_PREVIEW,
                    )
                )
            except Exception:
                log.warning("could not tell an admin about the refused reload", exc_info=True)

    def describe_reload(self, outcome: ReloadOutcome, language: Language = "sv") -> str:
        if outcome.loaded:
            return _render.reloaded(outcome.entries, self.state.path, language)
        return _render.reload_refused(self.state.entries, outcome.problems, outcome.error, language)

    async def _answer(self, update: Update, question: str) -> None:
        if await self._limited(update):
            return
        log.debug("question: %r", question)
        reply = self.state.conversation.ask(question, _language(update))
        self.state.counts["questions"] += 1
        self.state.counts[str(reply.kind)] += 1
        await self._reply(update, reply)

    async def _limited(self, update: Update) -> bool:
        """Count a resident's message; over the limit, say so once, then stay silent."""
        verdict = self._verdict(update, self.questions)
        if verdict is Verdict.NOTICE:
            await self._reply(update, self.state.conversation.rate_limited(_language(update)))
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
        await self._send(update, _render.message(reply))

    async def _send(self, update: Update, shown: _render.Message) -> None:
        chat = update.effective_chat
        if chat is None:
            return
        markup = None
        if shown.buttons:
            markup = InlineKeyboardMarkup(
                [[InlineKeyboardButton(b.text, callback_data=b.data)] for b in shown.buttons]
            )
        quote = _quote(update.effective_message, update)
        await deliver(
            lambda: chat.send_message(
                shown.html,
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
                link_preview_options=_NO_PREVIEW,
                reply_parameters=quote,
            )
        )

    def _is_admin(self, update: Update) -> bool:
        user = update.effective_user
        return user is not None and user.id in self.admins


def _quote(message: Message | None, update: Update) -> ReplyParameters | None:
    """In groups, answer as a reply to the question so the thread stays readable."""
    if (
        message is None
        or update.callback_query is not None
        or message.chat.type == ChatType.PRIVATE
    ):
        return None
    return ReplyParameters(message.message_id, allow_sending_without_reply=True)


def _language(update: Update) -> Language:
    user = update.effective_user
    return language_for(user.language_code if user else None)
