"""The JSON API: the records of `kontakt search --json`, as its OpenAPI document describes them."""

from __future__ import annotations

import json
from typing import Any

import httpx
import jsonschema
import pytest

from kontakt._export import RECORD_FIELDS
from support.helpers import kontakt
from support.paths import SOLSJO_FILE


def schema_of(document: dict[str, Any], name: str) -> dict[str, Any]:
    """A component schema that resolves its references inside the document."""
    return {"$ref": f"#/components/schemas/{name}", "components": document["components"]}


@pytest.fixture(scope="module")
def document(web: httpx.Client) -> dict[str, Any]:
    response = web.get("/api/openapi.json")
    assert response.status_code == 200
    result: dict[str, Any] = response.json()
    return result


def test_the_openapi_document_describes_both_operations(document: dict[str, Any]) -> None:
    assert document["openapi"] == "3.1.0"
    assert set(document["paths"]) == {"/api/search", "/api/contacts/{id}"}
    assert document["info"]["title"] == "kontakt – Solsjö kommun"


def test_the_contact_schema_names_exactly_the_fields_of_a_record(
    document: dict[str, Any],
) -> None:
    contact = document["components"]["schemas"]["Contact"]
    assert tuple(contact["properties"]) == RECORD_FIELDS
    assert contact["required"] == list(RECORD_FIELDS)


@pytest.mark.parametrize(
    "query", ["bygglov", "hanna berglöf", "0980-31 92 11", "snow removal", "xqzv"]
)
def test_search_results_follow_the_schema_and_match_the_command_line(
    web: httpx.Client, document: dict[str, Any], query: str
) -> None:
    response = web.get("/api/search", params={"q": query, "limit": 3})
    assert response.status_code == 200
    body = response.json()
    jsonschema.validate(body, schema_of(document, "SearchResult"))
    assert body["query"] == query
    cli = kontakt("search", "--data", str(SOLSJO_FILE), "--json", "--limit", "3", query)
    assert body["results"] == json.loads(cli.stdout)


def test_one_contact_follows_the_schema(web: httpx.Client, document: dict[str, Any]) -> None:
    response = web.get("/api/contacts/hanna-berglof")
    assert response.status_code == 200
    record = response.json()
    jsonschema.validate(record, schema_of(document, "Contact"))
    assert [p["sms_only"] for p in record["phones"]] == [False, True]


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({}, 400, "q is missing: give the question, a name or a number"),
        ({"q": "   "}, 400, "q is missing: give the question, a name or a number"),
        ({"q": "x" * 257}, 400, "q is longer than 256 characters"),
        ({"q": "bygglov", "limit": "0"}, 400, "limit must be a whole number from 1 to 50"),
        ({"q": "bygglov", "limit": "51"}, 400, "limit must be a whole number from 1 to 50"),
        ({"q": "bygglov", "limit": "-1"}, 400, "limit must be a whole number from 1 to 50"),
        ({"q": "bygglov", "limit": "٣"}, 400, "limit must be a whole number from 1 to 50"),
        ({"q": "bygglov", "limit": "9" * 400}, 400, "limit must be a whole number from 1 to 50"),
    ],
)
def test_bad_parameters_get_a_400_that_says_why(
    web: httpx.Client, document: dict[str, Any], params: dict[str, str], status: int, message: str
) -> None:
    response = web.get("/api/search", params=params)
    assert response.status_code == status
    assert response.json() == {"error": message}
    jsonschema.validate(response.json(), schema_of(document, "Error"))


def test_an_unknown_contact_or_path_is_a_json_404(
    web: httpx.Client, document: dict[str, Any]
) -> None:
    for path in ("/api/contacts/finns-inte", "/api/nothing", "/api/contacts/a%2F..%2Fb"):
        response = web.get(path)
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/json"
        jsonschema.validate(response.json(), schema_of(document, "Error"))


def test_only_get_is_allowed(web: httpx.Client) -> None:
    response = web.post("/api/search", params={"q": "bygglov"})
    assert response.status_code == 405
    assert response.json() == {"error": "method not allowed"}
