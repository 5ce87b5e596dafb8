"""Vocabulary: residents' words as data, in the bundled file and under a data file's
``vocabulary:`` key, validated by the data file's own reader."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
import yaml

from kontakt import DataError, Directory
from kontakt._cli import main
from kontakt._loader import bundled_vocabulary, parse_vocabulary
from kontakt._schema import data_schema
from kontakt._swedish import tokens
from kontakt._tidy import tidy
from kontakt._vocabulary import Vocabulary
from support.helpers import data_file, problems_of

# A fictional recycling centre; numbers from PTS's series for fiction.
ENTRIES = """\
services:
  - name: Återvinningscentralen Norra
    phones: [0980-31 92 10]
    topics: [grovavfall, farligt avfall]
  - name: Gata och park
    phones: [0980-31 92 11]
    topics: [halka, gatubelysning]
"""


def test_the_bundled_vocabulary_is_valid_and_broad() -> None:
    assert len(bundled_vocabulary()) >= 500


def test_a_phrase_is_found_in_base_form_and_english_plural() -> None:
    vocabulary = Vocabulary({"soptunna": ["sophämtning"], "debt": ["skuldrådgivning"]})
    found = list(vocabulary.find(tokens("min soptunnan och mina debts")))
    assert [(m.positions, m.words) for m in found] == [
        ((1,), (("sophamtning", 1.0),)),
        ((4,), (("skuldradgivning", 1.0),)),
    ]


def test_a_phrase_of_several_words_covers_them_all() -> None:
    vocabulary = Vocabulary({"gamla möbler": ["grovavfall", "farligt avfall"]})
    (found,) = vocabulary.find(tokens("var lämnar jag gamla möbler"))
    assert found.positions == (3, 4)
    # The whole term stands for itself; each of its words only in part.
    assert found.words == (
        ("grovavfall", 1.0),
        ("farligtavfall", 1.0),
        ("farligt", 0.85),
        ("avfall", 0.85),
    )


def test_a_compound_the_vocabulary_lacks_means_what_its_parts_mean() -> None:
    vocabulary = Vocabulary({"ploga": ["snöröjning"], "ploga bort": ["snöröjning"]})
    (found,) = vocabulary.find(tokens("plogbilen kom inte"))
    assert (found.positions, found.words, found.guessed) == ((0,), (("snorojning", 0.85),), True)
    # A word the vocabulary has is read as a whole.
    (whole,) = vocabulary.find(tokens("ploga"))
    assert not whole.guessed


def test_a_long_word_one_slip_from_a_key_means_what_the_key_means() -> None:
    vocabulary = Vocabulary({"skolbuss": ["skolskjuts"], "sopor": ["sophämtning"]})
    (found,) = vocabulary.find(tokens("skolbusen kom aldrig"))
    assert (found.positions, found.words, found.guessed) == ((0,), (("skolskjuts", 0.9),), True)
    # A short word is one slip from too many others; a real word is no slip.
    assert list(vocabulary.find(tokens("sopar"))) == []
    assert list(vocabulary.find(tokens("skolbussar"))) != []


def test_a_department_known_by_a_shorter_name_does_not_outweigh_a_meaning() -> None:
    # "fritids" names Kultur- och fritidsförvaltningen, but residents mean fritidshem.
    directory = Directory.from_text(
        data_file("""\
        people:
          - first_name: Mira
            last_name: Ek
            department: Kultur- och fritidsförvaltningen
            phones: [0980-31 92 12]
            topics: [bibliotek]
          - first_name: Sam
            last_name: Lund
            phones: [0980-31 92 13]
            topics: [fritidshem]
        vocabulary:
          fritids: [fritidshem]
        """)
    )
    assert directory.search("börjar på fritids")[0].contact.name == "Sam Lund"
    # Still found by the name, as a word form is.
    assert directory.search("fritidsförvaltningen")[0].contact.name == "Mira Ek"


def test_a_compounds_parts_do_not_override_the_word_the_directory_has() -> None:
    directory = Directory.from_text(
        data_file("""\
        services:
          - name: Snöröjning
            phones: [0980-31 92 10]
            topics: [plogning]
          - name: Bilpool
            phones: [0980-31 92 11]
            topics: [plogtraktor]
        vocabulary:
          ploga: [plogning]
        """)
    )
    assert directory.search("plogtraktorn")[0].contact.name == "Bilpool"
    assert directory.search("plogbussen")[0].contact.name == "Snöröjning"


def test_extending_keeps_both_meanings() -> None:
    merged = Vocabulary({"tippen": ["återvinningscentral"]}).extended({"Tippen": ["grovavfall"]})
    assert dict(merged.terms())[("tippen",)] == (("atervinningscentral", 1.0), ("grovavfall", 1.0))


def test_a_data_files_vocabulary_adds_meanings_to_search() -> None:
    plain = Directory.from_text(data_file(ENTRIES))
    assert [m.contact.name for m in plain.search("skrotbilen")] == []
    extended = Directory.from_text(data_file(ENTRIES + "vocabulary:\n  skrotbil: [grovavfall]\n"))
    assert extended.vocabulary == {"skrotbil": ("grovavfall",)}
    assert [m.contact.name for m in extended.search("skrotbilen")][:1] == [
        "Återvinningscentralen Norra"
    ]


def test_the_bundled_vocabulary_answers_everyday_words() -> None:
    directory = Directory.from_text(data_file(ENTRIES))
    assert directory.search("när har tippen öppet")[0].contact.name == (
        "Återvinningscentralen Norra"
    )
    assert directory.search("the street light is broken")[0].contact.name == "Gata och park"


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        # "stora" is a commoner word as typed than "störa": it is not read as the key.
        ("stora", False),
        ("störa", True),
        # "rad" is rarer than "råd": a resident without å most likely means the key.
        ("rad", True),
    ],
)
def test_a_word_typed_without_diacritics_is_a_key_only_if_it_is_no_commoner_word(
    typed: str, found: bool
) -> None:
    vocabulary = Vocabulary({"störa": ["buller"], "råd": ["rådgivning"]})
    assert bool(list(vocabulary.find(tokens(typed)))) is found


def test_a_word_that_is_a_key_as_typed_means_that_key_alone() -> None:
    vocabulary = Vocabulary({"grus": ["sandupptagning"], "grusa": ["halkbekämpning"]})
    assert [m.words for m in vocabulary.find(tokens("grus"), guesses=False)] == [
        (("sandupptagning", 1.0),)
    ]
    # A form that is no key as typed still reaches its base form's key.
    assert [m.words for m in vocabulary.find(tokens("grusade"), guesses=False)] == [
        (("halkbekampning", 1.0),)
    ]


def test_english_forms_are_tried_only_on_words_without_swedish_letters() -> None:
    # "tomts" would be the English plural of "tomt"; "tömts" is a form of "tömma".
    vocabulary = Vocabulary({"tomt": ["villatomter"]})
    assert list(vocabulary.find(tokens("tömts"))) == []
    assert list(vocabulary.find(tokens("tomts")))


def test_a_vocabulary_entry_never_hides_a_words_own_matches() -> None:
    # "halka" means more than the entry's own word; the entry that lists it is still found.
    text = data_file(ENTRIES + "vocabulary:\n  halka: [grovavfall]\n")
    found = Directory.from_text(text).search("halka")
    assert found[0].contact.name == "Gata och park"


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        (
            "vocabulary: [tippen]\n",
            ["12:13: error: the vocabulary must be a mapping of 'phrase: [words]' lines"],
        ),
        (
            "vocabulary:\n  tippen: [grovavfall]\n  Tippen: [farligt avfall]\n",
            ["14:3: error: the phrase 'Tippen' is given twice (first on line 13); join its lists"],
        ),
        (
            "vocabulary:\n  en fras med alldeles för många ord: [grovavfall]\n",
            [
                "13:3: error: the phrase 'en fras med alldeles för många ord' must be one to 4 "
                "words of letters (a-z, å, ä, ö, accented) or digits"
            ],
        ),
        (
            "vocabulary:\n  tippen: []\n",
            ["13:11: error: 'tippen' needs at least one word entries use"],
        ),
        (
            "vocabulary:\n  tippen: [{a: b}]\n",
            ["13:12: error: 'vocabulary word' must be a single value, not a list or mapping"],
        ),
        (
            "vocabulary:\n  tippen: [tippen, grovavfall]\n",
            [
                "13:12: warning: 'tippen' is listed as its own meaning",
                "13:12: warning: no entry contains 'tippen'; it adds no answers",
            ],
        ),
        (
            "vocabulary:\n  tippen: [grovavfall, kärnkraftverk]\n",
            ["13:24: warning: no entry contains 'kärnkraftverk'; it adds no answers"],
        ),
        ("vocabulary:\n  tippen: grovavfall\n", []),
        (
            "vocabulary:\n  information: [grovavfall]\n",
            [
                "13:3: warning: the search skips 'information' as a filler word; "
                "this phrase does nothing"
            ],
        ),
        ("vocabulary:\n  ~: [grovavfall]\n", ["13:3: error: a vocabulary phrase is empty"]),
        ("vocabulary:\n  tippen: [~]\n", ["13:12: error: 'tippen' lists an empty word"]),
        (
            "vocabulary:\n  tippen: ['!!!']\n",
            ["13:12: error: '!!!' has no letters or digits to search for"],
        ),
        # Inflected, or part of a longer word: contained. A few letters of one: not.
        ("vocabulary:\n  tippen: [grovavfallet, avfall]\n", []),
        (
            "vocabulary:\n  tippen: [ravf]\n",
            ["13:12: warning: no entry contains 'ravf'; it adds no answers"],
        ),
        ("vocabulary:\n", []),
    ],
)
def test_the_vocabulary_section_is_checked_like_the_rest(section: str, expected: list[str]) -> None:
    assert problems_of(data_file(ENTRIES + section)) == expected


def test_all_vocabulary_problems_are_reported_at_once() -> None:
    text = data_file(ENTRIES + "vocabulary:\n  tippen: []\n  sopor: [{a: b}]\n")
    with pytest.raises(DataError) as raised:
        Directory.from_text(text, path="f.yaml")
    assert [p.line for p in raised.value.problems] == [13, 14]


def test_a_vocabulary_file_is_read_by_the_same_code(tmp_path: Path) -> None:
    assert parse_vocabulary("vocabulary:\n  tippen: [grovavfall]\n", path="v.yaml") == (
        ("tippen", ("grovavfall",)),
    )
    with pytest.raises(DataError) as raised:
        parse_vocabulary("vocabulary:\n  tippen: []\nother: 1\n", path="v.yaml")
    assert [str(p) for p in raised.value.problems] == [
        "v.yaml:2:11: error: 'tippen' needs at least one word entries use",
        "v.yaml:3:1: error: unknown key 'other' (expected one of: vocabulary)",
    ]


def test_the_schema_knows_the_vocabulary() -> None:
    schema = data_schema()
    good = yaml.safe_load(data_file(ENTRIES + "vocabulary:\n  tippen: [grovavfall]\n"))
    jsonschema.validate(good, schema)
    bad = yaml.safe_load(data_file(ENTRIES + "vocabulary:\n  tippen: []\n"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_fmt_keeps_the_vocabulary_as_written() -> None:
    section = "vocabulary:\n  # residents' words\n  tippen: [grovavfall]  # the old name\n"
    text = data_file(ENTRIES + section)
    assert tidy(text, path="f.yaml").endswith(section)


def test_check_reports_vocabulary_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "contacts.yaml"
    path.write_text(data_file(ENTRIES + "vocabulary:\n  tippen: [kärnkraftverk]\n"))
    main(["check", str(path)])
    assert f"{path}:13:12: warning: no entry contains 'kärnkraftverk'" in capsys.readouterr().out


def test_an_english_phrase_is_found_in_other_english_forms() -> None:
    vocabulary = Vocabulary({"swimming lesson": ["simskola"]})
    (found,) = vocabulary.find(tokens("my daughter wants swim lessons"))
    assert found.positions == (3, 4)
    assert found.words == (("simskola", 1.0),)


def test_an_english_base_form_that_is_a_swedish_word_is_not_a_key() -> None:
    # "parking" must not make "parken" (the park) mean parkering.
    vocabulary = Vocabulary({"parking": ["parkering"]})
    assert list(vocabulary.find(tokens("vem sköter parken"))) == []
    assert len(list(vocabulary.find(tokens("parking permit")))) == 1
