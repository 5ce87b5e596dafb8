"""Every reply rendered for Telegram is valid Telegram HTML, whatever the contacts hold."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from kontakt import Contact, DataError, Directory, Kind, Organisation
from kontakt._conversation import MAX_QUESTION_CHARS, Conversation, Reply
from kontakt._names import MAX_ID_LENGTH
from kontakt._phones import parse_phone
from kontakt._texts import Language
from kontakt.bot._render import Message, card, inline_result, message
from support import telegramhtml
from support.datafiles import any_text, characters, phone_numbers
from support.helpers import data_file
from support.properties import examples, runs

LANGUAGES: tuple[Language, ...] = ("sv", "en")
# Telegram's text is UTF-8, so a lone surrogate never reaches the bot; anything else may.
VALUES = st.one_of(
    any_text(surrogates=False, max_pieces=16),
    st.text(characters(surrogates=False), max_size=40),
    st.sampled_from(
        ["<b>", "</i>", "&amp;", "&", "a < b > c", '"q"', "\u200f", "👩\u200d👩\u200d👧"]
    ),
)
OPTIONAL = st.one_of(st.none(), VALUES)


@pytest.mark.parametrize(
    ("html", "valid"),
    [
        ("<b>Anna</b>\n📞 +46 478 125 11", True),
        ("a &lt; b &amp;&amp; c &gt; d &quot;q&quot; &#128512; &#x1F600;", True),
        ('<a href="https://lessebo.se/?a=1&amp;b=2">x</a>', True),
        ('<span class="tg-spoiler">x</span><tg-spoiler>y</tg-spoiler>', True),
        ('<pre><code class="language-python">x</code></pre>', True),
        ("<div>x</div>", False),
        ("<b>x", False),
        ("x</b>", False),
        ("<b><i>x</b></i>", False),
        ("a < b", False),
        ("a > b", False),
        ("a & b", False),
        ("&amp", False),
        ("&nbsp;", False),
        ("<span>x</span>", False),
        ('<span class="x">x</span>', False),
        ("<a>x</a>", False),
        ("<code><b>x</b></code>", False),
        ("<br/>", False),
        ("<!-- x -->", False),
        ("<b class=x>y</b>", False),
        ("x" * 4096, True),
        ("x" * 4097, False),
        ("&lt;" * 4096, True),
        ("🎉" * 2048, True),
        ("🎉" * 2049, False),
    ],
)
def test_the_checker_knows_telegram_html(html: str, valid: bool) -> None:
    assert (telegramhtml.problems(html) == []) == valid, telegramhtml.problems(html)


@st.composite
def contacts(draw: st.DrawFn, index: int = 0) -> Contact:
    """A contact built directly, with any text in every field and any number of phones."""
    phones = tuple(
        parse_phone(
            draw(phone_numbers()),
            label=draw(OPTIONAL),
            public=draw(st.booleans()) or draw(st.booleans()),
        )
        for _ in range(draw(st.sampled_from([0, 1, 2, 3, 12, 40])))
    )
    kind = draw(st.sampled_from(Kind))
    first, last = draw(VALUES), draw(VALUES)
    return Contact(
        kind=kind,
        # The longest id the data file allows must still fit in a button's data.
        id=draw(st.sampled_from([f"c-{index}", f"{index:02d}" + "a" * (MAX_ID_LENGTH - 2)])),
        name=draw(VALUES) or "x",
        first_name=first if kind is Kind.PERSON else None,
        last_name=last if kind is Kind.PERSON else None,
        title=draw(OPTIONAL),
        department=draw(OPTIONAL),
        email=draw(OPTIONAL),
        phones=phones,
        topics=tuple(draw(st.lists(VALUES, max_size=3))),
        address=draw(OPTIONAL),
    )


def check_reply(reply: Reply) -> None:
    check_message(message(reply))


def check_message(shown: Message) -> None:
    assert telegramhtml.problems(shown.html) == [], shown.html[:500]
    for button in shown.buttons:
        assert button.text.strip()
        if button.url is not None:
            # A link: https, to a host with a dot, nothing Telegram would refuse.
            parts = urlsplit(button.url)
            assert (parts.scheme, bool(parts.hostname)) == ("https", True), button.url
            assert "." in (parts.hostname or "") and button.url.isascii(), button.url
            assert not button.data
        else:
            # Telegram takes 1-64 bytes of callback data.
            assert 1 <= len(button.data.encode()) <= 64, button.data


@runs(default=70, long=2_000)
def test_every_card_is_valid_telegram_html(count: int) -> None:
    @examples(count)
    @given(contacts(), st.sampled_from(LANGUAGES))
    def check(contact: Contact, language: Language) -> None:
        shown = card(contact, language)
        check_message(shown)
        event(f"{len(shown.html) // 1000}k characters of HTML")

    check()


@st.composite
def directories(draw: st.DrawFn) -> Directory:
    people = [draw(contacts(index)) for index in range(draw(st.integers(1, 4)))]
    organisation = Organisation(
        name=draw(VALUES) or "x",
        domain="lessebo.se",
        phone=parse_phone("0478-125 00") if draw(st.booleans()) else None,
        email=draw(OPTIONAL),
        address=draw(OPTIONAL),
    )
    return Directory(people, organisation=organisation)


@st.composite
def questions(draw: st.DrawFn, directory: Directory) -> str:
    """A name or title from the directory (to get cards and choices), or anything at all."""
    known = [t for c in directory for t in (c.name, c.title, *c.topics) if t]
    question = draw(st.one_of(st.sampled_from(known), VALUES))
    if draw(st.integers(0, 9)) == 0:
        question = question + " " + "x" * MAX_QUESTION_CHARS  # over the cap: the reply says so
    return question


@runs(default=40, long=1_200)
def test_every_answer_greeting_and_inline_result_is_valid_telegram_html(count: int) -> None:
    @examples(count)
    @given(st.data(), directories(), st.sampled_from(LANGUAGES))
    def check(data: st.DataObject, directory: Directory, language: Language) -> None:
        conversation = Conversation(directory)
        question = data.draw(questions(directory))
        reply = conversation.ask(question, language)
        check_reply(reply)
        event(str(reply.kind))
        check_reply(conversation.greet(language))
        check_reply(conversation.help(language))
        for contact in directory:
            check_reply(conversation.show(contact.id, language))
        for answer in conversation.inline(question, language):
            assert telegramhtml.problems(inline_result(answer).html) == []

    check()


@runs(default=100, long=3_000)
def test_no_match_replies_echo_any_question_safely(count: int, directory: Directory) -> None:
    conversation = Conversation(directory.public())

    @examples(count)
    @given(VALUES, st.sampled_from(LANGUAGES))
    def check(question: str, language: Language) -> None:
        reply = conversation.ask(question, language)
        check_reply(reply)
        event(str(reply.kind))

    check()


TEXT_VALUES = st.text(characters(surrogates=False, controls=False), min_size=1, max_size=300)


@runs(default=80, long=2_000)
def test_cards_of_loaded_contacts_are_valid_telegram_html(count: int) -> None:
    @examples(count)
    @given(
        st.lists(
            st.tuples(TEXT_VALUES, TEXT_VALUES, TEXT_VALUES, TEXT_VALUES), min_size=1, max_size=4
        ),
        st.sampled_from(LANGUAGES),
    )
    def check(people: list[tuple[str, str, str, str]], language: Language) -> None:
        entries = "".join(
            f"  - first_name: {json.dumps(first, ensure_ascii=False)}\n"
            f"    last_name: {json.dumps(last, ensure_ascii=False)}\n"
            f"    title: {json.dumps(title, ensure_ascii=False)}\n"
            f"    topics: [{json.dumps(topic, ensure_ascii=False)}]\n"
            f"    phones: [0478-125 {10 + index}]\n"
            for index, (first, last, title, topic) in enumerate(people)
        )
        try:
            directory = Directory.from_text(data_file("people:\n" + entries))
        except DataError:
            event("refused")  # a value with nothing but spaces is empty
            return
        event("loaded")
        conversation = Conversation(directory)
        for contact in directory:
            check_message(card(contact, language))
            check_reply(conversation.ask(contact.name, language))

    check()
