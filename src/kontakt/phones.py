"""Phone numbers: parsing in the organisation's region, E.164 and the national display form."""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

# How web pages say that a mobile number takes text messages only.
_SMS_NOTE = re.compile(
    r"\(?\s*(?:endast\s+(?:för\s+)?sms|bara\s+sms|sms[\s-]*only|only\s+sms|text\s+only)\s*\)?\s*$",
    re.IGNORECASE,
)
_ALLOWED = re.compile(r"[0-9+\-\s().\/]*")
_MOBILE_TYPES = frozenset({PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE})
_TOO_SHORT = {
    phonenumbers.ValidationResult.TOO_SHORT,
    phonenumbers.ValidationResult.INVALID_LENGTH,
}


class PhoneError(ValueError):
    """A phone number that could not be read; the message quotes what was written."""


@dataclass(frozen=True, slots=True)
class Phone:
    """A phone number as written (``original``) and in its normal forms."""

    original: str
    e164: str
    """``+4647812511``: the key for lookups and the form for vCards."""
    display: str
    """``0478-125 11`` in the organisation's region, international form otherwise."""
    international: str
    """``+46 478 125 11``: the form Telegram turns into a link."""
    is_mobile: bool
    sms_only: bool = False
    """The number takes text messages only: never offer it as a number to call."""
    label: str | None = None
    public: bool = True

    @property
    def callable(self) -> bool:
        return not self.sms_only


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
) -> Phone:
    """Read ``text`` as a phone number in ``region``; a trailing SMS-only note sets ``sms_only``.

    Raises :class:`PhoneError` for anything that is not a valid number.
    """
    number_text, noted = split_sms_note(text)
    number = parse_number(number_text, region=region, original=text)
    national = phonenumbers.region_code_for_number(number) == region.upper()
    return Phone(
        original=text,
        e164=phonenumbers.format_number(number, PhoneNumberFormat.E164),
        display=phonenumbers.format_number(
            number, PhoneNumberFormat.NATIONAL if national else PhoneNumberFormat.INTERNATIONAL
        ),
        international=phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL),
        is_mobile=phonenumbers.number_type(number) in _MOBILE_TYPES,
        sms_only=sms_only or noted,
        label=label,
        public=public,
    )


def parse_number(
    text: str, *, region: str, original: str | None = None
) -> phonenumbers.PhoneNumber:
    """A valid :class:`phonenumbers.PhoneNumber` for ``text``, or :class:`PhoneError`."""
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
    if not phonenumbers.is_valid_number(number):
        reason = phonenumbers.is_possible_number_with_reason(number)
        if reason in _TOO_SHORT:
            detail = " (too short)"
        elif reason == phonenumbers.ValidationResult.TOO_LONG:
            detail = " (too long)"
        else:
            detail = ""
        raise PhoneError(f"'{shown}' is not a valid phone number{detail}")
    return number


def phone_key(text: str, *, region: str = "SE") -> str | None:
    """The E.164 form of ``text`` when it reads as a valid number, else ``None``."""
    try:
        number = parse_number(split_sms_note(text)[0], region=region)
    except PhoneError:
        return None
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)
