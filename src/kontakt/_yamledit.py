"""Edits of a data file's text, placed by the node tree the check reads: for the tools that
rewrite a file (``fmt``, ``import``).

A rewrite changes only the characters of what it changes. Each edit replaces the span of one
value or inserts lines after one, located by libyaml's marks on the tree that ``kontakt check``
composes anyway; every other byte stays as the admin wrote it: comments wherever they are
(inside ``[ ]``, after ``...``), blank lines, indentation, quotes, anchors, what comes before
``---``. Reading the file once, with libyaml, is also what makes a rewrite of 10,000 people
take about as long as checking it: a round-trip YAML library in pure Python took ten times
longer.

New values are written in the layout of the bundled file: a list under its key indented by
two, one key per line, a mapping in a list starting on the dash's line. In a flow collection
(``[a, b]``, ``{k: v}``) they are written in flow style.
"""

from __future__ import annotations

import bisect
import io
import itertools
import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeAlias

import yaml

from kontakt._errors import RewriteError
from kontakt._loader import LoadedData, parse_with_tree
from kontakt._phones import Phone
from kontakt._source import Loader, gc_paused

_BOM = "\ufeff"
_STR = "tag:yaml.org,2002:str"
# PyYAML's YAML 1.1 rules: the strictest reading a tool or editor may give a plain scalar.
_STANDARD_RESOLVER = yaml.resolver.Resolver()
# A value that is plain in any context: it starts with a letter or digit and holds no
# character that means something to YAML (":", "#", brackets, commas, quotes at the start).
_PLAIN = re.compile(r"[^\W_][\w .@+()/'-]*")
# Its analysis of a scalar says whether the scalar may be written plain.
_EMITTER = yaml.emitter.Emitter(io.StringIO(), allow_unicode=True)
_COMMENT_AFTER = re.compile(r"[ \t]+#")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# Indentation of a list under its key, and of a mapping's keys after its dash.
_INDENT = 2


class Raw(str):
    """YAML text written as it is (``true``, or a value's own source text): never quoted."""

    __slots__ = ()


NewValue: TypeAlias = "str | Sequence[NewValue] | Mapping[str, NewValue]"
"""A new value: text (quoted when YAML would read it otherwise), a list or a mapping."""


@dataclass(frozen=True, slots=True)
class FileStyle:
    """What a rewrite keeps of the file's bytes beyond its text: a byte order mark and the
    line ends. Edits are made on the text with ``\n`` line ends."""

    bom: bool = False
    newline: str = "\n"

    @classmethod
    def of(cls, text: str) -> FileStyle:
        return cls(bom=text.startswith(_BOM), newline="\r\n" if "\r\n" in text else "\n")

    def body(self, text: str) -> str:
        return text.removeprefix(_BOM).replace("\r\n", "\n")

    def apply(self, text: str) -> str:
        """``text`` (with ``\n`` line ends) in this style."""
        return (_BOM if self.bom else "") + text.replace("\n", self.newline)


def rewrite(text: str, *, path: str, change: Callable[[Document, LoadedData], None]) -> str:
    """The text of a data file after ``change`` has edited it: the one pipeline of every tool
    that rewrites a data file (``fmt``, ``import``).

    The file is validated first (:class:`~kontakt._errors.DataError` with every problem when it
    has errors: only a valid file is rewritten), then handed to ``change`` as a
    :class:`Document` with what it says. The result keeps the byte order mark and line ends.
    Checking what the result says is the caller's: each tool knows what it meant to change.
    """
    style = FileStyle.of(text)
    body = style.body(text)
    with gc_paused():
        # The tree is half a million objects for 10,000 people; see _source.gc_paused.
        loaded, root = parse_with_tree(body, path=path)
        document = Document(body, root, path=path)
        change(document, loaded)
        result = document.result()
        del document, root
    return style.apply(result)


class Located:
    """A data file's text and the node tree read from it: where each value is."""

    def __init__(self, text: str, root: yaml.MappingNode, *, path: str = "<string>") -> None:
        self.text = text
        self.root = root
        self.path = path
        self._line_starts: list[int] | None = None

    @staticmethod
    def get(mapping: yaml.Node, key: str) -> yaml.Node | None:
        """The value of ``key`` in ``mapping``, or ``None``."""
        found = Located.pair(mapping, key)
        return found[1] if found else None

    @staticmethod
    def pair(mapping: yaml.Node, key: str) -> tuple[yaml.Node, yaml.Node] | None:
        if not isinstance(mapping, yaml.MappingNode):
            return None
        for key_node, value in mapping.value:
            if key_node.value == key:
                return key_node, value
        return None

    def _pair(self, mapping: yaml.Node, key: str) -> tuple[yaml.Node, yaml.Node]:
        found = self.pair(mapping, key)
        if found is None:
            raise KeyError(key)
        return found

    @staticmethod
    def items(node: yaml.Node | None) -> list[yaml.Node]:
        """The items of a list; nothing for anything else (an empty or null value)."""
        return list(node.value) if isinstance(node, yaml.SequenceNode) else []

    @staticmethod
    def is_null(node: yaml.Node) -> bool:
        return isinstance(node, yaml.ScalarNode) and node.tag != _STR

    def column(self, position: int) -> int:
        return position - (self.text.rfind("\n", 0, position) + 1)

    def line_end(self, position: int) -> int:
        """Where the line holding ``position`` ends: its ``\n``, or the end of the text."""
        end = self.text.find("\n", position)
        return len(self.text) if end < 0 else end

    def line_of(self, position: int) -> int:
        """The 1-based line of ``position``."""
        if self._line_starts is None:
            self._line_starts = [0, *(m.end() for m in re.finditer("\n", self.text))]
        return bisect.bisect_right(self._line_starts, position)

    def start(self, node: yaml.Node) -> int:
        """Where the node's own text starts, after any tag and anchor."""
        position: int = node.start_mark.index
        text = self.text
        while position < len(text) and text[position] in "!&":
            while position < len(text) and text[position] not in " \t\n":
                position += 1
            while position < len(text) and text[position] in " \t\n":
                position += 1
        return position

    def end(self, node: yaml.Node) -> int:
        """Where the node's text ends: after the last character of its last value, so that a
        block list ends with its last item, not with the comments and blank lines after it."""
        while True:
            if isinstance(node, yaml.ScalarNode):
                end: int = node.end_mark.index
                if node.style in ("|", ">"):
                    while end > node.start_mark.index and self.text[end - 1] in " \t\n":
                        end -= 1
                return end
            if not isinstance(node, yaml.CollectionNode) or node.flow_style or not node.value:
                flow_end: int = node.end_mark.index
                return flow_end
            last = node.value[-1]
            node = last[1] if isinstance(node, yaml.MappingNode) else last

    def source(self, node: yaml.Node) -> Raw:
        """A value's own text, to write elsewhere as it is."""
        return Raw(self.text[node.start_mark.index : self.end(node)])

    def is_flow(self, node: yaml.Node) -> bool:
        return isinstance(node, yaml.CollectionNode) and bool(node.flow_style)

    def may_become_list(self, mapping: yaml.Node, key: str) -> bool:
        """Whether :meth:`set_list` may replace the value of ``key``: it holds no comment and
        no line break that a new value would drop."""
        value = self.get(mapping, key)
        return value is not None and self._one_line(value)

    def separated_by_blank_lines(self, sequence: yaml.SequenceNode) -> bool:
        """Whether the first items of a block list are set apart by blank lines."""
        items = sequence.value[:5]
        return any(
            _BLANK_LINE.search(self.text, self.end(before), self.start(after)) is not None
            for before, after in itertools.pairwise(items)
        )

    def _one_line(self, node: yaml.Node) -> bool:
        span = self.text[node.start_mark.index : node.end_mark.index]
        return "\n" not in span and "#" not in span


class Document(Located):
    """A data file's text, its node tree, and the edits made to it so far."""

    def __init__(self, text: str, root: yaml.MappingNode, *, path: str = "<string>") -> None:
        super().__init__(text, root, path=path)
        self._edits: list[tuple[int, int, str]] = []

    def replace(self, start: int, end: int, new: str) -> None:
        self._edits.append((start, end, new))

    def insert(self, position: int, new: str) -> None:
        self._edits.append((position, position, new))

    def set_scalar(
        self, node: yaml.Node, value: str, *, parent: yaml.Node, keep_quotes: bool = False
    ) -> None:
        """Write ``value`` in place of ``node``, a value of ``parent``, unless it already reads
        the same.

        With ``keep_quotes`` a quoted value stays quoted the same way. A comment after the
        value keeps its column where the new value leaves room for it.
        """
        if isinstance(node, yaml.ScalarNode) and node.value == value and not self.is_null(node):
            return
        quote = node.style if keep_quotes and isinstance(node, yaml.ScalarNode) else None
        if quote == "'":
            new = "'" + value.replace("'", "''") + "'"
        elif quote == '"':
            new = _double_quoted(value)
        else:
            new = scalar(value, flow=self.is_flow(parent))
        self.replace_keeping_comment(self.start(node), self.end(node), new)

    def replace_keeping_comment(self, start: int, end: int, new: str) -> None:
        """Replace a span; a comment after it on its line keeps its column (at least one space
        after the new text), as an admin who lines comments up would want."""
        spaces = _COMMENT_AFTER.match(self.text, end)
        if spaces is None or "\n" in self.text[start:end]:
            self.replace(start, end, new)
            return
        comment_column = self.column(spaces.end() - 1)
        last_line = new.rpartition("\n")
        new_end = len(last_line[2]) if last_line[1] else self.column(start) + len(new)
        gap = max(1, comment_column - new_end)
        self.replace(start, spaces.end() - 1, new + " " * gap)

    def insert_key(
        self, mapping: yaml.Node, key: str, value: NewValue, *, after: str | None
    ) -> None:
        """Add ``key: value`` to a mapping: right after the key ``after``, or first."""
        if self.is_flow(mapping):
            pair = f"{key}: {flow(value)}"
            if not mapping.value:
                self.replace(mapping.start_mark.index, mapping.end_mark.index, "{" + pair + "}")
            elif after is None:
                self.insert(self.start(mapping.value[0][0]), pair + ", ")
            else:
                self.insert(self.end(self._pair(mapping, after)[1]), ", " + pair)
            return
        column = mapping.value[0][0].start_mark.column
        if after is None:
            self.insert(
                self.start(mapping.value[0][0]),
                block_pair(key, value, column) + "\n" + " " * column,
            )
            return
        self.insert(
            self.line_end(self.end(self._pair(mapping, after)[1])),
            "\n" + " " * column + block_pair(key, value, column),
        )

    def set_list(self, mapping: yaml.Node, key: str, items: Sequence[NewValue]) -> None:
        """Make the value of ``key`` (see :meth:`may_become_list`) the list ``items``: a block
        list under the key, or a flow list inside a flow mapping."""
        key_node, value = self._pair(mapping, key)
        if not self._one_line(value):
            line = self.line_of(value.start_mark.index)
            raise RewriteError(
                f"{self.path}:{line}: the value of '{key}' runs over lines or holds a comment, "
                "which the new list would drop; write it on one line, or as a list with one "
                "item per line, and run this again"
            )
        if self.is_flow(mapping):
            self.replace(self.start(value), self.end(value), flow(list(items)))
            return
        column = key_node.start_mark.column
        lines = block_list(items, column + _INDENT)
        # The list goes on the lines after the key. A comment after a value that moves into
        # the list follows it, in its column; one after nothing ("[]", "~") stays on the key's.
        start, end = self.text.index(":", self.end(key_node)) + 1, self.end(value)
        spaces = _COMMENT_AFTER.match(self.text, end)
        if spaces is None or self.is_null(value) or isinstance(value, yaml.SequenceNode):
            self.replace_keeping_comment(start, end, "")
            self.insert(self.line_end(start), lines)
            return
        comment_at, line_end = spaces.end() - 1, self.line_end(end)
        first, newline, rest = lines.removeprefix("\n").partition("\n")
        gap = max(1, self.column(comment_at) - len(first))
        comment = self.text[comment_at:line_end]
        self.replace(start, line_end, "\n" + first + " " * gap + comment + newline + rest)

    def append(
        self, sequence: yaml.SequenceNode, value: NewValue, *, blank_line: bool = False
    ) -> None:
        """Add ``value`` at the end of a non-empty list, in its layout; after a blank line when
        ``blank_line``."""
        last = sequence.value[-1]
        if self.is_flow(sequence):
            self.insert(self.end(last), ", " + flow(value))
            return
        # The dash comes right before the item, or before its anchor or tag.
        dash = self.text.rindex("-", 0, last.start_mark.index)
        item_start = self.start(last)
        same_line = "\n" not in self.text[dash:item_start]
        offset = item_start - dash if same_line else _INDENT
        column = self.column(dash)
        text = "-" + " " * (offset - 1) + block_item(value, column + offset)
        self.insert(
            self.line_end(self.end(last)), "\n" * (2 if blank_line else 1) + " " * column + text
        )

    def result(self) -> str:
        """The text with every edit made; :class:`RewriteError` if two edits overlap."""
        edits = sorted(self._edits, key=lambda edit: edit[0])
        pieces: list[str] = []
        done = 0
        for start, end, new in edits:
            if start < done:  # a fault of the caller's: the check refuses aliases
                raise RewriteError(
                    f"{self.path}:{self.line_of(start)}: two changes meet at one value; nothing "
                    "was written"
                )
            pieces += (self.text[done:start], new)
            done = end
        pieces.append(self.text[done:])
        return "".join(pieces)


# -- writing new values --------------------------------------------------------------------


def scalar(value: str, *, flow: bool = False) -> str:
    """``value`` as YAML text: plain where every reader sees the same string, else quoted.

    ``0701234567``, ``yes`` or ``null`` written plain would be read as a number, a flag or
    nothing by other tools (editors, PyYAML), so those are quoted, as is anything YAML would
    read as syntax.
    """
    if isinstance(value, Raw):
        return str(value)
    tag: str = _STANDARD_RESOLVER.resolve(  # type: ignore[no-untyped-call]
        yaml.ScalarNode, value, (True, False)
    )
    plain = tag == _STR and value == value.strip() and value
    if plain and (_PLAIN.fullmatch(value) or _plain_allowed(value, flow=flow)):
        return value
    return _double_quoted(value)


def _plain_allowed(value: str, *, flow: bool) -> bool:
    analysis = _EMITTER.analyze_scalar(value)
    allowed: bool = analysis.allow_flow_plain if flow else analysis.allow_block_plain
    return allowed and not analysis.multiline


def _double_quoted(value: str) -> str:
    # A JSON string is a YAML double-quoted scalar.
    return json.dumps(value, ensure_ascii=False)


def flow(value: NewValue) -> str:
    """``value`` in flow style: ``[a, b]``, ``{number: 070-948 64 88, sms_only: true}``."""
    if isinstance(value, str):
        return scalar(value, flow=True)
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in value.items()) + "}"
    return "[" + ", ".join(flow(v) for v in value) + "]"


def block_pair(key: str, value: NewValue, column: int) -> str:
    """``key: value`` with the key at ``column``; a list or mapping goes on the lines after."""
    if isinstance(value, str):
        return f"{key}: {scalar(value)}"
    if isinstance(value, Mapping):
        lines = (
            " " * (column + _INDENT) + block_pair(k, v, column + _INDENT) for k, v in value.items()
        )
        return f"{key}:\n" + "\n".join(lines) if value else f"{key}: {{}}"
    if not value:
        return f"{key}: []"
    return f"{key}:" + block_list(value, column + _INDENT)


def block_list(items: Sequence[NewValue], column: int) -> str:
    """Each item on a line of its own after a dash at ``column``, each line started with
    ``\n``; ``[]`` for no items."""
    if not items:
        return " []"
    return "".join("\n" + " " * column + "- " + block_item(item, column + 2) for item in items)


def block_item(value: NewValue, column: int) -> str:
    """A list item's text after its dash, its own lines at ``column``."""
    if isinstance(value, str):
        return scalar(value)
    if isinstance(value, Mapping):
        pairs = [block_pair(k, v, column) for k, v in value.items()]
        return ("\n" + " " * column).join(pairs) if pairs else "{}"
    return flow(value)


def phone_value(phone: Phone, *, label: str | None = None) -> NewValue:
    """A number as the data file writes it: the display form, or a mapping when the number
    takes text messages only or has a label (the keys in the order of ``_format.PHONE``)."""
    if not phone.sms_only and label is None:
        return phone.display
    return phone_mapping(phone, label=label)


def phone_mapping(phone: Phone, *, label: str | None = None) -> dict[str, NewValue]:
    """A number as a mapping: ``number``, then ``sms_only: true`` and ``label`` as they apply."""
    mapping: dict[str, NewValue] = {"number": phone.display}
    if phone.sms_only:
        mapping["sms_only"] = Raw("true")
    if label is not None:
        mapping["label"] = label
    return mapping


def entry_starts(text: str) -> Iterator[tuple[int, int | None]]:
    """(1-based first line, index in people) of each entry, people then services, ``None`` for
    a service; nothing for a file that does not read."""
    try:
        root = yaml.compose(text.removeprefix(_BOM), Loader=Loader)
    except yaml.YAMLError:
        return
    if root is None:
        return
    for section in ("people", "services"):
        for index, entry in enumerate(Document.items(Document.get(root, section))):
            yield entry.start_mark.line + 1, index if section == "people" else None
