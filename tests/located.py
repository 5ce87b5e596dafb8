"""What every load must end in: a directory, or a DataError whose problems point into the file."""

from __future__ import annotations

import re
import unicodedata

import yamltrap
from kontakt import DataError, Directory, Problem, Severity

# YAML's line breaks, which are also the library's: a lone \r, NEL and the Unicode separators
# end a line as \n and \r\n do.
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def lines_of(text: str) -> list[str]:
    """The lines of ``text`` as YAML counts them; the last may be empty."""
    return _LINE_BREAK.split(text.removeprefix("\ufeff"))


def check_problem(problem: Problem, lines: list[str], path: str) -> None:
    """One located problem: inside the file, with a severity and a one-line message."""
    assert problem.path == path
    assert 1 <= problem.line <= len(lines), (problem, len(lines))
    assert 1 <= problem.column <= len(lines[problem.line - 1]) + 1, (
        problem,
        lines[problem.line - 1][:200],
    )
    assert problem.severity in (Severity.ERROR, Severity.WARNING)
    assert problem.message.strip()
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
        assert yamltrap.SPRUNG == [], "a YAML tag constructed an object"
    for problem in directory.warnings:
        check_problem(problem, lines, path)
        assert problem.severity is Severity.WARNING
    return directory
