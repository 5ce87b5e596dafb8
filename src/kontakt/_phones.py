"""Phone numbers: parsing in the organisation's region, E.164 and the national display form."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

from kontakt._errors import PhoneError

# How web pages say that a mobile number takes text messages only. A match starts only where a
# run of spaces starts, and no run is read twice (possessive *+), so any text is searched in
# linear time.
_SMS_NOTE = re.compile(
    r"(?<!\s)\s*+\(?\s*+"
    r"(?:endast\s++(?:för\s++)?sms|bara\s++sms|sms[\s-]*+only|only\s++sms|text\s++only)"
    r"\s*+\)?\s*+$",
    re.IGNORECASE,
)
_ALLOWED = re.compile(r"[0-9+\-\s().\/]*")
_MOBILE_TYPES = frozenset({PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE})
_TOO_SHORT = {
    phonenumbers.ValidationResult.TOO_SHORT,
    phonenumbers.ValidationResult.INVALID_LENGTH,
}


REMEMBERED = 1 << 15
"""How many values the readers of numbers and addresses remember. A data file is read again and
again with the same values (the bot's reloads, ``fmt`` and ``import`` reading a file before and
after a change), and the phone number library is the slowest part of reading one: 10,000
people hold about 20,000 numbers."""


@dataclass(frozen=True, slots=True)
class Phone:
    """A phone number in its normal forms, with what the data says about it."""

    e164: str
    """``+4647812511``: the key for lookups and the form for vCards."""
    is_mobile: bool
    sms_only: bool = False
    """The number takes text messages only: never offer it as a number to call."""
    label: str | None = None
    public: bool = True
    region: str = "SE"
    """The organisation's region, which decides between national and international display."""
    shared: bool = False
    """Several people answer it on purpose: no warning when it is on more than one entry."""

    @property
    def display(self) -> str:
        """``0478-125 11`` in the organisation's region, the international form otherwise."""
        return _formatted(self.e164, self.region, international=False)

    @property
    def international(self) -> str:
        """``+46 478 125 11``: the form Telegram turns into a link."""
        return _formatted(self.e164, self.region, international=True)


# Formatting is worked out on demand: a directory of ten thousand is loaded far more often than
# all of its numbers are shown, and formatting costs as much as parsing.
@functools.lru_cache(maxsize=REMEMBERED)
def _formatted(e164: str, region: str, *, international: bool) -> str:
    number = phonenumbers.parse(e164)
    national = not international and phonenumbers.region_code_for_number(number) == region
    return phonenumbers.format_number(
        number, PhoneNumberFormat.NATIONAL if national else PhoneNumberFormat.INTERNATIONAL
    )


def split_sms_note(text: str) -> tuple[str, bool]:
    """Separate a trailing note such as ``(endast för sms)`` from the number it follows."""
    match = _SMS_NOTE.search(text)
    if match is None:
        return text.strip(), False
    return text[: match.start()].strip(), True


def parse_phone(
    text: str,
    *,
    region: str = "SE",
    sms_only: bool = False,
    label: str | None = None,
    public: bool = True,
    shared: bool = False,
) -> Phone:
    """Read ``text`` as a phone number in ``region``; a trailing SMS-only note sets ``sms_only``.

    Raises :class:`PhoneError` for anything that is not a valid number.
    """
    e164, is_mobile, noted = _read(text, region.upper())
    return Phone(
        e164=e164,
        is_mobile=is_mobile,
        sms_only=sms_only or noted,
        label=label,
        public=public,
        region=region.upper(),
        shared=shared,
    )


@functools.lru_cache(maxsize=REMEMBERED)
def _read(text: str, region: str) -> tuple[str, bool, bool]:
    """E.164, whether it is a mobile number, and whether a note says SMS only. A refusal is not
    remembered: it raises each time."""
    number_text, noted = split_sms_note(text)
    number, kind = _parse_valid(number_text, region=region, original=text)
    return phonenumbers.format_number(number, PhoneNumberFormat.E164), kind in _MOBILE_TYPES, noted


def forget() -> None:
    """Forget every number read and formatted."""
    _read.cache_clear()
    _formatted.cache_clear()


def parse_number(
    text: str, *, region: str, original: str | None = None
) -> phonenumbers.PhoneNumber:
    """A valid :class:`phonenumbers.PhoneNumber` for ``text``, or :class:`PhoneError`."""
    return _parse_valid(text, region=region, original=original)[0]


def _parse_valid(
    text: str, *, region: str, original: str | None = None
) -> tuple[phonenumbers.PhoneNumber, int]:
    """The number and its :class:`PhoneNumberType`, which also decides validity."""
    shown = original if original is not None else text
    if not text.strip():
        raise PhoneError(f"'{shown}' has no number" if shown.strip() else "a phone number is empty")
    if not _ALLOWED.fullmatch(text):
        bad = sorted({ch for ch in text if not _ALLOWED.fullmatch(ch)})
        raise PhoneError(
            f"'{shown}' is not a phone number: it contains {', '.join(repr(ch) for ch in bad)}"
        )
    try:
        number = phonenumbers.parse(text, region.upper())
    except NumberParseException:
        raise PhoneError(f"'{shown}' is not a phone number") from None
    # number_type is UNKNOWN exactly when is_valid_number is false: one lookup serves both.
    kind: int = phonenumbers.number_type(number)
    if kind == PhoneNumberType.UNKNOWN:
        reason = phonenumbers.is_possible_number_with_reason(number)
        if reason in _TOO_SHORT:
            detail = " (too short)"
        elif reason == phonenumbers.ValidationResult.TOO_LONG:
            detail = " (too long)"
        else:
            detail = ""
        raise PhoneError(f"'{shown}' is not a valid phone number{detail}")
    return number, kind


def phone_key(text: str, *, region: str = "SE") -> str | None:
    """The E.164 form of ``text`` when it reads as a valid number, else ``None``."""
    try:
        number = parse_number(split_sms_note(text)[0], region=region)
    except PhoneError:
        return None
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)
