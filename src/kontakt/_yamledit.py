"""Edits of a data file's text, placed by the node tree the check reads: for the tools that
rewrite a file (``fmt``, ``import``).

A rewrite changes only the characters of what it changes. Each edit replaces the span of one
value or inserts lines after one, located by libyaml's marks on the tree that ``kontakt check``
composes anyway; every other byte stays as the admin wrote it: comments wherever they are
(inside ``[ ]``, after ``...``), blank lines, indentation, quotes, anchors, what comes before
``---``. Reading the file once, with libyaml, is also what makes a rewrite of 10,000 people
take about as long as checking it: a round-trip YAML library in pure Python took ten times
longer.

A new item of a list takes the list's dash column, the space after its dashes and, when its
items are set apart by blank lines, a blank line. Other new lines are written in the layout of
the bundled file: a list under its key indented by two, one key per line, a mapping in a list
starting on the dash's line. In a flow collection (``[a, b]``, ``{k: v}``) new values are
written in flow style. New lines end as the file's lines do.
"""

from __future__ import annotations

import bisect
import io
import itertools
import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
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
_LINE_BREAK = re.compile("\r\n|\r|\n")
_BLANK_LINE = re.compile(r"(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)")
_TOKEN_END = re.compile(r"[ \t\r\n]|\Z")
# A line whose first character is a list item's dash.
_DASH = re.compile(r"[ \t]*-(?=[ \t\r\n])")
# Indentation of a list under its key, and of a mapping's keys after its dash.
_INDENT = 2


class Raw(str):
    """YAML text written as it is (``true``, or a value's own source text): never quoted."""

    __slots__ = ()


NewValue: TypeAlias = "str | Sequence[NewValue] | Mapping[str, NewValue]"
"""A new value: text (quoted when YAML would read it otherwise), a list or a mapping."""


def rewrite(text: str, *, path: str, change: Callable[[Document, LoadedData], None]) -> str:
    """The text of a data file after ``change`` has edited it: the one pipeline of every tool
    that rewrites a data file (``fmt``, ``import``).

    The file is validated first (:class:`~kontakt._errors.DataError` with every problem when it
    has errors: only a valid file is rewritten), then handed to ``change`` as a
    :class:`Document` with what it says. A byte order mark and every line end stay as they
    were; new lines end as the file's lines do. Checking what the result says is the caller's:
    each tool knows what it meant to change.
    """
    bom = _BOM if text.startswith(_BOM) else ""
    body = text.removeprefix(_BOM)
    with gc_paused():
        # The tree is half a million objects for 10,000 people; see _source.gc_paused.
        loaded, root = parse_with_tree(body, path=path)
        document = Document(body, root, path=path)
        change(document, loaded)
        result = document.result()
        del document, root
    return bom + result


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
        line_start = max(self.text.rfind("\n", 0, position), self.text.rfind("\r", 0, position))
        return position - (line_start + 1)

    def line_end(self, position: int) -> int:
        """Where the line holding ``position`` ends: its line break, or the end of the text."""
        found = _LINE_BREAK.search(self.text, position)
        return len(self.text) if found is None else found.start()

    def line_of(self, position: int) -> int:
        """The 1-based line of ``position``."""
        if self._line_starts is None:
            self._line_starts = [0, *(m.end() for m in _LINE_BREAK.finditer(self.text))]
        return bisect.bisect_right(self._line_starts, position)

    def start(self, node: yaml.Node) -> int:
        """Where the node's own text starts: after any tag and anchor, and after a comment
        that follows them on their line."""
        position: int = node.start_mark.index
        end: int = node.end_mark.index
        text = self.text
        while position < end:
            char = text[position]
            if char in "!&":
                found = _TOKEN_END.search(text, position)
                position = found.start() if found else end
            elif char in " \t\r\n":
                position += 1
            elif char == "#":
                position = self.line_end(position)
            else:
                break
        return min(position, end)

    def end(self, node: yaml.Node) -> int:
        """Where the node's text ends: after the last character of its last value, so that a
        block list ends with its last item, not with the comments and blank lines after it."""
        while True:
            if isinstance(node, yaml.ScalarNode):
                end: int = node.end_mark.index
                if node.style in ("|", ">"):
                    while end > node.start_mark.index and self.text[end - 1] in " \t\r\n":
                        end -= 1
                return end
            if not isinstance(node, yaml.CollectionNode) or node.flow_style or not node.value:
                flow_end: int = node.end_mark.index
                return flow_end
            last = node.value[-1]
            node = last[1] if isinstance(node, yaml.MappingNode) else last

    def source(self, node: yaml.Node) -> Raw:
        """A value's own text, to write elsewhere as it is; its lines end in ``\n``, as every
        new text does until the edits are made (``_Edits.result``)."""
        return Raw(_LINE_BREAK.sub("\n", self.text[node.start_mark.index : self.end(node)]))

    def is_flow(self, node: yaml.Node) -> bool:
        return isinstance(node, yaml.CollectionNode) and bool(node.flow_style)

    def dash(self, item: yaml.Node) -> int:
        """Where the dash of a block list's item is: on the first line up from the item's text
        that starts with ``-`` (one in a comment or an anchor's name is not a dash)."""
        line_start = item.start_mark.index - self.column(item.start_mark.index)
        while True:
            found = _DASH.match(self.text, line_start)
            if found is not None:
                return found.end() - 1
            if line_start == 0:
                raise ValueError("a block list item without a dash")
            previous = line_start - 1
            if self.text[previous] == "\n" and self.text[previous - 1 : previous] == "\r":
                previous -= 1
            line_start = previous - self.column(previous)

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
        return _LINE_BREAK.search(span) is None and "#" not in span


class _Edits(Located):
    """A data file's text and tree, the edits made to it so far, and edits of one value."""

    def __init__(self, text: str, root: yaml.MappingNode, *, path: str = "<string>") -> None:
        super().__init__(text, root, path=path)
        self._edits: list[tuple[int, int, str]] = []
        # New lines end as the file's do.
        self.newline = "\r\n" if "\r\n" in text else "\r" if "\r" in text else "\n"

    def replace(self, start: int, end: int, new: str) -> None:
        """Put ``new`` (lines ended by ``\n``) in place of ``text[start:end]``."""
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
        start, end = self.start(node), self.end(node)
        if start == end:
            new = self._lead_in(start, parent, node) + new
        elif isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
            # A comment on the header line ("| # note") stays after the value.
            header = self.text[start : self.line_end(start)]
            comment = header.find(" #")
            new += header[comment:] if comment >= 0 else ""
        self.replace_keeping_comment(start, end, new)

    def _lead_in(self, position: int, parent: yaml.Node, node: yaml.Node) -> str:
        """What an empty value needs before its new text: a space after ``key:`` or an anchor,
        and ``: `` after a key written alone in a flow mapping (``{title, email: ..}``)."""
        keys = (
            [k for k, v in parent.value if v is node]
            if isinstance(parent, yaml.MappingNode)
            else []
        )
        if keys and ":" not in self.text[keys[0].end_mark.index : position]:
            return ": "
        return "" if self.text[position - 1 : position] in (" ", "\t") else " "

    def replace_value(self, node: yaml.Node, new: str) -> None:
        """Put ``new`` in place of the whole value, its tag and anchor too."""
        self.replace_keeping_comment(node.start_mark.index, self.end(node), new)

    def replace_keeping_comment(self, start: int, end: int, new: str) -> None:
        """Replace a span; a comment after it on its line keeps its column (at least one space
        after the new text), as an admin who lines comments up would want."""
        spaces = _COMMENT_AFTER.match(self.text, end)
        if spaces is None or _LINE_BREAK.search(self.text, start, end) is not None:
            self.replace(start, end, new)
            return
        comment_column = self.column(spaces.end() - 1)
        last_line = new.rpartition("\n")
        new_end = len(last_line[2]) if last_line[1] else self.column(start) + len(new)
        gap = max(1, comment_column - new_end)
        self.replace(start, spaces.end() - 1, new + " " * gap)

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
            pieces += (self.text[done:start], new.replace("\n", self.newline))
            done = end
        pieces.append(self.text[done:])
        return "".join(pieces)


class Document(_Edits):
    """A data file to edit: values replaced, keys and list items added in the file's layout."""

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
        """Make the value of ``key`` the list ``items``: a block list under the key, or a flow
        list inside a flow mapping or in place of an empty one that runs over lines."""
        key_node, value = self._pair(mapping, key)
        start, end = self.start(value), self.end(value)
        if isinstance(value, yaml.SequenceNode) and not value.value and not self._one_line(value):
            # "[  # none yet\n]": the items go inside, and the comment stays.
            self.insert(end - 1, ", ".join(flow(item) for item in items))
            return
        if not self._one_line(value):
            line = self.line_of(value.start_mark.index)
            raise RewriteError(
                f"{self.path}:{line}: the value of '{key}' runs over lines or holds a comment, "
                "which the new list would drop; write it on one line, or as a list with one "
                "item per line, and run this again"
            )
        if self.is_flow(mapping):
            lead_in = self._lead_in(start, mapping, value) if start == end else ""
            self.replace(value.start_mark.index, end, lead_in + flow(list(items)))
            return
        lines = block_list(items, key_node.start_mark.column + _INDENT)
        # The list goes on the lines after the key: after what follows the key on its line
        # when the old value is on a line of its own.
        colon = self.text.index(":", key_node.end_mark.index) + 1
        own_line = _LINE_BREAK.search(self.text, colon, start) is not None
        cut = self.line_end(colon) if own_line else colon
        spaces = _COMMENT_AFTER.match(self.text, end)
        if spaces is None or self.is_null(value) or isinstance(value, yaml.SequenceNode):
            # Nothing to move, or a comment after nothing ("[]") that stays where it is.
            if own_line:
                self.replace(cut, end, lines)
            else:
                self.replace_keeping_comment(colon, end, "")
                self.insert(self.line_end(colon), lines)
            return
        # A comment after a value that moves into the list follows it, in its column.
        comment_at, line_end = spaces.end() - 1, self.line_end(end)
        first, newline, rest = lines.removeprefix("\n").partition("\n")
        gap = max(1, self.column(comment_at) - len(first))
        comment = self.text[comment_at:line_end]
        self.replace(cut, line_end, "\n" + first + " " * gap + comment + newline + rest)

    def append(
        self, sequence: yaml.SequenceNode, value: NewValue, *, blank_line: bool = False
    ) -> None:
        """Add ``value`` at the end of a non-empty list, in its layout; after a blank line when
        ``blank_line``."""
        last = sequence.value[-1]
        if self.is_flow(sequence):
            self.insert(self.end(last), ", " + flow(value))
            return
        dash = self.dash(last)
        between = self.text[dash + 1 : self.start(last)]
        # The file's space after a dash, unless an anchor, tag or comment comes between.
        offset = len(between) + 1 if between and not between.strip(" ") else _INDENT
        column = self.column(dash)
        text = "-" + " " * (offset - 1) + block_item(value, column + offset)
        lead = "\n" * (2 if blank_line else 1) + " " * column
        self.insert(self.line_end(self.end(last)), lead + text)


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
