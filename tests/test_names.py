"""Folding names for addresses and ids: what it gives back, it gives back unchanged."""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Callable

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from kontakt import _names, _swedish
from support.datafiles import any_text
from support.properties import examples, runs

FOLDS: dict[str, Callable[[str], str]] = {
    "strip_diacritics": _names.strip_diacritics,
    "fold_for_address": _names.fold_for_address,
    "fold_for_address-hyphen": lambda text: _names.fold_for_address(text, space="-"),
    "slug": _names.slug,
    "swedish.fold": _swedish.fold,
}
# Letters that exercise the rules: Swedish and other European letters, compatibility forms
# (𝕬 ᴬ ǿ ǽ ﬁ), spelling rules' letters (ph th ch ck oe ae ue hh), digits and separators.
LETTERS = "abcehkopqstuwxzåäöéüøæßıİǿǽÅÄÖÆØÉ𝕬ᴬﬁẞ0123456789 -'.,\u0301\u00a0\t"
NAME_TEXT = st.one_of(st.text(LETTERS, max_size=24), any_text(max_pieces=12))
WORDS = st.text("abcdefhikloprstuvwxyz0123456789", max_size=16)


@runs(default=200, long=4_000)
def test_folding_twice_changes_nothing(count: int) -> None:
    @examples(count)
    @given(NAME_TEXT)
    @example("ǿ")  # decomposes to ø, a letter folded by table
    @example("𝕬nna")  # a compatibility form that is a capital
    @example("ᴬ")
    def check(text: str) -> None:
        for name, fold in FOLDS.items():
            once = fold(text)
            assert fold(once) == once, name
        folded = _names.strip_diacritics(text)
        assert folded == folded.lower()
        assert not any(unicodedata.combining(character) for character in folded)
        slug = _names.slug(text)
        assert slug == "" or (slug.isascii() and slug.strip("-") == slug and "--" not in slug)

    check()


@pytest.mark.long
def test_every_code_point_folds_to_a_fixed_point() -> None:
    for code in range(sys.maxunicode + 1):
        character = chr(code)
        for name, fold in FOLDS.items():
            once = fold(character)
            assert fold(once) == once, (name, hex(code))
