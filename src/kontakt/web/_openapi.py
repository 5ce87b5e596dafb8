"""The API's OpenAPI 3.1 description, served at ``/api/openapi.json``.

A test validates real responses against these schemas and checks that the contact schema names
exactly the fields of a contact's JSON record, so the two cannot drift apart.
"""

from __future__ import annotations

from typing import Any

from kontakt._search import MAX_QUERY_CHARS

MAX_LIMIT = 50

_TEXT = {"type": ["string", "null"]}
PHONE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["e164", "display", "international", "mobile", "sms_only", "label", "public"],
    "additionalProperties": False,
    "properties": {
        "e164": {"type": "string", "examples": ["+46980319240"]},
        "display": {"type": "string", "examples": ["0980-31 92 40"]},
        "international": {"type": "string", "examples": ["+46 980 31 92 40"]},
        "mobile": {"type": "boolean"},
        "sms_only": {
            "type": "boolean",
            "description": "Takes text messages only: offer it as sms:, never as tel:.",
        },
        "label": _TEXT,
        "public": {"type": "boolean"},
    },
}
CONTACT_PROPERTIES: dict[str, Any] = {
    "kind": {"enum": ["person", "service"]},
    "id": {"type": "string", "description": "Stable id; /kontakt/<id> is its page."},
    "name": {"type": "string"},
    "first_name": _TEXT,
    "last_name": _TEXT,
    "title": _TEXT,
    "department": _TEXT,
    "email": _TEXT,
    "phones": {"type": "array", "items": {"$ref": "#/components/schemas/Phone"}},
    "topics": {"type": "array", "items": {"type": "string"}},
    "address": _TEXT,
    "hours": {
        "type": ["string", "null"],
        "description": "OpenStreetMap opening_hours syntax, Swedish time.",
    },
    "url": _TEXT,
    "on_call": {"type": "boolean"},
    "public": {"type": "boolean"},
}
CONTACT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": list(CONTACT_PROPERTIES),
    "additionalProperties": False,
    "properties": CONTACT_PROPERTIES,
}
MATCH_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": [*CONTACT_PROPERTIES, "score", "matched"],
    "additionalProperties": False,
    "properties": {
        **CONTACT_PROPERTIES,
        "score": {"type": "number", "minimum": 0, "maximum": 100},
        "matched": {"type": "string", "description": "The field the query matched best."},
    },
}
_ERROR = {
    "description": "The reason, in English.",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}


def openapi_document(organisation: str) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"kontakt – {organisation}",
            "version": "1",
            "description": "Public staff and service contacts. Entries and numbers marked "
            "public: false in the data never appear. Searches are limited per client; past "
            "the limit the answer is 429 with Retry-After.",
        },
        "paths": {
            "/api/search": {"get": _search_operation()},
            "/api/contacts/{id}": {"get": _contact_operation()},
        },
        "components": {
            "schemas": {
                "Contact": CONTACT_SCHEMA,
                "Match": MATCH_SCHEMA,
                "Phone": PHONE_SCHEMA,
                "SearchResult": {
                    "type": "object",
                    "required": ["query", "results"],
                    "additionalProperties": False,
                    "properties": {
                        "query": {"type": "string"},
                        "results": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/Match"},
                        },
                    },
                },
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {"error": {"type": "string"}},
                },
            }
        },
    }


def _search_operation() -> dict[str, Any]:
    return {
        "summary": "Search as residents ask: names, titles, topics, sentences, numbers",
        "operationId": "search",
        "parameters": [
            {
                "name": "q",
                "in": "query",
                "required": True,
                "schema": {"type": "string", "minLength": 1, "maxLength": MAX_QUERY_CHARS},
                "examples": {"topic": {"value": "bygglov"}, "name": {"value": "tigerstrom"}},
            },
            {
                "name": "limit",
                "in": "query",
                "required": False,
                "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": 5},
            },
        ],
        "responses": {
            "200": {
                "description": "The best matches, best first; an empty list when none.",
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/SearchResult"}}
                },
            },
            "400": _ERROR,
            "429": {
                **_ERROR,
                "description": "Too many searches from this client: wait, then ask again.",
                "headers": {
                    "Retry-After": {
                        "description": "Seconds to wait.",
                        "schema": {"type": "integer", "minimum": 1},
                    }
                },
            },
        },
    }


def _contact_operation() -> dict[str, Any]:
    return {
        "summary": "One public contact",
        "operationId": "contact",
        "parameters": [
            {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
        ],
        "responses": {
            "200": {
                "description": "The contact.",
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Contact"}}
                },
            },
            "404": _ERROR,
        },
    }
