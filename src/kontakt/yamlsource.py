"""YAML text to located nodes, with every parse problem turned into a :class:`Problem`.

Only the composer runs: nothing is constructed, so tags such as ``!!python/object`` never build
objects, and each scalar keeps the text the admin wrote (``0701234567`` stays a string of digits
instead of YAML 1.1's octal integer).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator

import yaml

try:
    from yaml import CSafeLoader as _BaseLoader  # libyaml: several times faster on large files
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

STR_TAG = "tag:yaml.org,2002:str"
NULL_TAG = "tag:yaml.org,2002:null"
SEQ_TAG = "tag:yaml.org,2002:seq"
MAP_TAG = "tag:yaml.org,2002:map"
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


class Loader(_BaseLoader):
    """Reads every untagged scalar as a string, or null when it is empty.

    The data rules read each value from its text themselves, so YAML 1.1's implicit typing
    (octal ``0701234567``, ``no`` as false, dates) is never wanted; skipping its regular
    expressions also makes large files load twice as fast.
    """

    def resolve(self, kind: type[yaml.Node], value: str | None, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            return NULL_TAG if implicit[0] and value in _NULLS else STR_TAG
        return SEQ_TAG if kind is yaml.SequenceNode else MAP_TAG


__all__ = [
    "MAP_TAG",
    "NULL_TAG",
    "SEQ_TAG",
    "STR_TAG",
    "Loader",
    "Report",
    "compose",
    "gc_paused",
    "position_to_line_column",
    "start",
]

Report = Callable[[int, int, str], None]
"""Receives a 1-based line, a 1-based column and a message for each error."""


def compose(text: str, report: Report) -> yaml.Node | None:
    """The single document in ``text`` as a node tree, or ``None`` after reporting why not."""
    text = text.removeprefix("\ufeff")
    tab_lines = _report_indentation_tabs(text, report)
    try:
        node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if line not in tab_lines:
            report(line, column, _describe(exc))
        return None
    except yaml.reader.ReaderError as exc:
        line, column = position_to_line_column(text, exc.position)
        report(line, column, f"the file contains the control character U+{exc.character:04X}")
        return None
    except yaml.YAMLError as exc:  # pragma: no cover - every libyaml error is one of the above
        report(1, 1, f"the file is not valid YAML: {exc}")
        return None
    if tab_lines:
        return None
    if node is None:
        report(1, 1, "the file is empty: it needs at least an 'organisation' section")
    return node


def _report_indentation_tabs(text: str, report: Report) -> set[int]:
    lines: set[int] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            report(
                number, indent.index("\t") + 1, "a tab is used for indentation; YAML needs spaces"
            )
            lines.add(number)
    return lines


def _describe(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or "the file is not valid YAML"
    if exc.context and "single document" in exc.context:
        return "the file holds more than one YAML document ('---'); keep everything in one"
    if exc.context and exc.context_mark and exc.context_mark != exc.problem_mark:
        return f"{problem} ({exc.context} that starts on line {exc.context_mark.line + 1})"
    if exc.context:
        return f"{problem} ({exc.context})"
    return problem


def position_to_line_column(text: str, position: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    before = text[:position]
    line = before.count("\n") + 1
    return line, position - (before.rfind("\n") + 1) + 1


def start(node: yaml.Node | yaml.Event) -> tuple[int, int]:
    """1-based line and column where ``node`` starts."""
    mark = node.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cycle collector while building a large acyclic tree.

    A node tree of ten thousand entries is half a million new objects; without the pause the
    collector walks them over and over, which takes longer than building them.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
