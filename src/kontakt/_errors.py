"""kontakt's one exception family and the located problem that data errors carry.

Every exception kontakt raises on purpose is a :class:`KontaktError`; a caller that wants to
catch "anything kontakt refused" catches that. The command line turns each into a message and
an exit code in one place (``_cli.main``).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a file, at a 1-based line and, where known, column.

    A data file's problems have a column; a CSV file's problems name the line only.
    """

    path: str
    line: int
    column: int | None
    severity: Severity
    message: str
    entry: str | None = None
    """Names the entry the problem belongs to, e.g. ``person 'Anna Tigerström'``."""

    def __str__(self) -> str:
        where = f"{self.entry}: " if self.entry else ""
        column = f":{self.column}" if self.column is not None else ""
        return f"{self.path}:{self.line}{column}: {self.severity}: {where}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def plural(count: int, one: str, many: str | None = None) -> str:
    """``1 error``, ``2 errors``, ``3 entries``: the count and the word that goes with it."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def summary(path: str, problems: Sequence[Problem], entries: int | None = None) -> str:
    """The line printed after the problems: counts, and the number of entries when known."""
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    counts = f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"
    if entries is not None:
        return f"{path}: {counts}, {plural(entries, 'entry', 'entries')}"
    return f"{path}: {counts}"


def in_file_order(problems: Iterable[Problem]) -> tuple[Problem, ...]:
    return tuple(sorted(problems, key=lambda p: (p.path, p.line, p.column or 0)))


class KontaktError(Exception):
    """The root of every exception kontakt raises on purpose."""


class DataError(KontaktError, ValueError):
    """A file could not be used: ``problems`` holds every problem found, errors and warnings.

    ``str()`` lists them one per line, each as ``path:line:col: severity: message``.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)


class PhoneError(KontaktError, ValueError):
    """A phone number that could not be read; the message quotes what was written."""


class AddressError(KontaktError, ValueError):
    """An e-mail address that is not valid; the message is a plain sentence."""


class RewriteError(KontaktError):
    """A rewrite (``fmt``, ``import``) would have changed what the file means, or could not be
    made without dropping something, so the file was left as it was."""


class UsageError(KontaktError):
    """A problem with how a command was called or with reading its files: exit code 2."""
