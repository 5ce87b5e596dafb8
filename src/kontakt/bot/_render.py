"""Conversation replies as Telegram messages: Telegram HTML within Telegram's limits.

Every value from the data and every echoed piece of a question is escaped, and no message is
longer than Telegram's 4,096 characters. Numbers that can be called are written in
international form, which Telegram makes tappable. A number that takes text messages only is
set in ``<code>`` (tapping copies it, never calls) and marked "endast SMS"; it is never the
number of a saved contact.
"""

from __future__ import annotations

import html
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kontakt._availability import availability, map_link
from kontakt._conversation import (
    Card,
    Choices,
    NoMatch,
    Notice,
    Reply,
    SavedContact,
    choice_label,
)
from kontakt._errors import Problem
from kontakt._model import Contact, Organisation
from kontakt._phones import Phone
from kontakt._texts import Language, fill

MAX_MESSAGE_UNITS = 4096
"""Telegram's limit on a message, counted in UTF-16 code units."""
SAVE_PREFIX = "s:"
"""Callback data of the "save contact" button; a bare id shows that contact's card."""
_ECHO_CHARS = 80
_FIELD_CHARS = 200
_SHORT_FIELD_CHARS = 60
_NOTE_ROOM = 128
"""Units kept free in a card for the note on a cut question, added after the card is made."""
_BUTTON_CHARS = 60
_INLINE_TITLE_CHARS = 100
_PROBLEMS_SHOWN = 5
_PROBLEM_CHARS = 300


@dataclass(frozen=True, slots=True)
class Button:
    text: str
    data: str = ""
    """Callback data: a contact id shows its card; ``s:<id>`` sends it as a contact."""
    url: str | None = None
    """A link the button opens instead (a web page, a map)."""


@dataclass(frozen=True, slots=True)
class Message:
    """A message to send: Telegram HTML and buttons, one per row."""

    html: str
    buttons: tuple[Button, ...] = ()


@dataclass(frozen=True, slots=True)
class InlineResult:
    """One result of inline mode (``@bot tiger``): a card the resident can send anywhere."""

    id: str
    title: str
    description: str
    html: str


def message(reply: Reply) -> Message:
    """The Telegram message for any reply but a contact to save (``send_contact`` sends that)."""
    match reply:
        case Card():
            return _with_note(_answer_card(reply), reply)
        case Choices():
            buttons = tuple(_choice(c) for c in reply.contacts)
            return _with_note(
                Message(
                    _text(reply.language, "choose" if reply.sure else "choose_unsure"), buttons
                ),
                reply,
            )
        case NoMatch():
            return _with_note(_no_match(reply), reply)
        case Notice():
            return Message(_notice(reply))
        case SavedContact():
            raise TypeError("a contact to save is sent with send_contact, not as a message")


def card(contact: Contact, language: Language, at: datetime | None = None) -> Message:
    """A contact's card, with its hours as they are at ``at``; data values are cut and escaped
    so the card always fits."""
    hours = availability(contact, at, language) if at is not None else None
    for limit in (_FIELD_CHARS, _SHORT_FIELD_CHARS):
        text = _card_html(contact, language, limit, hours=hours)
        if _units(text) + _NOTE_ROOM <= MAX_MESSAGE_UNITS:
            break
    else:
        # Only the list of numbers has no bound of its own: show the numbers that fit.
        text = _card_html(contact, language, _SHORT_FIELD_CHARS, fit=True, hours=hours)
    buttons: list[Button] = []
    if contact.callable_phones:
        buttons.append(Button(_text(language, "save"), SAVE_PREFIX + contact.id))
    if contact.url:
        buttons.append(Button(_text(language, "website"), url=contact.url))
    if (place := map_link(contact)) is not None:
        buttons.append(Button(_text(language, "map"), url=place))
    return Message(text, tuple(buttons))


def _answer_card(reply: Card) -> Message:
    """A card; an on-call line offered for a closed office comes first, with 112 named, and the
    office after it."""
    shown = card(reply.contact, reply.language, reply.at)
    if reply.closed is None:
        return shown
    office = card(reply.closed, reply.language, reply.at)
    lead = _text(reply.language, "on_call")
    emergency = f"<b>{_text(reply.language, 'emergency')}</b>"
    html = "\n\n".join(
        (lead, shown.html, emergency, _text(reply.language, "closed_office"), office.html)
    )
    # Room is kept for the note on a cut question; when two cards do not fit one message, the
    # on-call card and 112 come first and the office is left out, never the other way round.
    if _units(html) + _NOTE_ROOM > MAX_MESSAGE_UNITS:
        html = "\n\n".join((lead, shown.html, emergency))
        if _units(html) + _NOTE_ROOM > MAX_MESSAGE_UNITS:
            html = shown.html
    return Message(html, shown.buttons)


def inline_result(answer: Card) -> InlineResult:
    contact = answer.contact
    return InlineResult(
        id=contact.id,
        # Plain text in Telegram's result list: cut, not escaped.
        title=_cut(contact.name, _INLINE_TITLE_CHARS),
        description=_cut(
            ", ".join(p for p in (contact.title, contact.department) if p),
            _INLINE_TITLE_CHARS,
        ),
        html=card(contact, answer.language, answer.at).html,
    )


def switchboard(organisation: Organisation, language: Language) -> str:
    """Where to turn when nobody matches: the organisation's switchboard, e-mail, address."""
    lines = [_text(language, "switchboard", org=_cut(organisation.name, _FIELD_CHARS))]
    if organisation.phone is not None:
        lines.append(f"📞 {organisation.phone.international}")
    if organisation.email:
        lines.append(f"✉️ {_clip(organisation.email, _FIELD_CHARS)}")
    if organisation.address:
        lines.append(f"📍 {_clip(organisation.address, _FIELD_CHARS)}")
    return "\n".join(lines)


# -- admins ---------------------------------------------------------------------------------


def reloaded(entries: int, path: Path, language: Language = "sv") -> str:
    return _text(language, "reloaded", entries=entries, path=_Code(str(path)))


def reload_refused(
    entries: int, problems: Sequence[Problem], error: str | None, language: Language = "sv"
) -> str:
    title = _text(language, "reload_refused")
    serving = _text(language, "still_serving", entries=entries)
    return f"⚠️ <b>{title}</b> {serving}\n\n{problems_text(problems, error, language)}"


def problems_text(problems: Sequence[Problem], error: str | None, language: Language) -> str:
    """Why a reload was refused: the file's first errors, or why it could not be read."""
    if error:
        return f"<code>{_escape(error)}</code>"
    errors = [p for p in problems if p.is_error]
    shown = "\n".join(_escape(str(p)[:_PROBLEM_CHARS]) for p in errors[:_PROBLEMS_SHOWN])
    more = ""
    if len(errors) > _PROBLEMS_SHOWN:
        more = "\n" + _text(language, "more_errors", count=len(errors) - _PROBLEMS_SHOWN)
    return f"{_text(language, 'errors', count=len(errors))}\n<code>{shown}</code>{more}"


@dataclass(frozen=True, slots=True)
class Status:
    organisation: str
    entries: int
    path: Path
    loaded_at: float
    counts: Mapping[str, int]
    failure: tuple[Sequence[Problem], str | None] | None
    """The problems and error of the last refused reload, when the last one was refused."""


def status(state: Status, language: Language = "sv") -> str:
    loaded = time.strftime("%Y-%m-%d %H:%M:%S %Z", time.localtime(state.loaded_at))
    lines = [
        f"<b>{_escape(state.organisation)}</b>",
        _text(language, "status_entries", entries=state.entries),
        _text(language, "status_file", path=_Code(str(state.path))),
        _text(language, "status_loaded", time=loaded),
    ]
    if state.failure is not None:
        lines.append(_text(language, "status_failed"))
        lines.append(problems_text(*state.failure, language))
    else:
        lines.append(_text(language, "status_ok"))
    counts = ", ".join(f"{name} {count}" for name, count in sorted(state.counts.items()))
    lines.append(
        _text(language, "status_counts", counts=counts or _text(language, "status_no_counts"))
    )
    return "\n".join(lines)


# -- pieces ---------------------------------------------------------------------------------


class _Code(str):
    """A value set in ``<code>`` when filled into a text."""

    __slots__ = ()


def _escape(text: str) -> str:
    if isinstance(text, _Code):
        return f"<code>{html.escape(text, quote=False)}</code>"
    return html.escape(text, quote=False)


def _text(language: Language, key: str, **values: object) -> str:
    return fill(language, key, escape=_escape, emphasis=lambda words: f"<i>{words}</i>", **values)


def _notice(notice: Notice) -> str:
    org = _cut(notice.organisation.name, _FIELD_CHARS)
    text = _text(notice.language, notice.topic, org=org)
    if notice.topic == "unknown_contact":
        # A stale link or button still gets a way on.
        return text + "\n\n" + switchboard(notice.organisation, notice.language)
    return text


def _no_match(reply: NoMatch) -> Message:
    question = _cut(reply.question, _ECHO_CHARS)
    parts = [_text(reply.language, "none", question=question)]
    if reply.suggestions:
        parts.append(_text(reply.language, "suggest"))
    parts.append(switchboard(reply.organisation, reply.language))
    return Message("\n\n".join(parts), tuple(_choice(c) for c in reply.suggestions))


def _with_note(shown: Message, reply: Card | Choices | NoMatch) -> Message:
    if not reply.question_cut:
        return shown
    note = f"<i>{_text(reply.language, 'cut')}</i>\n\n"
    return Message(note + shown.html, shown.buttons)


def _card_html(
    contact: Contact, language: Language, limit: int, *, fit: bool = False, hours: str | None = None
) -> str:
    """The card's lines, each value cut to ``limit``; with ``fit``, only as many numbers as keep
    the card within Telegram's limit, and a last line saying how many more there are."""
    head = [f"<b>{_clip(contact.name, limit)}</b>"]
    about = [v for v in (contact.title, contact.department) if v]
    if about:
        head.append(", ".join(_clip(v, limit) for v in about))
    if hours:
        head.append(f"🕘 {_clip(hours, limit)}")
    tail = []
    if contact.email:
        tail.append(f"✉️ {_clip(contact.email, limit)}")
    if contact.address:
        tail.append(f"📍 {_clip(contact.address, limit)}")
    phones = [_phone_line(phone, language, limit) for phone in contact.public_phones]
    if fit:
        phones = _fitting(phones, _units("\n".join(head + tail)) + _NOTE_ROOM, language)
    return "\n".join(head + phones + tail)


def _fitting(lines: list[str], used: int, language: Language) -> list[str]:
    """The first ``lines`` that fit beside ``used`` units, then a note on how many are left."""
    shown: list[str] = []
    for index, line in enumerate(lines):
        note = _text(language, "more_numbers", count=len(lines) - index)
        # Each line costs its length and a line break; room is kept for the note.
        if used + _units(line) + 1 + _units(note) + 1 > MAX_MESSAGE_UNITS:
            return [*shown, note]
        shown.append(line)
        used += _units(line) + 1
    return shown


def _phone_line(phone: Phone, language: Language, limit: int) -> str:
    label = f" ({_clip(phone.label, limit)})" if phone.label else ""
    if phone.sms_only:
        return f"💬 <code>{phone.international}</code>{label} – {_text(language, 'sms_only')}"
    return f"📞 {phone.international}{label}"


def _choice(contact: Contact) -> Button:
    return Button(choice_label(contact)[:_BUTTON_CHARS], contact.id)


def _cut(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, the cut marked with an ellipsis."""
    return text[: limit - 1] + "…" if len(text) > limit else text


def _clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, then escaped for Telegram HTML."""
    return _escape(_cut(text, limit))


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2
