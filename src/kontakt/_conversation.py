"""The conversation with a resident, free of any transport: a question in, a reply out.

The Telegram bot and the terminal chat (``kontakt chat``) both speak through this module, so
they answer alike. Replies are Telegram HTML: every value from the data and every echoed piece
of the question is escaped, and no reply is longer than Telegram's 4,096 characters.

Numbers that can be called are written in international form, which Telegram makes tappable.
A number that takes text messages only is set in ``<code>`` (tapping copies it, never calls)
and marked "endast SMS"; it is never the number of a saved contact.
"""

from __future__ import annotations

import enum
import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from kontakt import _vcard
from kontakt._directory import Directory
from kontakt._model import Contact, Kind
from kontakt._phones import Phone
from kontakt._search import MAX_QUERY_CHARS, RELEVANCE_FLOOR, Match, Matches

Language = Literal["sv", "en"]

MAX_QUESTION_CHARS = MAX_QUERY_CHARS
"""Longer questions are cut to this before they are searched or echoed."""
MAX_MESSAGE_UNITS = 4096
"""Telegram's limit on a message, counted in UTF-16 code units."""
MAX_CHOICES = 8
MAX_INLINE_RESULTS = 10
SUGGESTION_FLOOR = 55.0
"""Below the search's relevance floor but close enough to offer as "did you mean"."""
SAVE_PREFIX = "s:"
"""Callback data of the "save contact" button; a bare id shows that contact's card."""
_MAX_VCARD_BYTES = 2048  # Telegram's limit for send_contact
_ECHO_CHARS = 80
_SUGGESTIONS = 3
_INLINE_TITLE_CHARS = 100
_FIELD_CHARS = 200
_SHORT_FIELD_CHARS = 60

_TEXTS: dict[Language, dict[str, str]] = {
    "sv": {
        "greeting": "Hej! Jag hjälper dig att hitta rätt person eller funktion på {org}.\n\n"
        "Skriv vad ditt ärende gäller, till exempel <i>bygglov</i>, <i>snöröjning</i> eller "
        "ett namn. Du kan också skriva ett telefonnummer eller en e-postadress.",
        "help": "Skriv vad du undrar över, ett namn, en titel eller ett telefonnummer, så "
        "svarar jag med rätt kontakt.\n\n/sok &lt;fråga&gt; – sök\n/start – börja om\n"
        "/help – den här hjälpen\n\nI grupper svarar jag på kommandon, när någon nämner mig "
        "och på svar till mina meddelanden.",
        "choose": "Flera passar lika bra. Vem menar du?",
        "none": "Jag hittade ingen som passar «{question}».",
        "suggest": "Menade du någon av dessa?",
        "switchboard": "Du kan alltid vända dig till {org}:",
        "unknown_contact": "Den kontakten finns inte längre.",
        "empty": "Skriv vad du undrar över, till exempel <i>/sok bygglov</i>.",
        "sms_only": "endast SMS",
        "more_numbers": "… och {count} nummer till",
        "save": "Spara kontakt",
        "phone": "Telefon",
        "rate_limited": "Du har ställt många frågor på kort tid. Vänta en stund och försök igen.",
        "cut": "Frågan var lång, så jag läste bara början.",
    },
    "en": {
        "greeting": "Hello! I help you find the right person or service at {org}.\n\n"
        "Write what your question is about, for example <i>building permit</i>, <i>snow "
        "removal</i> or a name. You can also send a phone number or an e-mail address.",
        "help": "Write what you are wondering about, a name, a title or a phone number, and "
        "I will answer with the right contact.\n\n/search &lt;question&gt; – search\n"
        "/start – start over\n/help – this help\n\nIn groups I answer commands, mentions "
        "and replies to my messages.",
        "choose": "Several match equally well. Whom do you mean?",
        "none": "I found nobody matching «{question}».",
        "suggest": "Did you mean one of these?",
        "switchboard": "You can always contact {org}:",
        "unknown_contact": "That contact no longer exists.",
        "empty": "Write what you are wondering about, for example <i>/search building permit</i>.",
        "sms_only": "SMS only",
        "more_numbers": "… and {count} more numbers",
        "save": "Save contact",
        "phone": "Phone",
        "rate_limited": "You have asked many questions in a short time. Please wait a while "
        "and try again.",
        "cut": "Your question was long, so I read only the beginning.",
    },
}


def language_for(code: str | None) -> Language:
    """English for Telegram language codes starting with "en"; Swedish otherwise."""
    return "en" if code and code.lower().startswith("en") else "sv"


@dataclass(frozen=True, slots=True)
class Button:
    text: str
    data: str
    """Callback data: a contact id shows its card; ``s:<id>`` sends it as a contact."""


@dataclass(frozen=True, slots=True)
class SavedContact:
    """A contact for Telegram's ``send_contact``: the number is always one that can be called."""

    phone_number: str
    first_name: str
    last_name: str | None
    vcard: str | None


class ReplyKind(enum.StrEnum):
    """What a reply is, for counting: the bot logs counts, never questions."""

    CARD = "card"
    CHOICES = "choices"
    NO_MATCH = "no_match"
    CONTACT = "contact"
    INFO = "info"
    """A greeting, help, a notice or an empty question."""


@dataclass(frozen=True, slots=True)
class Reply:
    html: str
    buttons: tuple[Button, ...] = ()
    """Shown one per row under the message."""
    contact: SavedContact | None = None
    """Sent as a Telegram contact instead of a message when set."""
    kind: ReplyKind = ReplyKind.INFO


@dataclass(frozen=True, slots=True)
class InlineAnswer:
    """One result of inline mode (``@bot tiger``): a card the resident can send anywhere."""

    id: str
    title: str
    description: str
    html: str


class Conversation:
    """Answers residents from one directory; build a new one when the directory changes.

    Give it the public view of a directory (:meth:`Directory.public`): it shows what it has.
    """

    def __init__(self, directory: Directory) -> None:
        self.directory = directory

    def greet(self, language: Language, payload: str | None = None) -> Reply:
        """``/start``, or ``/start <id>`` from a deep link, which shows that contact."""
        if payload:
            return self.show(payload, language)
        org = _clip(self.directory.organisation.name, _FIELD_CHARS)
        return Reply(_TEXTS[language]["greeting"].format(org=org))

    def help(self, language: Language) -> Reply:
        return Reply(_TEXTS[language]["help"])

    def rate_limited(self, language: Language) -> Reply:
        return Reply(_TEXTS[language]["rate_limited"])

    def ask(self, question: str, language: Language) -> Reply:
        """The answer to a question: a card, a choice between equals, or where to turn."""
        texts = _TEXTS[language]
        cut = len(question) > MAX_QUESTION_CHARS
        question = question[:MAX_QUESTION_CHARS].strip()
        if not question:
            return Reply(texts["empty"])
        # One search serves both: answers above the relevance floor, else suggestions below it.
        found = self.directory.search(question, limit=MAX_CHOICES, min_score=SUGGESTION_FLOOR)
        matches = Matches(m for m in found if m.score >= RELEVANCE_FLOOR)
        note = f"<i>{texts['cut']}</i>\n\n" if cut else ""
        if matches and not matches.ambiguous:
            card = self.card(matches[0].contact, language)
            return Reply(note + card.html, card.buttons, kind=ReplyKind.CARD)
        if matches:
            choices = tuple(_choice(m.contact) for m in matches.best[:MAX_CHOICES])
            return Reply(note + texts["choose"], choices, kind=ReplyKind.CHOICES)
        return self._nothing_found(question, found[:_SUGGESTIONS], language, note)

    def show(self, contact_id: str, language: Language) -> Reply:
        """The card of one contact, by id (a button press or a deep link)."""
        contact = self.directory.get(contact_id)
        if contact is None:
            return Reply(_TEXTS[language]["unknown_contact"])
        return self.card(contact, language)

    def save(self, contact_id: str, language: Language) -> Reply:
        """The contact as a Telegram contact, with a number one can call."""
        contact = self.directory.get(contact_id)
        saved = self._saved_contact(contact) if contact else None
        if saved is None:
            return Reply(_TEXTS[language]["unknown_contact"])
        return Reply("", contact=saved, kind=ReplyKind.CONTACT)

    def inline(self, query: str, language: Language) -> list[InlineAnswer]:
        """Up to ten cards for inline mode; nothing for an empty query."""
        matches = self.directory.search(query[:MAX_QUESTION_CHARS], limit=MAX_INLINE_RESULTS)
        return [
            InlineAnswer(
                id=m.contact.id,
                # Plain text in Telegram's result list: cut, not escaped.
                title=_cut(m.contact.name, _INLINE_TITLE_CHARS),
                description=_cut(
                    ", ".join(p for p in (m.contact.title, m.contact.department) if p),
                    _INLINE_TITLE_CHARS,
                ),
                html=self.card(m.contact, language).html,
            )
            for m in matches
        ]

    def card(self, contact: Contact, language: Language) -> Reply:
        """A contact's card; data values are cut and escaped so the card always fits."""
        for limit in (_FIELD_CHARS, _SHORT_FIELD_CHARS):
            text = _card_html(contact, language, limit)
            if _units(text) <= MAX_MESSAGE_UNITS:
                break
        else:
            # Only the list of numbers has no bound of its own: show the numbers that fit.
            text = _card_html(contact, language, _SHORT_FIELD_CHARS, fit=True)
        buttons: tuple[Button, ...] = ()
        if contact.callable_phones:
            buttons = (Button(_TEXTS[language]["save"], SAVE_PREFIX + contact.id),)
        return Reply(text, buttons, kind=ReplyKind.CARD)

    def switchboard(self, language: Language) -> str:
        """Where to turn when nobody matches: the organisation's switchboard, e-mail, address."""
        org = self.directory.organisation
        lines = [_TEXTS[language]["switchboard"].format(org=_clip(org.name, _FIELD_CHARS))]
        if org.phone is not None:
            lines.append(f"📞 {org.phone.international}")
        if org.email:
            lines.append(f"✉️ {_clip(org.email, _FIELD_CHARS)}")
        if org.address:
            lines.append(f"📍 {_clip(org.address, _FIELD_CHARS)}")
        return "\n".join(lines)

    def _nothing_found(
        self, question: str, near: Sequence[Match], language: Language, note: str
    ) -> Reply:
        texts = _TEXTS[language]
        echoed = _clip(question, _ECHO_CHARS)
        parts = [note + texts["none"].format(question=echoed)]
        if near:
            parts.append(texts["suggest"])
        parts.append(self.switchboard(language))
        return Reply(
            "\n\n".join(parts),
            tuple(_choice(m.contact) for m in near),
            kind=ReplyKind.NO_MATCH,
        )

    def _saved_contact(self, contact: Contact) -> SavedContact | None:
        callable_phones = contact.callable_phones
        if not callable_phones:
            return None
        card = _vcard.cards(
            [contact.without_hidden_phones()], organisation=self.directory.organisation
        )
        if contact.kind is Kind.PERSON:
            first, last = contact.first_name or contact.name, contact.last_name
        else:
            first, last = contact.name, None
        return SavedContact(
            phone_number=callable_phones[0].e164,
            first_name=first[:64],
            last_name=last[:64] if last else None,
            vcard=card if len(card.encode()) <= _MAX_VCARD_BYTES else None,
        )


def _card_html(contact: Contact, language: Language, limit: int, *, fit: bool = False) -> str:
    """The card's lines, each value cut to ``limit``; with ``fit``, only as many numbers as keep
    the card within Telegram's limit, and a last line saying how many more there are."""
    texts = _TEXTS[language]
    head = [f"<b>{_clip(contact.name, limit)}</b>"]
    about = [v for v in (contact.title, contact.department) if v]
    if about:
        head.append(", ".join(_clip(v, limit) for v in about))
    tail = []
    if contact.email:
        tail.append(f"✉️ {_clip(contact.email, limit)}")
    if contact.address:
        tail.append(f"📍 {_clip(contact.address, limit)}")
    phones = [_phone_line(phone, texts, limit) for phone in contact.public_phones]
    if fit:
        phones = _fitting(phones, _units("\n".join(head + tail)), texts)
    return "\n".join(head + phones + tail)


def _fitting(lines: list[str], used: int, texts: dict[str, str]) -> list[str]:
    """The first ``lines`` that fit beside ``used`` units, then a note on how many are left."""
    shown: list[str] = []
    for index, line in enumerate(lines):
        note = texts["more_numbers"].format(count=len(lines) - index)
        # Each line costs its length and a line break; room is kept for the note.
        if used + _units(line) + 1 + _units(note) + 1 > MAX_MESSAGE_UNITS:
            return [*shown, note]
        shown.append(line)
        used += _units(line) + 1
    return shown


def _phone_line(phone: Phone, texts: dict[str, str], limit: int) -> str:
    label = f" ({_clip(phone.label, limit)})" if phone.label else ""
    if phone.sms_only:
        return f"💬 <code>{phone.international}</code>{label} – {texts['sms_only']}"
    return f"📞 {phone.international}{label}"


def _choice(contact: Contact) -> Button:
    detail = contact.title or contact.department
    text = f"{contact.name} – {detail}" if detail else contact.name
    return Button(text[:60], contact.id)


def _cut(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, the cut marked with an ellipsis."""
    return text[: limit - 1] + "…" if len(text) > limit else text


def _clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, then escaped for Telegram HTML."""
    return html.escape(_cut(text, limit), quote=False)


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def choices_text(buttons: Sequence[Button]) -> str:
    """Buttons as numbered lines, for a transport without buttons."""
    return "\n".join(f"{number}. {button.text}" for number, button in enumerate(buttons, 1))
