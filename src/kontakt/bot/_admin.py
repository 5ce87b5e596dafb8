"""Admin commands: reload the data now, show the bot's status, hear about refused edits.

Only the user ids in ``KONTAKT_ADMINS`` are answered; anyone else gets silence, so the
commands do not advertise themselves.
"""

from __future__ import annotations

import functools
import logging

from telegram import Update
from telegram.constants import ChatType, ParseMode
from telegram.ext import ContextTypes

from kontakt._serving import ReloadOutcome, ServingState
from kontakt._texts import Language
from kontakt.bot import _render
from kontakt.bot._delivery import deliver
from kontakt.bot._sending import NO_PREVIEW, language_of, send

log = logging.getLogger(__name__)


class AdminHandlers:
    """Handlers for the admins' commands and messages."""

    def __init__(self, state: ServingState, *, admins: frozenset[int]) -> None:
        self.state = state
        self.admins = admins

    async def reload_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Load the data file again now; /reload while one runs shares its outcome."""
        if not self._is_admin(update):
            return
        outcome = await self.state.reload_now()
        await send(update, _render.Message(self.describe_reload(outcome, language_of(update))))

    async def status_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Entries, last load, problems and counts."""
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
        await send(update, _render.Message(_render.status(shown, language_of(update))))

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
                        link_preview_options=NO_PREVIEW,
                    )
                )
            except Exception:
                log.warning("could not tell an admin about the refused reload", exc_info=True)

    def describe_reload(self, outcome: ReloadOutcome, language: Language = "sv") -> str:
        if outcome.loaded:
            return _render.reloaded(outcome.entries, self.state.path, language)
        return _render.reload_refused(self.state.entries, outcome.problems, outcome.error, language)

    def _is_admin(self, update: Update) -> bool:
        """An admin, in a private chat: the path, refused edits and hidden entries a status
        names are not for a group's members."""
        user, chat = update.effective_user, update.effective_chat
        return (
            user is not None
            and user.id in self.admins
            and chat is not None
            and chat.type == ChatType.PRIVATE
        )
