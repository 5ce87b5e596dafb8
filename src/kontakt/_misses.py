"""Questions nobody answered, kept as words, so admins learn what residents look for.

Each question that found nothing becomes one JSON line in a file of its own::

    {"date": "2026-12-01", "words": ["kebabpizza", "extra", "vitlok"]}

Only folded words (lower case, no diacritics) and the day are kept. Before the question is
split into words, every piece of it between spaces that holds a digit or an ``@`` is cut whole:
phone numbers, personal identity numbers and e-mail addresses leave no fragment behind. Words
with a digit and filler words are left out too. Nothing says who asked or at what time of day.
Lines older than :data:`KEEP_DAYS` are pruned. Appends and the daily prune take a lock on a
file beside it (``misses.jsonl.lock``), shared and exclusive: a prune replaces the file, and a
line appended between its read and its rename would otherwise be lost.
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import json
import logging
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from kontakt._atomicwrite import write_atomically
from kontakt._errors import Problem, Severity
from kontakt._swedish import FILLER_WORDS, words

KEEP_DAYS = 30
"""Lines older than this many days are pruned."""

# An address's @ as people also write it: "anna.ek @ lessebo.se", "anna.ek(at)lessebo.se".
_AT = re.compile(r" ?(?:@|\(at\)|\[at\]) ?", re.IGNORECASE)
# Where the question is cut into pieces: spaces, and punctuation that ends a clause.
_PIECES = re.compile(r"[ ,;!?]+")

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

_Key = TypeVar("_Key", str, tuple[str, str])

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Miss:
    """One question nobody answered: the day it was asked and its kept words."""

    date: datetime.date
    words: tuple[str, ...]


def miss_words(question: str) -> list[str]:
    """The words of ``question`` that may be kept, folded, in order.

    Every piece between spaces that holds a digit or an ``@`` is cut whole before the question
    is split into words: 070-123 45 67, 19800101-1234 and anna.ek@lessebo.se leave nothing.
    Then words with a digit and filler words are left out.
    """
    # Compatibility forms first, so a full-width digit or @ is cut like any other; one space
    # between pieces, so the patterns stay linear in the question's length.
    text = " ".join(unicodedata.normalize("NFKC", question).split())
    pieces = _PIECES.split(_AT.sub("@", text))
    kept = " ".join(p for p in pieces if "@" not in p and not any(ch.isdigit() for ch in p))
    return [
        word
        for word in words(kept)
        if word not in FILLER_WORDS and not any(ch.isdigit() for ch in word)
    ]


def miss_line(miss: Miss) -> str:
    """The JSON line a miss is stored as, newline included."""
    return json.dumps({"date": miss.date.isoformat(), "words": list(miss.words)}) + "\n"


class MissLog:
    """Appends the questions nobody answered to ``path``, one JSON line each.

    ``today`` gives the date a line is stamped with (tests pass their own). The first record
    of each day first prunes lines older than ``keep_days``. Recording never raises
    :class:`OSError`: it is logged as a warning, without the question, so an answer is never
    held up by the file.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        today: Callable[[], datetime.date] = datetime.date.today,
        keep_days: int = KEEP_DAYS,
    ) -> None:
        self.path = Path(path)
        self.today = today
        self.keep_days = keep_days
        self._pruned_on: datetime.date | None = None

    def record(self, question: str) -> bool:
        """Append the question's kept words; false when none were left or writing failed."""
        kept = miss_words(question)
        if not kept:
            return False
        day = self.today()
        if self._pruned_on != day:
            # Once per day and process: a failed prune is not tried again on every question.
            self._pruned_on = day
            try:
                self.prune(day)
            except OSError as exc:
                self._warn("could not prune", exc)
        try:
            _append(self.path, miss_line(Miss(day, tuple(kept))))
        except OSError as exc:
            self._warn("could not record an unanswered question in", exc)
            return False
        return True

    def prune(self, day: datetime.date) -> int:
        """Remove lines older than ``keep_days`` before ``day``, and lines that cannot be read
        (their age is unknown); the number removed. The file is replaced atomically, while no
        one appends."""
        with _locked(self.path, exclusive=True):
            try:
                data = self.path.read_bytes()
            except FileNotFoundError:
                return 0
            lines = [line for line in data.split(b"\n") if line.strip()]
            oldest = day - datetime.timedelta(days=self.keep_days)
            kept = [line for line in lines if _date_of(line) >= oldest]
            if len(kept) != len(lines) or (data and not data.endswith(b"\n")):
                write_atomically(self.path, b"".join(line + b"\n" for line in kept))
            return len(lines) - len(kept)

    def _warn(self, doing: str, exc: OSError) -> None:
        # The path and the reason only: the question never reaches the log.
        log.warning("%s %s: %s", doing, self.path, exc.strerror or type(exc).__name__)


def read_misses(path: str | os.PathLike[str]) -> tuple[list[Miss], list[Problem]]:
    """The misses in a file, and a problem for each line that could not be read.

    :class:`OSError` when the file cannot be read at all.
    """
    with open(path, "rb") as file:  # noqa: PTH123 - the OSError names the file as given
        data = file.read()
    misses: list[Miss] = []
    problems: list[Problem] = []
    for number, line in enumerate(data.split(b"\n"), 1):
        if not line.strip():
            continue
        miss = _parse(line)
        if isinstance(miss, Miss):
            misses.append(miss)
        else:
            problems.append(Problem(os.fspath(path), number, None, Severity.ERROR, miss))
    return misses, problems


@dataclass(frozen=True, slots=True)
class Summary:
    """What the misses of a period hold, most frequent first, ties in alphabetical order.

    Counts are questions: a word asked twice in one question counts once.
    """

    questions: int
    words: list[tuple[str, int]]
    pairs: list[tuple[tuple[str, str], int]]
    """Words next to each other among a question's kept words."""


def summarise(misses: Iterable[Miss], *, since: datetime.date, top: int | None = None) -> Summary:
    """The most frequent words and word pairs of the misses dated ``since`` or later."""
    questions = 0
    single: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for miss in misses:
        if miss.date < since:
            continue
        questions += 1
        single.update(set(miss.words))
        pairs.update(set(zip(miss.words, miss.words[1:], strict=False)))
    return Summary(questions, _ranked(single, top), _ranked(pairs, top))


def _ranked(counts: Counter[_Key], top: int | None) -> list[tuple[_Key, int]]:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:top]


def _append(path: Path, line: str) -> None:
    """One write with ``O_APPEND``, so lines from several processes never interleave."""
    data = line.encode("utf-8")
    with _locked(path, exclusive=False):
        # Readable by its owner only: the words may still hold something personal, a name.
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            written = os.write(descriptor, data)
        finally:
            os.close(descriptor)
    if written != len(data):
        raise OSError(0, f"only {written} of {len(data)} bytes were written")


@contextlib.contextmanager
def _locked(path: Path, *, exclusive: bool) -> Iterator[None]:
    """Hold the lock beside ``path``: shared to append, exclusive to replace the file. The
    lock file is never replaced, so every process locks the same one."""
    lock = path.with_name(path.name + ".lock")
    descriptor = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def _parse(line: bytes) -> Miss | str:
    """The miss on one line, or what is wrong with it."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return "not UTF-8 text"
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        return f"not a JSON line: {exc.msg}"
    except ValueError:  # an integer over Python's limit on digits
        return "not a JSON line: a number too long"
    except RecursionError:
        return "not a JSON line: nested too deeply"
    if not isinstance(value, dict) or set(value) != {"date", "words"}:
        return 'expected {"date": "YYYY-MM-DD", "words": [...]}'
    date, found = value["date"], value["words"]
    day = _day(date)
    if day is None:
        return f"'date' is not a date written YYYY-MM-DD: {json.dumps(date)}"
    if not isinstance(found, list) or not all(isinstance(w, str) and w for w in found):
        return "'words' is not a list of words"
    return Miss(day, tuple(found))


def _day(value: object) -> datetime.date | None:
    # fromisoformat alone would also take 20261201 and 2026-W48-1.
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def _date_of(line: bytes) -> datetime.date:
    """The date of a stored line; a line that cannot be read counts as older than any."""
    miss = _parse(line)
    return miss.date if isinstance(miss, Miss) else datetime.date.min
