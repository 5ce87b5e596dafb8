"""The conversation with a resident, free of any transport: a question in, a reply out.

Replies are values (a card, a choice, no match, a notice, a contact to save), not text: each
front end renders them its own way from the one text catalogue (``_texts``): the Telegram bot
as Telegram HTML (``kontakt.bot._render``), the terminal chat as plain text (``_chat``).
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar, Literal

from kontakt import _smalltalk, _swedish, _vcard, _wordforms
from kontakt._directory import Directory
from kontakt._hours import TIMEZONE
from kontakt._model import Contact, Kind, Organisation
from kontakt._search import MAX_QUERY_CHARS, RELEVANCE_FLOOR, Field, Match, Matches
from kontakt._texts import Language

MAX_QUESTION_CHARS = MAX_QUERY_CHARS
"""Longer questions are cut to this before they are searched or echoed."""
MAX_CHOICES = 8
MAX_INLINE_RESULTS = 10
_SEARCHED = 16
"""Results looked at per question: the choices, and an on-call line further down."""
SUGGESTION_FLOOR = 55.0
"""Below the search's relevance floor but close enough to offer as "did you mean"."""
CHOICE_FLOOR = 68.0
"""Below the relevance floor, matches this good are offered as choices: the message's telling
words point at different entries, and one of them is most likely meant."""
_SUGGESTIONS = 3
_UNSURE_CHOICES = 3
_MAX_VCARD_BYTES = 2048  # Telegram's limit for a contact's vCard, and a sane one elsewhere
_MAX_SAVED_NAME = 64


class ReplyKind(enum.StrEnum):
    """What a reply is, for counting: the bot logs counts, never questions."""

    CARD = "card"
    CHOICES = "choices"
    NO_MATCH = "no_match"
    CONTACT = "contact"
    INFO = "info"
    """A greeting, help, a notice or an empty question."""
    SMALL_TALK = "small_talk"
    """Thanks, goodbye, an introduction: a friendly word and no contact."""


@dataclass(frozen=True, slots=True)
class Card:
    """One contact: the answer to a question, a button pressed or a deep link."""

    contact: Contact
    language: Language
    question_cut: bool = False
    """The question was longer than :data:`MAX_QUESTION_CHARS` and only its start was read."""
    at: datetime | None = None
    """When the card is shown: its hours line says whether the entry is open then."""
    closed: Contact | None = None
    """When ``contact`` is an on-call line offered because the entry that answers is closed:
    that entry, shown after it (with SOS Alarm's 112 named)."""
    kind: ClassVar[ReplyKind] = ReplyKind.CARD


@dataclass(frozen=True, slots=True)
class Choices:
    """Several contacts answer equally well: ask which one was meant."""

    contacts: tuple[Contact, ...]
    language: Language
    question_cut: bool = False
    sure: bool = True
    """False when none matched well enough to answer alone: the best guesses, best first."""
    kind: ClassVar[ReplyKind] = ReplyKind.CHOICES


@dataclass(frozen=True, slots=True)
class NoMatch:
    """Nobody answers the question: the question, close suggestions and the switchboard."""

    question: str
    suggestions: tuple[Contact, ...]
    organisation: Organisation
    language: Language
    question_cut: bool = False
    kind: ClassVar[ReplyKind] = ReplyKind.NO_MATCH


Topic = Literal[
    "greeting",
    "help",
    "empty",
    "unknown_contact",
    "rate_limited",
    "thanks",
    "goodbye",
    "introduction",
    "about_me",
    "agreement",
    "compliment",
]


@dataclass(frozen=True, slots=True)
class Notice:
    """A text from the catalogue: a greeting, help, an empty question, a notice."""

    topic: Topic
    organisation: Organisation
    language: Language

    @property
    def kind(self) -> ReplyKind:
        return ReplyKind.INFO if self.topic in _INFO_TOPICS else ReplyKind.SMALL_TALK


@dataclass(frozen=True, slots=True)
class SavedContact:
    """A contact to save in an address book: the number is always one that can be called."""

    phone_number: str
    first_name: str
    last_name: str | None
    vcard: str | None
    kind: ClassVar[ReplyKind] = ReplyKind.CONTACT


Reply = Card | Choices | NoMatch | Notice | SavedContact
"""What the conversation answers; ``reply.kind`` names it for counting (never the question)."""


class Conversation:
    """Answers residents from one directory; build a new one when the directory changes.

    Give it the public view of a directory (:meth:`Directory.public`): it shows what it has.
    """

    def __init__(
        self, directory: Directory, *, clock: Callable[[], datetime] | None = None
    ) -> None:
        self.directory = directory
        self._clock = clock or _now
        """The time every answer is given at: the real time, or a set one for demos and tests."""

    def greet(self, language: Language, payload: str | None = None) -> Card | Notice:
        """``/start``, or ``/start <id>`` from a deep link, which shows that contact."""
        if payload:
            return self.show(payload, language)
        return self._notice("greeting", language)

    def help(self, language: Language) -> Notice:
        return self._notice("help", language)

    def rate_limited(self, language: Language) -> Notice:
        return self._notice("rate_limited", language)

    def ask(self, question: str, language: Language) -> Card | Choices | NoMatch | Notice:
        """The answer to a question: a card, a choice, small talk back, or where to turn.

        A clearly English question is answered in English whatever ``language`` says.
        """
        cut = len(question) > MAX_QUESTION_CHARS
        question = question[:MAX_QUESTION_CHARS].strip()
        if not question:
            return self._notice("empty", language)
        if _wordforms.clearly_english(_swedish.words(question)):
            language = "en"
        talk = _smalltalk.read(question)
        if talk.talk is not None and not talk.question.strip():
            return self._notice(talk.talk.value, language)
        question = talk.question
        if not set(_swedish.words(question)) - _swedish.FILLER_WORDS:
            # Nothing to search for ("hej, kan du hjälpa mig?", "👍"): say how to ask.
            return self._notice(talk.talk.value if talk.talk else "empty", language)
        # One search serves both: answers above the relevance floor, else suggestions below it.
        found = self.directory.search(question, limit=_SEARCHED, min_score=SUGGESTION_FLOOR)
        matches = Matches(m for m in found if m.score >= RELEVANCE_FLOOR)
        at = self._clock()
        if matches and (on_call := self._on_call(matches, found, at, language, cut)) is not None:
            return on_call
        best = _offices_first(matches, at)
        if len(best) == 1:
            return Card(best[0], language, cut, at=at)
        found = Matches(found[:MAX_CHOICES])
        if best:
            return Choices(tuple(best[:MAX_CHOICES]), language, cut)
        likely = [m.contact for m in found if _worth_a_guess(m)][:_UNSURE_CHOICES]
        if likely:
            return Choices(tuple(likely), language, cut, sure=False)
        return NoMatch(
            question,
            tuple(m.contact for m in found[:_SUGGESTIONS]),
            self.directory.organisation,
            language,
            cut,
        )

    def show(self, contact_id: str, language: Language) -> Card | Notice:
        """The card of one contact, by id (a button press or a deep link)."""
        contact = self.directory.get(contact_id)
        if contact is None:
            return self._notice("unknown_contact", language)
        return Card(contact, language, at=self._clock())

    def save(self, contact_id: str, language: Language) -> SavedContact | Notice:
        """The contact for an address book, with a number one can call."""
        contact = self.directory.get(contact_id)
        saved = _saved_contact(contact, self.directory.organisation) if contact else None
        return saved or self._notice("unknown_contact", language)

    def inline(self, query: str, language: Language) -> list[Card]:
        """Up to ten cards for a query typed in another chat (Telegram's inline mode)."""
        matches = self.directory.search(query[:MAX_QUESTION_CHARS], limit=MAX_INLINE_RESULTS)
        at = self._clock()
        return [Card(m.contact, language, at=at) for m in matches]

    @staticmethod
    def _on_call(
        answers: Matches, found: Matches, at: datetime, language: Language, cut: bool
    ) -> Card | None:
        """When every best answer is closed at ``at``: the on-call line that answers the
        question too and is open, to show first, with the closed office after it. Never when
        an answer is open, and never an on-call line the question does not match."""
        # Offices are services: a person's phone time being over says nothing of the office.
        best = [m.contact for m in answers.best]
        offices = [c for c in best if c.kind is Kind.SERVICE and not c.on_call]
        if not offices or len(offices) + sum(c.on_call for c in best) < len(best):
            return None
        if any(o.hours is None or not o.hours.is_known(at) or o.hours.is_open(at) for o in offices):
            return None
        for match in found:
            # It must answer the question itself, not merely be on call.
            if match.score < CHOICE_FLOOR:
                break
            line = match.contact
            if line.on_call and (line.hours is None or line.hours.is_open(at)):
                return Card(line, language, cut, at=at, closed=offices[0])
        return None

    def _notice(self, topic: Topic, language: Language) -> Notice:
        return Notice(topic, self.directory.organisation, language)


_INFO_TOPICS = frozenset({"greeting", "help", "empty", "unknown_contact", "rate_limited"})


def _offices_first(matches: Matches, at: datetime) -> list[Contact]:
    """The best answers; an on-call line among them only when no office among them is open
    (VA-jour and Felanmälan vatten answer "vattenläcka" alike, but by day the office does)."""
    best = [m.contact for m in matches.best]
    open_office = any(
        c.kind is Kind.SERVICE and not c.on_call and c.hours is not None and c.hours.is_open(at)
        for c in best
    )
    return [c for c in best if not c.on_call] if open_office else best


def _worth_a_guess(match: Match) -> bool:
    """Whether a match below the relevance floor is offered as a guess. Not one through a
    department's name alone: those hold place names and broad words ("Polisen, lokalpolisområde
    Växjö"), so "när går tåget till Växjö" would offer the police."""
    return match.score >= CHOICE_FLOOR and match.field is not Field.DEPARTMENT


def _now() -> datetime:
    return datetime.now(TIMEZONE)


def choice_label(contact: Contact) -> str:
    """How a contact is named among choices: ``Erik Svensson – Rektor``."""
    detail = contact.title or contact.department
    return f"{contact.name} – {detail}" if detail else contact.name


def _saved_contact(contact: Contact, organisation: Organisation) -> SavedContact | None:
    callable_phones = contact.callable_phones
    if not callable_phones:
        return None
    shown = contact.without_hidden_phones()
    card = _vcard.cards([shown], organisation=organisation)
    if len(card.encode()) > _MAX_VCARD_BYTES:
        # Long hours or a long link are the first to go: the numbers and names matter more.
        card = _vcard.cards(
            [dataclasses.replace(shown, hours=None, url=None)], organisation=organisation
        )
    if contact.kind is Kind.PERSON:
        first, last = contact.first_name or contact.name, contact.last_name
    else:
        first, last = contact.name, None
    return SavedContact(
        phone_number=callable_phones[0].e164,
        first_name=first[:_MAX_SAVED_NAME],
        last_name=last[:_MAX_SAVED_NAME] if last else None,
        vcard=card if len(card.encode()) <= _MAX_VCARD_BYTES else None,
    )
