"""Located problems in a data file, and the one exception that carries them."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


class Severity(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a data file, at a 1-based line and column."""

    path: str
    line: int
    column: int
    severity: Severity
    message: str
    entry: str | None = None
    """Names the entry the problem belongs to, e.g. ``person 'Anna Tigerström'``."""

    def __str__(self) -> str:
        where = f"{self.entry}: " if self.entry else ""
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {where}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def summary(path: str, problems: Sequence[Problem], entries: int | None = None) -> str:
    """The line printed after the problems: counts, and the number of entries when known."""
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    counts = f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')}"
    if entries is not None:
        return f"{path}: {counts}, {_plural(entries, 'entry', 'entries')}"
    return f"{path}: {counts}"


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


class DataError(ValueError):
    """The data could not be loaded: ``problems`` holds every problem found, errors and warnings.

    ``str()`` lists them one per line, each as ``path:line:col: severity: message``.
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)
