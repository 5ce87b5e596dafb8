"""A JSON Schema (draft 2020-12) of the data file, for editors that validate and complete YAML.

Built from the key lists the loader checks, so the two cannot drift apart. The schema covers
structure: keys, required fields, types, lists. Rules that look at values together (the
förnamn.efternamn rule, unique ids and addresses, whether a number is valid or a mobile) stay
with ``kontakt check``.

Editors read YAML 1.2, where an unquoted ``0701234567`` is a number and ``2024`` in a title is
too; the loader reads both as the text written, so the schema accepts numbers wherever the
loader accepts text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import phonenumbers

from kontakt._loader import (
    EMAIL_SPACES,
    FALSE_WORDS,
    ID_PATTERN,
    ORGANISATION_KEYS,
    PERSON_KEYS,
    PHONE_KEYS,
    SERVICE_KEYS,
    TOP_KEYS,
    TRUE_WORDS,
)

__all__ = ["DRAFT", "data_schema", "schema_json"]

DRAFT = "https://json-schema.org/draft/2020-12/schema"

# What each key means, shown by editors on hover and completion.
_DESCRIPTIONS = {
    "organisation": "The municipality: its name, mail domain and switchboard.",
    "people": "Staff residents may contact.",
    "services": "Shared functions and mailboxes: Kontaktcenter, VA-jour, Bygglov ...",
    "name": "The name residents know.",
    "domain": "Personal addresses at this domain follow förnamn.efternamn@domain.",
    "region": "How numbers without +CC are read; default SE.",
    "phone": "The switchboard (växel).",
    "email": "An e-mail address; at the organisation's domain it follows förnamn.efternamn.",
    "address": "A postal or visiting address.",
    "email_space": 'What a space inside a name becomes in an address: "" (default) or "-".',
    "id": "A stable id for deep links: a-z, 0-9 and '-'. Default: made from the name.",
    "first_name": "The first name the e-mail address is built from.",
    "last_name": "The last name the e-mail address is built from.",
    "display_name": "The name shown to residents; default 'first_name last_name'.",
    "title": "Job title.",
    "department": "Förvaltning, or the outside organisation.",
    "email_exception": "Why this address does not follow förnamn.efternamn.",
    "phones": "Numbers: a string such as 0478-125 11, or a mapping with number and options.",
    "topics": "Words residents use for what this entry handles.",
    "public": "false keeps it for admins but out of public answers and exports.",
    "number": "The phone number, e.g. 070-948 64 88.",
    "sms_only": "The number takes text messages only; it must be a mobile number.",
    "label": "A label such as 'mobil'.",
}

_REQUIRED = {
    "file": ("organisation",),
    "organisation": ("name", "domain"),
    "person": ("first_name", "last_name"),
    "service": ("name",),
    "phone": ("number",),
}

# The definition each key's value follows, wherever the key appears.
_VALUE = {
    "organisation": "organisation",
    "people": "people",
    "services": "services",
    "name": "text",
    "domain": "text",
    "region": "region",
    "phone": "switchboard",
    "email": "optional-text",
    "address": "optional-text",
    "email_space": "email-space",
    "id": "id",
    "first_name": "text",
    "last_name": "text",
    "display_name": "optional-text",
    "title": "optional-text",
    "department": "optional-text",
    "email_exception": "text",
    "phones": "phones",
    "topics": "topics",
    "public": "flag",
    "number": "phone-number",
    "sms_only": "flag",
    "label": "optional-text",
}


def data_schema() -> dict[str, Any]:
    """The schema as a JSON-ready mapping."""
    return {
        "$schema": DRAFT,
        "title": "kontakt data file",
        "description": "Staff and services of a municipality, as read by kontakt check.",
        **_mapping(TOP_KEYS, "file"),
        "$defs": {
            "organisation": _mapping(ORGANISATION_KEYS, "organisation"),
            "person": _mapping(PERSON_KEYS, "person"),
            "service": _mapping(SERVICE_KEYS, "service"),
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
                "type": ["boolean", "string", "null"],
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
                "description": _DESCRIPTIONS["number"],
            },
            "phone": {
                "anyOf": [
                    {"$ref": "#/$defs/phone-number"},
                    _mapping(PHONE_KEYS, "phone"),
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


def _mapping(keys: Sequence[str], what: str) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            key: {"$ref": f"#/$defs/{_VALUE[key]}", "description": _DESCRIPTIONS[key]}
            for key in keys
        },
        "required": list(_REQUIRED[what]),
        "additionalProperties": False,
    }


def _words_pattern(words: Iterable[str]) -> str:
    """A pattern matching any of ``words`` in any case, as the loader reads flags.

    Written without the ``i`` flag, which JSON Schema's regular expressions do not have.
    """
    alternatives = (
        "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in word) for word in words
    )
    return rf"^\s*(?:{'|'.join(alternatives)})\s*$"
