"""Reading located YAML nodes: mappings, scalars, lists, tags and aliases, every problem kept.

Knows the shapes of YAML and the keys of each section (``_format``), nothing of what values
mean: the value readers (``_values``) and the rules (``_rules``) build on it.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import yaml

from kontakt._errors import Problem, Severity
from kontakt._format import FALSE_WORDS, TRUE_WORDS, Section
from kontakt._silent import Cuts, cut_message, joined_item
from kontakt._source import Loader, start

_TAG = "tag:yaml.org,2002:"
# Explicit tags an admin may write; untagged scalars are all str or null (_source.Loader).
_SCALAR_TAGS = frozenset(_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp"))
_WHITESPACE = re.compile(r"\s+")


def single_line(value: str) -> str:
    """A value as the data rules read it: line breaks, tabs and runs of spaces become one
    space, and the ends are trimmed."""
    if not value.isprintable() or "  " in value:
        value = _WHITESPACE.sub(" ", value)
    return value.strip()


Where = yaml.Node | tuple[int, int]
"""A node, or a 1-based line and column."""


class EntryName:
    """How problems name an entry: by its name when it has one, else by its place in the list.

    Worked out only when a problem needs it; most entries have none.
    """

    def __init__(self, section: Section, node: yaml.Node, index: int) -> None:
        self._section, self._node, self._index = section, node, index

    @functools.cached_property
    def _text(self) -> str:
        fields: dict[str, str] = {}
        if isinstance(self._node, yaml.MappingNode):
            for key, value in self._node.value:
                if (
                    isinstance(key, yaml.ScalarNode)
                    and isinstance(value, yaml.ScalarNode)
                    and value.tag in _SCALAR_TAGS
                    and value.tag != _TAG + "null"
                ):
                    fields.setdefault(key.value, _WHITESPACE.sub(" ", value.value).strip())
        if self._section.name == "person":
            name = fields.get("display_name") or " ".join(
                fields[k] for k in ("first_name", "last_name") if fields.get(k)
            )
        else:
            name = fields.get("name", "")
        name = "".join(ch for ch in name if unicodedata.category(ch) != "Cc")[:80]
        kind = self._section.name
        return f"{kind} '{name}'" if name else f"{kind} #{self._index}"

    def __str__(self) -> str:
        return self._text


Label = str | EntryName | None


@dataclass
class Reporter:
    """Keeps the problems found in one file, in the order found."""

    path: str
    problems: list[Problem] = field(default_factory=list)
    errors: int = 0
    """How many of ``problems`` are errors: kept as a count, so asking costs nothing."""

    def error(self, at: Where, message: str, entry: Label = None) -> None:
        self.errors += 1
        self._add(Severity.ERROR, at, message, entry)

    def warning(self, at: Where, message: str, entry: Label = None) -> None:
        self._add(Severity.WARNING, at, message, entry)

    def _add(self, severity: Severity, at: Where, message: str, entry: Label) -> None:
        line, column = start(at) if isinstance(at, yaml.Node) else at
        named = str(entry) if entry is not None else None
        self.problems.append(Problem(self.path, line, column, severity, message, named))


@dataclass
class NodeReader(Reporter):
    """Reads nodes of one file and keeps the problems found, in the order found."""

    cuts: Cuts | None = None
    """Where the file's text may have a value cut short by a comment; ``None``: not looked for."""
    _visited: set[int] = field(default_factory=set)
    _saw_alias: bool = False

    # -- aliases and tags ----------------------------------------------------------------------

    def first_visit(self, node: yaml.Node) -> bool:
        """Aliases (``*name``) repeat a node; refusing them also bounds the walk."""
        if id(node) in self._visited:
            self._saw_alias = True
            return False
        self._visited.add(id(node))
        return True

    def report_aliases(self, text: str) -> None:
        """Locate each alias: the composed tree only knows where its anchor was."""
        if not self._saw_alias:
            return
        for event in _aliases(text):
            self.error(
                start(event), f"aliases ('*{event.anchor}') are not supported: write the value out"
            )

    def allowed_tag(self, node: yaml.Node, entry: Label) -> bool:
        tag = node.tag or ""
        if isinstance(node, yaml.ScalarNode) and tag in _SCALAR_TAGS:
            return True
        if isinstance(node, yaml.MappingNode) and tag == _TAG + "map":
            return True
        if isinstance(node, yaml.SequenceNode) and tag == _TAG + "seq":
            return True
        shown = "!!" + tag.removeprefix(_TAG) if tag.startswith(_TAG) else tag
        self.error(node, f"the YAML tag {quoted(shown)} is not allowed here{_hint(node)}", entry)
        return False

    # -- shapes --------------------------------------------------------------------------------

    def mapping(
        self, node: yaml.Node, section: Section, entry: Label
    ) -> dict[str, yaml.Node] | None:
        """The keys of a mapping node, after reporting unknown, duplicate and missing keys."""
        if not self.allowed_tag(node, entry):
            return None
        if not isinstance(node, yaml.MappingNode):
            self.error(node, f"{section.what} must be a mapping of 'key: value' lines", entry)
            return None
        keys = section.names
        values: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not self.first_visit(value_node):
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _SCALAR_TAGS:
                self.error(key_node, "a key must be a plain word", entry)
                continue
            key = key_node.value
            if key in values:
                self.error(
                    key_node,
                    f"{quoted(key)} is given twice (first on line "
                    f"{start(values[key])[0]}); only one can be kept",
                    entry,
                )
            elif key not in keys:
                self.error(key_node, f"unknown key {quoted(key)}{_did_you_mean(key, keys)}", entry)
            else:
                values[key] = value_node
        for key in section.required:
            if key not in values:
                self.error(node, section.missing.format(key=key), entry)
            elif is_null(values[key]):
                self.error(values[key], f"'{key}' is empty", entry)
        return values

    def text(
        self, node: yaml.Node | None, name: str, entry: Label, *, allow_empty: bool = False
    ) -> str | None:
        """A single-line string exactly as written (YAML's number and date readings ignored);
        a value cut short by a comment is a warning."""
        if node is None or is_null(node):
            return None
        if not self.allowed_tag(node, entry):
            return None
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, f"'{name}' must be a single value, not a list or mapping", entry)
            return None
        value = single_line(node.value)
        control = (
            None
            if value.isprintable()
            else next((ch for ch in value if unicodedata.category(ch) == "Cc"), None)
        )
        if control is not None:
            self.error(node, f"'{name}' contains the control character U+{ord(control):04X}", entry)
            return None
        if not value and not allow_empty:
            self.error(node, f"'{name}' is empty", entry)
            return None
        cuts = self.cuts
        if cuts and node.end_mark.index in cuts.at and (comment := cuts.comment_after(node)):
            self.warning(cuts.hash_of(node), cut_message(name, value, comment), entry)
        multiline = node.start_mark.line != node.end_mark.line
        if cuts is not None and multiline and (joined := joined_item(cuts.text, node, name, value)):
            self.warning(*joined, entry)
        return value

    def flag(self, node: yaml.Node | None, name: str, entry: Label) -> bool | None:
        if node is None:
            return None
        if is_null(node):  # "public:" alone: the admin meant something, so ask which
            self.error(node, f"'{name}' has no value: write true or false", entry)
            return None
        if isinstance(node, yaml.ScalarNode) and self.allowed_tag(node, entry):
            word = node.value.strip().lower()
            if word in TRUE_WORDS:
                return True
            if word in FALSE_WORDS:
                return False
        self.error(node, f"'{name}' must be true or false", entry)
        return None

    def items(self, node: yaml.Node, name: str, entry: Label) -> list[yaml.Node] | None:
        """A list's items; a single value counts as a list of one."""
        if is_null(node):
            return []
        if not self.allowed_tag(node, entry):
            return None
        if isinstance(node, yaml.SequenceNode):
            return [item for item in node.value if self.first_visit(item)]
        if isinstance(node, yaml.ScalarNode):
            return [node]
        self.error(node, f"'{name}' must be a list", entry)
        return None


def _aliases(text: str) -> Iterator[yaml.AliasEvent]:
    """The aliases of ``text``, up to a syntax slip (reported already) if it has one."""
    try:
        for event in yaml.parse(text.removeprefix("\ufeff"), Loader=Loader):
            if isinstance(event, yaml.AliasEvent):
                yield event
    except yaml.YAMLError:
        return


def _hint(node: yaml.Node) -> str:
    if isinstance(node, yaml.ScalarNode) and not (node.tag or "").startswith(_TAG):
        # '!Viktigt' is more likely text that starts with '!' than a tag.
        return ": to write a value that starts with '!', put it in quotes"
    return ""


def is_null(node: yaml.Node | None) -> bool:
    """No value: an absent key, ``~``, ``null`` or nothing after the colon."""
    return node is None or (isinstance(node, yaml.ScalarNode) and node.tag == _TAG + "null")


def quoted(text: str) -> str:
    """Text from the file in quotes for a message, anything unprintable written as its escape.

    Keys and tags are not values the rules have cleaned: a line break or a terminal escape in
    one must not split a problem over lines or reach the admin's terminal, and an invisible
    character is worth seeing (``'first_name\\u200b'``).
    """
    if text.isprintable():
        return f"'{text}'"
    shown = (ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)
    return "'" + "".join(shown) + "'"


def _did_you_mean(word: str, choices: Sequence[str]) -> str:
    key, colon, value = word.partition(":")
    if colon and key in choices and value.strip():
        # 'title:Samordnare: IT' is read as the key 'title:Samordnare'.
        return f"; is a space missing after '{key}:'?"
    close = difflib.get_close_matches(word.lower(), choices, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else f" (expected one of: {', '.join(choices)})"
