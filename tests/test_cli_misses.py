"""`kontakt misses`: the words of unanswered questions, most frequent first; its errors."""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path

import pytest

from kontakt._cli import main


def ago(days: int) -> str:
    # Dates relative to the day the test runs: the command counts back from today.
    return (datetime.date.today() - datetime.timedelta(days=days)).isoformat()


def line(days_ago: int, *words: str) -> str:
    listed = ", ".join(f'"{w}"' for w in words)
    return f'{{"date": "{ago(days_ago)}", "words": [{listed}]}}\n'


@pytest.fixture
def misses(tmp_path: Path) -> Path:
    path = tmp_path / "misses.jsonl"
    path.write_text(
        line(0, "kebabpizza", "extra", "vitlok")
        + line(1, "kebabpizza", "vitlok")
        + line(3, "hundbajs", "kebabpizza")
        + line(12, "extra", "vitlok")
        + line(40, "gammal", "fraga"),
        encoding="utf-8",
    )
    return path


def test_words_and_pairs_most_frequent_first(
    misses: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["misses", str(misses)]) == 0
    out, err = capsys.readouterr()
    assert out == (
        f"{misses}: 4 unanswered questions since {ago(30)}\n"
        "\n"
        "words:\n"
        "  3  kebabpizza\n"
        "  3  vitlok\n"
        "  2  extra\n"
        "  1  hundbajs\n"
        "\n"
        "word pairs:\n"
        "  2  extra vitlok\n"
        "  1  hundbajs kebabpizza\n"
        "  1  kebabpizza extra\n"
        "  1  kebabpizza vitlok\n"
    )
    assert err == ""


def test_days_and_top(misses: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["misses", str(misses), "--days", "1", "--top", "2"]) == 0
    assert capsys.readouterr().out == (
        f"{misses}: 2 unanswered questions since {ago(1)}\n"
        "\n"
        "words:\n"
        "  2  kebabpizza\n"
        "  2  vitlok\n"
        "\n"
        "word pairs:\n"
        "  1  extra vitlok\n"
        "  1  kebabpizza extra\n"
    )


def test_an_empty_period(misses: Path, capsys: pytest.CaptureFixture[str]) -> None:
    misses.write_text(line(40, "gammal"), encoding="utf-8")
    assert main(["misses", str(misses)]) == 0
    assert capsys.readouterr().out == f"{misses}: no unanswered questions since {ago(30)}\n"


def test_bad_lines_are_located_and_skipped(
    misses: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    misses.write_text(
        line(0, "kebabpizza") + "kebabpizza\n" + '{"date": "igår", "words": []}\n',
        encoding="utf-8",
    )
    assert main(["misses", str(misses)]) == 1
    out, err = capsys.readouterr()
    assert out == (f"{misses}: 1 unanswered question since {ago(30)}\n\nwords:\n  1  kebabpizza\n")
    assert err == (
        f"{misses}:2: error: not a JSON line: Expecting value\n"
        f"{misses}:3: error: 'date' is not a date written YYYY-MM-DD: \"ig\\u00e5r\"\n"
    )


def test_a_missing_file_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "none.jsonl"
    assert main(["misses", str(missing)]) == 2
    assert capsys.readouterr() == (
        "",
        f"kontakt: error: {missing}: cannot read: No such file or directory\n",
    )


def test_a_folder_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["misses", str(tmp_path)]) == 2
    assert capsys.readouterr() == ("", f"kontakt: error: {tmp_path}: cannot read: Is a directory\n")


@pytest.mark.parametrize(("days", "message"), [("0", "must be at least 1"), ("x", "not a whole")])
def test_days_must_be_a_positive_number(
    misses: Path, capsys: pytest.CaptureFixture[str], days: str, message: str
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["misses", str(misses), "--days", days])
    assert exit_info.value.code == 2
    assert f"argument --days: {message}" in capsys.readouterr().err


def test_a_broken_file_never_gives_a_traceback(tmp_path: Path) -> None:
    """As an admin runs it: the console script, a real process, bytes that are not text."""
    path = tmp_path / "misses.jsonl"
    path.write_bytes(b"\xff\xfe{\n" + line(0, "vitlok").encode())
    done = subprocess.run(
        [sys.executable, "-m", "kontakt", "misses", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr == f"{path}:1: error: not UTF-8 text\n"
    assert done.stdout.startswith(f"{path}: 1 unanswered question since {ago(30)}\n")
