"""YAML text to located nodes, with every parse problem turned into a :class:`Problem`.

Only the composer runs: nothing is constructed, so tags such as ``!!python/object`` never build
objects, and each scalar keeps the text the admin wrote (``0701234567`` stays a string of digits
instead of YAML 1.1's octal integer).
"""

from __future__ import annotations

import contextlib
import gc
import re
import unicodedata
from collections.abc import Callable, Iterator

import yaml

from kontakt import _syntax

try:
    from yaml import CSafeLoader as _BaseLoader  # libyaml: several times faster on large files
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

STR_TAG = "tag:yaml.org,2002:str"
NULL_TAG = "tag:yaml.org,2002:null"
SEQ_TAG = "tag:yaml.org,2002:seq"
MAP_TAG = "tag:yaml.org,2002:map"
NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})
"""Plain scalars YAML reads as null; every other plain scalar is read here as text."""
_LINE_BREAK = re.compile("\r\n|[\r\n]")
"""What ends a line for every location the library reports, as for editors and YAML 1.2."""
_DISPUTED_BREAKS = {
    "\x85": "next line, NEL",
    "\u2028": "line separator",
    "\u2029": "paragraph separator",
}
_DISPUTED_BREAK = re.compile("[\x85\u2028\u2029]")
"""Line breaks to YAML 1.1 (libyaml) but not to YAML 1.2 (the editors' schema check) nor to most
editors: a file holding one means different things to each."""
_INDENTATION_TAB = re.compile(r"(?:^|[\r\n]) *\t")
_NOT_YAML = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters a YAML file may not hold (YAML 1.1's printable set, which the reader enforces)."""


class Loader(_BaseLoader):
    """Reads every untagged scalar as a string, or null when it is empty.

    The data rules read each value from its text themselves, so YAML 1.1's implicit typing
    (octal ``0701234567``, ``no`` as false, dates) is never wanted; skipping its regular
    expressions also makes large files load twice as fast.
    """

    def resolve(self, kind: type[yaml.Node], value: str | None, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            return NULL_TAG if implicit[0] and value in NULL_WORDS else STR_TAG
        return SEQ_TAG if kind is yaml.SequenceNode else MAP_TAG


Report = Callable[[int, int, str], None]
"""Receives a 1-based line, a 1-based column and a message for each error."""


def compose(text: str, report: Report) -> yaml.Node | None:
    """The single document in ``text`` as a node tree, or ``None`` after reporting why not.

    After a syntax slip (reported with its fix, see ``_syntax``) the tree is that of the text
    with the slip repaired in memory, so the rules can report what else is wrong: whenever
    anything was reported, the caller must refuse the file.
    """
    text = text.removeprefix("\ufeff")
    if _report_disputed_breaks(text, report):
        return None
    try:
        return _read(text, report)
    except (yaml.reader.ReaderError, UnicodeEncodeError):
        # The reader refuses characters YAML does not allow. libyaml gives their place in bytes
        # and cannot take a lone surrogate at all, so the character is looked up here.
        report(*_first_character_not_allowed(text))
        return None
    except RecursionError:
        # Only PyYAML's pure-Python composer recurses (libyaml stops at 1,000 levels itself).
        report(*_deepest_nesting(text))
        return None


def _read(text: str, report: Report) -> yaml.Node | None:
    if "\t" in text and _INDENTATION_TAB.search(text):
        return _syntax.recover(text, None, report, _compose)
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        return _syntax.recover(text, exc, report, _compose)
    if node is None:
        report(1, 1, "the file is empty: it needs at least an 'organisation' section")
    return node


def _compose(text: str) -> yaml.Node | None:
    return yaml.compose(text, Loader=Loader)


def _first_character_not_allowed(text: str) -> tuple[int, int, str]:
    found = _NOT_YAML.search(text)
    if found is None:  # pragma: no cover - only reached when the reader refused a character
        return 1, 1, "the file holds a character YAML does not allow"
    character = found.group()
    line, column = position_to_line_column(text, found.start())
    category = unicodedata.category(character)
    if category == "Cc":
        what = f"the control character U+{ord(character):04X}"
    elif category == "Cs":
        what = f"U+{ord(character):04X}, half of a UTF-16 surrogate pair, which is not a character"
    else:
        what = f"U+{ord(character):04X}, which is not a character"
    return line, column, f"the file contains {what}"


def _deepest_nesting(text: str) -> tuple[int, int, str]:
    """Where lists and mappings are nested deepest, found without recursion."""
    depth, deepest, where = 0, 0, (1, 1)
    try:
        for event in yaml.parse(text, Loader=Loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > deepest:
                    deepest, where = depth, start(event)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass  # what came before the error is enough to show where the nesting is
    return (
        *where,
        f"lists and mappings are nested {deepest} levels deep here; that is too deep to read",
    )


def _report_disputed_breaks(text: str, report: Report) -> bool:
    """Report the first character that only some readers take as a line break."""
    found = _DISPUTED_BREAK.search(text)
    if found is None:
        return False
    character = found.group()
    count = text.count(character)
    more = f" ({count} in the file)" if count > 1 else ""
    report(
        *position_to_line_column(text, found.start()),
        f"the file contains U+{ord(character):04X} ({_DISPUTED_BREAKS[character]}){more}; YAML "
        "readers disagree on whether it ends a line: use an ordinary line break or a space",
    )
    return True


def position_to_line_column(text: str, position: int) -> tuple[int, int]:
    """1-based line and column of a character offset; ``\n``, ``\r\n`` and a lone ``\r`` end
    a line."""
    line, line_start = 1, 0
    for found in _LINE_BREAK.finditer(text, 0, position):
        line, line_start = line + 1, found.end()
    return line, position - line_start + 1


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
