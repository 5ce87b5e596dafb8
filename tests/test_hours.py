"""Opening hours and phone times: evaluated in Swedish time with Sweden's holidays, said on cards
relative to the moment they are shown, and checked in the data file at their line and column."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kontakt import Card, Conversation, Directory
from kontakt._availability import availability, describe, map_link
from kontakt._cli import main
from kontakt._hours import TIMEZONE, parse_hours
from kontakt._model import Contact, Kind
from support.helpers import data_file, kontakt, problems_of
from support.paths import SOLSJO_FILE

OFFICE = "Mo-Fr 08:00-16:30; PH off"
LUNCH = "Mo-Fr 08:00-12:00,13:00-16:30; PH off"
CHRISTMAS = "Mo-Fr 08:00-16:30; Dec 24 off; PH off"
NIGHTS = "Fr,Sa 22:00-02:00"
SMALL_HOURS = "Mo-Su 01:00-04:00"
PHONE_TIME = "Tu,Th 08:30-09:30"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TIMEZONE)


@pytest.mark.parametrize(
    ("hours", "moment", "is_open", "next_change"),
    [
        # A weekday, before, during and after the day.
        (OFFICE, "2026-12-01T07:59", False, "2026-12-01T08:00"),
        (OFFICE, "2026-12-01T08:00", True, "2026-12-01T16:30"),
        (OFFICE, "2026-12-01T16:29", True, "2026-12-01T16:30"),
        (OFFICE, "2026-12-01T16:30", False, "2026-12-02T08:00"),
        # Friday evening and the weekend open on Monday.
        (OFFICE, "2026-12-04T17:00", False, "2026-12-07T08:00"),
        (OFFICE, "2026-12-05T22:00", False, "2026-12-07T08:00"),
        (OFFICE, "2026-12-06T12:00", False, "2026-12-07T08:00"),
        # A lunch break.
        (LUNCH, "2026-12-01T11:00", True, "2026-12-01T12:00"),
        (LUNCH, "2026-12-01T12:30", False, "2026-12-01T13:00"),
        (LUNCH, "2026-12-01T13:00", True, "2026-12-01T16:30"),
        # Public holidays: trettondedag jul, långfredag, annandag påsk, första maj.
        (OFFICE, "2026-01-06T10:00", False, "2026-01-07T08:00"),
        (OFFICE, "2026-04-03T10:00", False, "2026-04-07T08:00"),
        (OFFICE, "2026-04-06T10:00", False, "2026-04-07T08:00"),
        (OFFICE, "2026-05-01T10:00", False, "2026-05-04T08:00"),
        # Midsommarafton, julafton and nyårsafton count as holidays in the Swedish calendar.
        (OFFICE, "2026-06-19T10:00", False, "2026-06-22T08:00"),
        (OFFICE, "2026-12-24T10:00", False, "2026-12-28T08:00"),
        (OFFICE, "2026-12-31T10:00", False, "2027-01-04T08:00"),
        # Julafton said in the data as well, and the day before it open as usual.
        (CHRISTMAS, "2026-12-24T10:00", False, "2026-12-28T08:00"),
        (CHRISTMAS, "2026-12-23T10:00", True, "2026-12-23T16:30"),
        # The night summer time starts (02:00 → 03:00) and ends (03:00 → 02:00).
        (SMALL_HOURS, "2026-03-29T01:30", True, "2026-03-29T04:00"),
        (SMALL_HOURS, "2026-03-29T03:30", True, "2026-03-29T04:00"),
        (SMALL_HOURS, "2026-10-25T03:30", True, "2026-10-25T04:00"),
        (SMALL_HOURS, "2026-10-25T04:30", False, "2026-10-26T01:00"),
        # Open past midnight.
        (NIGHTS, "2026-12-04T23:00", True, "2026-12-05T02:00"),
        (NIGHTS, "2026-12-05T01:00", True, "2026-12-05T02:00"),
        (NIGHTS, "2026-12-05T03:00", False, "2026-12-05T22:00"),
        (NIGHTS, "2026-12-06T01:30", True, "2026-12-06T02:00"),
        (NIGHTS, "2026-12-07T01:30", False, "2026-12-11T22:00"),
        # Always open, never a change.
        ("24/7", "2026-12-24T03:00", True, None),
        # A phone time twice a week.
        (PHONE_TIME, "2026-12-01T09:00", True, "2026-12-01T09:30"),
        (PHONE_TIME, "2026-12-01T10:00", False, "2026-12-03T08:30"),
    ],
)
def test_is_open_and_next_change(
    hours: str, moment: str, is_open: bool, next_change: str | None
) -> None:
    parsed = parse_hours(hours)
    assert parsed.is_open(at(moment)) is is_open
    change = parsed.next_change(at(moment))
    assert (change.replace(tzinfo=None).isoformat(timespec="minutes") if change else None) == (
        next_change
    )


def test_a_time_without_a_zone_is_swedish_time_and_other_zones_are_converted() -> None:
    hours = parse_hours(OFFICE)
    assert hours.is_open(datetime(2026, 12, 1, 8, 30))
    # 07:30 in London is 08:30 in Sweden.
    assert hours.is_open(datetime(2026, 12, 1, 7, 30, tzinfo=ZoneInfo("Europe/London")))


SERVICE = Contact(kind=Kind.SERVICE, id="x", name="Kontaktcenter", hours=parse_hours(OFFICE))
PERSON = Contact(kind=Kind.PERSON, id="p", name="Erik Ek", hours=parse_hours(PHONE_TIME))


@pytest.mark.parametrize(
    ("contact", "moment", "swedish", "english"),
    [
        (SERVICE, "2026-12-01T10:00", "Öppet nu, stänger 16:30", "Open now, closes 16:30"),
        (SERVICE, "2026-12-01T07:00", "Stängt – öppnar 08:00", "Closed – opens 08:00"),
        (
            SERVICE,
            "2026-12-01T19:00",
            "Stängt – öppnar i morgon 08:00",
            "Closed – opens tomorrow 08:00",
        ),
        (
            SERVICE,
            "2026-12-05T22:00",
            "Stängt – öppnar måndag 08:00",
            "Closed – opens Monday 08:00",
        ),
        (
            SERVICE,
            "2026-12-24T10:00",
            "Stängt – öppnar måndag 08:00",
            "Closed – opens Monday 08:00",
        ),
        # More than a week ahead: the date.
        (
            Contact(
                kind=Kind.SERVICE, id="s", name="Sommar", hours=parse_hours("Jun-Aug 10:00-18:00")
            ),
            "2026-12-01T10:00",
            "Stängt – öppnar 1 juni 10:00",
            "Closed – opens 1 Jun 10:00",
        ),
        (
            Contact(kind=Kind.SERVICE, id="j", name="VA-jour", hours=parse_hours("24/7")),
            "2026-12-24T03:00",
            "Öppet dygnet runt",
            "Open 24 hours",
        ),
        (
            Contact(kind=Kind.SERVICE, id="c", name="Stängt", hours=parse_hours("off")),
            "2026-12-01T10:00",
            "Stängt",
            "Closed",
        ),
        (
            PERSON,
            "2026-12-01T09:00",
            "Telefontid tis och tors 08.30–09.30 (nu öppet)",
            "Phone hours Tue and Thu 08:30–09:30 (open now)",
        ),
        (
            PERSON,
            "2026-12-01T10:00",
            "Telefontid tis och tors 08.30–09.30 (nu stängt)",
            "Phone hours Tue and Thu 08:30–09:30 (closed now)",
        ),
        (Contact(kind=Kind.SERVICE, id="n", name="Utan tider"), "2026-12-01T10:00", None, None),
    ],
)
def test_card_lines_relative_to_now(
    contact: Contact, moment: str, swedish: str | None, english: str | None
) -> None:
    assert availability(contact, at(moment), "sv") == swedish
    assert availability(contact, at(moment), "en") == english


@pytest.mark.parametrize(
    ("hours", "swedish", "english"),
    [
        (PHONE_TIME, "tis och tors 08.30–09.30", "Tue and Thu 08:30–09:30"),
        (
            OFFICE,
            "mån–fre 08.00–16.30, stängt helgdagar",
            "Mon–Fri 08:00–16:30, closed on public holidays",
        ),
        (
            "Mo,We,Fr 09:00-12:00,13:00-15:00",
            "mån, ons och fre 09.00–12.00, 13.00–15.00",
            "Mon, Wed and Fri 09:00–12:00, 13:00–15:00",
        ),
        # Not a simple week: as the data writes it.
        (CHRISTMAS, CHRISTMAS, CHRISTMAS),
    ],
)
def test_phone_times_in_words(hours: str, swedish: str, english: str) -> None:
    assert describe(parse_hours(hours), "sv") == swedish
    assert describe(parse_hours(hours), "en") == english


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (
            '    hours: "Mo-Fr 8-16:30"\n',
            "8:19: error: service 'Bygglov': hours: not valid opening hours at '8-16:30' "
            "(OpenStreetMap syntax, e.g. 'Mo-Fr 08:00-16:30; PH off'): write times with minutes, "
            "08:00-16:30 rather than 8-16:30",
        ),
        (
            "    hours: Må-Fr 08:00-16:30\n",
            "8:12: error: service 'Bygglov': hours: not valid opening hours at 'Må-Fr 08:00-' "
            "(OpenStreetMap syntax, e.g. 'Mo-Fr 08:00-16:30; PH off'): days are written in "
            "English: Mo Tu We Th Fr Sa Su (Må → Mo, Lö → Sa, Sö → Su)",
        ),
        (
            "    url: http://solsjo.example/bygglov\n",
            "8:10: error: service 'Bygglov': url 'http://solsjo.example/bygglov' must be a web "
            "address starting with https:// (residents' phones open it as a link)",
        ),
        (
            "    url: javascript:alert(1)\n",
            "8:10: error: service 'Bygglov': url 'javascript:alert(1)' must be a web address "
            "starting with https:// (residents' phones open it as a link)",
        ),
        ("    on_call: maybe\n", "8:14: error: service 'Bygglov': 'on_call' must be true or false"),
        (
            "    url: https://[solsjo.example\n",
            "8:10: error: service 'Bygglov': url 'https://[solsjo.example' must be a web address "
            "starting with https:// (residents' phones open it as a link)",
        ),
    ],
)
def test_check_names_the_line_and_what_is_wrong(entry: str, expected: str) -> None:
    text = data_file("services:\n  - name: Bygglov\n    phones: [0980-31 92 30]\n") + entry
    assert problems_of(text) == [expected]


def test_check_reports_every_bad_value_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "contacts.yaml"
    path.write_text(
        data_file(
            "services:\n"
            "  - name: Bygglov\n    phones: [0980-31 92 30]\n    hours: Mo-Fr 8-16:30\n"
            "  - name: VA\n    phones: [0980-31 92 31]\n    url: http://solsjo.example\n"
        ),
        encoding="utf-8",
    )
    assert main(["check", str(path)]) == 1
    assert capsys.readouterr().out.splitlines()[-1].endswith(": 2 errors, 0 warnings")


def test_kontakt_chat_answers_at_the_time_it_is_given(capsys: pytest.CaptureFixture[str]) -> None:
    directory = Directory.from_text(
        data_file(
            "services:\n  - name: Bygglov\n    phones: [0980-31 92 30]\n"
            "    topics: [bygglov]\n    hours: Mo-Fr 08:00-16:30; PH off\n"
        )
    )
    conversation = Conversation(directory, clock=lambda: at("2026-12-24T10:00"))
    reply = conversation.ask("bygglov", "sv")
    assert isinstance(reply, Card)
    assert reply.at == at("2026-12-24T10:00")
    assert availability(reply.contact, reply.at, "sv") == "Stängt – öppnar måndag 08:00"


def test_kontakt_chat_takes_the_time_to_answer_at(capsys: pytest.CaptureFixture[str]) -> None:
    done = kontakt(
        "chat", "--data", str(SOLSJO_FILE), "--now", "2026-12-05T22:00", input="bygglov\n"
    )
    assert done.returncode == 0, done.stderr
    assert "🕘 Stängt – öppnar måndag 08:00\n" in done.stdout
    assert "🔗 https://solsjo.example/bygglov" in done.stdout


def test_a_time_that_is_not_one_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["chat", "--data", str(SOLSJO_FILE), "--now", "julafton"])
    assert exited.value.code == 2
    assert "'julafton' is not a date and time such as 2026-12-24T10:00" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("address", "link"),
    [
        (
            "Storgatan 33, 999 31 Solsjö",
            "https://www.openstreetmap.org/search?query=Storgatan%2033%2C%20999%2031%20Solsj%C3%B6",
        ),
        ("Kungsgatan 4B", "https://www.openstreetmap.org/search?query=Kungsgatan%204B"),
        # A postcode and town, or a box, is no place to go.
        ("999 80 Solsjö", None),
        ("Box 12, 999 80 Solsjö", None),
        (">" * 100_000, None),
    ],
)
def test_a_map_link_only_for_a_street_address(address: str, link: str | None) -> None:
    assert map_link(Contact(kind=Kind.SERVICE, id="x", name="X", address=address)) == link


def test_fmt_keeps_hours_urls_and_on_call_lines(capsys: pytest.CaptureFixture[str]) -> None:
    # The Solsjö example has all three, written as fmt writes them.
    text = SOLSJO_FILE.read_text(encoding="utf-8")
    assert "hours: Tu,Th 08:30-09:30" in text and "on_call: true" in text and "url: https" in text
    assert main(["fmt", "--check", str(SOLSJO_FILE)]) == 0


def test_a_time_the_spring_forward_night_skips_is_the_hour_after() -> None:
    # 02:30 on 29 March 2026 does not exist in Sweden; it is read as 03:30.
    hours = parse_hours(SMALL_HOURS)
    assert hours.is_open(datetime(2026, 3, 29, 2, 30))
    assert availability(
        Contact(kind=Kind.SERVICE, id="x", name="X", hours=hours),
        datetime(2026, 3, 29, 2, 30),
        "sv",
    ) == ("Öppet nu, stänger 04:00")


def test_unknown_hours_claim_neither_open_nor_closed() -> None:
    contact = Contact(
        kind=Kind.SERVICE, id="x", name="X", hours=parse_hours("Mo-Fr 08:00-16:00 unknown")
    )
    assert availability(contact, at("2026-12-01T10:00"), "sv") == "Tider: Mo-Fr 08:00-16:00 unknown"


def test_a_change_of_comment_alone_is_no_change() -> None:
    hours = parse_hours('Mo-Fr 08:00-12:00 "drop-in", Mo-Fr 12:00-16:00 "tidsbokning"')
    assert hours.next_change(at("2026-12-01T10:00")) == at("2026-12-01T16:00")


@pytest.mark.parametrize(
    "value",
    ["https://intranet/", "https://localhost", "https://user@solsjo.example", "HTTPS://x.se"],
)
def test_a_link_telegram_would_refuse_is_refused(value: str) -> None:
    text = (
        data_file("services:\n  - name: B\n    phones: [0980-31 92 30]\n") + f"    url: {value}\n"
    )
    assert [p.split(": error: ")[1] for p in problems_of(text)] == [
        f"service 'B': url '{value}' must be a web address starting with https:// "
        "(residents' phones open it as a link)"
    ]


def test_repeating_times_are_refused_with_their_place() -> None:
    text = data_file("services:\n  - name: B\n    phones: [0980-31 92 30]\n")
    assert problems_of(text + "    hours: Mo-Su 00:00-24:00/00:01\n") == [
        "8:24: error: service 'B': hours: repeating times such as '24:00/00:01' are not "
        "supported in opening hours: give the spans, e.g. 'Mo-Fr 08:00-16:30'"
    ]


def test_a_persons_phone_time_being_over_is_no_closed_office() -> None:
    # Jonas's phone time (08-09) is over at 10:00, but the office is open: no on-call line.
    directory = Directory.from_text(
        data_file(
            "people:\n"
            "  - first_name: Jonas\n    last_name: Ek\n    phones: [0980-31 92 60]\n"
            "    topics: [vattenavstängning]\n    hours: Mo-Fr 08:00-09:00\n"
            "services:\n"
            "  - name: VA-jour\n    phones: [0980-31 92 61]\n    topics: [vattenavstängning]\n"
            "    hours: 24/7\n    on_call: true\n"
        )
    )
    reply = Conversation(directory, clock=lambda: at("2026-12-01T10:00")).ask(
        "vattenavstängning", "sv"
    )
    assert not (isinstance(reply, Card) and reply.closed is not None)
