"""One reader per kind of value (``_format.Value``): located node in, typed value out.

A reader returns ``None`` for a key that is absent or empty and for a value it refused; a
refusal is reported to the :class:`~kontakt._reader.NodeReader`, whose error count tells the
caller which happened. Rules that concern one value (an SMS-only number must be a mobile one)
are applied here through ``_rules``; rules across values and entries are the loader's.
"""

from __future__ import annotations

import dataclasses
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import phonenumbers
import yaml

from kontakt import _emails, _rules, _swedish
from kontakt._errors import AddressError, PhoneError
from kontakt._format import EMAIL_SPACES, PHONE, Key, Section, Value
from kontakt._hours import Hours, HoursError, parse_hours
from kontakt._phones import Phone, parse_phone
from kontakt._reader import Label, NodeReader, is_null, quoted
from kontakt._silent import QUOTES, character_problems
from kontakt._source import start
from kontakt._vocabulary import MAX_PHRASE_WORDS

Terms = tuple[tuple[str, tuple[str, ...]], ...]
"""A vocabulary as read: each phrase with the terms it means, in file order."""
FieldValue = str | bool | Phone | Hours | tuple[Phone, ...] | tuple[str, ...] | Terms
"""What a reader gives for a key that is there and right."""


@dataclass(frozen=True, slots=True)
class Context:
    """What reading a value may depend on besides the node: the organisation's region."""

    reader: NodeReader
    region: str = "SE"


@dataclass
class Read:
    """A section's keys as read: each good value by key, and each key's node for locating."""

    nodes: dict[str, yaml.Node]
    values: dict[str, FieldValue] = field(default_factory=dict)
    refused: set[str] = field(default_factory=set)
    """Keys whose values were reported as wrong."""

    def text(self, key: str) -> str | None:
        value = self.values.get(key)
        return value if isinstance(value, str) else None

    def attributes(self, section: Section) -> dict[str, FieldValue]:
        """The good values by the model attribute each key fills."""
        keys = section.by_name
        return {keys[key].target: value for key, value in self.values.items()}


def read_section(context: Context, node: yaml.Node, section: Section, entry: Label) -> Read | None:
    """Every key of a mapping, each with the reader its kind of value has."""
    nodes = context.reader.mapping(node, section, entry)
    if nodes is None:
        return None
    read = Read(nodes)
    for key in section:
        if key.name not in nodes:
            continue
        errors_before = context.reader.errors
        value = READERS[key.value](context, nodes[key.name], key, entry)
        if context.reader.errors > errors_before:
            read.refused.add(key.name)
        elif value is not None:
            read.values[key.name] = value
            if key.value is Value.REGION and isinstance(value, str):
                # Numbers after the region (the switchboard) are read in it.
                context = dataclasses.replace(context, region=value)
    return read


Reader = Callable[[Context, yaml.Node, Key, Label], FieldValue | None]


def _text(context: Context, node: yaml.Node, key: Key, entry: Label) -> str | None:
    return read_words(context.reader, node, key.name, entry)


def read_words(reader: NodeReader, node: yaml.Node, name: str, entry: Label) -> str | None:
    """Text of words (a name, a title, an address, a topic), with a warning for typographic
    quotes at its ends and for characters that cannot be seen: nothing else would refuse them."""
    value = reader.text(node, name, entry)
    # Asked cheaply first: a load reads tens of thousands of such values.
    if value and (value[0] in QUOTES or value[-1] in QUOTES or not node.value.isprintable()):
        for at, message in character_problems(node, name, value):
            reader.warning(at, message, entry)
    return value


def _reason(context: Context, node: yaml.Node, key: Key, entry: Label) -> str | None:
    if is_null(node):
        context.reader.error(node, f"{key.name} needs the reason as text", entry)
        return None
    return _text(context, node, key, entry)


def _flag(context: Context, node: yaml.Node, key: Key, entry: Label) -> bool | None:
    return context.reader.flag(node, key.name, entry)


def _email(context: Context, node: yaml.Node, key: Key, entry: Label) -> str | None:
    raw = context.reader.text(node, key.name, entry)
    if raw is None:
        return None
    try:
        return _emails.normalise_address(raw)
    except AddressError as exc:
        context.reader.error(node, f"e-mail '{raw}' is not valid: {exc}", entry)
        return None


def _hours(context: Context, node: yaml.Node, key: Key, entry: Label) -> Hours | None:
    raw = context.reader.text(node, key.name, entry)
    if raw is None:
        return None
    try:
        return parse_hours(raw)
    except HoursError as exc:
        context.reader.error(_within(node, raw, exc.offset), f"{key.name}: {exc}", entry)
        return None


def _within(node: yaml.Node, read: str, offset: int) -> yaml.Node | tuple[int, int]:
    """Where a slip ``offset`` characters into a value is: at the slip in a one-line value
    written as read (after its opening quote, if any), else at the value."""
    if not isinstance(node, yaml.ScalarNode) or node.value != read or "\\" in read:
        return node
    if node.style not in (None, "", "'", '"') or node.start_mark.line != node.end_mark.line:
        return node
    line, column = start(node)
    return (line, column + (1 if node.style in ("'", '"') else 0) + offset)


def _url(context: Context, node: yaml.Node, key: Key, entry: Label) -> str | None:
    raw = context.reader.text(node, key.name, entry)
    if raw is None:
        return None
    if not _is_web_address(raw):
        context.reader.error(
            node,
            f"url '{raw}' must be a web address starting with https:// "
            "(residents' phones open it as a link)",
            entry,
        )
        return None
    return raw


def _is_web_address(raw: str) -> bool:
    """An https address Telegram opens as a button: printable ASCII (percent-encode the rest), a
    host name with a dot, no user name, a valid port."""
    if not raw.startswith("https://") or not (raw.isascii() and raw.isprintable()) or " " in raw:
        return False
    try:
        parts = urllib.parse.urlsplit(raw)
        host, _ = parts.hostname, parts.port  # a bad port or "[x" raises
    except ValueError:
        return False
    return host is not None and "." in host.strip(".") and "@" not in parts.netloc


def _domain(context: Context, node: yaml.Node, key: Key, entry: Label) -> str | None:
    domain = context.reader.text(node, key.name, entry)
    if domain is None:
        return None
    domain = domain.lower()
    try:
        _emails.normalise_address(f"x@{domain}")
    except AddressError:
        context.reader.error(node, f"domain '{domain}' is not a valid mail domain", entry)
        return None
    return domain


def _region(context: Context, node: yaml.Node, key: Key, entry: Label) -> str | None:
    region = (context.reader.text(node, key.name, entry) or "SE").upper()
    if region not in phonenumbers.SUPPORTED_REGIONS:
        context.reader.error(
            node, f"region '{region}' is not a known country code such as 'SE'", entry
        )
        return None
    return region


def _email_space(context: Context, node: yaml.Node, key: Key, entry: Label) -> str | None:
    space = context.reader.text(node, key.name, entry, allow_empty=True) or ""
    if space not in EMAIL_SPACES:
        context.reader.error(node, f'email_space must be "" or "-", not \'{space}\'', entry)
        return None
    return space


def _id(context: Context, node: yaml.Node, key: Key, entry: Label) -> str | None:
    raw = context.reader.text(node, key.name, entry)
    if raw is not None:
        _rules.check_id(context.reader, node, raw, entry)
    return raw


def _switchboard(context: Context, node: yaml.Node, key: Key, entry: Label) -> Phone | None:
    if is_null(node):
        return None
    if isinstance(node, yaml.SequenceNode):
        context.reader.error(node, "'phone' is the one switchboard number, not a list", entry)
        return None
    phone = read_phone(context, node, entry)
    if phone is not None and not _rules.check_switchboard(context.reader, node, phone, entry):
        return None
    return phone


def _phones(context: Context, node: yaml.Node, key: Key, entry: Label) -> tuple[Phone, ...] | None:
    items = context.reader.items(node, key.name, entry)
    if items is None:
        return None
    phones: list[Phone] = []
    listed: set[str] = set()
    for item in items:
        phone = read_phone(context, item, entry)
        if phone is None:
            continue
        if phone.e164 in listed:
            context.reader.warning(item, f"the number {phone.display} is listed twice", entry)
        else:
            listed.add(phone.e164)
            phones.append(phone)
    return tuple(phones)


def read_phone(context: Context, node: yaml.Node, entry: Label) -> Phone | None:
    """A number written plain, or as a mapping with ``number`` and options (:data:`PHONE`)."""
    reader = context.reader
    if isinstance(node, yaml.MappingNode):
        read = read_section(context, node, PHONE, entry)
        if read is None or "number" not in read.nodes:
            return None
        number_node, number = read.nodes["number"], read.text("number")
        sms_only = read.values.get("sms_only")
        label, public = read.text("label"), read.values.get("public")
        shared = read.values.get("shared")
    else:
        number_node, number = node, reader.text(node, "phone", entry)
        sms_only, label, public, shared = None, None, None, None
        if is_null(node):
            # Reported here: a list item with no value would otherwise drop the entry.
            reader.error(node, "a phone number is empty", entry)
    if number is None:
        return None
    try:
        phone = parse_phone(
            number,
            region=context.region,
            sms_only=sms_only is True,
            label=label,
            public=public is not False,
            shared=shared is True,
        )
    except PhoneError as exc:
        reader.error(number_node, str(exc), entry)
        return None
    if not _rules.check_sms_only(reader, number_node, phone, sms_only is False, entry):
        return None
    return phone


def _topics(context: Context, node: yaml.Node, key: Key, entry: Label) -> tuple[str, ...]:
    items = context.reader.items(node, key.name, entry) or []
    topics: list[str] = []
    seen: set[str] = set()
    for item in items:
        topic = read_words(context.reader, item, "topic", entry)
        if topic is None:
            continue
        if topic.lower() in seen:
            context.reader.warning(item, f"the topic '{topic}' is listed twice", entry)
        else:
            seen.add(topic.lower())
            topics.append(topic)
    return tuple(topics)


def read_vocabulary(context: Context, node: yaml.Node, key: Key, entry: Label) -> Terms | None:
    """``phrase: [term, ...]``: a phrase of up to four words, each term some text."""
    reader = context.reader
    if is_null(node):
        return ()
    if not reader.allowed_tag(node, entry):
        return None
    if not isinstance(node, yaml.MappingNode):
        reader.error(node, "the vocabulary must be a mapping of 'phrase: [words]' lines", entry)
        return None
    terms: list[tuple[str, tuple[str, ...]]] = []
    first_line: dict[str, int] = {}
    for phrase_node, list_node in node.value:
        if is_null(phrase_node):
            reader.error(phrase_node, "a vocabulary phrase is empty", entry)
            continue
        phrase = read_words(reader, phrase_node, "vocabulary phrase", entry)
        if phrase is None or not reader.first_visit(list_node):
            continue
        folded = phrase.casefold()
        # Counted as the search reads it: letters and digits, without å, ä, ö or accents.
        words = _swedish.words(phrase)
        if folded in first_line:
            reader.error(
                phrase_node,
                f"the phrase {quoted(phrase)} is given twice (first on line "
                f"{first_line[folded]}); join its lists",
                entry,
            )
            continue
        first_line[folded] = phrase_node.start_mark.line + 1
        if not 1 <= len(words) <= MAX_PHRASE_WORDS:
            reader.error(
                phrase_node,
                f"the phrase {quoted(phrase)} must be one to {MAX_PHRASE_WORDS} words "
                "of letters (a-z, å, ä, ö, accented) or digits",
                entry,
            )
            continue
        if set(words) <= _swedish.FILLER_WORDS:
            reader.warning(
                phrase_node,
                f"the search skips {quoted(phrase)} as a filler word; this phrase does nothing",
                entry,
            )
        meant = _terms(context, list_node, phrase, entry)
        if meant:
            terms.append((phrase, meant))
    return tuple(terms)


def _terms(context: Context, node: yaml.Node, phrase: str, entry: Label) -> tuple[str, ...]:
    reader = context.reader
    items = reader.items(node, phrase, entry)
    if items is None:
        return ()
    if not items:
        reader.error(node, f"{quoted(phrase)} needs at least one word entries use", entry)
        return ()
    meant: list[str] = []
    for item in items:
        if is_null(item):
            reader.error(item, f"{quoted(phrase)} lists an empty word", entry)
            continue
        term = read_words(reader, item, "vocabulary word", entry)
        if term is None:
            continue
        if not _swedish.words(term):
            reader.error(item, f"{quoted(term)} has no letters or digits to search for", entry)
            continue
        if term.casefold() == phrase.casefold():
            reader.warning(item, f"{quoted(phrase)} is listed as its own meaning", entry)
        elif term.casefold() in (t.casefold() for t in meant):
            reader.warning(item, f"{quoted(term)} is listed twice for {quoted(phrase)}", entry)
        else:
            meant.append(term)
    return tuple(meant)


def _number(context: Context, node: yaml.Node, key: Key, entry: Label) -> str | None:
    # The number itself is read with its options by read_phone.
    return context.reader.text(node, key.name, entry)


def _section(context: Context, node: yaml.Node, key: Key, entry: Label) -> None:
    raise AssertionError(f"the loader reads the section '{key.name}' itself")  # pragma: no cover


READERS: Mapping[Value, Reader] = {
    Value.TEXT: _text,
    Value.REASON: _reason,
    Value.EMAIL: _email,
    Value.DOMAIN: _domain,
    Value.REGION: _region,
    Value.EMAIL_SPACE: _email_space,
    Value.ID: _id,
    Value.FLAG: _flag,
    Value.SWITCHBOARD: _switchboard,
    Value.PHONES: _phones,
    Value.NUMBER: _number,
    Value.TOPICS: _topics,
    Value.ORGANISATION: _section,
    Value.PEOPLE: _section,
    Value.SERVICES: _section,
    Value.VOCABULARY: read_vocabulary,
    Value.HOURS: _hours,
    Value.URL: _url,
}
