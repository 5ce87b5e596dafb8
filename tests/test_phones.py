"""Phone numbers: what parsing gives back reads back as the same number."""

from __future__ import annotations

import phonenumbers
from hypothesis import event, given
from hypothesis import strategies as st

from kontakt._errors import PhoneError
from kontakt._phones import parse_phone
from support.datafiles import any_text, phone_numbers
from support.properties import examples, runs

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
