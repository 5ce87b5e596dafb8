"""Residents' own words: each word weighs by how telling it is, word forms from the dictionary,
compounds both ways, English answered in English, choices instead of nothing."""

from __future__ import annotations

import pytest
from testing.relevance import ALVBY_FILE, OFFICE_HOURS

from kontakt import Conversation, Directory, _swedish
from kontakt._conversation import Card, Choices, NoMatch
from kontakt._lexicon import Lexicon, QuestionWords
from kontakt._search import (
    RELEVANCE_FLOOR,
    _complement,
    _compound_parts,
    _is_time,
    _is_trade,
    _modifiers,
    _requests,
    _trade_place,
)
from kontakt._swedish import tokens
from kontakt._wordforms import base_forms, clearly_english, compound_parts, spelled, zipf
from support.helpers import data_file

# Fictional staff; numbers from PTS's series for fiction.
DIRECTORY = Directory.from_text(
    data_file("""\
    people:
      - first_name: Erik
        last_name: Svensson
        title: Simlärare
        phones: [0980-31 92 20]
        topics: [simskola, simhall]
      - first_name: Maria
        last_name: Holm
        title: Alkoholhandläggare
        phones: [0980-31 92 21]
        topics: [serveringstillstånd]
      - first_name: Sara
        last_name: Lund
        title: Handläggare
        department: Barn och unga
        phones: [0980-31 92 22]
        topics: [vårdnad, skolskjuts, barn]
      - first_name: Jonas
        last_name: Berg
        title: Budget- och skuldrådgivare
        phones: [0980-31 92 23]
        topics: [skuld]
      - first_name: Lena
        last_name: Ek
        title: Miljöinspektör
        phones: [0980-31 92 25]
        topics: [radon]
      - first_name: Omar
        last_name: Ali
        title: Socialsekreterare
        phones: [0980-31 92 26]
        topics: [ekonomiskt bistånd]
      - first_name: Nora
        last_name: Lind
        title: Kommunikatör
        phones: [0980-31 92 27]
        topics: [sociala medier]
    services:
      - name: Gata och park
        phones: [0980-31 92 24]
        topics: [gatubelysning, halka]
    """)
)


ALVBY = Directory.load(ALVBY_FILE)
"""The fictional Älvby kommun's staff list, as the relevance sets ask it."""


def first(query: str, directory: Directory = DIRECTORY) -> str | None:
    """The name of the best answer, None when nothing answers."""
    found = directory.search(query)
    return found[0].contact.name if found else None


@pytest.mark.parametrize(
    ("query", "name"),
    [
        # One telling word answers the sentence around it.
        ("nån som vet nåt om simskola för barn", "Erik Svensson"),
        ("vem ger serveringstillstånd till min restaurang", "Maria Holm"),
        ("min dotter behöver skolskjuts nästa termin", "Sara Lund"),
        # Word forms from the dictionary and compounds both ways.
        ("vi bråkar om vårdnaden", "Sara Lund"),
        ("skuldsättning", "Jonas Berg"),
        ("gatlampan är trasig", "Gata och park"),
        ("behöver skjuts", "Sara Lund"),
        # A known word followed by an ordinary one is a compound of it, the rest as written
        # ("mätning": folded, "matning" would be another, rarer word).
        ("hur mäter man radonhalten", "Lena Ek"),
        ("vem gör radonmätning", "Lena Ek"),
        # A word the vocabulary knows is meant as a whole, not split into parts.
        ("hur söker man socialbidrag", "Omar Ali"),
        # Without å, ä and ö.
        ("vardnaden om barnen", "Sara Lund"),
        # An unknown telling word lowers confidence but does not erase a name.
        ("Erik Svensson pizza", "Erik Svensson"),
    ],
)
def test_the_most_telling_words_decide(query: str, name: str) -> None:
    assert first(query) == name


@pytest.mark.parametrize("query", ["barn", "nytt", "hjälp", "konstig"])
def test_a_lone_common_word_is_no_answer(query: str) -> None:
    assert DIRECTORY.search(query) == []


def test_a_rare_word_outweighs_a_common_one_that_points_elsewhere() -> None:
    # "barn" is one of Sara Lund's topics; "simskola" decides.
    found = DIRECTORY.search("simskola barn", min_score=0)
    assert found[0].contact.name == "Erik Svensson"
    assert found[0].score > found[1].score


def test_telling_words_that_point_at_different_entries_give_choices() -> None:
    reply = Conversation(DIRECTORY).ask("simskola och serveringstillstånd", "sv")
    assert isinstance(reply, Choices)
    assert {c.name for c in reply.contacts[:2]} == {"Erik Svensson", "Maria Holm"}


def test_nonsense_gets_no_contact() -> None:
    reply = Conversation(DIRECTORY).ask("vad kostar en kebabpizza", "sv")
    assert isinstance(reply, NoMatch)


def test_a_clearly_english_question_is_answered_in_english() -> None:
    conversation = Conversation(DIRECTORY)
    english = conversation.ask("who teaches swimming lessons", "sv")
    assert isinstance(english, Card)
    assert (english.contact.name, english.language) == ("Erik Svensson", "en")
    swedish = conversation.ask("vem har simskola", "en")
    assert isinstance(swedish, Card)
    assert swedish.language == "en"  # Swedish is not forced on an English-speaking user


def test_a_word_of_an_english_question_is_read_as_english() -> None:
    lexicon = Lexicon(["lars", "simhall", "babysim"], names=["lars"])
    words = QuestionWords(lexicon, filler=_swedish.FILLER_WORDS)
    question = tokens("where can i buy a cheap sim card for cars")
    # "sim" is no part of "babysim" nor a form of "simma"; "cars" is no "Lars" mistyped.
    assert not any(unit.words for unit in words.units(question, english=True))
    assert any(unit.words for unit in words.units(question, english=False))
    # A plural is the word without its s; a slip is sought among texts' words only.
    words = QuestionWords(Lexicon(["park", "turism"]), filler=_swedish.FILLER_WORDS)
    parks, tourism = (
        next(u for u in words.units(tokens(query), english=True) if u.words).words
        for query in ("who takes care of the parks", "who handles tourism")
    )
    assert set(parks) == {"park"}
    assert set(tourism) == {"turism"}
    # Through the vocabulary, an English word still means what it means.
    assert first("where can i learn swimming") == "Erik Svensson"
    assert first("where can i buy a cheap sim card") is None


def test_a_single_letter_is_no_spelling_of_a_doubled_one() -> None:
    lexicon = Lexicon(["f", "ff"])
    assert lexicon.lookup("ff") == {"ff": 100.0}
    assert Lexicon(["f"]).lookup("ff") == {}
    assert Lexicon(["f"]).lookup("f") == {"f": 100.0}


def test_a_word_begins_a_longer_one_as_typed_not_only_by_its_spelling_key() -> None:
    lexicon = Lexicon(["personalfragor"])
    # "persson" is "person" once its double s is single; it does not begin "personalfrågor".
    assert lexicon.lookup("persson", fuzzy=False) == {}
    assert "personalfragor" in lexicon.lookup("personal", fuzzy=False)


def test_a_slip_can_be_sought_among_the_words_of_texts_alone() -> None:
    lexicon = Lexicon(["godman", "annamann"], names=["annamann"])
    # A resident's phrase with a filler word ("gode män") is no slip for a person's name.
    assert "godman" in lexicon.lookup("godeman", names=False)
    assert lexicon.lookup("annamsnn", names=False) == {}
    assert "annamann" in lexicon.lookup("annamsnn")


def test_a_real_word_is_not_read_as_a_slip_for_another() -> None:
    # Two letters from "anställning" either way, but "beställning" is a word of its own.
    lexicon = Lexicon(["anstallning"])
    slip = lexicon.lookup("anstalnig")["anstallning"]
    real = lexicon.lookup("bestallning")["anstallning"]
    assert slip == pytest.approx(0.818 * 95, abs=0.1)
    assert real == pytest.approx(slip * 0.9)


def test_an_english_word_is_not_split_as_a_swedish_compound() -> None:
    # "sweeper" would be "swea" + "per", and Per a name.
    directory = Directory.from_text(
        data_file("""\
        people:
          - first_name: Per
            last_name: Ek
            phones: [0980-31 92 28]
        """)
    )
    assert directory.search("chimney sweeper", min_score=0) == []


def test_a_part_of_a_compound_is_not_a_name_spelt_otherwise() -> None:
    # "all" of "allsvenskan" is spelt like the name Al, but a part is a word as it is.
    directory = Directory.from_text(
        data_file("""\
        people:
          - first_name: Al
            last_name: Ek
            phones: [0980-31 92 14]
        """)
    )
    assert directory.search("allsvenskan", min_score=0) == []
    assert directory.search("all", min_score=0)[0].contact.name == "Al Ek"


def test_a_compound_is_a_kind_of_its_last_part() -> None:
    # "skola" is the last part of simskola (a kind of school) and the first of skolskjuts
    # (a kind of ride, not of school): it means the first more.
    question = QuestionWords(
        Lexicon(["simskola", "skolskjuts"]),
        filler=frozenset(),
        parts={"skola": [("simskola", False), ("skolskjuts", True)]},
    )
    (unit,) = question.units(tokens("skola"))
    assert unit.words["simskola"] > unit.words["skolskjuts"]


def test_a_word_that_only_begins_the_directorys_compounds_is_a_suggestion() -> None:
    directory = Directory.from_text(
        data_file("""\
        people:
          - first_name: Kim
            last_name: Ek
            title: Energirådgivare
            phones: [0980-31 92 54]
            topics: [solceller]
        """)
    )
    # "sol" begins "solceller" and says little about it: no choice to offer, only a "did
    # you mean".
    reply = Conversation(directory).ask("blir det sol i helgen?", "sv")
    assert isinstance(reply, NoMatch)
    assert [c.name for c in reply.suggestions] == ["Kim Ek"]
    assert first("solceller", directory) == "Kim Ek"


def test_scores_stay_on_the_scale() -> None:
    for query in ("simskola", "Erik", "gatlampan", "barn skola hjälp"):
        for match in DIRECTORY.search(query, min_score=0, limit=10):
            assert 0 <= match.score <= 100
    assert DIRECTORY.search("simskola")[0].score >= RELEVANCE_FLOOR


@pytest.mark.parametrize(
    ("word", "forms"),
    [
        ("tömts", ("tomma",)),
        ("vårdnaden", ("vardnad",)),
        ("trottoaren", ("trottoar",)),
        ("bygglovet", ("bygglov",)),
        ("hjälp", ()),
        # A spoken definite form, as it is written.
        ("sotarn", ("sotare",)),
        ("snickarn", ("snickare",)),
        ("handlaggarn", ("handlaggare",)),
        ("barn", ()),
    ],
)
def test_base_forms_come_from_the_dictionary(word: str, forms: tuple[str, ...]) -> None:
    assert base_forms(word) == forms


def test_missing_diacritics_are_restored_when_one_spelling_is_a_word() -> None:
    assert spelled("hjalp") == "hjälp"
    assert spelled("vardnaden") == "vårdnaden"
    assert spelled("xyzzy") == "xyzzy"


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("skolskjuts", ("skola", "skjuts")),
        ("gatlampa", ("gata", "lampa")),
        ("skuldsättning", ("skuld", "sattning")),
        ("förskolerektor", ("forskola", "rektor")),
        ("anna", None),
        # Far commoner than its rarer part: a word of its own (folded, as the index has it).
        ("foretag", None),
        ("näringsliv", None),
        # A derivational ending is no part.
        ("förvaltning", None),
        ("ungdom", None),
    ],
)
def test_compounds_split_into_two_ordinary_words(word: str, parts: tuple[str, str] | None) -> None:
    assert compound_parts(word) == parts


def test_common_words_are_commoner_than_telling_ones() -> None:
    assert zipf("barn") > zipf("skolan") > zipf("simskola") > zipf("serveringstillstånd")


@pytest.mark.parametrize(
    ("words", "english"),
    [
        ("where can i learn swedish", True),
        ("rats in the basement", True),
        ("vem har hand om bygglov", False),
        ("anna tigerström", False),
        ("bygglov", False),
    ],
)
def test_english_is_recognised_only_when_clear(words: str, english: bool) -> None:
    assert clearly_english(words.split()) is english


# Fictional staff for role names and questions with a place beside the subject.
ROLES = Directory.from_text(
    data_file("""\
    people:
      - first_name: Anna
        last_name: Berg
        title: Rektor förskola
        phones: [0980-31 92 30]
        topics: [förskoleverksamhet]
      - first_name: Lars
        last_name: Ek
        title: Rektor
        phones: [0980-31 92 31]
        topics: [skruvs skola, grundskola]
      - first_name: Leif
        last_name: Moberg
        title: Räddningschef
        phones: [0980-31 92 32]
        topics: [brandskydd]
      - first_name: Helena
        last_name: Sand
        title: Chef teknisk service
        phones: [0980-31 92 33]
        topics: [fastigheter]
      - first_name: Mats
        last_name: Lind
        title: Handläggare
        phones: [0980-31 92 34]
        topics: [skolskjuts]
      - first_name: Mikael
        last_name: Ström
        title: Gatuchef
        phones: [0980-31 92 35]
        topics: [snöröjning]
      - first_name: Ida
        last_name: Falk
        title: Rektor kulturskolan
        phones: [0980-31 92 37]
        topics: [kulturskola]
      - first_name: Eva
        last_name: Ros
        title: Skolchef
        phones: [0980-31 92 38]
      - first_name: Karl
        last_name: Ek
        title: Simhallschef
        phones: [0980-31 92 39]
      - first_name: Sara
        last_name: Lund
        title: Löneadministratör
        phones: [0980-31 92 41]
        topics: [lön]
    services:
      - name: Placering förskola
        phones: [0980-31 92 36]
        topics: [förskoleplats, förskola]
      - name: Simhallen
        phones: [0980-31 92 40]
        topics: [simhall, badhus]
    """)
)


@pytest.mark.parametrize(
    ("query", "name"),
    [
        # Both parts of a compound the staff list writes apart: "Rektor förskola".
        ("förskolerektorn", "Anna Berg"),
        # Each part as the same part of the list's own compounds: brand|skydd, räddnings|chef.
        ("brandchef", "Leif Moberg"),
        # Parts the dictionary cannot split, found as the list's words: kulturskol|e + rektor.
        ("kulturskolerektor", "Ida Falk"),
        # A part through the vocabulary: direktör is a chef, a badhus a simhall.
        ("skoldirektören", "Eva Ros"),
        ("badhuschefen", "Karl Ek"),
        # Of two splits, the one whose weaker part matches best: löne|handläggarn (lön), not
        # the dictionary's löna|handläggaren; the spoken "-arn" typed without its ä.
        ("lönehandläggarn", "Sara Lund"),
        ("lonehandlaggarn", "Sara Lund"),
    ],
)
def test_a_compound_is_answered_by_the_entry_with_all_its_parts(query: str, name: str) -> None:
    found = ROLES.search(query, min_score=0)
    assert found[0].contact.name == name
    assert found[0].score > found[1].score


def test_a_part_of_a_compound_is_no_persons_name() -> None:
    directory = Directory.from_text(
        data_file("""\
        people:
          - first_name: Johan
            last_name: Berg
            title: Gatuchef
            phones: [0980-31 92 52]
        services:
          - name: Miljö och hälsa
            phones: [0980-31 92 53]
            topics: [värmepumpar]
        """)
    )
    # "bergvärme" is no Johan Berg; "Gata" of a service's name may still be a part.
    assert first("ska installera bergvärme, måste man anmäla värmepumpen", directory) == (
        "Miljö och hälsa"
    )
    assert directory.search("bergvärme", min_score=0) == []
    # A name written as one word is still the name.
    assert first("johanberg", directory) == "Johan Berg"


def test_a_name_in_the_genitive_is_the_name_and_no_beginning_of_a_longer_word() -> None:
    directory = Directory.from_text(
        data_file("""\
        people:
          - first_name: Eva
            last_name: Holm
            phones: [0980-31 92 55]
          - first_name: Jenny
            last_name: Strand
            phones: [0980-31 92 56]
        """)
    )
    # "holms" is a word of its own too (of "holme"), and no slip; as a genitive, it is Holm.
    assert first("holms nummer", directory) == "Eva Holm"
    # "strandbad" begins with Strand, but a name is no compound's first part.
    assert directory.search("strandbad", min_score=0) == []


def test_one_part_of_a_compound_answers_when_the_other_is_unknown_to_the_list() -> None:
    # Nobody has "kök": the part the list has answers alone, as a word of a compound does.
    found = ROLES.search("kökrektor")
    assert {m.contact.name for m in found.best} == {"Anna Berg", "Ida Falk", "Lars Ek"}
    assert found[0].score >= RELEVANCE_FLOOR


@pytest.mark.parametrize(
    ("query", "name"),
    [
        # "till/vid Skruvs skola" narrows the subject; it does not name Lars Ek's school.
        ("vem har hand om skolskjutsen till skruvs skola", "Mats Lind"),
        ("vem har hand om snöröjningen vid skruvs skola", "Mikael Ström"),
        # Among the contacts the subject matches, the phrase counts in full.
        ("rektor på skruvs skola", "Lars Ek"),
        # Before the subject, a phrase is no narrowing: "på förskolan" names the subject.
        ("vem är rektor på förskolan", "Anna Berg"),
    ],
)
def test_a_phrase_after_the_subject_narrows_it(query: str, name: str) -> None:
    assert first(query, ROLES) == name


@pytest.mark.parametrize(
    ("query", "name"),
    [
        # What the writer needs, after the situation: the request's subject is the question's.
        ("mitt barn går i kulturskolan och vi behöver skolskjuts", "Mats Lind"),
        ("my son is at skruvs skola and i need skolskjuts", "Mats Lind"),
        # A request without a subject of its own leaves the first one: "hjälp" tells little.
        ("mitt barn går i kulturskolan och jag behöver hjälp", "Ida Falk"),
        # A question after the situation is told.
        ("vi bygger om kulturskolan, vem har hand om skolskjuts", "Mats Lind"),
        ("kulturskolan, vem har hand om den", "Ida Falk"),
        # A verb, then who asks: the clause's subject follows its own verb.
        ("mitt barn går i kulturskolan, har hon rätt till skolskjuts", "Mats Lind"),
        ("kulturskolan har inga lärare, kan man klaga nånstans", "Ida Falk"),
        # The last clause with a subject of its own.
        ("mitt barn går i kulturskolan och behöver skolskjuts vem ska jag prata med", "Mats Lind"),
    ],
)
def test_a_later_clause_saying_what_is_needed_carries_the_subject(query: str, name: str) -> None:
    assert first(query, ROLES) == name


# Fictional out-of-hours line beside the social services it stands in for.
OUT_OF_HOURS = Directory.from_text(
    data_file("""\
    people:
      - first_name: Eva
        last_name: Björk
        title: Socialchef
        department: Socialtjänsten
        phones: [0980-31 92 50]
        topics: [socialtjänst]
    services:
      - name: Socialjouren
        department: Socialtjänsten
        phones: [0980-31 92 51]
        topics: [akut hjälp, kvällar och helger]
    """)
)


@pytest.mark.parametrize(
    ("query", "name"),
    [
        # Alone, a time is no question for the line open at that time.
        ("vad blir det för väder i helgen", None),
        ("vad händer på kvällarna", None),
        # Beside a subject, it picks among the subject's contacts.
        ("jag behöver akut hjälp av socialtjänsten en helg", "Socialjouren"),
        ("socialjouren på kvällarna", "Socialjouren"),
    ],
)
def test_a_time_is_no_subject(query: str, name: str | None) -> None:
    assert first(query, OUT_OF_HOURS) == name


@pytest.mark.parametrize(
    ("word", "is_time"),
    [
        ("helgen", True),
        ("kvällarna", True),
        ("midsommar", True),
        ("tonight", True),
        ("sommarjobb", False),
        ("socialjouren", False),
        ("lov", False),
    ],
)
def test_times_are_known_in_any_form(word: str, is_time: bool) -> None:
    assert _is_time(tokens(word)[0]) is is_time


def test_a_phrase_read_as_one_with_the_subject_is_no_narrowing() -> None:
    # "parkerade på trottoaren" is felparkering as a whole: "på trottoaren" is no phrase that
    # narrows "parkerade" (at a third of its weight it left the answer below the floor).
    assert first("bussarna står parkerade på trottoaren", ALVBY) == "Parkeringsövervakning"


@pytest.mark.parametrize(
    ("query", "joined_by"),
    [
        ("jag läser sfi och behöver försörjningsstöd", "och"),
        ("vi bor i skruv men vi vill ha fiber", "men"),
        ("we live in town and need a permit", "and"),
        ("jag behöver försörjningsstöd", None),
        ("jag har fiber och el", None),
        ("vi bygger om, vem ger tillstånd", "vem"),
        ("vem har hand om bygglov", None),
        ("vi bor i skruv, har vi rätt till fiber", "har"),
    ],
)
def test_the_clause_that_says_what_is_needed(query: str, joined_by: str | None) -> None:
    question = tokens(query)
    at = next((start for start, _ in _requests(question)), None)
    assert (question[at][0] if at is not None else None) == joined_by


@pytest.mark.parametrize(
    ("query", "subject", "narrowing"),
    [
        ("vem har hand om skolskjutsen till skruvs skola", "skolskjutsen", ["skruvs", "skola"]),
        ("snöröjningen på min gata i skruv", "snöröjningen", ["gata", "skruv"]),
        # A clause of its own ends the phrase: "behöver jag ..." is no part of "för en ledning".
        ("gräva i gatan för en ledning behöver jag schakttillstånd", "gatan", ["ledning"]),
        # "om" and "av" bring the subject; "och" begins another.
        ("bygglov om en altan och vatten", "bygglov", []),
    ],
)
def test_the_words_that_narrow_a_subject(query: str, subject: str, narrowing: list[str]) -> None:
    question = tokens(query)
    at = [word for word, _ in question].index(_swedish.fold(subject))
    assert [question[p][0] for p in sorted(_modifiers(question, at))] == narrowing


@pytest.mark.parametrize(
    "query",
    [
        "bästa restaurangen i stan",
        "vilket gym har billigast månadskort",
        "where can I buy the cheapest sim card",
        "kan du rekommendera en bra bokhandel",
    ],
)
def test_a_question_that_ranks_businesses_finds_no_contact(query: str) -> None:
    # Each word reaches an entry only through the vocabulary or a guess (restaurang: food
    # inspection, sim: swimming): a municipality ranks no one's business.
    directory = Directory.from_text(
        data_file("""\
        people:
          - first_name: Per
            last_name: Holm
            title: Livsmedelsinspektör
            phones: [0980-31 92 41]
            topics: [livsmedelskontroll, serveringstillstånd]
        services:
          - name: Sporthallen
            phones: [0980-31 92 42]
            topics: [simhall, idrottshall]
          - name: Biblioteket
            phones: [0980-31 92 43]
            topics: [bibliotek]
        """)
    )
    reply = Conversation(directory).ask(query, "sv")
    assert isinstance(reply, NoMatch)
    assert reply.suggestions == ()


def test_a_ranking_question_about_what_the_directory_names_is_answered() -> None:
    assert first("vem har bäst koll på simskola") == "Erik Svensson"


def test_a_real_word_typed_with_its_swedish_letters_is_no_slip() -> None:
    question = QuestionWords(Lexicon(["tomt"]), filler=frozenset())
    # "tömts" (of tömma) is not "tomt" mistyped; "tomts" may be.
    assert [unit.words for unit in question.units(tokens("tömts"))] == [{}]
    assert "tomt" in next(question.units(tokens("tomts"))).words


def test_an_inflected_word_the_dictionary_knows_as_typed_is_no_slip() -> None:
    question = QuestionWords(Lexicon(["viktor", "vikt"]), filler=frozenset())
    # "vikter" (of vikt) is no "Viktor" mistyped; "viktr", no word, may be.
    assert set(next(question.units(tokens("vikter"))).words) == {"vikt"}
    assert "viktor" in next(question.units(tokens("viktr"))).words


def test_a_surname_typed_with_its_swedish_letters_may_still_be_a_slip() -> None:
    # "Enström" is no word of the dictionary: a slip for Engström, as any name may be.
    directory = Directory.from_text(
        data_file("""\
        people:
          - first_name: Per
            last_name: Engström
            phones: [0980-31 92 48]
          - first_name: Per
            last_name: Alm
            phones: [0980-31 92 49]
        """)
    )
    assert directory.search("Per Enström")[0].contact.name == "Per Engström"


def test_chat_forms_of_small_words_carry_no_subject() -> None:
    question = QuestionWords(Lexicon(["sophamtning"]), filler=_swedish.FILLER_WORDS)
    words = tokens("har int fått nåt svar asså typ mkt sophämtning")
    content = question.content(words)
    assert [raw for (_, raw), carries in zip(words, content, strict=True) if carries] == [
        "fått",
        "svar",
        "sophämtning",
    ]


def test_an_inflected_word_of_the_directory_is_split_in_its_base_form() -> None:
    # "helger" is helg inflected, not hel + ger: the verb "ger" does not reach it.
    topic = [[], [], [], [0], [], []]
    parts = _compound_parts({"helger": topic, "lekplatser": topic, "bostadskoer": topic})
    assert "ger" not in parts
    assert ("lekplatser", False) in parts["plats"]
    # The base form is split as it is spelt, with its ö: never bostad + sko.
    assert "sko" not in parts


# Fictional offices that inspect or license trades, and one a resident may ask prices of.
TRADES = Directory.from_text(
    data_file("""\
    people:
      - first_name: Tina
        last_name: Kos
        title: Livsmedelsinspektör
        phones: [0980-31 92 44]
        topics: [livsmedelskontroll, serveringstillstånd, torghandel]
      - first_name: Ann
        last_name: Dahl
        title: Hälsoskyddsinspektör
        phones: [0980-31 92 45]
        topics: [miljö- och hälsoskydd, buller]
    services:
      - name: Renhållning
        phones: [0980-31 92 48]
        topics: [avfallskärl, matavfall]
      - name: Färdtjänst
        phones: [0980-31 92 46]
        topics: [färdtjänst, färdtjänsttillstånd]
      - name: Simhallen
        phones: [0980-31 92 47]
        topics: [simhall, entréavgift]
    """)
)


@pytest.mark.parametrize(
    "query",
    [
        "vad kostar en kebabpizza på pizzerian vid torget",
        "när öppnar den nya hamburgerrestaurangen",
        "vad kostar herrklippning hos frisörn",
        "how much is a taxi to the airport",
        "does the gym open at 5 in the morning?",
        # A free place, a pickup, a phone number, getting hold of one, where one is.
        "har campingen lediga platser i juli",
        "levererar pizzerian eller måste man hämta själv",
        "kan du ge mig numret till frisören",
        "hur får jag tag på en taxi",
        "vad tar tatueraren för en tatuering",
        "var står food trucken idag",
    ],
)
def test_a_customers_question_about_a_trade_finds_no_contact(query: str) -> None:
    # The vocabulary maps each trade to the office that inspects or licenses it.
    reply = Conversation(TRADES).ask(query, "sv")
    assert isinstance(reply, NoMatch)
    assert reply.suggestions == ()


@pytest.mark.parametrize(
    ("query", "name"),
    [
        # The same trades, asked by an owner or a neighbour: the office answers.
        ("ska öppna en pizzeria, hur registrerar jag livsmedelsverksamheten", "Tina Kos"),
        ("vad kostar serveringstillstånd för min restaurang", "Tina Kos"),
        ("ska starta frisörsalong, vad gäller för hygienen", "Ann Dahl"),
        # A price of what the directory itself names is answered.
        ("vad kostar färdtjänst", "Färdtjänst"),
        ("simhallen, vad kostar det", "Simhallen"),
        ("numret till färdtjänst", "Färdtjänst"),
    ],
)
def test_an_owners_question_about_a_trade_is_answered(query: str, name: str) -> None:
    assert first(query, TRADES) == name


@pytest.mark.parametrize(
    ("query", "name"),
    [
        # A trade and the place right after it set the scene; the noise, the bins, the
        # licence are what the municipality answers.
        ("puben vid simhallen spelar hög musik hela natten", "Ann Dahl"),
        ("our restaurant needs bigger bins for food waste", "Renhållning"),
        ("gymmet under oss släpper vikter, det dunsar varje kväll", "Ann Dahl"),
        ("kiosken vid simhallen slänger matavfall i fel kärl", "Renhållning"),
    ],
)
def test_a_trade_a_question_is_set_in_is_no_subject(query: str, name: str) -> None:
    assert first(query, TRADES) == name


def test_a_trade_still_tells_that_a_question_may_be_about_something_else() -> None:
    # The trade is no subject, but a word the directory lacks all the same: "musik" alone
    # does not make the culture school a sure answer to a pub's music.
    reply = Conversation(ALVBY, clock=lambda: OFFICE_HOURS).ask("puben bredvid spelar musik", "sv")
    assert not isinstance(reply, Card)


def test_a_phrase_that_names_a_relational_subject_is_no_narrowing() -> None:
    # "avgift för bygglov" is a fee for a building permit: "bygglov" is what it is about.
    assert _complement(tokens("avgift för bygglov vid skolan"), 0) == {2}
    # So is "bygglov" of "handläggaren för bygglov", in its spoken form too.
    assert _complement(tokens("handlaggarn for bygglov"), 0) == {2}
    assert first("handläggaren för bygglov", ALVBY) == "Carolina Muñoz"
    assert _complement(tokens("boka tid för bygglov"), 0) == {3}
    assert _complement(tokens("skolskjutsen till skruvs skola"), 0) == set()


def test_a_filler_word_is_no_part_of_a_compound_to_match() -> None:
    directory = Directory.from_text(
        data_file("""\
        services:
          - name: Bygglov
            phones: [0980-31 92 50]
            topics: [bygglov]
          - name: Skatter
            phones: [0980-31 92 51]
            topics: [skattefrågor]
        """)
    )
    found = directory.search("bygglovsfrågor")
    assert found[0].contact.name == "Bygglov"
    assert found[0].score >= 90


def test_chat_forms_that_are_other_words_folded_are_not_filler() -> None:
    # "nåt" folds to "nat", as "nät" does; "o" (och) as "ö"; "va" (vad) as VA.
    question = QuestionWords(Lexicon(["nat", "va"]), filler=_swedish.FILLER_WORDS)
    assert question.content(tokens("nät ö va")) == [True, True, True]


@pytest.mark.parametrize(
    ("query", "name"),
    [
        # The directory's own word in the trade's phrase: a municipal place.
        ("när öppnar kaféet på simhallen", "Simhallen"),
        # "bäst" as an adverb ranks nothing.
        ("vem är bäst att fråga om simhall", "Simhallen"),
    ],
)
def test_a_trade_or_ranking_word_beside_the_directorys_own_word_is_answered(
    query: str, name: str
) -> None:
    assert first(query, TRADES) == name


@pytest.mark.parametrize(
    ("query", "name"),
    [
        # A service the trade is in answers its customers, by a topic ("simhall") or by name;
        # and is then the question's subject, not "öppettider" of another service.
        ("när öppnar kaféet på simhallen", "Älvbybadet"),
        ("butiken på återvinningscentralen öppettider", "Återvinningscentralen Norrmyran"),
    ],
)
def test_a_service_a_trade_is_in_answers_its_customers(query: str, name: str) -> None:
    assert first(query, ALVBY) == name


@pytest.mark.parametrize(
    "query",
    [
        # Where the trade is only locates it: near a service, delivering to one.
        "var ligger hotellet närmast simhallen",
        "kan man beställa hem pizza till simhallen",
        # A chain is a trade too.
        "vad kostar det på ica nära simhallen",
    ],
)
def test_a_place_that_only_locates_a_trade_is_no_evidence(query: str) -> None:
    assert first(query, TRADES) is None


@pytest.mark.parametrize(
    ("query", "place"),
    [
        ("kiosken vid busstationen", ("busstationen", "vid")),
        ("hotellet närmast den nya simhallen", ("nya", "narmast")),
        ("a hotel near the station", ("station", "near")),
        ("ica:s parkering", ("parkering", "s")),
        ("restaurangens meny", ("meny", "s")),
        ("restaurangen har öppet", None),
    ],
)
def test_the_place_or_thing_of_a_trade(query: str, place: tuple[str, str] | None) -> None:
    question = tokens(query)
    trade = next(p for p, (folded, raw) in enumerate(question) if _is_trade(folded, raw))
    found = _trade_place(question, trade)
    assert (None if found is None else (question[found[0]][0], found[1])) == place


def test_which_is_best_ranks() -> None:
    assert isinstance(Conversation(TRADES).ask("vilken frisör är bäst", "sv"), NoMatch)


def test_a_surname_the_dictionary_knows_may_still_be_a_slip() -> None:
    directory = Directory.from_text(
        data_file("""\
        people:
          - first_name: Viktor
            last_name: Engström
            phones: [0980-31 92 52]
        """)
    )
    assert directory.search("Ångström")[0].contact.name == "Viktor Engström"
