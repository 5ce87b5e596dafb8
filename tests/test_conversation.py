"""The conversation engine: every behaviour the bot and the terminal chat share."""

from __future__ import annotations

import pytest
from testing.relevance import OFFICE_HOURS

from kontakt import Directory
from kontakt._conversation import (
    MAX_QUESTION_CHARS,
    Card,
    Choices,
    Conversation,
    NoMatch,
    Reply,
    ReplyKind,
    SavedContact,
)
from kontakt._texts import language_for
from kontakt.bot._render import MAX_MESSAGE_UNITS, SAVE_PREFIX, Message, inline_result, message
from support.helpers import data_file
from support.paths import FIXTURES


def shown(reply: Reply) -> Message:
    """The reply as the Telegram bot sends it."""
    return message(reply)


def saved(reply: Reply) -> SavedContact | None:
    return reply if isinstance(reply, SavedContact) else None


# A contact that is gone (a stale deep link or button) still gives the way on: the switchboard.
GONE = (
    "Den kontakten finns inte längre.\n\n"
    "Du kan alltid vända dig till Solsjö kommun:\n"
    "📞 +46 980 31 92 00\n✉️ kontaktcenter@solsjo.example\n📍 999 80 Solsjö"
)


@pytest.fixture(scope="module")
def conversation(directory: Directory) -> Conversation:
    # A weekday morning: cards say what is true then, whenever the tests run.
    return Conversation(directory.public(), clock=lambda: OFFICE_HOURS)


def test_greeting_says_how_to_ask(conversation: Conversation) -> None:
    reply = conversation.greet("sv")
    assert shown(reply).html.startswith(
        "Hej! Jag hjälper dig att hitta rätt person eller funktion på Solsjö kommun."
    )
    assert reply.kind is ReplyKind.INFO
    assert shown(conversation.greet("en")).html.startswith("Hello! I help you find")


def test_deep_link_shows_that_contact(conversation: Conversation) -> None:
    reply = conversation.greet("sv", "hanna-berglof")
    assert reply.kind is ReplyKind.CARD
    assert shown(reply).html.startswith("<b>Hanna Berglöf</b>\n")


def test_deep_link_to_unknown_id(conversation: Conversation) -> None:
    assert shown(conversation.greet("sv", "nobody")).html == GONE
    assert shown(conversation.greet("en", "nobody")).html.startswith(
        "That contact no longer exists.\n\nYou can always contact Solsjö kommun:"
    )


def test_help_lists_the_commands(conversation: Conversation) -> None:
    assert "/sok &lt;fråga&gt;" in shown(conversation.help("sv")).html
    assert "/search &lt;question&gt;" in shown(conversation.help("en")).html


def test_one_clear_match_is_a_card(conversation: Conversation) -> None:
    reply = conversation.ask("berglof", "sv")
    assert reply.kind is ReplyKind.CARD
    assert shown(reply).html == (
        "<b>Hanna Berglöf</b>\n"
        "Kommunikations- och marknadschef, Kommunledningsförvaltningen\n"
        "📞 +46 980 31 92 11\n"
        "💬 <code>+46 70 174 06 14</code> (mobil) – endast SMS\n"
        "✉️ hanna.berglof@solsjo.example"
    )
    assert [(b.text, b.data) for b in shown(reply).buttons] == [
        ("Spara kontakt", "s:hanna-berglof")
    ]


def test_card_in_english_marks_sms_only(conversation: Conversation) -> None:
    reply = conversation.ask("berglof", "en")
    assert "💬 <code>+46 70 174 06 14</code> (mobil) – SMS only" in shown(reply).html
    assert shown(reply).buttons[0].text == "Save contact"


def test_service_card_has_name_hours_phones_address_and_links(conversation: Conversation) -> None:
    reply = conversation.show("bibliotek", "sv")
    assert shown(reply).html == (
        "<b>Solsjö bibliotek</b>\n"
        "Kultur- och fritidsförvaltningen\n"
        "🕘 Öppet nu, stänger 19:00\n"
        "📞 +46 980 31 92 75\n"
        "✉️ bibliotek@solsjo.example\n"
        "📍 Storgatan 33, 999 31 Solsjö"
    )
    assert [(b.text, b.data, b.url) for b in shown(reply).buttons] == [
        ("Spara kontakt", "s:bibliotek", None),
        ("Webbplats", "", "https://solsjo.example/bibliotek"),
        (
            "Karta",
            "",
            "https://www.openstreetmap.org/search?query=Storgatan%2033%2C%20999%2031%20Solsj%C3%B6",
        ),
    ]


def test_equally_good_matches_offer_a_choice(conversation: Conversation) -> None:
    reply = conversation.ask("Erik Svensson", "sv")
    assert reply.kind is ReplyKind.CHOICES
    assert shown(reply).html == "Flera passar lika bra. Vem menar du?"
    assert [(b.text, b.data) for b in shown(reply).buttons] == [
        ("Erik Svensson – Bygglovshandläggare", "erik-svensson-bygglov"),
        ("Erik Svensson – Rektor", "erik-svensson-rektor"),
    ]


def test_a_choice_button_shows_that_card(conversation: Conversation) -> None:
    reply = conversation.show("erik-svensson-rektor", "sv")
    assert shown(reply).html.startswith("<b>Erik Svensson</b>\nRektor, Utbildningsförvaltningen\n")


def test_no_match_gives_the_switchboard(conversation: Conversation) -> None:
    reply = conversation.ask("xyzzy", "sv")
    assert reply.kind is ReplyKind.NO_MATCH
    assert shown(reply).html == (
        "Jag hittade ingen som passar «xyzzy».\n\n"
        "Du kan alltid vända dig till Solsjö kommun:\n"
        "📞 +46 980 31 92 00\n"
        "✉️ kontaktcenter@solsjo.example\n"
        "📍 999 80 Solsjö"
    )
    assert shown(reply).buttons == ()


def test_no_match_offers_close_suggestions(conversation: Conversation) -> None:
    # A lone common word is no answer, but the entries it points at are worth suggesting.
    reply = conversation.ask("vatten", "sv")
    assert reply.kind is ReplyKind.NO_MATCH
    assert "Menade du någon av dessa?" in shown(reply).html
    assert "📞 +46 980 31 92 00" in shown(reply).html
    assert [b.data for b in shown(reply).buttons] == ["va-jour", "jonas-ek"]


def test_question_is_escaped_when_echoed(conversation: Conversation) -> None:
    reply = conversation.ask('<script>&"x"</script>', "en")
    assert shown(reply).html.startswith(
        'I found nobody matching «&lt;script&gt;&amp;"x"&lt;/script&gt;».'
    )


def test_long_question_is_cut_and_said_so(conversation: Conversation) -> None:
    reply = conversation.ask("berglöf " + "x" * MAX_QUESTION_CHARS, "sv")
    assert shown(reply).html.startswith("<i>Frågan var lång, så jag läste bara början.</i>\n\n")
    assert reply.kind is ReplyKind.CARD


def test_empty_question(conversation: Conversation) -> None:
    assert shown(conversation.ask("   ", "sv")).html == (
        "Skriv vad du undrar över, till exempel <i>/sok bygglov</i>."
    )


def test_save_sends_a_callable_number_never_the_sms_only_one(conversation: Conversation) -> None:
    reply = conversation.save("hanna-berglof", "sv")
    assert reply.kind is ReplyKind.CONTACT
    contact = saved(reply)
    assert contact is not None
    assert contact.phone_number == "+46980319211"
    assert (contact.first_name, contact.last_name) == ("Hanna", "Berglöf")
    assert contact.vcard is not None
    assert "item1.TEL;TYPE=CELL:+46701740614\r\nitem1.X-ABLabel:endast SMS" in contact.vcard


SMS_ONLY = data_file("""\
    people:
      - first_name: Bo
        last_name: Ek
        phones:
          - number: 070-174 06 14
            sms_only: true
      - first_name: Eva
        last_name: Ek
        phones:
          - 070-111 22 33 (endast sms)
          - 0478-125 99
    """)


def test_contact_with_only_an_sms_number_cannot_be_saved() -> None:
    conversation = Conversation(Directory.from_text(SMS_ONLY))
    card = conversation.show("bo-ek", "sv")
    assert shown(card).buttons == ()
    assert "📞" not in shown(card).html
    assert saved(conversation.save("bo-ek", "sv")) is None


def test_first_callable_number_is_saved_even_when_listed_second() -> None:
    conversation = Conversation(Directory.from_text(SMS_ONLY))
    contact = saved(conversation.save("eva-ek", "sv"))
    assert contact is not None and contact.phone_number == "+4647812599"


def test_save_of_an_unknown_id(conversation: Conversation) -> None:
    reply = conversation.save("nobody", "sv")
    assert saved(reply) is None
    assert shown(reply).html == GONE


def test_save_button_data_fits_telegram() -> None:
    long_id = "a" * 62
    text = data_file(f"services:\n  - id: {long_id}\n    name: X\n    phones: [0980-31 92 00]\n")
    button = shown(Conversation(Directory.from_text(text)).show(long_id, "sv")).buttons[0]
    assert button.data == SAVE_PREFIX + long_id
    assert len(button.data.encode()) <= 64


def test_inline_gives_at_most_ten_cards(conversation: Conversation) -> None:
    answers = conversation.inline("samhällsbyggnad", "sv")
    assert 1 < len(answers) <= 10
    assert inline_result(conversation.inline("bergl", "sv")[0]).title == "Hanna Berglöf"
    assert conversation.inline("", "sv") == []


HOSTILE = data_file("""\
    people:
      - first_name: "<b>Bo"
        last_name: "Ek & Söner </b>"
        title: "<a href='x'>chef</a>"
        department: "R&D \u202e"
        phones: ["0478-125 99"]
        topics: [test]
    """)


def test_data_values_are_escaped_in_cards() -> None:
    html = shown(Conversation(Directory.from_text(HOSTILE)).ask("test", "sv")).html
    assert html.startswith("<b>&lt;b&gt;Bo Ek &amp; Söner &lt;/b&gt;</b>\n")
    assert "&lt;a href='x'&gt;chef&lt;/a&gt;, R&amp;D \u202e" in html


def test_cards_never_exceed_telegram_length() -> None:
    huge = "Å" * 5000
    text = data_file(f"""\
        services:
          - name: "{huge}"
            department: "{"<" * 3000}"
            address: "{"&" * 3000}"
            phones: ["0478-125 99"]
        """)
    directory = Directory.from_text(text)
    (service,) = directory
    reply = Conversation(directory).show(service.id, "sv")
    assert len(shown(reply).html.encode("utf-16-le")) // 2 <= MAX_MESSAGE_UNITS
    assert shown(reply).html.startswith("<b>ÅÅÅ")


def test_private_entries_are_not_in_the_conversation() -> None:
    conversation = Conversation(Directory.load(FIXTURES / "valid" / "issue-example.yaml").public())
    assert conversation.ask("Malin Ekdahl", "sv").kind is ReplyKind.NO_MATCH
    assert shown(conversation.show("malin-ekdahl", "sv")).html.startswith(
        GONE.split("\n", maxsplit=1)[0]
    )
    assert conversation.inline("Malin", "sv") == []


@pytest.mark.parametrize(
    ("code", "language"),
    [
        (None, "sv"),
        ("sv", "sv"),
        ("en", "en"),
        ("en-GB", "en"),
        ("EN", "en"),
        ("de", "sv"),
        ("", "sv"),
    ],
)
def test_language_follows_telegram(code: str | None, language: str) -> None:
    assert language_for(code) == language


def test_inline_titles_are_cut() -> None:
    text = data_file(f"services:\n  - name: Bygglov {'x' * 300}\n    phones: [0478-125 99]\n")
    (card,) = Conversation(Directory.from_text(text)).inline("bygglov", "sv")
    answer = inline_result(card)
    assert len(answer.title) == 100
    assert answer.title.endswith("…")


def test_a_place_in_a_departments_name_alone_is_no_guess(conversation: Conversation) -> None:
    # "Polisen, lokalpolisområde Växjö" holds Växjö; a question about trains does not want it.
    assert isinstance(conversation.ask("när går tåget till Växjö", "sv"), NoMatch)
    # A question that names the department well enough is answered as before.
    reply = conversation.ask("polisen i växjö", "sv")
    assert isinstance(reply, Card | Choices)
    offered = [reply.contact] if isinstance(reply, Card) else list(reply.contacts)
    assert any(c.department and "Polisen" in c.department for c in offered)
