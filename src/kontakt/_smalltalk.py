"""Small talk is not a search: greetings, thanks, goodbyes and introductions get a friendly
word back, and a greeting before a question ("hej, vem har hand om bygglov?") leaves the
question.

A message is read as words (folded, so "tack sa mycket" is "tack så mycket"); small-talk phrases
are taken off its start and end. Nothing left means the message was small talk, answered by
the kind of its first phrase; what is left is the question, as the resident wrote it.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass

from kontakt._swedish import fold


class Talk(enum.StrEnum):
    """What a small-talk message was; each has its reply in the text catalogue."""

    GREETING = "greeting"
    THANKS = "thanks"
    GOODBYE = "goodbye"
    INTRODUCTION = "introduction"
    ABOUT_ME = "about_me"
    """A question to the bot itself: "vem är du?", "are you a bot?"."""
    AGREEMENT = "agreement"
    """"ok", "bra", "great": a resident acknowledging an answer."""
    COMPLIMENT = "compliment"
    """"du är en riktigt smart bot", "good bot": a kind word to the bot."""


# What a compliment says the bot is, folded: "smart", "bra", "rolig", "helpful".
_QUALITIES = (
    "smart",
    "bra",
    "duktig",
    "snall",
    "rolig",
    "grym",
    "fantastisk",
    "hjalpsam",
    "klok",
    "good",
    "great",
    "nice",
    "clever",
    "helpful",
    "funny",
    "awesome",
    "amazing",
)

# Folded phrases, by kind. Longer phrases are tried first, so "hej då" is a goodbye and not a
# greeting followed by "då".
_PHRASES: dict[Talk, tuple[str, ...]] = {
    Talk.GREETING: (
        "hej",
        "hejsan",
        "hejhej",
        "hej hej",
        "halla",
        "hallå",
        "tja",
        "tjena",
        "tjenare",
        "tjabba",
        "morsning",
        "god morgon",
        "godmorgon",
        "god dag",
        "goddag",
        "god middag",
        "god kvall",
        "hello",
        "hi",
        "hey",
        "hiya",
        "good morning",
        "good afternoon",
        "good evening",
        "good day",
    ),
    Talk.THANKS: (
        "tack",
        "tackar",
        "tack sa mycket",
        "tack snalla",
        "tack for hjalpen",
        "tack for svaret",
        "tack ska du ha",
        "tusen tack",
        "stort tack",
        "tack tack",
        "thanks",
        "thank you",
        "thank you very much",
        "thanks a lot",
        "thx",
        "ty",
        "tnx",
    ),
    Talk.GOODBYE: (
        "hej da",
        "hejda",
        "hej hej da",
        "ha det",
        "ha det bra",
        "ha det gott",
        # "ha en bra kväll", "trevlig helg", "have a nice weekend": every wish of a good time.
        *(
            f"{start}{wish} {time}"
            for start in ("", "ha en ")
            for wish in ("bra", "trevlig", "fin", "skon", "god")
            for time in ("dag", "kvall", "helg", "vecka", "eftermiddag", "sommar", "jul")
            if f"{start}{wish} {time}" != "god dag"  # a greeting
        ),
        *(
            f"{start}{wish} {time}"
            for start in ("", "have a ")
            for wish in ("nice", "good", "great", "lovely")
            for time in ("day", "evening", "weekend", "week", "afternoon")
            if f"{start}{wish} {time}" not in ("good day", "good evening", "good afternoon")
        ),
        "god natt",
        "godnatt",
        "vi hors",
        "ses",
        "adjo",
        "bye",
        "bye bye",
        "goodbye",
        "good bye",
        "good night",
        "see you",
    ),
    Talk.AGREEMENT: (
        "ok",
        "okej",
        "okey",
        "okay",
        "oki",
        "aha",
        "haha",
        "hahaha",
        "hehe",
        "lol",
        "ja",
        "japp",
        "jo",
        "nej",
        "nej tack",
        "bra",
        "toppen",
        "perfekt",
        "super",
        "kanon",
        "fint",
        "vad bra",
        "yes",
        "no",
        "no thanks",
        "great",
        "fine",
        "good",
        "nice",
        "cool",
        "perfect",
        "got it",
    ),
    Talk.COMPLIMENT: (
        # "du är bra", "du e en riktigt smart bot", "you are a great bot", "bra bot".
        *(
            f"{subject}{degree}{quality}{bot}"
            for subject in ("du ar ", "du e ", "you are ", "youre ", "you re ")
            for degree in (
                "",
                "sa ",
                "riktigt ",
                "valdigt ",
                "jatte",
                "en ",
                "en riktigt ",
                "en valdigt ",
                "en sa ",
                "a ",
                "so ",
                "very ",
                "really ",
                "a very ",
                "a really ",
            )
            for quality in _QUALITIES
            for bot in ("", " bot", " robot")
        ),
        *(f"{quality} {bot}" for quality in _QUALITIES for bot in ("bot", "robot")),
        # "va smart du e", "så duktig du är", "how clever you are", "what a great bot".
        *(
            f"{how}{quality} {subject}"
            for how in ("vad ", "va ", "sa ", "how ")
            for quality in _QUALITIES
            for subject in ("du ar", "du e", "you are")
        ),
        *(f"what a {quality} bot" for quality in _QUALITIES),
        "tack du ar bast",
        "du ar bast",
        "you are the best",
        "you rock",
    ),
    Talk.ABOUT_ME: (
        "vem ar du",
        "vad ar du",
        "vad heter du",
        "hur mar du",
        "hur ar laget",
        "laget",
        "ar du en robot",
        "ar du en bot",
        "ar du en manniska",
        "who are you",
        "what are you",
        "what is your name",
        "whats your name",
        "how are you",
        "are you a bot",
        "are you a robot",
        "are you human",
    ),
}
# An introduction names the resident: "jag heter Kalle", "my name is Anna Maria Berg". The name
# is taken off with it (up to three words, or to "och"): it is the resident's, not a question.
_INTRODUCTIONS = frozenset(
    {
        ("jag", "heter"),
        ("mitt", "namn", "ar"),
        ("my", "name", "is"),
        ("i", "am", "called"),
        ("call", "me"),
    }
)
_NAME_WORDS = 3
# "tack och hej", "thanks and bye": small talk joined to small talk.
_JOINERS = frozenset({"och", "and", "o"})
_RAW_WORD = re.compile(r"[^\W_]+")
_LONGEST = max(len(p.split()) for phrases in _PHRASES.values() for p in phrases)
_KIND = {tuple(p.split()): kind for kind, phrases in _PHRASES.items() for p in phrases}
_KIND_BEFORE_QUESTION: dict[tuple[str, ...], Talk] = {
    phrase: kind for phrase, kind in _KIND.items() if kind not in (Talk.AGREEMENT, Talk.ABOUT_ME)
}


@dataclass(frozen=True, slots=True)
class Reading:
    """A message read for small talk: what kind it starts with, and the question left."""

    talk: Talk | None
    """The first small-talk phrase's kind; None when the message has none."""
    question: str
    """The message without its small talk, as written; empty for pure small talk."""


def read(message: str) -> Reading:
    """Take small talk off the start and end of ``message``; see the module's text."""
    spans = [match.span() for match in _RAW_WORD.finditer(message)]
    words = [fold(message[start:end]) for start, end in spans]
    if not words:
        return Reading(None, message)
    talk, first, last = _strip(words, _KIND)
    if talk is not None and first == last:
        return Reading(talk, "")
    # "ok" or "bra" count as small talk only on their own: "bra skola" is a question.
    talk, first, last = _strip(words, _KIND_BEFORE_QUESTION)
    if talk is None:
        return Reading(None, message)
    if first == last:
        return Reading(talk, "")
    # The question as written, from its first word to its last.
    return Reading(talk, message[spans[first][0] : spans[last - 1][1]])


def _strip(words: list[str], kinds: Mapping[tuple[str, ...], Talk]) -> tuple[Talk | None, int, int]:
    """The first phrase's kind, and the words left between phrases taken off both ends."""
    first, last = 0, len(words)
    talk: Talk | None = None
    while first < last and (found := _front(words[first:last], kinds)):
        talk = talk or found[0]
        first += found[1]
    while first < last and (found := _phrase(words[first:last], kinds, at_end=True)):
        talk = talk or found[0]
        last -= found[1]
        if first < last and words[last - 1] in _JOINERS:
            last -= 1
    return talk, first, last


def _front(words: list[str], kinds: Mapping[tuple[str, ...], Talk]) -> tuple[Talk, int] | None:
    """The small talk at the start of ``words``, with a joining "och" after it: its kind and
    how many words it takes."""
    found = _introduction(words) or _phrase(words, kinds, at_end=False)
    if found is None:
        return None
    kind, length = found
    if length < len(words) and words[length] in _JOINERS:
        length += 1
    return kind, length


def _introduction(words: list[str]) -> tuple[Talk, int] | None:
    for phrase in _INTRODUCTIONS:
        if tuple(words[: len(phrase)]) == phrase and len(words) > len(phrase):
            length = len(phrase)
            while (
                length < len(words)
                and length < len(phrase) + _NAME_WORDS
                and words[length] not in _JOINERS
            ):
                length += 1
            return Talk.INTRODUCTION, length
    return None


def _phrase(
    words: list[str], kinds: Mapping[tuple[str, ...], Talk], *, at_end: bool
) -> tuple[Talk, int] | None:
    """The longest phrase at the start (or end) of ``words``: its kind and length."""
    for length in range(min(_LONGEST, len(words)), 0, -1):
        kind = kinds.get(tuple(words[-length:] if at_end else words[:length]))
        if kind is not None:
            return kind, length
    return None
