"""What a card says of an entry's hours, relative to the moment it is shown.

A service: "Öppet nu, stänger 16:30", "Stängt – öppnar måndag 08:00". A person: their phone
time as the data says it, in words where it is a simple week ("Telefontid tis och tors
08.30–09.30 (nu stängt)"). Every front end renders the same line; the time comes from the
conversation's clock, so a card at 22:00 on a Saturday says what is true then.
"""

from __future__ import annotations

import re
import urllib.parse
from datetime import datetime, timedelta

from kontakt._hours import Hours, swedish_time
from kontakt._model import Contact, Kind
from kontakt._texts import Language, fill

_WEEKDAYS: dict[Language, tuple[str, ...]] = {
    "sv": ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_MONTHS: dict[Language, tuple[str, ...]] = {
    "sv": ("jan", "feb", "mars", "apr", "maj", "juni", "juli", "aug", "sep", "okt", "nov", "dec"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}
_DAY_NAMES: dict[Language, dict[str, str]] = {
    "sv": {
        "Mo": "mån",
        "Tu": "tis",
        "We": "ons",
        "Th": "tors",
        "Fr": "fre",
        "Sa": "lör",
        "Su": "sön",
    },
    "en": {
        "Mo": "Mon",
        "Tu": "Tue",
        "We": "Wed",
        "Th": "Thu",
        "Fr": "Fri",
        "Sa": "Sat",
        "Su": "Sun",
    },
}
_DAY = r"(?:Mo|Tu|We|Th|Fr|Sa|Su)"
_TIME = r"\d\d:\d\d"
# A simple week: days (a list or a range) and one or more time spans, maybe closed on holidays.
_SIMPLE_RULE = re.compile(
    rf"^(?P<days>{_DAY}(?:-{_DAY})?(?:,{_DAY}(?:-{_DAY})?)*) "
    rf"(?P<times>{_TIME}-{_TIME}(?:,{_TIME}-{_TIME})*)$"
)
_HOLIDAYS_OFF = re.compile(r";\s*PH off$")
_SOON = timedelta(days=6)
_WITHOUT_YEAR = timedelta(days=300)
"""Further ahead, a date says its year."""
_LONGEST_DESCRIPTION = 40


def availability(contact: Contact, at: datetime, language: Language) -> str | None:
    """The card's line on when ``contact`` answers, at ``at``; None when the data has no hours."""
    hours = contact.hours
    if hours is None:
        return None
    now = swedish_time(at)
    if not hours.is_known(now):
        # The data says "unknown" now: its hours as written, no claim either way.
        return fill(language, "hours", hours=describe(hours, language))
    is_open = hours.is_open(now)
    if contact.kind is Kind.PERSON:
        state = fill(language, "phone_open" if is_open else "phone_closed")
        return fill(language, "phone_time", hours=_clipped(describe(hours, language)), state=state)
    change = hours.next_change(now)
    if is_open:
        if change is None:
            return fill(language, "open_always")
        return fill(language, "open_until", time=_when(change, now, language))
    if change is None:
        return fill(language, "closed")
    return fill(language, "closed_opens", when=_when(change, now, language))


def describe(hours: Hours, language: Language) -> str:
    """``hours`` in words where it is a simple week ("tis och tors 08.30–09.30"), else as the
    data writes it."""
    text = hours.text.strip()
    holidays_off = bool(_HOLIDAYS_OFF.search(text))
    rule = _SIMPLE_RULE.match(_HOLIDAYS_OFF.sub("", text).strip())
    if rule is None:
        return text
    names = _DAY_NAMES[language]
    groups = ["–".join(names[day] for day in group.split("-")) for group in rule["days"].split(",")]
    joiner = fill(language, "and")
    days = ", ".join(groups[:-1]) + f" {joiner} " + groups[-1] if len(groups) > 1 else groups[0]
    separator = "." if language == "sv" else ":"
    times = ", ".join(
        span.replace(":", separator).replace("-", "–") for span in rule["times"].split(",")
    )
    described = f"{days} {times}"
    return described + fill(language, "holidays_off") if holidays_off else described


def _when(change: datetime, now: datetime, language: Language) -> str:
    """A moment as a card says it: "16:30", "i morgon 08:00", "måndag 08:00", "28 dec 08:00"."""
    time = change.strftime("%H:%M")
    days = (change.date() - now.date()).days
    if days == 0:
        return time
    if days == 1:
        return f"{fill(language, 'tomorrow')} {time}"
    if change - now <= _SOON:
        return f"{_WEEKDAYS[language][change.weekday()]} {time}"
    year = f" {change.year}" if change - now > _WITHOUT_YEAR else ""
    return f"{change.day} {_MONTHS[language][change.month - 1]}{year} {time}"


def _clipped(described: str) -> str:
    """A long phone time cut, so that the line's "(nu stängt)" is never what gets cut."""
    return (
        described
        if len(described) <= _LONGEST_DESCRIPTION
        else described[: _LONGEST_DESCRIPTION - 1] + "…"
    )


def map_link(contact: Contact) -> str | None:
    """A link that opens the entry's street address in OpenStreetMap; None without one (a
    postcode and town alone, a box address)."""
    address = contact.address
    if not address or not _has_street(address.split(",")[0].strip()):
        return None
    return "https://www.openstreetmap.org/search?query=" + urllib.parse.quote(address)


def _has_street(part: str) -> bool:
    """A street name, a space and a number ("Storgatan 33"): words first, then a number."""
    first_digit = next((i for i, char in enumerate(part) if char.isdigit()), None)
    if first_digit is None:
        return False
    name = part[:first_digit]
    return (
        name != name.rstrip()
        and any(char.isalpha() for char in name)
        and not name.lower().startswith("box ")
    )
