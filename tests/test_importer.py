"""`kontakt import`: HR CSV exports merged into the data file, checked by the data file's rules."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from kontakt import _directory
from kontakt._cli import main
from kontakt._importer import import_csv
from kontakt._loader import parse_data
from support.paths import FIXTURES

CASES = FIXTURES / "import"
DATA = CASES / "contacts.yaml"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the small data file, alone in its folder."""
    target = tmp_path / "contacts.yaml"
    shutil.copyfile(DATA, target)
    return target


def _import(csv_name: str, data: Path) -> int:
    return main(["import", str(CASES / csv_name), "--data", str(data)])


def test_excel_export_adds_updates_and_keeps_comments(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _import("excel-swedish.csv", data) == 0
    csv_path = CASES / "excel-swedish.csv"
    assert capsys.readouterr().err.splitlines() == [
        f"{csv_path}:1: warning: the column 'Anställningsnummer' is not used",
        f"{csv_path}:2: added Anna Ek (anna-ek)",
        f"{csv_path}:3: unchanged Erik Svensson (erik-svensson-rektor)",
        f"{csv_path}:4: updated Karin Sjöberg (karin-sjoberg): title, phones",
        f"{csv_path}:5: added Erik Svensson (erik-svensson)",
        f"{data}: 2 added, 1 updated, 1 unchanged",
    ]
    assert data.read_text(encoding="utf-8") == (
        CASES / "contacts.after-excel-swedish.yaml"
    ).read_text(encoding="utf-8")
    assert sorted(data.parent.iterdir()) == [data]


def test_importing_the_same_file_again_changes_nothing(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _import("excel-swedish.csv", data) == 0
    once = data.read_bytes()
    capsys.readouterr()
    assert _import("excel-swedish.csv", data) == 0
    assert data.read_bytes() == once
    assert capsys.readouterr().err.splitlines()[-1] == f"{data}: 0 added, 0 updated, 4 unchanged"


def test_the_result_passes_check_and_is_tidy(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _import("excel-swedish.csv", data) == 0
    assert main(["check", str(data)]) == 0
    assert main(["fmt", "--check", str(data)]) == 0


def test_english_headers_with_commas(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _import("english-headers.csv", data) == 0
    text = data.read_text(encoding="utf-8")
    assert (
        "  - id: bo-lind\n"
        "    first_name: Bo\n"
        "    last_name: Lind\n"
        "    title: Chef, gata och park\n"
        "    department: Samhällsbyggnadsförvaltningen\n"
        "    email: bo.lind@lessebo.se\n"
        "    phones:\n"
        "      - 0478-125 40\n"
        "\n"
        "services:\n"
    ) in text


def test_windows_1252_is_read(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _import("windows-1252.csv", data) == 0
    csv_path = CASES / "windows-1252.csv"
    assert capsys.readouterr().err.splitlines() == [
        f"{csv_path}:2: warning: person 'Åsa Öberg': has no phone number and no e-mail "
        "address: residents cannot reach this person",
        f"{csv_path}:2: added Åsa Öberg (asa-oberg)",
        f"{data}: 1 added, 0 updated, 0 unchanged",
    ]
    assert "    first_name: Åsa\n    last_name: Öberg\n" in data.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("csv_name", "expected"),
    [
        (
            "bad-rows.csv",
            [
                "2: error: person 'Anna Ek': '0478-1' is not a valid phone number (too short)",
                "3: error: person 'Bo Ek': e-mail 'bo.eek@lessebo.se' does not follow förnamn.efternamn@lessebo.se: the rule gives 'bo.ek@lessebo.se' (correct the e-mail column; if the address is right as it is, leave its cell empty, import, and then add the address to the data file with an email_exception that says why)",
                "5: error: e-mail 'anna.ek@lessebo.se' is also on line 2; each person once",
                "6: error: e-mail 'kontaktcenter@lessebo.se' belongs to the service 'Kontaktcenter'; an import adds and updates people only",
                "7: error: person 'Ek': the row's first_name is empty (the column 'förnamn' or 'first_name'); every person needs one",
                "8: error: the row has 5 values but the header has 4 columns (is a value with ',' missing its quotes?)",
            ],
        ),
        (
            # A quoted value over two lines: the next row is still reported on its own line.
            "multiline-cell.csv",
            ["4: error: person 'Bo Ek': '12' is not a valid phone number (too short)"],
        ),
        (
            "missing-columns.csv",
            [
                "1: warning: the column 'namn' is not used",
                "1: error: the columns 'e-post' and 'e-mail' both give email",
                "1: error: no column for first_name: name one 'förnamn' or 'first_name' or 'firstname'",
                "1: error: no column for last_name: name one 'efternamn' or 'last_name' or 'lastname'",
            ],
        ),
        ("empty.csv", ["1: error: the file is empty: it needs a header row"]),
    ],
)
def test_any_wrong_row_refuses_the_whole_file(
    csv_name: str, expected: list[str], data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = data.read_bytes()
    assert _import(csv_name, data) == 1
    csv_path = CASES / csv_name
    errors = sum(": error: " in line for line in expected)
    assert capsys.readouterr().err.splitlines() == [
        *(f"{csv_path}:{line}" for line in expected),
        f"{csv_path}: {errors} {'error' if errors == 1 else 'errors'}; nothing was imported",
    ]
    assert data.read_bytes() == before
    assert sorted(data.parent.iterdir()) == [data]


def test_an_update_that_breaks_the_address_rule_is_refused(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_file = tmp_path / "hr.csv"
    csv_file.write_text(
        "förnamn;efternamn;e-post\nKarin;Ek;karin.sjoberg@lessebo.se\n", encoding="utf-8"
    )
    before = data.read_bytes()
    assert main(["import", str(csv_file), "--data", str(data)]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        f"{csv_file}:2: error: person 'Karin Ek': e-mail 'karin.sjoberg@lessebo.se' does not "
        "follow förnamn.efternamn@lessebo.se: the rule gives 'karin.ek@lessebo.se' (correct "
        "the e-mail column; if the address is right as it is, leave its cell empty, import, and "
        "then add the address to the data file with an email_exception that says why)"
    )
    assert data.read_bytes() == before


def test_a_data_file_with_errors_is_not_touched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "contacts.yaml"
    shutil.copyfile(FIXTURES / "invalid" / "duplicate-id.yaml", broken)
    before = broken.read_bytes()
    assert main(["import", str(CASES / "english-headers.csv"), "--data", str(broken)]) == 1
    assert capsys.readouterr().err.splitlines()[-1] == f"{broken}: 1 error, 0 warnings"
    assert broken.read_bytes() == before


def test_a_data_file_without_people_gets_a_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "contacts.yaml"
    shutil.copyfile(FIXTURES / "valid" / "minimal.yaml", data)
    assert main(["import", str(CASES / "english-headers.csv"), "--data", str(data)]) == 0
    assert data.read_text(encoding="utf-8").startswith(
        "organisation:\n  name: Lessebo kommun\n  domain: lessebo.se\npeople:\n  - id: bo-lind\n"
    )


def test_a_missing_csv_file_exits_2(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = data.parent / "nope.csv"
    assert main(["import", str(missing), "--data", str(data)]) == 2
    assert capsys.readouterr().err == (
        f"kontakt: error: {missing}: cannot read: No such file or directory\n"
    )


def test_rows_without_an_address_are_matched_by_name(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_file = tmp_path / "hr.csv"
    csv_file.write_text(
        "förnamn;efternamn;titel;telefon\nOla;Nilsson;Vaktmästare;0478-125 77\n", encoding="utf-8"
    )
    assert main(["import", str(csv_file), "--data", str(data)]) == 0
    assert capsys.readouterr().err.splitlines()[-1] == f"{data}: 1 added, 0 updated, 0 unchanged"
    once = data.read_text(encoding="utf-8")
    assert main(["import", str(csv_file), "--data", str(data)]) == 0
    assert capsys.readouterr().err.splitlines()[-1] == f"{data}: 0 added, 0 updated, 1 unchanged"
    assert data.read_text(encoding="utf-8") == once


def test_a_name_two_people_share_needs_an_address(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    namesake = "  - first_name: Ola\n    last_name: Nilsson\n    phones: [0478-125 7{}]\n"
    text = data.read_text(encoding="utf-8").replace(
        "people:\n", "people:\n" + namesake.format(8) + namesake.format(9), 1
    )
    data.write_text(text, encoding="utf-8")
    csv_file = tmp_path / "hr.csv"
    csv_file.write_text("förnamn;efternamn;titel\nOla;Nilsson;Chef\n", encoding="utf-8")
    assert main(["import", str(csv_file), "--data", str(data)]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        f"{csv_file}:2: error: 2 people are called Ola Nilsson: give the row an e-mail address "
        "to say which one"
    )
    assert data.read_text(encoding="utf-8") == text


def test_a_cell_too_large_for_csv_is_a_located_error(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_file = tmp_path / "hr.csv"
    csv_file.write_text(
        'förnamn;efternamn;titel\nOla;Nilsson;Chef\nBo;Ek;"' + "x" * 200_000 + '"\n',
        encoding="utf-8",
    )
    before = data.read_bytes()
    assert main(["import", str(csv_file), "--data", str(data)]) == 1
    out = capsys.readouterr().err.splitlines()
    assert (
        f"{csv_file}:3: error: this line cannot be read as CSV: field larger than field limit "
        "(131072)"
    ) in out
    assert data.read_bytes() == before


def test_phone_times_and_web_pages_come_from_their_columns(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Fictional; numbers from PTS's series for fiction.
    export = tmp_path / "hr.csv"
    export.write_text(
        "Förnamn,Efternamn,Telefon,Telefontid,Webbsida\n"
        'Lisa,Nyberg,0980-31 92 98,"Tu,Th 08:30-09:30",https://solsjo.example/lisa\n',
        encoding="utf-8",
    )
    assert main(["import", str(export), "--data", str(data)]) == 0
    assert f"{export}:2: added Lisa Nyberg (lisa-nyberg)" in capsys.readouterr().err
    text = data.read_text(encoding="utf-8")
    assert "    hours: Tu,Th 08:30-09:30\n" in text
    assert "    url: https://solsjo.example/lisa\n" in text
    assert main(["check", str(data)]) == 0


def test_a_phone_time_the_parser_refuses_imports_nothing(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "hr.csv"
    export.write_text(
        "Förnamn,Efternamn,Telefon,Öppettider\nOla,Berg,0980-31 92 99,Må-Fr 8-16\n",
        encoding="utf-8",
    )
    before = data.read_bytes()
    assert main(["import", str(export), "--data", str(data)]) == 1
    out = capsys.readouterr().err.splitlines()
    assert out[0].startswith(
        f"{export}:2: error: person 'Ola Berg': hours: not valid opening hours"
    )
    assert "days are written in English" in out[0]
    assert data.read_bytes() == before


def test_a_stray_byte_in_a_utf8_file_is_named_by_its_line(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Reading it all as Windows-1252 would import "GÃ¶ran Ã…strÃ¶m".
    export = tmp_path / "hr.csv"
    export.write_bytes(
        "Förnamn,Efternamn,Telefon\nGöran,Åström,0980-31 92 98\n".encode()
        + b"Ola,B\xe9rg,0980-31 92 99\n"
    )
    before = data.read_bytes()
    assert main(["import", str(export), "--data", str(data)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{export}:3: error: a byte that is not UTF-8, as the rest of the file is: retype the "
        "character or save the file as UTF-8",
        f"{export}: 1 error; nothing was imported",
    ]
    assert data.read_bytes() == before


def test_a_windows_1252_file_is_read_as_such(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = tmp_path / "hr.csv"
    export.write_bytes("Förnamn,Efternamn,Telefon\nGöran,Åström,0980-31 92 98\n".encode("cp1252"))
    assert main(["import", str(export), "--data", str(data)]) == 0
    assert "added Göran Åström (goran-astrom)" in capsys.readouterr().err


def test_an_import_that_would_pass_the_size_limit_writes_nothing(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # check and the bot refuse a file over the limit: import must not write one.
    before = data.read_bytes()
    monkeypatch.setattr(_directory, "MAX_FILE_BYTES", len(before) + 10)
    export = tmp_path / "hr.csv"
    export.write_text("Förnamn,Efternamn,Telefon\nLisa,Nyberg,0980-31 92 98\n", encoding="utf-8")
    assert main(["import", str(export), "--data", str(data)]) == 1
    assert "MiB a data file may have; nothing was imported" in capsys.readouterr().err
    assert data.read_bytes() == before


SOLSJO_STAFF = """\
organisation:
  name: Solsjö kommun
  domain: solsjo.example

people:
  - first_name: Karin
    last_name: Sjöberg
    email: karin.sjoberg@solsjo.example
  - first_name: Karl
    last_name: Sjöberg
    email: karl.sjoberg@solsjo.example
    phones: [0980-31 92 20]
  - first_name: Hanna
    last_name: Berglöf
    email: hanna.berglof@solsjo.example
    phones:
      - number: 0980-31 92 11
        shared: true
"""


def test_a_number_already_on_someone_else_is_a_warning_on_the_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "contacts.yaml"
    data.write_text(SOLSJO_STAFF, encoding="utf-8")
    csv_file = tmp_path / "hr.csv"
    csv_file.write_text(
        "förnamn;efternamn;e-post;telefon\n"
        # An update that gives Karin the number Karl, further down the file, has.
        "Karin;Sjöberg;karin.sjoberg@solsjo.example;0980 319220\n"
        "Anna;Ek;anna.ek@solsjo.example;0980-31 92 21\n"
        "Bo;Ek;bo.ek@solsjo.example;+46 980 31 92 21\n"
        # Marked shared by Hanna: both answer it.
        "Eva;Ek;eva.ek@solsjo.example;0980-31 92 11\n",
        encoding="utf-8",
    )
    assert main(["import", str(csv_file), "--data", str(data)]) == 0
    assert capsys.readouterr().err.splitlines() == [
        f"{csv_file}:2: warning: person 'Karin Sjöberg': the number 0980-31 92 20 is also on "
        f"person 'Karl Sjöberg' (line 11 of {data}): correct it in the CSV or, if both answer "
        f"it, mark it 'shared: true' in {data} after the import",
        f"{csv_file}:4: warning: person 'Bo Ek': the number 0980-31 92 21 is also on person "
        f"'Anna Ek' (line 3): correct it in the CSV or, if both answer it, mark it "
        f"'shared: true' in {data} after the import",
        f"{csv_file}:2: updated Karin Sjöberg (karin-sjoberg): phones",
        f"{csv_file}:3: added Anna Ek (anna-ek)",
        f"{csv_file}:4: added Bo Ek (bo-ek)",
        f"{csv_file}:5: added Eva Ek (eva-ek)",
        f"{data}: 3 added, 1 updated, 0 unchanged",
    ]
    # kontakt check says the same of the file the import wrote.
    assert main(["check", str(data)]) == 0
    assert "the number 0980-31 92 20 is also on person 'Karin Sjöberg'" in capsys.readouterr().out


def test_typographic_quotes_in_a_cell_are_a_warning_on_the_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "contacts.yaml"
    data.write_text(SOLSJO_STAFF, encoding="utf-8")
    csv_file = tmp_path / "hr.csv"
    csv_file.write_text(
        "förnamn;efternamn;e-post;titel\nAnna;Ek;anna.ek@solsjo.example;“Samordnare”\n",
        encoding="utf-8",
    )
    assert main(["import", str(csv_file), "--data", str(data)]) == 0
    assert capsys.readouterr().err.splitlines()[0] == (
        f"{csv_file}:2: warning: person 'Anna Ek': 'title' is enclosed in typographic quotes, "
        "“ (U+201C) and ” (U+201D), which are read as part of it: delete them"
    )


# One person from HR's system, in the fictional Solsjö kommun (numbers from PTS's series for
# fiction), imported into files of several layouts.
_ROW = (
    "Förnamn;Efternamn;Titel;E-post;Telefon;Mobil\n"
    "Bo;Lind;Chef;bo.lind@solsjo.example;0980-31 92 40;070-555 66 77 (endast sms)\n"
).encode()
_SOLSJO = "organisation:\n  name: Solsjö kommun\n  domain: solsjo.example\n"
_BO = """\
- id: bo-lind
  first_name: Bo
  last_name: Lind
  title: Chef
  email: bo.lind@solsjo.example
  phones:
    - 0980-31 92 40
    - number: 070-555 66 77
      sms_only: true
      label: mobil
"""
_BO_UNDER_KEY = textwrap.indent(_BO, "  ")


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(
            "people:\nservices: []\n", f"people:\n{_BO_UNDER_KEY}services: []\n", id="no-value"
        ),
        pytest.param(
            "people: []  # none yet\n", f"people:     # none yet\n{_BO_UNDER_KEY}", id="empty-list"
        ),
        pytest.param(
            "services:\n  - name: Bygglov\n",
            f"services:\n  - name: Bygglov\npeople:\n{_BO_UNDER_KEY}",
            id="no-people-key",
        ),
        pytest.param(
            "people:\n- first_name: Eva\n  last_name: Ek\n",
            f"people:\n- first_name: Eva\n  last_name: Ek\n{_BO}",
            id="dashes-at-the-margin",
        ),
        pytest.param(
            "people:\n    -   first_name: Eva\n        last_name: Ek\n\n"
            "    -   first_name: Per\n        last_name: Ek\n",
            "people:\n    -   first_name: Eva\n        last_name: Ek\n\n"
            "    -   first_name: Per\n        last_name: Ek\n\n"
            + textwrap.indent(_BO.replace("- ", "-   ", 1), "    ").replace("\n  ", "\n    "),
            id="indented-by-four-blank-lines-between",
        ),
        pytest.param(
            "people:\n  - &eva\n    first_name: Eva\n    last_name: Ek\n",
            f"people:\n  - &eva\n    first_name: Eva\n    last_name: Ek\n{_BO_UNDER_KEY}",
            id="an-anchor-on-the-dash-line",
        ),
        pytest.param(
            "people: [{first_name: Eva, last_name: Ek}]\n",
            "people: [{first_name: Eva, last_name: Ek}, {id: bo-lind, first_name: Bo, "
            "last_name: Lind, title: Chef, email: bo.lind@solsjo.example, phones: "
            "[0980-31 92 40, {number: 070-555 66 77, sms_only: true, label: mobil}]}]\n",
            id="flow-list",
        ),
        pytest.param(
            "people:\n  - first_name: Bo\n    last_name: Lind\n"
            "    email: bo.lind@solsjo.example\n    phones: 0980-31 92 40  # desk\n",
            "people:\n  - first_name: Bo\n    last_name: Lind\n    title: Chef\n"
            "    email: bo.lind@solsjo.example\n    phones:\n"
            "      - 0980-31 92 40      # desk\n"
            "      - number: 070-555 66 77\n        sms_only: true\n        label: mobil\n",
            id="an-update-makes-one-number-a-list",
        ),
        pytest.param(
            "people: [  # none yet\n]\n",
            "people: [  # none yet\n{id: bo-lind, first_name: Bo, last_name: Lind, title: Chef, "
            "email: bo.lind@solsjo.example, phones: [0980-31 92 40, {number: 070-555 66 77, "
            "sms_only: true, label: mobil}]}]\n",
            id="an-empty-list-over-lines-keeps-its-comment",
        ),
        pytest.param(
            "people:\n  - # ny-anställd\n    first_name: Eva\n    last_name: Ek\n",
            f"people:\n  - # ny-anställd\n    first_name: Eva\n    last_name: Ek\n{_BO_UNDER_KEY}",
            id="a-dash-inside-the-comment-after-a-dash",
        ),
        pytest.param(
            "people:\n  - first_name: Bo\n    last_name: Lind\n    email: bo.lind@solsjo.example\n"
            "    phones:\n      0980-31 92 40\n",
            "people:\n  - first_name: Bo\n    last_name: Lind\n    title: Chef\n"
            "    email: bo.lind@solsjo.example\n    phones:\n      - 0980-31 92 40\n"
            "      - number: 070-555 66 77\n        sms_only: true\n        label: mobil\n",
            id="one-number-on-the-line-after-its-key-becomes-a-list",
        ),
        pytest.param(
            "people:\n  - first_name: Bo\n    last_name: Lind\n    email: bo.lind@solsjo.example\n"
            "    phones: [  # none yet\n    ]\n",
            "people:\n  - first_name: Bo\n    last_name: Lind\n    title: Chef\n"
            "    email: bo.lind@solsjo.example\n    phones: [  # none yet\n    0980-31 92 40, "
            "{number: 070-555 66 77, sms_only: true, label: mobil}]\n",
            id="numbers-into-an-empty-list-over-lines",
        ),
    ],
)
def test_an_import_writes_in_the_files_own_layout(before: str, after: str) -> None:
    result = import_csv(
        _ROW, csv_path="hr.csv", data_text=_SOLSJO + before, data_path="contacts.yaml"
    )
    assert result.text == _SOLSJO + after
    bo = next(
        c for c in parse_data(result.text, path="contacts.yaml").contacts if c.id == "bo-lind"
    )
    assert [(p.display, p.sms_only) for p in bo.phones] == [
        ("0980-31 92 40", False),
        ("070-555 66 77", True),
    ]


def test_a_value_copied_into_a_new_list_keeps_the_files_line_ends() -> None:
    crlf = (
        _SOLSJO + "people:\n  - first_name: Bo\n    last_name: Lind\n"
        "    email: bo.lind@solsjo.example\n    phones: 0980-31\n      92 40\n"
    ).replace("\n", "\r\n")
    result = import_csv(_ROW, csv_path="hr.csv", data_text=crlf, data_path="contacts.yaml")
    assert "\r\r" not in result.text
    assert result.text.replace("\r\n", "") == result.text.replace("\n", "").replace("\r", "")
    assert "    phones: [0980-31\r\n      92 40, {number: 070-555 66 77," in result.text
