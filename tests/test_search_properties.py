"""Any string as a query gives a list of matches, never an exception, in time bounded by the
query cap rather than by what was typed."""

from __future__ import annotations

import functools
import math
import time
import tracemalloc
from collections.abc import Callable

import pytest
from hypothesis import event, example, given
from hypothesis import strategies as st

from kontakt import Directory, _emails, _swedish
from kontakt._phones import parse_phone, phone_key, split_sms_note
from kontakt._search import MAX_QUERY_CHARS, RELEVANCE_FLOOR, Field, Matches
from support.datafiles import any_text
from support.helpers import data_file
from support.properties import examples, runs
from testing import synthetic

LIMITS = (0, 1, 5, 8, 10**9, -1)
MIN_SCORES = (RELEVANCE_FLOOR, 55.0, 0.0, -1.0, 100.0, 101.0, math.nan, math.inf, -math.inf)
FILLER = ("vem", "ska", "jag", "kontakta", "om", "who", "do", "i", "contact", "about", "?", ",")
TYPING_SLIPS = st.sampled_from(["drop", "double", "swap", "upper", "plain"])


@pytest.fixture(scope="module")
def synthetic_directory() -> Directory:
    """Three hundred made-up staff, built the way the benchmark builds its directories."""
    return Directory.from_text(synthetic.data_file(synthetic.people(300)), path="<synthetic>")


def _vocabulary(directory: Directory) -> list[str]:
    texts = [t for c in directory for t in (c.name, c.title, c.department, *c.topics) if t]
    return sorted({word for text in texts for word in text.split()})


def _slip(word: str, slip: str, at: int) -> str:
    at %= max(len(word), 1)
    if slip == "drop":
        return word[:at] + word[at + 1 :]
    if slip == "double":
        return word[:at] + word[at : at + 1] * 2 + word[at + 1 :]
    if slip == "swap" and len(word) > at + 1:
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    if slip == "upper":
        return word.upper()
    return word


def queries(directory: Directory) -> st.SearchStrategy[str]:
    """What residents type: words from the directory with slips among filler words, numbers and
    addresses in other forms, and anything at all, short or far over the cap."""
    vocabulary = _vocabulary(directory)
    numbers = [p for c in directory for p in c.phones]
    addresses = [c.email for c in directory if c.email]
    word = st.builds(_slip, st.sampled_from(vocabulary), TYPING_SLIPS, st.integers(0, 40))
    sentence = st.lists(
        st.one_of(word, st.sampled_from(FILLER), st.sampled_from(vocabulary)), max_size=40
    ).map(" ".join)
    number = st.builds(
        lambda p, form: [p.display, p.international, p.e164, p.e164.replace("+", "00")][form],
        st.sampled_from(numbers),
        st.integers(0, 3),
    )
    address = st.builds(
        lambda a, upper: a.upper() if upper else a, st.sampled_from(addresses), st.booleans()
    )
    return st.one_of(sentence, word, number, address, any_text(max_pieces=20), st.text())


def check_matches(directory: Directory, matches: Matches, *, limit: int, min_score: float) -> None:
    assert isinstance(matches, list)
    assert len(matches) <= max(limit, 0)
    assert len({m.contact.id for m in matches}) == len(matches)
    for match in matches:
        assert directory.get(match.contact.id) is match.contact
        assert 0.0 <= match.score <= 100.0
        if match.field not in (Field.PHONE, Field.EMAIL):  # exact look-ups score 100
            assert match.score >= min_score
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
    if matches.ambiguous:
        assert len(matches.best) >= 2


@pytest.mark.parametrize("which", ["bundled", "synthetic"])
@runs(default=250, long=4_000)
def test_any_query_gives_matches_and_never_raises(
    which: str, count: int, directory: Directory, synthetic_directory: Directory
) -> None:
    chosen = directory if which == "bundled" else synthetic_directory

    @examples(count)
    @given(queries(chosen), st.sampled_from(LIMITS), st.sampled_from(MIN_SCORES))
    @example("", 5, RELEVANCE_FLOOR)
    @example("\ud800 bygglov", 5, RELEVANCE_FLOOR)
    def check(query: str, limit: int, min_score: float) -> None:
        default = chosen.search(query)
        check_matches(chosen, default, limit=5, min_score=RELEVANCE_FLOOR)
        matches = chosen.search(query, limit=limit, min_score=min_score)
        check_matches(chosen, matches, limit=limit, min_score=min_score)
        event("found" if default else "nothing")

    check()


@runs(default=150, long=3_000)
def test_a_query_is_read_only_up_to_the_cap(count: int, directory: Directory) -> None:
    @examples(count)
    @given(queries(directory), st.text(min_size=1))
    def check(query: str, tail: str) -> None:
        long = (query + " " + tail) * (MAX_QUERY_CHARS // (len(query) + len(tail) + 1) + 2)
        assert len(long) > MAX_QUERY_CHARS
        assert directory.search(long) == directory.search(long[:MAX_QUERY_CHARS])

    check()


@pytest.mark.parametrize("which", ["bundled", "synthetic"])
@runs(default=200, long=3_000)
def test_reverse_lookups_take_any_string(
    which: str, count: int, directory: Directory, synthetic_directory: Directory
) -> None:
    chosen = directory if which == "bundled" else synthetic_directory

    @examples(count)
    @given(queries(chosen))
    def check(raw: str) -> None:
        found = chosen.by_phone(raw)
        assert isinstance(found, tuple)
        key = phone_key(raw, region=chosen.organisation.region)
        for contact in found:
            assert key in {p.e164 for p in contact.phones}
        owner = chosen.by_email(raw)
        assert owner is None or owner.email == _emails.normalise_address(raw)
        event("phone" if found else "email" if owner else "neither")

    check()


# -- time bounded by the input's length -----------------------------------------------------------

# Each case is 300,000 characters that made a pattern backtrack over every earlier character:
# time grew with the square of the length: from six minutes to over half an hour each (measured
# on 8,000 characters and scaled). Now each takes at most about 170 ms here, so a ceiling of five
# seconds has a margin of thirty or more and cannot fail on a slow machine, while a return to
# square time could not pass it.
CEILING_SECONDS = 5.0
LONG = 300_000


def _within_ceiling(work: Callable[[], object]) -> None:
    started = time.perf_counter()
    work()
    assert time.perf_counter() - started < CEILING_SECONDS


@pytest.mark.parametrize(
    "text",
    [
        " " * LONG + "x",
        "sms" + " " * LONG + "x",
        "sms" + "-" * LONG,
        "( " * (LONG // 2),
    ],
    ids=["spaces", "sms-then-spaces", "sms-then-hyphens", "brackets"],
)
def test_any_text_is_looked_up_as_a_number_in_linear_time(text: str, directory: Directory) -> None:
    _within_ceiling(lambda: split_sms_note(text))
    _within_ceiling(lambda: directory.by_phone(text))
    _within_ceiling(lambda: directory.by_email(text))


@pytest.mark.parametrize(
    "title",
    [
        "a" * LONG,
        "a-" * (LONG // 2),
        "Gatu- och " + "b" * LONG,
        "Gatu- och " * (LONG // 10),
    ],
    ids=["one-long-word", "hyphenated", "shared-hyphen-long-word", "shared-hyphens"],
)
def test_the_index_over_long_values_is_built_in_linear_time_and_memory(title: str) -> None:
    text = data_file(
        f'people:\n  - first_name: Bo\n    last_name: Ek\n    title: "{title}"\n'
        "    email: bo.ek@lessebo.se\n"
    )
    directory = Directory.from_text(text)
    tracemalloc.start()
    try:
        _within_ceiling(directory.prepare)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # A few copies of the title, not one per letter: its square would be a hundred gigabytes.
    assert peak < 100_000_000
    assert directory.search("Bo Ek")[0].contact.name == "Bo Ek"


def test_spelling_keys_of_long_words_take_linear_time() -> None:
    for word in ("th" + "h" * LONG, "oe" * (LONG // 2), "ae" + "e" * LONG):
        _within_ceiling(functools.partial(_swedish.spelling_key, word))


def test_a_phone_note_is_found_as_before() -> None:
    assert split_sms_note("070-948 64 88 (endast för sms)") == ("070-948 64 88", True)
    assert split_sms_note("070-948 64 88  SMS-only ") == ("070-948 64 88", True)
    assert split_sms_note("070-948 64 88") == ("070-948 64 88", False)
    assert parse_phone("0709486488 ( bara sms )").sms_only
