"""A JSON Schema (draft 2020-12) of the data file, for editors that validate and complete YAML.

Built from the tables of ``_format`` that the loader checks with, so the two cannot drift
apart. The schema covers structure: keys, required fields, types, lists. Rules that look at
values together (the förnamn.efternamn rule, unique ids and addresses, whether a number is
valid or a mobile) stay with ``kontakt check``.

Editors read YAML 1.2, where an unquoted ``0701234567`` is a number and ``2024`` in a title is
too; the loader reads both as the text written, so the schema accepts numbers wherever the
loader accepts text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import phonenumbers

from kontakt._format import (
    EMAIL_SPACES,
    FALSE_WORDS,
    FILE,
    ID_PATTERN,
    ORGANISATION,
    PERSON,
    PHONE,
    SERVICE,
    TRUE_WORDS,
    Key,
    Section,
    Value,
)

DRAFT = "https://json-schema.org/draft/2020-12/schema"

# The definition each kind of value follows; text may be left empty unless it is required.
_DEFINITION = {
    Value.TEXT: "optional-text",
    Value.REASON: "text",
    Value.EMAIL: "optional-text",
    Value.DOMAIN: "text",
    Value.REGION: "region",
    Value.EMAIL_SPACE: "email-space",
    Value.ID: "id",
    Value.FLAG: "flag",
    Value.SWITCHBOARD: "switchboard",
    Value.PHONES: "phones",
    Value.NUMBER: "phone-number",
    Value.TOPICS: "topics",
    Value.ORGANISATION: "organisation",
    Value.PEOPLE: "people",
    Value.SERVICES: "services",
    Value.VOCABULARY: "vocabulary",
    Value.HOURS: "hours",
    Value.URL: "url",
}


def data_schema() -> dict[str, Any]:
    """The schema as a JSON-ready mapping."""
    return {
        "$schema": DRAFT,
        "title": "kontakt data file",
        "description": "Staff and services of a municipality, as read by kontakt check.",
        **_mapping(FILE),
        "$defs": {
            "organisation": _mapping(ORGANISATION),
            "person": _mapping(PERSON),
            "service": _mapping(SERVICE),
            "people": {"type": ["array", "null"], "items": {"$ref": "#/$defs/person"}},
            "services": {"type": ["array", "null"], "items": {"$ref": "#/$defs/service"}},
            # A pattern only applies to strings: numbers and booleans are read as their text.
            "text": {"type": ["string", "number", "boolean"], "pattern": r"\S"},
            "optional-text": {"type": ["string", "number", "boolean", "null"], "pattern": r"\S"},
            "id": {
                "type": ["string", "integer", "null"],
                "pattern": f"^{ID_PATTERN.pattern}$",
                "minimum": 0,
            },
            "flag": {
                "type": ["boolean", "string"],
                "pattern": _words_pattern(sorted(TRUE_WORDS | FALSE_WORDS)),
            },
            "region": {
                "enum": [
                    *sorted(phonenumbers.SUPPORTED_REGIONS),
                    *sorted(r.lower() for r in phonenumbers.SUPPORTED_REGIONS),
                    None,
                ]
            },
            "email-space": {"enum": [*EMAIL_SPACES, None]},
            "phone-number": {
                "type": ["string", "integer"],
                "pattern": r"\S",
                "description": PHONE.key("number").help,
            },
            "phone": {
                "anyOf": [
                    {"$ref": "#/$defs/phone-number"},
                    _mapping(PHONE),
                ]
            },
            "switchboard": {
                "anyOf": [{"type": "null"}, {"$ref": "#/$defs/phone"}],
            },
            # A single number where a list is expected counts as a list of one; a mapping
            # must stand in a list.
            "phones": {
                "anyOf": [
                    {"type": "null"},
                    {"$ref": "#/$defs/phone-number"},
                    {"type": "array", "items": {"$ref": "#/$defs/phone"}},
                ]
            },
            "vocabulary": {
                "type": ["object", "null"],
                "additionalProperties": {
                    "anyOf": [
                        {"$ref": "#/$defs/text"},
                        {"type": "array", "items": {"$ref": "#/$defs/text"}, "minItems": 1},
                    ]
                },
            },
            "hours": {
                "type": ["string", "null"],
                "pattern": r"\S",
                "description": "OpenStreetMap opening_hours, e.g. 'Mo-Fr 08:00-16:30; PH off'.",
            },
            "url": {"type": ["string", "null"], "pattern": "^https://[^\\s/@]+\\.[^\\s/@]+"},
            "topics": {
                "anyOf": [
                    {"$ref": "#/$defs/optional-text"},
                    {"type": "array", "items": {"$ref": "#/$defs/optional-text"}},
                ]
            },
        },
    }


def schema_json() -> str:
    """The schema as indented JSON text, ending with a line break."""
    return json.dumps(data_schema(), ensure_ascii=False, indent=2) + "\n"


def _mapping(section: Section) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {key.name: _property(key) for key in section},
        "required": list(section.required),
        "additionalProperties": False,
    }


def _property(key: Key) -> dict[str, Any]:
    definition = "text" if key.required and key.value is Value.TEXT else _DEFINITION[key.value]
    return {"$ref": f"#/$defs/{definition}", "description": key.help}


def _words_pattern(words: Iterable[str]) -> str:
    """A pattern matching any of ``words`` in any case, as the loader reads flags.

    Written without the ``i`` flag, which JSON Schema's regular expressions do not have.
    """
    alternatives = (
        "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in word) for word in words
    )
    return rf"^\s*(?:{'|'.join(alternatives)})\s*$"
