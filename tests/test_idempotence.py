"""Folding and normalisation are idempotent: what they give back, they give back unchanged."""

from __future__ import annotations

import contextlib
import io
import sys
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path

import phonenumbers
import pytest
from hypothesis import event, example, given
from hypothesis import strategies as st

from kontakt import _emails, _names, _swedish
from kontakt._cli import main
from kontakt._errors import AddressError, PhoneError
from kontakt._phones import parse_phone
from kontakt._tidy import tidy
from support.datafiles import any_text, characters, phone_numbers, valid_data_files
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


# -- phone numbers -----------------------------------------------------------------------------

REGIONS = ("SE", "NO", "FI", "DK", "DE", "GB", "US")
EXAMPLE_NUMBERS = [
    number
    for region in REGIONS
    for kind in (phonenumbers.PhoneNumberType.FIXED_LINE, phonenumbers.PhoneNumberType.MOBILE)
    if (number := phonenumbers.example_number_for_type(region, kind)) is not None
]
FORMATS = (
    phonenumbers.PhoneNumberFormat.E164,
    phonenumbers.PhoneNumberFormat.INTERNATIONAL,
    phonenumbers.PhoneNumberFormat.NATIONAL,
)


@st.composite
def written_numbers(draw: st.DrawFn) -> tuple[str, str]:
    """A number and the organisation's region, as an admin in that region might write it."""
    region = draw(st.sampled_from(REGIONS))
    if region == "SE" and draw(st.booleans()):
        return draw(phone_numbers()), region
    number = draw(st.sampled_from(EXAMPLE_NUMBERS))
    kind = draw(st.sampled_from(FORMATS))
    if phonenumbers.region_code_for_number(number) != region:
        kind = phonenumbers.PhoneNumberFormat.INTERNATIONAL  # a foreign number needs its code
    return phonenumbers.format_number(number, kind), region


@runs(default=300, long=5_000)
def test_a_numbers_display_and_e164_read_back_as_the_same_number(count: int) -> None:
    @examples(count)
    @given(written_numbers())
    def check(written: tuple[str, str]) -> None:
        text, region = written
        phone = parse_phone(text, region=region)
        for form in (phone.display, phone.e164, phone.international):
            again = parse_phone(form, region=region)
            assert again.e164 == phone.e164
            assert again.display == phone.display
            assert again.is_mobile == phone.is_mobile

    check()


@runs(default=300, long=5_000)
def test_any_text_that_reads_as_a_number_reads_back_the_same(count: int) -> None:
    @examples(count)
    @given(
        st.one_of(st.from_regex(r"\+?[0-9 ()\-]{2,20}", fullmatch=True), any_text(max_pieces=6)),
        st.sampled_from(REGIONS),
    )
    def check(text: str, region: str) -> None:
        try:
            phone = parse_phone(text, region=region)
        except PhoneError:
            event("not a number")
            return
        event("a number")
        assert parse_phone(phone.display, region=region).e164 == phone.e164
        assert parse_phone(phone.e164, region=region).e164 == phone.e164

    check()


# -- e-mail addresses --------------------------------------------------------------------------

LOCAL = st.text("abcdefgijklmnoprstuvxyzåäöÅÄÖßİıKΣ.-_+'0123456789", min_size=1, max_size=16)
DOMAIN_LABEL = st.text("abcdefklmnoprstuvåäöÅÄÖİΣ-0123456789", min_size=1, max_size=10)


@st.composite
def addresses(draw: st.DrawFn) -> str:
    labels = draw(st.lists(DOMAIN_LABEL, min_size=1, max_size=3))
    tld = draw(st.sampled_from(["se", "SE", "com", "nu", "рф", "xn--p1ai"]))
    return f"{draw(LOCAL)}@{'.'.join(labels)}.{tld}"


@runs(default=300, long=5_000)
def test_normalising_an_address_twice_changes_nothing(count: int) -> None:
    @examples(count)
    @given(st.one_of(addresses(), st.text(characters(), max_size=30)))
    @example("Anna.JohanssonTigerstrom@Lessebo.SE")
    @example("İ@lessebo.se")  # lower case of İ is i with a combining dot
    def check(raw: str) -> None:
        try:
            once = _emails.normalise_address(raw)
        except AddressError:
            event("not an address")
            return
        event("an address")
        assert _emails.normalise_address(once) == once
        assert once == once.lower()

    check()


# -- kontakt fmt -------------------------------------------------------------------------------


@runs(default=20, long=500)
def test_tidying_a_tidy_file_changes_nothing(count: int) -> None:
    @examples(count)
    @given(valid_data_files())
    def check(text: str) -> None:
        once = tidy(text, path="f.yaml")
        event("tidied" if once != text else "already tidy")
        assert tidy(once, path="f.yaml") == once

    check()


@runs(default=10, long=100)
def test_fmt_twice_leaves_the_file_as_the_first_run_wrote_it(count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "contacts.yaml"

        @examples(count)
        @given(valid_data_files())
        def check(text: str) -> None:
            path.write_bytes(text.encode("utf-8"))
            with contextlib.redirect_stdout(io.StringIO()):
                assert main(["fmt", str(path)]) == 0
            once = path.read_bytes()
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                assert main(["fmt", str(path)]) == 0
                assert main(["fmt", "--check", str(path)]) == 0
            assert path.read_bytes() == once
            assert out.getvalue() == f"{path}: already tidy\n" * 2

        check()
