"""`kontakt schema`: the JSON Schema agrees with `kontakt check` on the same fixture files.

Each fixture is read twice: as kontakt reads it (every plain value the text written) and as an
editor reads it (YAML 1.2, where ``0701234567`` is a number and ``true`` a boolean). The schema
must accept every valid file and reject every file with a structural error in both readings.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError as RuamelYAMLError

from kontakt._cli import main
from kontakt._format import FILE, ORGANISATION, PERSON, PHONE, SERVICE
from kontakt._schema import data_schema, schema_json
from kontakt._source import Loader
from support.paths import DATA_FILE, FIXTURES, ROOT

VALID = [
    DATA_FILE,
    *sorted((FIXTURES / "valid").glob("*.yaml")),
    *sorted((FIXTURES / "fmt").glob("*.yaml")),
    *sorted((FIXTURES / "export").glob("*.yaml")),
]
INVALID = sorted((FIXTURES / "invalid").glob("*.yaml"))

# Errors a YAML reader finds before any schema could look at the document.
NOT_A_DOCUMENT = {"malformed-flow", "tab-indentation", "duplicate-key", "python-tag"}
# Rules about values together or about what a number is; a schema cannot express them, so it
# accepts these files and `kontakt check` alone rejects them.
RULES_BEYOND_A_SCHEMA = {
    "duplicate-id": "ids unique across entries",
    "sms-only-landline": "an SMS-only number must be a mobile number",
    "wrong-address": "the förnamn.efternamn rule",
}
STRUCTURAL = [p for p in INVALID if p.stem not in NOT_A_DOCUMENT | RULES_BEYOND_A_SCHEMA.keys()]


def _as_kontakt_reads(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)  # noqa: S506 - plain-only loader


def _as_an_editor_reads(path: Path) -> Any:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


READINGS = [_as_kontakt_reads, _as_an_editor_reads]
VALIDATOR = jsonschema.Draft202012Validator(data_schema())


def _check_exit(path: Path, capsys: pytest.CaptureFixture[str]) -> int:
    code = main(["check", str(path)])
    capsys.readouterr()
    return code


def test_the_schema_is_a_valid_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(data_schema())
    assert data_schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_schema_has_exactly_the_keys_the_loader_checks() -> None:
    schema = data_schema()
    definitions = schema["$defs"]
    assert tuple(schema["properties"]) == FILE.names
    assert tuple(definitions["organisation"]["properties"]) == ORGANISATION.names
    assert tuple(definitions["person"]["properties"]) == PERSON.names
    assert tuple(definitions["service"]["properties"]) == SERVICE.names
    assert tuple(definitions["phone"]["anyOf"][1]["properties"]) == PHONE.names


@pytest.mark.parametrize("reading", READINGS, ids=lambda r: r.__name__)
@pytest.mark.parametrize("path", VALID, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_valid_files_pass_check_and_the_schema(
    path: Path, reading: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _check_exit(path, capsys) == 0
    errors = [e.message for e in VALIDATOR.iter_errors(reading(path))]
    assert errors == []


@pytest.mark.parametrize("reading", READINGS, ids=lambda r: r.__name__)
@pytest.mark.parametrize("path", STRUCTURAL, ids=lambda p: p.stem)
def test_structural_errors_fail_check_and_the_schema(
    path: Path, reading: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _check_exit(path, capsys) == 1
    assert not VALIDATOR.is_valid(reading(path))


@pytest.mark.parametrize("reading", READINGS, ids=lambda r: r.__name__)
@pytest.mark.parametrize("name", sorted(RULES_BEYOND_A_SCHEMA))
def test_rules_beyond_a_schema_fail_check_only(
    name: str, reading: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    path = FIXTURES / "invalid" / f"{name}.yaml"
    assert _check_exit(path, capsys) == 1
    assert VALIDATOR.is_valid(reading(path))


@pytest.mark.parametrize("name", sorted(NOT_A_DOCUMENT))
def test_files_that_are_not_a_yaml_document_fail_check_and_an_editor(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = FIXTURES / "invalid" / f"{name}.yaml"
    assert _check_exit(path, capsys) == 1
    with pytest.raises(RuamelYAMLError):
        _as_an_editor_reads(path)


def test_every_invalid_fixture_is_in_one_group() -> None:
    names = {p.stem for p in INVALID}
    assert names >= NOT_A_DOCUMENT
    assert RULES_BEYOND_A_SCHEMA.keys() <= names
    assert len(STRUCTURAL) >= 10


def test_schema_command_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == data_schema()


def test_schema_command_writes_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "contacts.schema.json"
    assert main(["schema", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == schema_json()
    assert capsys.readouterr() == ("", f"{out}: JSON Schema of the data file\n")
    assert sorted(tmp_path.iterdir()) == [out]


def test_the_bundled_schema_file_is_current() -> None:
    bundled = ROOT / "data" / "contacts.schema.json"
    assert bundled.read_text(encoding="utf-8") == schema_json(), (
        "regenerate it: kontakt schema -o data/contacts.schema.json"
    )
    assert DATA_FILE.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=contacts.schema.json\n"
    )
