"""Round-trip YAML for the tools that rewrite a data file: comments, order and blank lines kept.

Plain scalars are read as the text that was written, exactly as :mod:`kontakt._source` reads
them for validation: ``0701234567`` stays a string of digits (never YAML's integer, which would
drop the leading zero) and ``true`` stays the word the admin typed. Quoted scalars keep their
quotes.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.parser import ParserError
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarstring import DoubleQuotedScalarString
from ruamel.yaml.scanner import ScannerError
from ruamel.yaml.tag import Tag
from ruamel.yaml.tokens import CommentToken

from kontakt import _syntax
from kontakt._errors import DataError, Problem, RewriteError, Severity
from kontakt._loader import LoadedData, parse_data
from kontakt._phones import Phone
from kontakt._source import NULL_WORDS

_BOM = "\ufeff"
_EMPTY_ITEM = re.compile(r"^( *-) +$", re.MULTILINE)
_TAG = "tag:yaml.org,2002:"
_STR = _TAG + "str"
_NULL = _TAG + "null"
# A line this long is never folded: folding would turn one changed value into a changed paragraph.
_WIDTH = 1 << 16
# The layout of data/contacts.yaml and the README: lists indented under their key.
_MAPPING_INDENT, _SEQUENCE_INDENT, _SEQUENCE_OFFSET = 2, 4, 2
# PyYAML's YAML 1.1 rules: the strictest reading a tool or editor may give a plain scalar.
_STANDARD_RESOLVER = yaml.resolver.Resolver()
# Comment lines, blank lines and directives, then the "---" that starts the document, with at
# most a tag, an anchor and a comment after it. ruamel drops all of it but that comment, which it
# writes on a line of its own; a rewrite puts it all back as it was.
_HEAD = re.compile(
    r"(?:[ \t]*(?:#[^\n]*)?\n|%[^\n]*\n)*"
    r"---(?:[ \t]+(?:![^\s#]*|&[^\s#]+))*[ \t]*(?:#[^\n]*)?(?:\n|\Z)"
)


class _TextResolver(VersionedResolver):
    """Every plain scalar is a string, or null when empty: the reading the data rules expect."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode and implicit[0]:
            return Tag(suffix=_NULL if value in NULL_WORDS else _STR)
        return super().resolve(kind, value, implicit)


class _TextConstructor(RoundTripConstructor):
    """Places a tagged value it cannot build (``!!int Ek``) like any other YAML error."""

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except ValueError:
            raise ConstructorError(
                None,
                None,
                f"{node.value!r} cannot be read as {str(node.tag).replace(_TAG, '!!')}",
                node.start_mark,
            ) from None


@dataclass(frozen=True, slots=True)
class FileStyle:
    """What a rewrite keeps of the file's bytes beyond YAML: a byte order mark, line ends, and
    what comes before an explicit document start (``---``), which ruamel would drop."""

    bom: bool = False
    newline: str = "\n"
    head: str = ""

    @classmethod
    def of(cls, text: str) -> FileStyle:
        body = text.removeprefix(_BOM).replace("\r\n", "\n")
        head = _HEAD.match(body)
        return cls(
            bom=text.startswith(_BOM),
            newline="\r\n" if "\r\n" in text else "\n",
            head=head.group() if head else "",
        )

    def apply(self, text: str) -> str:
        """``text`` (with ``\n`` line ends) in this style."""
        marker = self.head.rstrip("\n").rpartition("\n")[2]
        if "#" in marker:
            first, _, rest = text.partition("\n")
            if first.strip() == marker[marker.index("#") :].strip():
                text = rest
        if self.head and not self.head.endswith("\n"):
            text = "\n" + text
        return (_BOM if self.bom else "") + (self.head + text).replace("\n", self.newline)


def _yaml() -> YAML:
    handler = YAML(typ="rt")
    handler.Resolver = _TextResolver
    handler.Constructor = _TextConstructor
    handler.preserve_quotes = True
    handler.width = _WIDTH
    handler.indent(mapping=_MAPPING_INDENT, sequence=_SEQUENCE_INDENT, offset=_SEQUENCE_OFFSET)
    return handler


def rewrite(text: str, *, path: str, change: Callable[[Any, LoadedData], None]) -> str:
    """The text of a data file after ``change`` has edited it: the one pipeline of every tool
    that rewrites a data file (``fmt``, ``import``).

    The file is validated first (:class:`DataError` with every problem when it has errors:
    only a valid file is rewritten), read as a round-trip document, handed to ``change`` with
    what it says, and written back with its byte order mark, line ends and what comes before
    ``---`` as they were. Checking what the result says is the caller's: each tool knows what
    it meant to change.

    Why two YAML readers: ruamel (YAML 1.2, comments kept) reads 10,000 people in about 19 s,
    libyaml (``_source``) in well under 2 s, so ruamel cannot serve ``kontakt check`` and the
    bot; libyaml keeps no comments, so it cannot serve a rewrite by itself.
    """
    before = parse_data(text, path=path)
    document = load(text, path=path)
    change(document, before)
    result = FileStyle.of(text).apply(dump(document))
    _check_comments_kept(text, result, path)
    return result


def _check_comments_kept(before: str, after: str, path: str) -> None:
    """:class:`RewriteError` naming each comment the rewrite would drop: ruamel keeps comments
    on their own lines and after a value, not inside ``[ ]`` or ``{ }`` or after ``...``."""
    kept = Counter(text for _, text in comments(after))
    lost = []
    for line, text in comments(before):
        if kept[text]:
            kept[text] -= 1
        else:
            lost.append(f"{path}:{line}: the comment {text!r} would be lost")
    if lost:
        raise RewriteError(
            "\n".join(lost)
            + "\nnothing was written: a comment inside [ ] or { }, or after '...', cannot be "
            "kept; move it to a line of its own"
        )


def comments(text: str) -> Iterator[tuple[int, str]]:
    """Each comment of a YAML text with its line: a ``#`` at the start of a line or after a
    space, outside quotes (a quoted value may run over lines)."""
    quote = ""
    for number, line in enumerate(text.splitlines(), 1):
        previous = " "
        index = 0
        while index < len(line):
            char = line[index]
            if quote:
                if char == "\\" and quote == '"':
                    index += 1
                elif char == quote:
                    if quote == "'" and line[index + 1 : index + 2] == "'":
                        index += 1
                    else:
                        quote = ""
            elif char in "'\"" and (previous in " \t[{,:-"):
                quote = char
            elif char == "#" and previous in " \t":
                yield number, line[index:].rstrip()
                break
            previous = char
            index += 1


def phone_value(phone: Phone, *, label: str | None = None) -> str | CommentedMap:
    """A number as the data file writes it: the display form, or a mapping when the number
    takes text messages only or has a label (the keys in the order of ``_format.PHONE``)."""
    if not phone.sms_only and label is None:
        return scalar(phone.display)
    return phone_mapping(phone, label=label)


def phone_mapping(phone: Phone, *, label: str | None = None) -> CommentedMap:
    """A number as a mapping: ``number``, then ``sms_only: true`` and ``label`` as they apply."""
    mapping = CommentedMap([("number", scalar(phone.display))])
    if phone.sms_only:
        mapping["sms_only"] = "true"
    if label is not None:
        mapping["label"] = scalar(label)
    return mapping


def load(text: str, *, path: str = "<string>") -> Any:
    """The document in ``text`` as ruamel's commented mappings, lists and strings.

    A byte order mark and Windows line ends are read past; :class:`FileStyle` puts them back.
    Raises :class:`DataError` where ruamel, which reads YAML 1.2, cannot read what the check
    (libyaml, YAML 1.1) accepted: a tab inside a value, ``!!int`` on a word.
    """
    try:
        return _yaml().load(text.removeprefix(_BOM).replace("\r\n", "\n"))
    except YAMLError as exc:
        mark = exc.problem_mark or exc.context_mark if isinstance(exc, MarkedYAMLError) else None
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        problem = (exc.problem if isinstance(exc, MarkedYAMLError) else None) or str(exc)
        if isinstance(exc, ScannerError | ParserError):
            # Said as the check says a syntax slip, in the admin's terms.
            line, column, problem = _syntax.describe(text.removeprefix(_BOM), exc)
        message = (
            f"fmt and import cannot rewrite this file: {problem}; their YAML reader "
            "(YAML 1.2) reads it differently from the check"
        )
        raise DataError([Problem(path, line, column, Severity.ERROR, message)]) from None


def dump(document: Any) -> str:
    """The text of ``document``, ending with one line break."""
    out = io.StringIO()
    _yaml().dump(document, out)
    # ruamel writes an empty list item as "- " with a trailing space.
    text = _EMPTY_ITEM.sub(r"\1", out.getvalue())
    return text if text.endswith("\n") else text + "\n"


def scalar(value: str) -> str:
    """``value`` to store in a document: quoted only when a YAML reader would not see a string.

    ``0701234567``, ``yes`` or ``null`` written plain would be read as a number, a flag or
    nothing by other tools (editors, PyYAML), so those are quoted; everything else stays plain.
    """
    tag: str = _STANDARD_RESOLVER.resolve(  # type: ignore[no-untyped-call]
        yaml.ScalarNode, value, (True, False)
    )
    if tag != _STR or value != value.strip():
        quoted: str = DoubleQuotedScalarString(value)
        return quoted
    return value


def move_comment(
    source: CommentedMap | CommentedSeq,
    key: Any,
    target: CommentedMap,
    *,
    same_line: Any,
    next_lines: Any,
) -> None:
    """Move the comment after ``source[key]`` to keys of ``target``.

    ruamel keeps a value's end-of-line comment together with the blank lines and comment lines
    that follow it. When one line becomes two (a number becomes ``number:`` and ``sms_only:``),
    the end-of-line comment stays on the first (``same_line``) and what followed moves after the
    second (``next_lines``), so the blank line before the next entry stays before it.
    """
    token = _take_comment(source, key)
    if token is None:
        return
    head, _, tail = token.value.partition("\n")
    if head.strip():
        _put_comment(target, same_line, _token(token, head + "\n"))
    if tail:
        _put_comment(target, next_lines, _token(token, "\n" + tail))


def _take_comment(container: CommentedMap | CommentedSeq, key: Any) -> CommentToken | None:
    slots = container.ca.items.get(key)
    if not slots:
        return None
    # A sequence item keeps its comment in the first slot, a mapping value in the third.
    index = 0 if isinstance(container, CommentedSeq) else 2
    token: CommentToken | None = slots[index]
    slots[index] = None
    if not any(slots):
        del container.ca.items[key]
    return token


def _put_comment(mapping: CommentedMap, key: Any, token: CommentToken) -> None:
    mapping.ca.items[key] = [None, None, token, None]


def _token(like: CommentToken, value: str) -> CommentToken:
    return CommentToken(value, like.start_mark, like.end_mark)
