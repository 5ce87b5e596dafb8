"""Sending a rendered message back to the chat an update came from."""

from __future__ import annotations

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatType, ParseMode

from kontakt._texts import Language, language_for
from kontakt.bot import _render
from kontakt.bot._delivery import deliver

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


async def send(update: Update, shown: _render.Message) -> None:
    """Send ``shown`` to the update's chat, with its buttons, retried on transient failures."""
    chat = update.effective_chat
    if chat is None:
        return
    markup = None
    if shown.buttons:
        markup = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(b.text, url=b.url)
                    if b.url
                    else InlineKeyboardButton(b.text, callback_data=b.data)
                ]
                for b in shown.buttons
            ]
        )
    quote = _quote(update.effective_message, update)
    await deliver(
        lambda: chat.send_message(
            shown.html,
            parse_mode=ParseMode.HTML,
            reply_markup=markup,
            link_preview_options=NO_PREVIEW,
            reply_parameters=quote,
        )
    )


def language_of(update: Update) -> Language:
    """The language to answer in: the sender's Telegram language, Swedish by default."""
    user = update.effective_user
    return language_for(user.language_code if user else None)


def _quote(message: Message | None, update: Update) -> ReplyParameters | None:
    """In groups, answer as a reply to the question so the thread stays readable."""
    if (
        message is None
        or update.callback_query is not None
        or message.chat.type == ChatType.PRIVATE
    ):
        return None
    return ReplyParameters(message.message_id, allow_sending_without_reply=True)
