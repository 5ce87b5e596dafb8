"""Opening hours and phone times, in OpenStreetMap's ``opening_hours`` syntax.

The syntax every map, open-data portal and many CMSs use ("Mo-Fr 08:00-16:30; PH off",
"Tu,Th 08:30-09:30", "24/7") is parsed and evaluated by opening-hours-py, with Sweden's public
holidays (PH) from its calendar and in Europe/Stockholm time, summer time included. Its Swedish
calendar counts julafton, midsommarafton and nyårsafton as holidays, as Swedish offices keep
them; "Dec 24 off" says so in the data as well. For a service the value reads as opening hours,
for a person as phone time.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import opening_hours

TIMEZONE = ZoneInfo("Europe/Stockholm")
COUNTRY = "SE"
_POSITION = re.compile(r"--> (\d+):(\d+)")
_EXPECTED = re.compile(r"= expected (.+)$", re.MULTILINE)
_SWEDISH_DAY = re.compile(r"\b(Må|Ti|On|To|Lö|Sö)\b", re.IGNORECASE)
_REPEATING = re.compile(r"\d?\d:\d\d\s*/\s*\d?\d(?::\d\d)?")
_MOST_STEPS = 16
"""Changes of comment skipped before giving up on finding an open/closed change."""
_HOUR_WITHOUT_MINUTES = re.compile(r"(?<![\d:])\d{1,2}(?=\s*-\s*\d)|(?<=-)\d{1,2}(?![\d:])")


class HoursError(ValueError):
    """A value the parser refuses: what is wrong, and where in the value (0-based)."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


@dataclass(frozen=True, slots=True)
class Hours:
    """When an entry is open (a service) or answers the phone (a person)."""

    text: str
    """As the data file writes it."""
    _parsed: opening_hours.OpeningHours = field(repr=False, compare=False, hash=False)

    def is_open(self, at: datetime) -> bool:
        return bool(self._parsed.is_open(swedish_time(at)))

    def is_known(self, at: datetime) -> bool:
        """False where the data says ``unknown`` ("Mo-Fr 08:00-16:00 unknown"): neither open
        nor closed may be claimed then."""
        return not self._parsed.is_unknown(swedish_time(at))

    def next_change(self, at: datetime) -> datetime | None:
        """When it next opens or closes after ``at``, in Swedish time; None when never. A change
        of comment alone ("drop-in" until 12:00, then "tidsbokning") is no change."""
        local = swedish_time(at)
        is_open = self._parsed.is_open(local)
        for _ in range(_MOST_STEPS):
            change = self._parsed.next_change(local)
            if change is None:
                return None
            local = swedish_time(change)
            if self._parsed.is_open(local) != is_open:
                return local
        return None

    def __str__(self) -> str:
        return self.text


# Staff share their office's hours: a file has few distinct values, each parsed once.
@functools.lru_cache(maxsize=4096)
def parse_hours(text: str) -> Hours:
    """``text`` read as opening hours; :class:`HoursError` with the parser's reason if it is
    not valid, and a hint for the usual slips (Swedish day names, hours without minutes)."""
    if (repeating := _REPEATING.search(text)) is not None:
        # Valid OpenStreetMap, but an offset every minute makes each evaluation take a second.
        raise HoursError(
            f"repeating times such as {repeating.group(0)!r} are not supported in opening hours: "
            "give the spans, e.g. 'Mo-Fr 08:00-16:30'",
            repeating.start(),
        )
    try:
        parsed = opening_hours.OpeningHours(text, timezone=TIMEZONE, country=COUNTRY)
    except Exception as error:  # the binding raises its own ParserError, or SyntaxError
        raise _explained(text, str(error)) from None
    return Hours(text, parsed)


def _explained(text: str, reason: str) -> HoursError:
    position = _POSITION.search(reason)
    offset = int(position.group(2)) - 1 if position else 0
    if _SWEDISH_DAY.search(text):
        hint = "days are written in English: Mo Tu We Th Fr Sa Su (Må → Mo, Lö → Sa, Sö → Su)"
    elif _HOUR_WITHOUT_MINUTES.search(text):
        hint = "write times with minutes, 08:00-16:30 rather than 8-16:30"
    else:
        expected = _EXPECTED.search(reason)
        hint = f"expected {expected.group(1)}" if expected else reason.splitlines()[0]
    near = text[offset : offset + 12]
    return HoursError(
        f"not valid opening hours at {near!r} (OpenStreetMap syntax, e.g. "
        f"'Mo-Fr 08:00-16:30; PH off'): {hint}",
        offset,
    )


def swedish_time(at: datetime) -> datetime:
    """``at`` in Swedish time; a time without a zone is taken to be Swedish time already. Through
    UTC, so that a time the spring-forward night skips (02:30) becomes one that exists (03:30)."""
    aware = at.replace(tzinfo=TIMEZONE) if at.tzinfo is None else at
    return aware.astimezone(UTC).astimezone(TIMEZONE)
