"""Residents' words: spelling keys and word splitting are idempotent."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from kontakt import _swedish
from support.datafiles import any_text
from support.properties import examples, runs

# Letters that exercise the rules: Swedish and other European letters, compatibility forms
# (𝕬 ᴬ ǿ ǽ ﬁ), spelling rules' letters (ph th ch ck oe ae ue hh), digits and separators.
LETTERS = "abcehkopqstuwxzåäöéüøæßıİǿǽÅÄÖÆØÉ𝕬ᴬﬁẞ0123456789 -'.,\u0301\u00a0\t"
NAME_TEXT = st.one_of(st.text(LETTERS, max_size=24), any_text(max_pieces=12))
WORDS = st.text("abcdefhikloprstuvwxyz0123456789", max_size=16)


@runs(default=400, long=10_000)
def test_spelling_key_of_a_key_is_the_key(count: int) -> None:
    @examples(count)
    @given(WORDS)
    @example("thh")  # th → t leaves a silent h that only a second pass removes
    @example("oee")  # oe → o leaves a new "oe"
    def check(word: str) -> None:
        key = _swedish.spelling_key(word)
        assert _swedish.spelling_key(key) == key

    check()


@runs(default=300, long=5_000)
def test_words_of_the_joined_words_are_the_words(count: int) -> None:
    @examples(count)
    @given(NAME_TEXT)
    def check(text: str) -> None:
        found = _swedish.words(text)
        assert _swedish.words(" ".join(found)) == found
        assert all(word.isascii() and word.isalnum() for word in found)

    check()
