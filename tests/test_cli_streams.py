"""Data on stdout, everything else on stderr: what each command prints to stdout is exactly
what a redirect (`kontakt export > kontakter.vcf`) or a pipe should receive."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from kontakt import Directory
from kontakt._cli import main
from kontakt._export import Format, export
from kontakt._schema import schema_json
from support.paths import FIXTURES, SOLSJO_FILE

# A data file with a warning (a domain a letter off) and an untidy number: statuses and problems
# it gives rise to must never reach stdout.
_WARNING = "    email: hanna.berglof@solsjo.example\n"


@pytest.fixture
def solsjo(tmp_path: Path) -> Path:
    """The Solsjö example with one warning and one number written untidily."""
    text = SOLSJO_FILE.read_text(encoding="utf-8")
    assert _WARNING in text
    text = text.replace(_WARNING, _WARNING.replace("solsjo.example", "solsjo.exmaple"), 1)
    text = text.replace("phone: 0980-31 92 00", "phone: 0980 319200", 1)
    path = tmp_path / "solsjo.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "broken.yaml"
    shutil.copyfile(FIXTURES / "invalid" / "duplicate-id.yaml", path)
    return path


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


_PROBLEM = re.compile(r".+:\d+:\d+: (error|warning): .+")


def test_check_prints_its_report_on_stdout(
    solsjo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # check's report is what it was asked for: problems, then the summary.
    code, out, err = _run(capsys, "check", str(solsjo))
    *problems, last = out.splitlines()
    assert (code, err) == (0, "")
    assert problems and all(_PROBLEM.fullmatch(p) for p in problems)
    assert last.startswith(f"{solsjo}: 0 errors, 1 warning, ")


@pytest.mark.parametrize("format", list(Format))
def test_export_prints_the_export_and_nothing_else(
    format: Format, solsjo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = export(Directory.load(solsjo).public(), format)
    assert _run(capsys, "export", "--format", format.value, "--data", str(solsjo)) == (
        0,
        expected,
        "",
    )
    out = tmp_path / f"out.{format.value}"
    code, stdout, err = _run(
        capsys, "export", "--format", format.value, "--data", str(solsjo), "-o", str(out)
    )
    assert (code, stdout) == (0, "")
    assert err.startswith(f"{out}: ")


def test_schema_prints_the_schema_and_nothing_else(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(capsys, "schema") == (0, schema_json(), "")
    out = tmp_path / "contacts.schema.json"
    assert _run(capsys, "schema", "-o", str(out)) == (
        0,
        "",
        f"{out}: JSON Schema of the data file\n",
    )


def test_email_for_prints_the_address_alone(
    solsjo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, "email-for", "--data", str(solsjo), "Erik", "Svensson")
    assert (code, out) == (0, "erik.svensson3@solsjo.example\n")
    assert err.startswith("taken: ")


def test_search_json_prints_json_alone(solsjo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "search", "--data", str(solsjo), "--json", "bygglov")
    assert (code, err) == (0, "")
    assert json.loads(out)[0]["id"] == "bygglov"


def test_fmt_prints_only_the_diff(solsjo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "fmt", "--check", str(solsjo))
    assert code == 1
    assert out.startswith(f"--- {solsjo}\n")
    assert "-  phone: 0980 319200\n+  phone: 0980-31 92 00\n" in out
    assert err == f"{solsjo}: would be tidied; run 'kontakt fmt {solsjo}'\n"
    assert _run(capsys, "fmt", str(solsjo)) == (0, "", f"{solsjo}: tidied\n")


def test_import_prints_nothing_on_stdout(solsjo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv_file = solsjo.with_name("hr.csv")
    csv_file.write_text(
        "förnamn;efternamn;e-post;personnummer\nAnna;Ek;anna.ek@solsjo.example;19800101-1234\n",
        encoding="utf-8",
    )
    code, out, err = _run(capsys, "import", str(csv_file), "--data", str(solsjo))
    assert (code, out) == (0, "")
    assert err.splitlines() == [
        f"{csv_file}:1: warning: the column 'personnummer' is not used",
        f"{csv_file}:2: added Anna Ek (anna-ek)",
        f"{solsjo}: 1 added, 0 updated, 0 unchanged",
    ]


def test_misses_prints_problems_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    misses = tmp_path / "misses.jsonl"
    misses.write_text('not json\n{"date": "2999-01-01", "words": ["simhallen"]}\n', "utf-8")
    code, out, err = _run(capsys, "misses", str(misses))
    assert code == 1
    assert out.startswith(f"{misses}: 1 unanswered question since ")
    assert "simhallen" in out
    assert err.startswith(f"{misses}:1: error: ")


@pytest.mark.parametrize(
    "command",
    [
        ["export", "--format", "vcf"],
        ["email-for", "Anna", "Ek"],
        ["search", "--json", "bygglov"],
        ["import", str(FIXTURES / "import" / "english-headers.csv")],
    ],
    ids=lambda c: c[0],
)
def test_problems_with_the_data_file_go_to_stderr(
    command: list[str], broken: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, *command, "--data", str(broken))
    assert (code, out) == (1, "")
    assert err.splitlines()[-1] == f"{broken}: 1 error, 0 warnings"


def test_fmt_of_a_file_with_errors_says_so_on_stderr(
    broken: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, "fmt", "--check", str(broken))
    assert (code, out) == (1, "")
    assert err.splitlines()[-1] == f"{broken}: 1 error, 0 warnings"
