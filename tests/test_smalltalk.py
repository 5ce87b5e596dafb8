"""Small talk: a friendly word back and no contact; a greeting before a question leaves it."""

from __future__ import annotations

import pytest
from testing.relevance import OFFICE_HOURS

from kontakt import Conversation, Directory
from kontakt._conversation import Card, Notice, ReplyKind
from kontakt._smalltalk import Reading, Talk, read


@pytest.mark.parametrize(
    ("message", "talk"),
    [
        ("hej", Talk.GREETING),
        ("Hejsan!", Talk.GREETING),
        ("god morgon", Talk.GREETING),
        ("tack så mycket", Talk.THANKS),
        ("tack sa mycket", Talk.THANKS),
        ("Tusen tack!", Talk.THANKS),
        ("thanks", Talk.THANKS),
        ("thank you very much", Talk.THANKS),
        ("hej då", Talk.GOODBYE),
        ("trevlig helg", Talk.GOODBYE),
        # Every wish of a good time is a goodbye; "god dag" and "good evening" still greet.
        ("ha en bra kväll, hej då", Talk.GOODBYE),
        ("have a great weekend", Talk.GOODBYE),
        ("god dag", Talk.GREETING),
        ("good evening", Talk.GREETING),
        ("ok tack hej då", Talk.AGREEMENT),
        ("ok", Talk.AGREEMENT),
        ("nej tack", Talk.AGREEMENT),
        ("jag heter Kalle", Talk.INTRODUCTION),
        ("Mitt namn är Anna Berg", Talk.INTRODUCTION),
        ("my name is Ali", Talk.INTRODUCTION),
        ("vad heter du?", Talk.ABOUT_ME),
        ("jag heter Ahmed al-Sayed", Talk.INTRODUCTION),
        ("Hej! Jag heter Lisa Ek", Talk.GREETING),
        ("god morgon, my name is John Smith", Talk.GREETING),
        ("tack och hej", Talk.THANKS),
        ("tack för hjälpen och hej då", Talk.THANKS),
        ("are you a bot?", Talk.ABOUT_ME),
    ],
)
def test_small_talk_alone_leaves_no_question(message: str, talk: Talk) -> None:
    assert read(message) == Reading(talk, "")


@pytest.mark.parametrize(
    ("message", "question"),
    [
        ("hej, vem har hand om bygglov?", "vem har hand om bygglov"),
        ("God morgon! Var är biblioteket", "Var är biblioteket"),
        ("Hello, where can I learn Swedish?", "where can I learn Swedish"),
        ("var finns simhallen? tack!", "var finns simhallen"),
        ("tack! och vem sköter snöröjningen", "vem sköter snöröjningen"),
        # The resident's own name goes with the introduction; it is not searched for.
        ("God morgon, jag heter Anna och undrar om bygglov", "undrar om bygglov"),
        ("jag heter Kalle och undrar om bygglov", "undrar om bygglov"),
    ],
)
def test_a_greeting_or_thanks_around_a_question_leaves_the_question_as_written(
    message: str, question: str
) -> None:
    assert read(message).question == question


@pytest.mark.parametrize(
    "message",
    [
        "bra skola",
        "ok bygglov",
        "Hanna Berglöf",
        "hejare",
    ],
)
def test_words_that_are_also_small_talk_do_not_eat_a_question(message: str) -> None:
    reading = read(message)
    assert reading.question == message
    assert reading.talk is None


@pytest.fixture(scope="module")
def conversation(directory: Directory) -> Conversation:
    return Conversation(directory.public(), clock=lambda: OFFICE_HOURS)


@pytest.mark.parametrize(
    ("message", "topic"),
    [
        ("tack så mycket", "thanks"),
        ("ok tack hej då", "agreement"),
        ("jag heter Kalle", "introduction"),
        ("hej då", "goodbye"),
        ("hej", "greeting"),
        ("du e en riktigt smart bot", "compliment"),
        ("you are a really helpful bot", "compliment"),
        # An exclamation: "va" is "vad" here, not VA.
        ("va smart du e", "compliment"),
        ("how clever you are", "compliment"),
    ],
)
def test_small_talk_gets_a_friendly_reply_and_no_contact(
    conversation: Conversation, message: str, topic: str
) -> None:
    reply = conversation.ask(message, "sv")
    assert isinstance(reply, Notice)
    assert reply.topic == topic
    assert reply.kind is (ReplyKind.INFO if topic == "greeting" else ReplyKind.SMALL_TALK)


def test_thanks_in_english_is_answered_in_english(conversation: Conversation) -> None:
    reply = conversation.ask("thank you very much", "sv")
    assert isinstance(reply, Notice)
    assert (reply.topic, reply.language) == ("thanks", "en")


def test_a_greeting_followed_by_a_question_answers_the_question(
    conversation: Conversation,
) -> None:
    reply = conversation.ask("hej, vem har hand om bygglov?", "sv")
    assert isinstance(reply, Card) or reply.kind is ReplyKind.CHOICES
    plain = conversation.ask("vem har hand om bygglov?", "sv")
    assert reply == plain


@pytest.mark.parametrize(
    ("message", "topic"),
    [("hej, kan du hjälpa mig?", "greeting"), ("👍", "empty"), ("vem?", "empty")],
)
def test_a_message_with_nothing_to_search_for_says_how_to_ask(
    conversation: Conversation, message: str, topic: str
) -> None:
    reply = conversation.ask(message, "sv")
    assert isinstance(reply, Notice)
    assert reply.topic == topic
