"""The data file's format, declared once: each section's keys, how each value is read, what it
means, and where it goes beyond the file.

Everything else is derived from these tables: the loader's checks of keys (unknown, twice,
missing, empty), the value readers it picks (``_values``), the JSON Schema (``_schema``), the
export columns and JSON records (``_export``), the importer's column names (``_importer``) and
the order ``import`` inserts keys in. Adding an optional field is one row here and an
attribute of the same name on the model (``_model``); a test checks that the two agree.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from kontakt._names import MAX_ID_LENGTH


class Value(enum.StrEnum):
    """How a key's value is read. Each has one reader (``_values.READERS``) and one JSON Schema
    definition (``_schema``)."""

    TEXT = "text"
    """One line of text; runs of white space become one space."""
    REASON = "reason"
    """Text that must be there when its key is (``email_exception``)."""
    EMAIL = "email"
    DOMAIN = "domain"
    REGION = "region"
    EMAIL_SPACE = "email-space"
    ID = "id"
    FLAG = "flag"
    SWITCHBOARD = "switchboard"
    """The organisation's one number, which must take calls."""
    PHONES = "phones"
    """A list of numbers, each a string or a mapping (:data:`PHONE`); one value is a list of one."""
    NUMBER = "phone-number"
    TOPICS = "topics"
    """A list of texts; one value is a list of one."""
    ORGANISATION = "organisation"
    PEOPLE = "people"
    SERVICES = "services"
    VOCABULARY = "vocabulary"
    """Residents' words or phrases, each with a list of the words entries use for it."""
    HOURS = "hours"
    """OpenStreetMap opening hours ("Mo-Fr 08:00-16:30; PH off"), read by ``_hours``."""
    URL = "url"
    """An https address: a web page or e-service."""


@dataclass(frozen=True, slots=True)
class Key:
    """One key of a section."""

    name: str
    value: Value
    help: str
    """What the key means, for the schema (shown by editors) and the docs."""
    required: bool = False
    attribute: str = ""
    """The model attribute the value fills; the key's own name unless given."""
    exported: bool = True
    """Whether exports and JSON answers carry it."""
    headers: tuple[str, ...] = ()
    """Column names (any case) that give this key in an HR system's CSV (``kontakt import``)."""

    @property
    def target(self) -> str:
        return self.attribute or self.name


@dataclass(frozen=True, slots=True)
class Section:
    """A mapping of the file: the file itself, the organisation, a person, a service, a phone."""

    name: str
    what: str
    """How messages name one: ``a person``."""
    keys: tuple[Key, ...]
    missing: str = "'{key}' is missing"
    """What a problem says when a required key is not there."""
    by_name: dict[str, Key] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {k.name: k for k in self.keys})

    def __iter__(self) -> Iterator[Key]:
        return iter(self.keys)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(k.name for k in self.keys)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(k.name for k in self.keys if k.required)

    def key(self, name: str) -> Key:
        return self.by_name[name]


TRUE_WORDS = frozenset({"true", "yes", "on"})
FALSE_WORDS = frozenset({"false", "no", "off"})
"""What a flag (``public``, ``sms_only``) may say, in any case."""
EMAIL_SPACES = ("", "-")
ID_PATTERN = re.compile(rf"[a-z0-9](?:[a-z0-9-]{{0,{MAX_ID_LENGTH - 2}}}[a-z0-9])?")
"""Ids end up in Telegram deep links and buttons: see :data:`kontakt._names.MAX_ID_LENGTH`."""

# Keys that people and services share mean the same in both.
_ID = Key(
    "id", Value.ID, "A stable id for deep links: a-z, 0-9 and '-'. Default: made from the name."
)
_DEPARTMENT = Key(
    "department",
    Value.TEXT,
    "Förvaltning, or the outside organisation.",
    headers=("förvaltning", "department"),
)
_EMAIL = Key(
    "email",
    Value.EMAIL,
    "An e-mail address; at the organisation's domain it follows förnamn.efternamn.",
    headers=("e-post", "epost", "email", "e-mail"),
)
_PHONES = Key(
    "phones",
    Value.PHONES,
    "Numbers: a string such as 0478-125 11, or a mapping with number and options.",
)
_TOPICS = Key("topics", Value.TOPICS, "Words residents use for what this entry handles.")
_ADDRESS = Key("address", Value.TEXT, "A postal or visiting address.")
_PUBLIC = Key(
    "public", Value.FLAG, "false keeps it for admins but out of public answers and exports."
)
_HOURS = Key(
    "hours",
    Value.HOURS,
    "When it answers, in OpenStreetMap's opening_hours syntax: 'Mo-Fr 08:00-16:30; PH off'. "
    "Opening hours for a service, phone time for a person.",
    headers=("öppettider", "telefontid", "hours"),
)
_URL = Key(
    "url",
    Value.URL,
    "Its web page or e-service, https only.",
    headers=("url", "webbsida", "länk"),
)
_ON_CALL = Key(
    "on_call",
    Value.FLAG,
    "true for an on-call line (VA-jour, socialjouren): offered when the office is closed.",
)

FILE = Section(
    "file",
    "the file",
    (
        Key(
            "organisation",
            Value.ORGANISATION,
            "The municipality: its name, mail domain and switchboard.",
            required=True,
        ),
        Key("people", Value.PEOPLE, "Staff residents may contact."),
        Key(
            "services",
            Value.SERVICES,
            "Shared functions and mailboxes: Kontaktcenter, VA-jour, Bygglov ...",
        ),
        Key(
            "vocabulary",
            Value.VOCABULARY,
            "Words residents use, each with the words entries use for it "
            "('tippen: [återvinningscentral]'); adds to the bundled vocabulary.",
        ),
    ),
    missing="the '{key}' section is missing",
)

VOCABULARY_FILE = Section(
    "vocabulary file",
    "the vocabulary file",
    (
        Key(
            "vocabulary",
            Value.VOCABULARY,
            "Words residents use, each with the words entries use for it.",
            required=True,
        ),
    ),
    missing="the '{key}' section is missing",
)

ORGANISATION = Section(
    "organisation",
    "organisation",
    (
        Key("name", Value.TEXT, "The name residents know.", required=True),
        Key(
            "domain",
            Value.DOMAIN,
            "Personal addresses at this domain follow förnamn.efternamn@domain.",
            required=True,
        ),
        Key("region", Value.REGION, "How numbers without +CC are read; default SE."),
        Key("phone", Value.SWITCHBOARD, "The switchboard (växel)."),
        Key("email", Value.EMAIL, _EMAIL.help),
        _ADDRESS,
        Key(
            "email_space",
            Value.EMAIL_SPACE,
            'What a space inside a name becomes in an address: "" (default) or "-".',
        ),
    ),
)

PERSON = Section(
    "person",
    "a person",
    (
        _ID,
        Key(
            "first_name",
            Value.TEXT,
            "The first name the e-mail address is built from.",
            required=True,
            headers=("förnamn", "first_name", "firstname"),
        ),
        Key(
            "last_name",
            Value.TEXT,
            "The last name the e-mail address is built from.",
            required=True,
            headers=("efternamn", "last_name", "lastname"),
        ),
        Key(
            "display_name",
            Value.TEXT,
            "The name shown to residents; default 'first_name last_name'.",
            attribute="name",
        ),
        Key("title", Value.TEXT, "Job title.", headers=("titel", "title", "befattning")),
        _DEPARTMENT,
        _EMAIL,
        Key(
            "email_exception",
            Value.REASON,
            "Why this address does not follow förnamn.efternamn.",
            exported=False,
        ),
        _PHONES,
        _TOPICS,
        _HOURS,
        _URL,
        _ON_CALL,
        _PUBLIC,
    ),
)

SERVICE = Section(
    "service",
    "a service",
    (
        _ID,
        Key("name", Value.TEXT, "The name residents know.", required=True),
        _EMAIL,
        _PHONES,
        _DEPARTMENT,
        _TOPICS,
        _ADDRESS,
        _HOURS,
        _URL,
        _ON_CALL,
        _PUBLIC,
    ),
)

PHONE = Section(
    "phone",
    "a phone",
    (
        Key("number", Value.NUMBER, "The phone number, e.g. 070-948 64 88.", required=True),
        Key(
            "sms_only",
            Value.FLAG,
            "The number takes text messages only; it must be a mobile number.",
        ),
        Key("label", Value.TEXT, "A label such as 'mobil'."),
        Key("public", Value.FLAG, _PUBLIC.help),
        Key(
            "shared",
            Value.FLAG,
            "true when several people answer this number on purpose; without it, a number "
            "on two people is a warning.",
        ),
    ),
)

ENTRY_SECTIONS = (PERSON, SERVICE)
