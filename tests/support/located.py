"""What every load must end in: a directory, or a DataError whose problems point into the file."""

from __future__ import annotations

import re
import unicodedata

from kontakt import DataError, Directory, Problem, Severity
from support import yamltrap

# Lines end as editors end them: \n, \r\n or a lone \r. (Characters only YAML 1.1 takes as line
# breaks are refused before anything is located after them.)
_LINE_BREAK = re.compile("\r\n|[\r\n]")


RAW_PHRASES = (
    "while scanning",
    "while parsing",
    "mapping values are not allowed",
    "mapping keys are not allowed",
    "sequence entries are not allowed",
    "could not find expected",
    "did not find expected",
    "did not find the expected",
    "cannot start any token",
    "found unexpected end of stream",
    "found undefined alias",
    "found unknown escape",
    "found a tab character",
    "violates indentation",
    "expected <block end>",
    "but found",
    "in this context",
    "simple key",
    "exceeded maximum nesting depth",
)
"""The YAML readers' own words (libyaml's, and ruamel's, as editors read), which no message to an
admin may hold."""


def lines_of(text: str) -> list[str]:
    """The lines of ``text`` as an editor shows them; the last may be empty."""
    return _LINE_BREAK.split(text.removeprefix("\ufeff"))


def check_problem(problem: Problem, lines: list[str], path: str) -> None:
    """One located problem: inside the file, with a severity and a one-line message."""
    assert problem.path == path
    assert 1 <= problem.line <= len(lines), (problem, len(lines))
    assert problem.column is not None, problem
    assert 1 <= problem.column <= len(lines[problem.line - 1]) + 1, (
        problem,
        lines[problem.line - 1][:200],
    )
    assert problem.severity in (Severity.ERROR, Severity.WARNING)
    assert problem.message.strip()
    assert not [p for p in RAW_PHRASES if p in problem.message.lower()], problem
    shown = str(problem)
    assert shown.startswith(f"{path}:{problem.line}:{problem.column}: {problem.severity}: ")
    # One problem, one line, nothing a terminal would act on: a report can be read and parsed.
    assert len(shown.splitlines()) == 1, shown
    assert not any(unicodedata.category(ch) == "Cc" for ch in shown), shown


def load_or_locate(text: str, *, path: str = "f.yaml") -> Directory | None:
    """The directory ``text`` describes, or ``None`` after checking that every problem is
    located; any exception other than :class:`DataError` fails the calling test."""
    lines = lines_of(text)
    try:
        directory = Directory.from_text(text, path=path)
    except DataError as exc:
        assert exc.errors, "a refused file has at least one error"
        for problem in exc.problems:
            check_problem(problem, lines, path)
        assert str(exc).split("\n") == [str(p) for p in exc.problems]
        return None
    finally:
        assert yamltrap.SPRUNG == [], f"a YAML tag built something: {yamltrap.SPRUNG}"
    for problem in directory.warnings:
        check_problem(problem, lines, path)
        assert problem.severity is Severity.WARNING
    return directory
