"""YAML syntax slips in the admin's terms, each with its fix, and the check going on past them.

libyaml stops at the first thing it cannot read and says so in its own terms ("mapping values
are not allowed in this context"), often a line after the slip. Here each such error is looked
at together with the lines around it, named as the slip an admin makes (a missing space after
``key:``, an unquoted ``: `` in a value, a key indented one space too far ...) with its fix, at
the line to change. The slip is then repaired in memory (the space inserted, the value quoted)
and the text read again, so one check reports every slip and, on the repaired tree, every rule
error after them. Repairs keep the number of lines, and each repaired line remembers where its
columns came from, so every place reported is one in the admin's file.

Only a file libyaml refuses comes here: a valid file costs nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

import yaml

from kontakt._format import ENTRY_SECTIONS, FILE, ORGANISATION, PHONE, Value

Report = Callable[[int, int, str], None]
Parse = Callable[[str], yaml.Node | None]

FURTHER = "after this, the file could not be read further"
_MAX_SLIPS = 40
"""Slips repaired before giving up: each costs one more read of the whole file."""

_SPLIT = re.compile("(\r\n|[\r\n])")
_KEY = re.compile(
    r"(?P<indent> *)(?P<dashes>(?:-[ \t]+)*)"
    r"(?P<key>[^\s#:'\"\[\]{},&*!|>%@`-][^:#]*?|[\w-]+) *:(?=[ \t]|$)"
)
"""A ``key:`` at the start of a line, after its indentation and any ``- ``."""
_KEYS = frozenset(
    key.name for section in (FILE, ORGANISATION, PHONE, *ENTRY_SECTIONS) for key in section
)
_LIST_KEYS = frozenset(
    key.name
    for section in (FILE, *ENTRY_SECTIONS)
    for key in section
    if key.value in (Value.PHONES, Value.TOPICS, Value.PEOPLE, Value.SERVICES)
)
_TOP_KEYS = frozenset(FILE.names)
_STARTS = {
    "@": "YAML does not allow a value to start with '@'",
    "`": "YAML does not allow a value to start with '`'",
    ",": "YAML does not allow a value to start with ','",
    "]": "YAML does not allow a value to start with ']'",
    "}": "YAML does not allow a value to start with '}'",
    "%": "YAML reads a value starting with '%' as a directive",
    "*": "YAML reads a value starting with '*' as a reference to another value",
    "&": "YAML reads a value starting with '&' as a name for the value",
    "!": "YAML reads a value starting with '!' as a tag",
    "|": "YAML reads a value starting with '|' as a block of text on the lines below",
    ">": "YAML reads a value starting with '>' as a block of text on the lines below",
    "[": "YAML reads a value starting with '[' as a list",
    "{": "YAML reads a value starting with '{' as a mapping",
    "?": "YAML reads a value starting with '?' as a key",
    "-": "YAML reads a value starting with '- ' as a list item",
}
"""Characters a plain value cannot start with, and why."""
_CLOSERS = {"[": "]", "{": "}"}


class Mark(Protocol):
    """A place the YAML reader names, 0-based: a PyYAML mark."""

    @property
    def line(self) -> int: ...

    @property
    def column(self) -> int: ...


class Complaint(Protocol):
    """The YAML reader's error: PyYAML's ``MarkedYAMLError``."""

    @property
    def problem(self) -> str | None: ...

    @property
    def context(self) -> str | None: ...

    @property
    def problem_mark(self) -> Mark | None: ...

    @property
    def context_mark(self) -> Mark | None: ...


@dataclass(frozen=True, slots=True)
class _Mark:
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``[start, end)`` of a line by ``text``."""

    line: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Slip:
    """What the admin must change, at a 0-based line and column of the text being read, and
    the edit that repairs it in memory (``None``: nothing safe to try)."""

    line: int
    column: int
    message: str
    edit: Edit | None


class Lines:
    """A text as lines with their own line breaks, repaired in place; each repaired line keeps,
    for every column, the column it came from."""

    def __init__(self, text: str) -> None:
        parts = _SPLIT.split(text)
        self.lines = parts[0::2]
        self.breaks = parts[1::2]
        self.origins: dict[int, list[int]] = {}

    def text(self) -> str:
        return "".join(line + brk for line, brk in zip(self.lines, [*self.breaks, ""], strict=True))

    def __getitem__(self, line: int) -> str:
        return self.lines[line] if 0 <= line < len(self.lines) else ""

    def apply(self, edit: Edit) -> None:
        line = self.lines[edit.line]
        origin = self.origins.get(edit.line) or list(range(len(line) + 1))
        start = min(edit.start, len(line))
        end = min(max(edit.end, start), len(line))
        self.lines[edit.line] = line[:start] + edit.text + line[end:]
        self.origins[edit.line] = origin[:start] + [origin[start]] * len(edit.text) + origin[end:]

    def place(self, line: int, column: int) -> tuple[int, int]:
        """1-based line and column in the admin's file of a 0-based place in this text."""
        if line >= len(self.lines):  # libyaml's end of a file without a final line break
            line = len(self.lines) - 1
            column = len(self.lines[line])
        column = min(column, len(self.lines[line]))
        origin = self.origins.get(line)
        if origin is not None:
            column = origin[column] if column < len(origin) else origin[-1]
        return line + 1, column + 1

    def restore_columns(self, root: yaml.Node) -> None:
        """Point the marks of nodes on repaired lines back at the admin's columns."""
        if not self.origins:
            return
        stack = [root]
        seen: set[int] = set()
        while stack:
            node = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            for attribute in ("start_mark", "end_mark"):
                mark = getattr(node, attribute)
                if mark is not None and mark.line in self.origins:
                    column = self.place(mark.line, mark.column)[1] - 1
                    moved = yaml.Mark(mark.name, mark.index, mark.line, column, None, None)  # type: ignore[arg-type]
                    setattr(node, attribute, moved)
            if isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)
            elif isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    stack += (key, value)


def recover(
    text: str, error: yaml.MarkedYAMLError | None, report: Report, parse: Parse
) -> yaml.Node | None:
    """Report the slip behind ``error`` (and every tab used for indentation), repair it in
    memory and read the text again, until it reads or no repair is safe.

    Returns the tree of the repaired text, for the rules to check the rest; ``None`` when the
    file could not be read to its end, which is then said once.
    """
    lines = Lines(text)
    for slip in indentation_tabs(lines):
        report(*lines.place(slip.line, slip.column), slip.message)
        if slip.edit is not None:
            lines.apply(slip.edit)
    seen: set[tuple[int, int, str]] = set()
    for attempt in range(_MAX_SLIPS + 1):
        if error is None:
            try:
                root = parse(lines.text())
            except yaml.MarkedYAMLError as exc:
                error = exc
            else:
                if root is not None:
                    lines.restore_columns(root)
                return root
        slip = diagnose(lines, error)
        slip = Slip(slip.line, slip.column, _visible(slip.message), slip.edit)
        where = lines.place(slip.line, slip.column)
        if slip.edit is None or (*where, slip.message) in seen or attempt == _MAX_SLIPS:
            report(*where, f"{slip.message}; {FURTHER}")
            return None
        seen.add((*where, slip.message))
        report(*where, slip.message)
        lines.apply(slip.edit)
        error = None
    return None  # pragma: no cover - the last attempt always returns


# -- tabs --------------------------------------------------------------------------------------


def indentation_tabs(lines: Lines) -> Iterator[Slip]:
    """Each line indented with a tab, with the spaces the lines above it call for."""
    for number, line in enumerate(lines.lines):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" not in indent:
            continue
        spaces = _tab_indent(lines, number, line.lstrip(" \t"), indent)
        yield Slip(
            number,
            indent.index("\t"),
            f"a tab is used for indentation; YAML needs spaces: indent this line {_spaces(spaces)}",
            Edit(number, 0, len(indent), " " * spaces),
        )


def _tab_indent(lines: Lines, number: int, content: str, indent: str) -> int:
    above = _previous(lines, number)
    if above is None:
        return 0
    shape = _KEY.match(lines[above])
    if shape is None:
        return _indent(lines[above])
    column = shape.start("key")
    awaits = not lines[above][shape.end() :].split("#")[0].strip()
    if not content.startswith("-"):
        return column + 2 if awaits else column
    if awaits:
        return column + 2
    # A list item: the column of an item above, the one nearest to the tabs read as 2 columns.
    wanted = len(indent.expandtabs(2))
    dashes = {_indent(lines[n]) for n in range(number) if lines[n].lstrip().startswith("- ")} or {0}
    return min(sorted(dashes), key=lambda d: abs(d - wanted))


# -- diagnosis -------------------------------------------------------------------------------


def diagnose(lines: Lines, error: Complaint) -> Slip:
    """The slip behind ``error`` in the text ``lines`` holds, with its repair where one is safe."""
    problem = (error.problem or "").lower()
    context = (error.context or "").lower()
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line, mark.column) if mark is not None else (0, 0)
    if line >= len(lines.lines):
        line, column = len(lines.lines) - 1, len(lines.lines[-1])
    opened = error.context_mark
    if opened is not None and opened.line >= len(lines.lines):  # the end of a file without \n
        last = len(lines.lines) - 1
        opened = _Mark(last, len(lines[last]))
    if "nesting depth" in problem:
        return Slip(line, column, "lists and mappings are nested too deep here to be read", None)
    if "single document" in context:
        return Slip(
            line,
            column,
            "the file holds more than one YAML document ('---'); keep everything in one: "
            "remove this line",
            Edit(line, 0, len(lines[line]), ""),
        )
    if "quoted scalar" in context and "escape" in problem and opened is not None:
        return _bad_escape(lines, opened.line, opened.column, line, column)
    first = opened.line if opened is not None and opened.line <= line else max(line - 1, 0)
    quote = _open_quote(lines, first, line, column)
    if quote is not None:
        return quote
    if "quoted scalar" in context and opened is not None:
        sign = lines[opened.line][opened.column : opened.column + 1]
        return Slip(
            opened.line,
            opened.column,
            f"this quote ({sign}) starts a text that never ends: remove it, or put the whole "
            "value in quotes",
            Edit(opened.line, opened.column, opened.column + 1, " "),
        )
    for diagnosis in _DIAGNOSES:
        slip = diagnosis(lines, problem, context, (line, column), opened)
        if slip is not None:
            return slip
    return Slip(
        line,
        column,
        "YAML cannot read the file here: check this line's indentation, the space after each "
        "':', and quotes around a value that holds ': ' or ' #' or starts with a sign",
        None,
    )


Place = tuple[int, int]
Diagnosis = Callable[[Lines, str, str, Place, Mark | None], Slip | None]


def _missing_colon_space(
    lines: Lines, problem: str, context: str, at: Place, opened: Mark | None
) -> Slip | None:
    """``email:anna.ek@solsjo.example``: libyaml names the next line; the slip is this one."""
    if "simple key" not in context or opened is None:
        return None
    number = opened.line
    slip = _no_space_after_colon(lines, number)
    if slip is not None:
        return slip
    if ":" in lines[number][opened.column :].split(" #")[0]:
        return None
    return _line_without_colon(lines, number, opened.column)


def _no_space_after_colon(lines: Lines, number: int) -> Slip | None:
    text = lines[number]
    found = re.match(r"( *(?:- +)*)([\w-]+)( *):(?=\S)", text)
    if found is None or found.group(2) not in _KEYS | _seen_keys(lines, number):
        return None
    colon = found.end()
    rest = text[colon:].strip()
    return Slip(
        number,
        colon - 1,
        f"a space is missing after the colon: write {found.group(2)}: {rest}",
        Edit(number, found.start(3), colon, ": "),
    )


def _line_without_colon(lines: Lines, number: int, column: int) -> Slip:
    """A line that is neither ``key: value`` nor ``- item``."""
    text = lines[number]
    content = text[column:].rstrip()
    above = _previous(lines, number)
    above_text = lines[above] if above is not None else ""
    indent = _indent(text)
    if above is not None and above_text.lstrip().startswith("- ") and _indent(above_text) == indent:
        return Slip(
            number,
            indent,
            f"a list item needs '- ' before it: write - {content}",
            Edit(number, indent, indent, "- "),
        )
    shape = _KEY.match(above_text)
    if shape is not None and not above_text[shape.end() :].split(" #")[0].strip():
        key = shape.group("key")
        deeper = shape.start("key") + 2
        if indent <= shape.start("key"):
            return Slip(
                number,
                indent,
                f"the value of '{key}' is on the next line but not indented under it: write it "
                f"after the colon, {key}: {content}",
                Edit(number, 0, indent, " " * deeper),
            )
    word = re.match(r"([\w-]+)\s+(\S.*)", content)
    if word is not None and word.group(1) in _KEYS:
        end = column + len(word.group(1))
        return Slip(
            number,
            end,
            f"a colon is missing after '{word.group(1)}': write {word.group(1)}: {word.group(2)}",
            Edit(number, end, end, ":"),
        )
    if content in _KEYS:
        # A section or a key alone on its line, its colon forgotten ("services").
        end = column + len(content)
        return Slip(
            number,
            end,
            f"a colon is missing after '{content}': write {content}:",
            Edit(number, end, end, ":"),
        )
    return Slip(
        number,
        column,
        "this line is neither 'key: value' nor a list item ('- '): add the ':' after its key, "
        "or '- ' before an item",
        Edit(number, 0, len(text), ""),
    )


def _colon_in_value(
    lines: Lines, problem: str, context: str, at: Place, opened: Mark | None
) -> Slip | None:
    """``title: Samordnare: IT``, or a key indented deeper than the one above it."""
    if "mapping values" not in problem and "mapping keys" not in problem:
        return None
    number, column = at
    text = lines[number]
    shape = _KEY.match(text)
    if shape is not None and shape.end() <= column:
        key = shape.group("key")
        start = _value_start(text, shape.end())
        value = text[start:].rstrip()
        before = re.search(r"([\w-]+) *$", text[start:column])
        if (
            "mapping values" in problem
            and before is not None
            and before.group(1) in _KEYS
            and text[start : before.start(1) + start].strip()
        ):
            return Slip(
                number,
                start + before.start(1),
                f"'{before.group(1)}' is a key of its own: put it on a line of its own, "
                f"below '{key}'",
                _quote_edit(number, start, value),
            )
        if "mapping keys" in problem:
            return _special_start(number, start, key, value)
        what = "ends with ':'" if not text[column + 1 :].strip() else "holds ': '"
        return Slip(
            number,
            start,
            f"the value of '{key}' {what}, which YAML reads as another key: put the value in "
            f"quotes: write {key}: {_quoted(value)}",
            _quote_edit(number, start, value),
        )
    if shape is not None:
        return _indented_too_far(lines, number, shape.group("key"))
    return None


def _indented_too_far(lines: Lines, number: int, key: str) -> Slip | None:
    above = _previous(lines, number)
    if above is None:
        return None
    slip = _no_space_after_colon(lines, above)
    if slip is not None:  # '- first_name:Jonas' made the line above a value, not a key
        return slip
    shape = _KEY.match(lines[above])
    want = shape.start("key") if shape is not None else _indent(lines[above])
    indent = _indent(lines[number])
    like = f", as '{shape.group('key')}' on line {above + 1}" if shape is not None else ""
    return Slip(
        number,
        indent,
        f"'{key}' is indented {_spaces(indent)}, so YAML reads it as part of the value above: "
        f"{_indent_it(want)}{like}",
        Edit(number, 0, indent, " " * want),
    )


def _missing_dash(
    lines: Lines, problem: str, context: str, at: Place, opened: Mark | None
) -> Slip | None:
    """A line inside a list that is not an item: no ``- ``, ``-`` without a space, or a key
    indented less than the keys of its entry."""
    wanted_dash = "'-' indicator" in problem or (
        "block collection" in context and "block end" in problem  # PyYAML's own words
    )
    if not wanted_dash or opened is None:
        return None
    number = at[0]
    text = lines[number]
    indent = _indent(text)
    content = text[indent:].rstrip()
    dash = opened.column
    if content.startswith("-- "):
        return Slip(
            number,
            indent,
            f"a list item starts with one '-': write - {content[3:]}",
            Edit(number, indent, indent + 3, "- "),
        )
    if re.match(r"-[^\s-]", content):
        return Slip(
            number,
            indent,
            f"'-' needs a space after it: write - {content[1:]}",
            Edit(number, indent + 1, indent + 1, " "),
        )
    if content.startswith("- "):
        return Slip(
            number,
            indent,
            f"this list item is indented {_spaces(indent)}; the items above it are indented "
            f"{_spaces(dash)}, as on line {opened.line + 1}: {_indent_it(dash)}",
            Edit(number, 0, indent, " " * dash),
        )
    shape = _KEY.match(text)
    if shape is None:
        return _line_without_colon(lines, number, indent)
    key = shape.group("key")
    entry_keys = _entry_keys(lines, opened.line, number, dash)
    if indent == dash and (key in entry_keys or not entry_keys):
        return Slip(
            number,
            indent,
            f"a new entry starts with '- ': write - {content}",
            Edit(number, indent, indent, "- "),
        )
    want, like = _key_column(lines, number, dash + 2)
    return Slip(
        number,
        indent,
        f"'{key}' is indented {_spaces(indent)}, less than the keys of its entry: "
        f"{_indent_it(want)}{like}",
        Edit(number, 0, indent, " " * want),
    )


def _unexpected_in_mapping(
    lines: Lines, problem: str, context: str, at: Place, opened: Mark | None
) -> Slip | None:
    """Something where a mapping expects its next key: text after a closing quote or bracket,
    a stray ``]``, a ``- `` among keys, a key indented differently from its neighbours."""
    if "expected key" not in problem and "block end" not in problem:
        return None
    number, column = at
    text = lines[number]
    indent = _indent(text)
    here = text[column : column + 1]
    if here in ("]", "}"):
        return Slip(
            number,
            column,
            f"'{here}' closes a {'list' if here == ']' else 'mapping'} that was not opened: "
            "remove it",
            Edit(number, column, column + 1, " "),
        )
    if column > indent:
        return _after_value(lines, number, column)
    keys_at = opened.column if opened is not None else 0
    content = text[indent:].rstrip()
    if content.startswith(":"):
        return Slip(
            number,
            indent,
            "a line cannot start with ':': write the key before it, key: value",
            Edit(number, 0, len(text), ""),
        )
    shape = _KEY.match(text)
    if content.startswith("- ") and indent == keys_at and opened is not None:
        key = shape.group("key") if shape is not None else ""
        if key and key in _entry_keys(lines, opened.line, number, keys_at - 2):
            return Slip(
                number,
                indent,
                f"this list item is indented {_spaces(indent)}; the items above it are indented "
                f"{_spaces(keys_at - 2)}, as on line {opened.line + 1}: "
                f"{_indent_it(keys_at - 2)}",
                Edit(number, 0, indent, " " * (keys_at - 2)),
            )
        return Slip(
            number,
            indent,
            "'- ' starts a list item, but this line is among the keys of an entry: remove '- '",
            Edit(number, indent, indent + 2, ""),
        )
    if shape is None:
        return None
    key = shape.group("key")
    if key in _TOP_KEYS:
        want, like = 0, ""
    else:
        want, like = _key_column(lines, number, keys_at)
    return Slip(
        number,
        indent,
        f"'{key}' is indented {_spaces(indent)}, unlike the keys around it: "
        f"{_indent_it(want)}{like}",
        Edit(number, 0, indent, " " * want),
    )


def _after_value(lines: Lines, number: int, column: int) -> Slip | None:
    """Text after a value that ended early: a closing quote or bracket before the line's end."""
    text = lines[number]
    shape = _KEY.match(text)
    start = _value_start(text, shape.end()) if shape is not None else _indent(text) + 2
    key = shape.group("key") if shape is not None else None
    value = text[start:].rstrip()
    write = f"{key}: " if key else "- "
    if value[:1] == "'" and value.endswith("'") and len(value) > 2:
        inner = value[1:-1]
        fixed = "'" + inner.replace("''", "'").replace("'", "''") + "'"
        return Slip(
            number,
            start,
            f"an apostrophe inside single quotes ends the value: double it: write {write}{fixed}",
            Edit(number, start, len(text), fixed),
        )
    if value[:1] in ("'", '"'):
        return Slip(
            number,
            start,
            "the value goes on after its closing quote: put the whole value in quotes: "
            f"write {write}{_quoted(value)}",
            _quote_edit(number, start, value),
        )
    if value[:1] in _CLOSERS:
        return _special_start(number, start, key, value)
    return None


def _flow(lines: Lines, problem: str, context: str, at: Place, opened: Mark | None) -> Slip | None:
    """An unclosed ``[`` or ``{``, or something a ``[ ]`` list cannot hold."""
    if "flow" not in context or opened is None:
        return None
    number, column = at
    first = lines[opened.line]
    start = max(first.rfind("[", 0, opened.column + 1), first.rfind("{", 0, opened.column + 1))
    if start < 0:
        return None
    bracket = first[start]
    closer = _CLOSERS[bracket]
    what = "list" if bracket == "[" else "mapping"
    comment = first.find(" #", start)
    if number > opened.line or "end of stream" in problem or not first[column:].strip():
        if comment >= 0 and closer in first[comment:]:
            return Slip(
                opened.line,
                comment + 1,
                f"' #' starts a comment, which hides the rest of the line and its '{closer}': "
                "put the item that holds '#' in quotes",
                Edit(opened.line, comment, first.index(closer, comment), ""),
            )
        end = len(first.rstrip()) if comment < 0 else comment
        shape = _KEY.match(first)
        if shape is not None and shape.group("key") not in _LIST_KEYS and start == shape.end() + 1:
            # Text such as 'name: [X' is more likely meant as text than as a list.
            edit = _quote_edit(opened.line, start, first[start:end].rstrip())
        else:
            edit = Edit(opened.line, end, end, closer)
        return Slip(
            opened.line,
            start,
            f"the '{bracket}' here is not closed: end the {what} with '{closer}' on this line",
            edit,
        )
    here = first[column : column + 1]
    if here in _CLOSERS.values():
        return Slip(
            number,
            start,
            f"the '{bracket}' here is not closed before the '{here}': close it with '{closer}'",
            Edit(number, column, column, closer),
        )
    shape = _KEY.match(first)
    empty = "[]" if shape is not None and shape.group("key") in _LIST_KEYS else '""'
    return Slip(
        number,
        column,
        f"this {what} ('{bracket} {closer}') needs ',' between items: put an item that holds a "
        "quote, ':', '#' or a bracket in quotes",
        Edit(opened.line, start, len(first), empty),
    )


def _starts_badly(
    lines: Lines, problem: str, context: str, at: Place, opened: Mark | None
) -> Slip | None:
    """A value starting with a sign YAML reads as syntax: ``@``, `` ` ``, ``*``, ``|`` ..."""
    number, column = at
    if opened is not None and any(
        word in context for word in ("anchor", "alias", "block scalar", "tag")
    ):
        number, column = opened.line, opened.column
    elif not (
        "cannot start any token" in problem
        or "undefined alias" in problem
        or "node content" in problem
    ):
        return None
    text = lines[number]
    above = _previous(lines, number)
    if (
        "node content" in problem
        and above is not None
        and lines[above].strip() == "-"
        and _indent(text) == column
    ):
        dash = _indent(lines[above])
        return Slip(
            number,
            column,
            f"this line belongs to the '-' on line {above + 1}: write it on that line, "
            f"- {text.strip()}, or indent it {_spaces(dash + 2)}",
            Edit(number, 0, column, " " * (dash + 2)),
        )
    if text[column : column + 1] == "\t":
        return Slip(
            number,
            column,
            "a tab is used where YAML needs a space: replace it with a space",
            Edit(number, column, column + 1, " "),
        )
    shape = _KEY.match(text)
    key = shape.group("key") if shape is not None else None
    start = _value_start(text, shape.end()) if shape is not None else column
    if start != column and not (shape is None and text[:column].strip() in ("", "-")):
        return None
    if not text[column:].strip():
        return None
    return _special_start(number, column, key, text[column:].rstrip())


def _sequence_on_key_line(
    lines: Lines, problem: str, context: str, at: Place, opened: Mark | None
) -> Slip | None:
    """``phones: - 0980-31 92 11``: a list item on the line of its key."""
    if "sequence entries" not in problem:
        return None
    number, column = at
    text = lines[number]
    shape = _KEY.match(text)
    if shape is None or shape.group("key") not in _LIST_KEYS:
        key = shape.group("key") if shape is not None else None
        return _special_start(number, column, key, text[column:].rstrip())
    key = shape.group("key")
    item = text[column + 1 :].strip()
    return Slip(
        number,
        column,
        f"a list item cannot start on the line of its key: put - {item} on a line of its own "
        f"below '{key}:', or write {key}: {item}",
        Edit(number, column, column + 1, " "),
    )


def _document_end(
    lines: Lines, problem: str, context: str, at: Place, opened: Mark | None
) -> Slip | None:
    """Something after ``...``, or a line starting with ``%``."""
    if "document start" not in problem and "directive" not in context:
        return None
    number = at[0]
    for above in range(number, -1, -1):
        text = lines[above]
        if text.rstrip() == "..." or text.startswith("... "):
            return Slip(
                above,
                0,
                "'...' ends the YAML document, so nothing after it is read: remove this line",
                Edit(above, 0, len(text), ""),
            )
        if text.startswith("%"):
            return Slip(
                above,
                0,
                "a line starting with '%' is read as a YAML directive: remove the '%'",
                Edit(above, 0, 1, ""),
            )
    return None


_DIAGNOSES: tuple[Diagnosis, ...] = (
    _document_end,
    _missing_colon_space,
    _colon_in_value,
    _sequence_on_key_line,
    _flow,
    _starts_badly,
    _missing_dash,
    _unexpected_in_mapping,
)


def _special_start(number: int, column: int, key: str | None, value: str) -> Slip:
    sign = value[:1]
    why = _STARTS.get(sign, f"YAML does not allow a value to start with '{sign}'")
    write = f"{key}: " if key else "- "
    return Slip(
        number,
        column,
        f"{why}: put the value in quotes: write {write}{_quoted(value)}",
        _quote_edit(number, column, value),
    )


def _bad_escape(lines: Lines, line: int, column: int, at_line: int, at_column: int) -> Slip:
    text = lines[line]
    end = text.find('"', column + 1)
    while end > 0 and text[end - 1] == "\\" and not text[column + 1 : end].endswith("\\\\"):
        end = text.find('"', end + 1)
    inner = text[column + 1 : end] if end > 0 else text[column + 1 :].rstrip()
    single = "'" + inner.replace("'", "''") + "'"
    sequence = lines[at_line][at_column : at_column + 2]
    shape = _KEY.match(text)
    write = f"{shape.group('key')}: " if shape is not None else "- "
    return Slip(
        at_line,
        at_column,
        f"in double quotes a backslash starts an escape such as \\n, and '{sequence}' is none: "
        f"use single quotes, write {write}{single}",
        Edit(line, column, end + 1 if end > 0 else len(text), single),
    )


def _open_quote(lines: Lines, first: int, last: int, column: int) -> Slip | None:
    """A quote that opens a value on a line from ``first`` to ``last`` and is still open where
    the reader stopped."""
    for number in range(first, last + 1):
        text = lines[number]
        for found in re.finditer(r"(?:^ *(?:- +)*|: +|- +|[\[{,] *)(['\"])", text):
            start = found.start(1)
            end = _quote_end(lines, number, start)
            if end is None or end > (last, column) or (end[0] == last and number < last):
                quote = found.group(1)
                stop = len(text.rstrip())
                return Slip(
                    number,
                    start,
                    f"the quote ({quote}) that starts this value is not closed: end the value "
                    f"with {quote} on this line",
                    Edit(number, stop, stop, quote),
                )
            if end[0] > number:
                break
    return None


def _quote_end(lines: Lines, number: int, start: int) -> tuple[int, int] | None:
    quote = lines[number][start]
    position = start + 1
    for line in range(number, len(lines.lines)):
        text = lines[line]
        while position < len(text):
            char = text[position]
            if quote == '"' and char == "\\":
                position += 2
                continue
            if char == quote:
                if quote == "'" and text[position + 1 : position + 2] == "'":
                    position += 2
                    continue
                return line, position
            position += 1
        position = 0
    return None


# -- small helpers -------------------------------------------------------------------------------


def _previous(lines: Lines, number: int) -> int | None:
    """The nearest line above that holds something other than a comment."""
    for above in range(number - 1, -1, -1):
        stripped = lines[above].strip()
        if stripped and not stripped.startswith("#"):
            return above
    return None


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _visible(message: str) -> str:
    """``message`` on one line: a tab or other control character it quotes from the file is
    shown as an escape."""
    return "".join(repr(ch)[1:-1] if unicodedata.category(ch) == "Cc" else ch for ch in message)


def _indent_it(count: int) -> str:
    return f"indent it {_spaces(count)}" if count else "start it at the beginning of the line"


def _spaces(count: int) -> str:
    return f"{count} space" if count == 1 else f"{count} spaces"


def _value_start(text: str, after_colon: int) -> int:
    return after_colon + len(text[after_colon:]) - len(text[after_colon:].lstrip(" \t"))


def _quoted(value: str) -> str:
    """``value`` in the quotes that need no escapes: double, or single when it holds ``"`` or
    a backslash."""
    if '"' in value or "\\" in value:
        return "'" + value.replace("'", "''") + "'"
    return f'"{value}"'


def _quote_edit(number: int, start: int, value: str) -> Edit:
    return Edit(number, start, start + len(value), _quoted(value))


def _seen_keys(lines: Lines, number: int) -> frozenset[str]:
    """Keys used on the lines above: a file's own spelling counts as a key too."""
    return frozenset(
        found.group("key")
        for above in range(max(0, number - 30), number)
        if (found := _KEY.match(lines[above]))
    )


def _entry_keys(lines: Lines, first: int, number: int, dash: int) -> set[str]:
    """The keys of the last list item (its ``- `` at column ``dash``) above ``number``."""
    keys: set[str] = set()
    for above in range(number - 1, first - 1, -1):
        text = lines[above]
        shape = _KEY.match(text)
        if shape is not None and shape.start("key") == dash + 2:
            keys.add(shape.group("key"))
        if _indent(text) == dash and text[dash:].startswith("- "):
            break
    return keys


def _key_column(lines: Lines, number: int, default: int) -> tuple[int, str]:
    """The column of the key on the nearest line above, and words naming it."""
    above = _previous(lines, number)
    shape = _KEY.match(lines[above]) if above is not None else None
    if above is None or shape is None:
        return default, ""
    return shape.start("key"), f", as '{shape.group('key')}' on line {above + 1}"
