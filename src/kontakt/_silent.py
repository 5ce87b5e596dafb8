"""Values that load without an error but do not say what the admin wrote: a value cut short by
a ``#`` that YAML reads as a comment, typographic quotes pasted from a word processor, and
characters that cannot be seen.

Each finding is a warning at the character the admin must change. The checks look at one
scalar node at a time: :meth:`NodeReader.text <kontakt._reader.NodeReader.text>` looks for a
cut in every value, and ``_values`` for the rest in values of words (names, titles, addresses,
topics), which have no syntax of their own to refuse such characters.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import yaml

QUOTES = frozenset("“”‘’„‚«»‹›")
"""Typographic quotes: YAML quotes a value with ``"`` and ``'`` only, so these stay in it."""
YAML_QUOTES = " (YAML quotes values with \" or ')"
"""The end of the message on typographic quotes: a CSV (``kontakt import``) leaves it out."""
_LATIN_END = 0x24F
"""The last Latin letter (Latin Extended-B); see :func:`_invisible`."""
_PLAIN_STYLES = (None, "")
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Cuts:
    """Where in a file's text a comment may have cut a plain value short."""

    text: str
    at: frozenset[int]
    """The index of the space before each such '#'."""

    def __bool__(self) -> bool:
        return bool(self.at)

    @classmethod
    def of(cls, text: str) -> Cuts:
        """The places in ``text`` (as composed: without a leading byte order mark).

        A '#' with one space before it and none after, as in "Storgatan 33 #B". A comment is
        set apart as comments are written ("0980-31 92 40  # växel", or "# växel" with a space
        after the '#'), and yamllint asks for both; so only this spacing is taken for text that
        was meant as value.
        """
        # str.find rather than a regular expression with lookarounds: many times faster over a
        # file of megabytes, which is read at every load.
        at: list[int] = []
        found = text.find(" #")
        while found != -1:
            after = found + 2
            if found and not text[found - 1].isspace() and text[after : after + 1].strip():
                at.append(found)
            found = text.find(" #", after)
        return cls(text, frozenset(at))

    def comment_after(self, node: yaml.ScalarNode) -> str | None:
        """The comment right after a plain value that it seems to belong to, from its '#'."""
        end = node.end_mark.index if node.end_mark is not None else -1
        if node.style not in _PLAIN_STYLES or end not in self.at:
            return None
        line_end = len(self.text)
        for ending in "\r\n":
            found = self.text.find(ending, end)
            if found != -1:
                line_end = min(line_end, found)
        return self.text[end + 1 : line_end].rstrip()

    @staticmethod
    def hash_of(node: yaml.Node) -> tuple[int, int]:
        """The line and column of the '#' that cut the value of ``node``."""
        return node.end_mark.line + 1, node.end_mark.column + 2


def joined_item(
    text: str, node: yaml.ScalarNode, name: str, value: str
) -> tuple[tuple[int, int], str] | None:
    """``- budget`` with ``- ekonomi`` indented deeper below it: valid YAML, read as the one
    value "budget - ekonomi", where two list items were meant. The place and the message."""
    if node.style or node.start_mark.line == node.end_mark.line:
        return None
    lines = text[node.start_mark.index : node.end_mark.index].splitlines()
    for offset, line in enumerate(lines[1:], start=1):
        item = line.lstrip()
        if item.startswith("- "):
            return (node.start_mark.line + offset + 1, len(line) - len(item) + 1), (
                f"'{name}' is read as '{value}': this '-' is indented deeper than the line "
                f"above, so YAML joins '{item}' to it; to make it a list item of its own, "
                "indent its '-' as the one above"
            )
    return None


def cut_message(name: str, kept: str, comment: str) -> str:
    comment = _shown(comment)
    whole = f"{kept} {comment}"
    return (
        f"'{name}' is read as '{kept}': YAML takes ' #' as the start of a comment, so "
        f"'{comment}' is left out; put the whole value in quotes to keep it: {_quoted(whole)}"
    )


def character_problems(
    node: yaml.Node, name: str, value: str
) -> Iterator[tuple[yaml.Node | tuple[int, int], str]]:
    """What is silently wrong with the characters of a value of words, each where it is:
    typographic quotes at its ends, invisible characters, unusual spaces.

    ``value`` is the value as read (white space collapsed and trimmed).
    """
    raw = node.value if isinstance(node, yaml.ScalarNode) else ""
    found: list[tuple[int, str]] = []
    if value and (value[0] in QUOTES or value[-1] in QUOTES):
        found.append(_quotes(raw, name, value))
    if not raw.isprintable():
        found += _invisible(raw, name)
    for offset, message in found:
        yield column_of(node, offset), message


def _quotes(raw: str, name: str, value: str) -> tuple[int, str]:
    ends = [ch for ch in (value[0], value[-1]) if ch in QUOTES]
    if len(value) == 1:
        ends = ends[:1]
    shown = " and ".join(f"{ch} ({_code(ch)})" for ch in ends)
    offset = raw.find(ends[0]) if value[0] in QUOTES else raw.rfind(ends[-1])
    if len(ends) == 2:
        what = f"is enclosed in typographic quotes, {shown}, which are read as part of it"
        them = "them"
    else:
        where = "starts" if value[0] in QUOTES else "ends"
        what = f"{where} with a typographic quote, {shown}, which is read as part of it"
        them = "it"
    return max(offset, 0), f"'{name}' {what}: delete {them}{YAML_QUOTES}"


def _invisible(raw: str, name: str) -> Iterator[tuple[int, str]]:
    seen: set[str] = set()
    inner_start = len(raw) - len(raw.lstrip())
    inner_end = len(raw.rstrip())
    for offset, ch in enumerate(raw):
        if ch in seen or ch.isprintable():
            continue
        category = unicodedata.category(ch)
        if category == "Cf":
            # Joiners belong in emoji sequences (👩‍👩‍👧, flags of regions) and in Persian and
            # Indic scripts: left alone after a character that is not a Latin letter, digit or
            # space.
            if _joins(ch) and offset and ord(raw[offset - 1]) > _LATIN_END:
                continue
            seen.add(ch)
            count = raw.count(ch)
            times = f" ({count} times)" if count > 1 else ""
            yield (
                offset,
                f"'{name}' holds {_code(ch)} ({_name(ch)}){times}, which cannot be seen but is "
                "read as part of it: delete it",
            )
        elif category == "Zs" and inner_start <= offset < inner_end:
            # Read as a space here, but not by other tools, nor by a search of the file.
            seen.add(ch)
            yield (
                offset,
                f"'{name}' holds {_code(ch)} ({_name(ch)}), which looks like a space but is "
                "another character: type an ordinary space",
            )


def _joins(ch: str) -> bool:
    return ch in _JOINERS or _EMOJI_TAGS[0] <= ch <= _EMOJI_TAGS[1]


_JOINERS = frozenset("\u200c\u200d")
"""Zero width non-joiner and joiner."""
_EMOJI_TAGS = ("\U000e0020", "\U000e007f")
"""The tag characters that spell a region in a flag emoji (🏴 + gbsct + cancel tag)."""


def column_of(node: yaml.Node, offset: int) -> yaml.Node | tuple[int, int]:
    """Where the character ``offset`` into a scalar's value is: exact in a value on one line
    that reads as it is written (no escapes, no folded spaces), else the value's start."""
    start, end = node.start_mark, node.end_mark
    if not isinstance(node, yaml.ScalarNode) or start is None or end is None:
        return node
    quote = 0 if node.style in _PLAIN_STYLES else 1
    if node.style not in (*_PLAIN_STYLES, "'", '"') or start.line != end.line:
        return node
    if end.column - start.column != len(node.value) + 2 * quote:
        return node
    return (start.line + 1, start.column + 1 + quote + offset)


def _code(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def _name(ch: str) -> str:
    return unicodedata.name(ch, "an unnamed character").lower()


def _shown(text: str) -> str:
    """Text from a comment in a one-line message: tabs and other breaks as one space."""
    return _WHITESPACE.sub(" ", text)


def _quoted(text: str) -> str:
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"
