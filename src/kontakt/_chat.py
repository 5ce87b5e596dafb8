"""``kontakt chat``: the bot's conversation in a terminal, or over a pipe, as plain text.

Interactive, it prompts; piped (``echo tigerstrom | kontakt chat``), it answers each line of
input in turn, with a blank line between answers. Choices and suggestions are numbered: answer
with the number to pick one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TextIO

from kontakt._availability import availability, map_link
from kontakt._conversation import (
    Card,
    Choices,
    Conversation,
    NoMatch,
    Notice,
    Reply,
    SavedContact,
    choice_label,
)
from kontakt._misses import MissLog
from kontakt._model import Contact, Organisation
from kontakt._phones import Phone
from kontakt._texts import Language, fill

_PROMPT = "> "


def run(
    conversation: Conversation,
    lines: Iterable[str],
    out: TextIO,
    *,
    language: Language = "sv",
    interactive: bool = False,
    misses: MissLog | None = None,
) -> None:
    """Answer each line until the input ends; with ``misses``, questions that find nothing
    are recorded there."""
    choices: tuple[Contact, ...] = ()
    if interactive:
        out.write(render(conversation.greet(language)) + "\n\n" + _PROMPT)
        out.flush()
    first = True
    for line in lines:
        text = line.strip()
        if text:
            reply = _answer(conversation, text, language, choices)
            choices = offered(reply)
            if misses is not None and isinstance(reply, NoMatch):
                misses.record(reply.question)
            if not interactive and not first:
                out.write("\n")
            out.write(render(reply) + "\n")
            first = False
        if interactive:
            out.write("\n" + _PROMPT if text else _PROMPT)
            out.flush()
    if interactive:
        out.write("\n")


def render(reply: Reply) -> str:
    """A reply as plain text, choices and suggestions numbered."""
    match reply:
        case Card():
            return _note(reply) + _answer_card(reply)
        case Choices():
            return _note(reply) + "\n".join(
                [
                    fill(reply.language, "choose" if reply.sure else "choose_unsure"),
                    _numbered(reply.contacts),
                ]
            )
        case NoMatch():
            return _note(reply) + _no_match(reply)
        case Notice():
            text = fill(reply.language, reply.topic, org=reply.organisation.name)
            if reply.topic == "unknown_contact":
                return text + "\n\n" + switchboard(reply.organisation, reply.language)
            return text
        case SavedContact():
            return f"{reply.first_name} {reply.last_name or ''}".strip() + f" {reply.phone_number}"


def offered(reply: Reply) -> tuple[Contact, ...]:
    """The contacts a reply lets the resident pick by number."""
    match reply:
        case Choices():
            return reply.contacts
        case NoMatch():
            return reply.suggestions
        case _:
            return ()


def card(contact: Contact, language: Language, at: datetime | None = None) -> str:
    """A contact's card, with its hours as they are at ``at``, its web page and map link."""
    lines = [contact.name]
    about = [v for v in (contact.title, contact.department) if v]
    if about:
        lines.append(", ".join(about))
    hours = availability(contact, at, language) if at is not None else None
    if hours:
        lines.append(f"🕘 {hours}")
    lines += [_phone_line(phone, language) for phone in contact.public_phones]
    if contact.email:
        lines.append(f"✉️ {contact.email}")
    if contact.address:
        lines.append(f"📍 {contact.address}")
    if (place := map_link(contact)) is not None:
        lines.append(f"🗺️ {place}")
    if contact.url:
        lines.append(f"🔗 {contact.url}")
    return "\n".join(lines)


def _answer_card(reply: Card) -> str:
    shown = card(reply.contact, reply.language, reply.at)
    if reply.closed is None:
        return shown
    return "\n\n".join(
        (
            fill(reply.language, "on_call"),
            shown,
            fill(reply.language, "emergency"),
            fill(reply.language, "closed_office"),
            card(reply.closed, reply.language, reply.at),
        )
    )


def switchboard(organisation: Organisation, language: Language) -> str:
    lines = [fill(language, "switchboard", org=organisation.name)]
    if organisation.phone is not None:
        lines.append(f"📞 {organisation.phone.international}")
    if organisation.email:
        lines.append(f"✉️ {organisation.email}")
    if organisation.address:
        lines.append(f"📍 {organisation.address}")
    return "\n".join(lines)


def _answer(
    conversation: Conversation, text: str, language: Language, choices: Sequence[Contact]
) -> Reply:
    if text.isascii() and text.isdigit() and 1 <= int(text) <= len(choices):
        return conversation.show(choices[int(text) - 1].id, language)
    command, _, rest = text.partition(" ")
    match command.lower():
        case "/start":
            return conversation.greet(language, rest.strip() or None)
        case "/help" | "/hjalp":
            return conversation.help(language)
        case "/sok" | "/search":
            return conversation.ask(rest, language)
        case _:
            return conversation.ask(text, language)


def _no_match(reply: NoMatch) -> str:
    parts = [fill(reply.language, "none", question=reply.question)]
    if reply.suggestions:
        parts.append(fill(reply.language, "suggest"))
    parts.append(switchboard(reply.organisation, reply.language))
    text = "\n\n".join(parts)
    if reply.suggestions:
        text += "\n" + _numbered(reply.suggestions)
    return text


def _note(reply: Card | Choices | NoMatch) -> str:
    return fill(reply.language, "cut") + "\n\n" if reply.question_cut else ""


def _numbered(contacts: Sequence[Contact]) -> str:
    return "\n".join(f"{number}. {choice_label(c)}" for number, c in enumerate(contacts, 1))


def _phone_line(phone: Phone, language: Language) -> str:
    label = f" ({phone.label})" if phone.label else ""
    if phone.sms_only:
        return f"💬 {phone.international}{label} – {fill(language, 'sms_only')}"
    return f"📞 {phone.international}{label}"
