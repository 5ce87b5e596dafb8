"""`kontakt check`: output, line numbers and exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kontakt import DataError, Directory
from kontakt._cli import main
from support.helpers import data_file
from support.paths import DATA_FILE, FIXTURES, ROOT, SOLSJO_FILE
from testing import synthetic

ALVBY_FILE = ROOT / "examples" / "alvby.yaml"

BROKEN = FIXTURES / "invalid"


@pytest.mark.parametrize(
    ("path", "entries"), [(DATA_FILE, 2), (SOLSJO_FILE, 36), (ALVBY_FILE, 105)]
)
def test_bundled_and_example_data_are_clean(
    path: Path, entries: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1].endswith(f": 0 errors, 0 warnings, {entries} entries")


def test_errors_are_listed_with_lines_then_a_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "contacts.yaml"
    path.write_text(
        data_file("""\
        people:
          - first_name: Anna
            last_name: Ek
            email: anna.eek@lessebo.se
            phones: [0478-1]
          - first_name: Bo
            last_name: Ek
        """),
        encoding="utf-8",
    )
    assert main(["check", str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{path}:8:12: error: person 'Anna Ek': e-mail 'anna.eek@")
    assert (
        lines[1]
        == f"{path}:9:14: error: person 'Anna Ek': '0478-1' is not a valid phone number (too short)"
    )
    assert lines[2] == (
        f"{path}:10:5: warning: person 'Bo Ek': has no phone number and no e-mail "
        "address: residents cannot reach this person"
    )
    assert lines[3] == f"{path}: 2 errors, 1 warning"
    assert len(lines) == 4


def test_warnings_alone_exit_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "contacts.yaml"
    path.write_text(data_file("services:\n  - name: Bygglov\n"), encoding="utf-8")
    assert main(["check", str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"{path}: 0 errors, 1 warning, 1 entry"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"organisation:\n  name: Lessebo kommun\n  domain: lessebo.se\n  address: G\xf6tgatan 1\n",
            ":4:13: error: the file is not UTF-8 text (byte 0xF6); save it as UTF-8",
        ),
        (b"", ":1:1: error: the file is empty: it needs at least an 'organisation' section"),
        (
            b"organisation:\n\tname: X\n",
            ":2:1: error: a tab is used for indentation; YAML needs spaces: indent this line 2 spaces",
        ),
    ],
)
def test_unreadable_content_is_a_data_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    path = tmp_path / "contacts.yaml"
    path.write_bytes(content)
    assert main(["check", str(path)]) == 1
    assert capsys.readouterr().out.splitlines()[0] == f"{path}{message}"


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.yaml"
    assert main(["check", str(missing)]) == 2
    assert capsys.readouterr().err == (
        f"kontakt: error: {missing}: cannot read: No such file or directory\n"
    )


def test_directory_instead_of_file_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(tmp_path)]) == 2
    assert "cannot read: Is a directory" in capsys.readouterr().err


def test_oversized_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(data_file("") + "#" * 2000 + "\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        Directory.load(path, max_bytes=1000)
    assert (
        str(caught.value) == f"{path}:1:1: error: the file is 2,080 bytes; the limit is 1,000 bytes"
    )


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["chekc"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'chekc'" in capsys.readouterr().err


@pytest.mark.parametrize("fixture", sorted(BROKEN.glob("*.yaml")), ids=lambda p: p.stem)
def test_broken_fixtures_exit_1_without_traceback(fixture: Path) -> None:
    """Run as a resident of the shell would: the installed console script, a real process."""
    done = subprocess.run(
        [sys.executable, "-m", "kontakt", "check", str(fixture)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stderr == ""
    expected = [
        line.removeprefix("# expect: ")
        for line in fixture.read_text().splitlines()
        if line.startswith("# expect: ")
    ]
    got = [line.removeprefix(f"{fixture}:") for line in done.stdout.splitlines()[:-1]]
    assert got == expected


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path: Path) -> None:
    # As in `kontakt export ... | head -1`: the pipe closes while kontakt still writes (the
    # export is far larger than a pipe holds).
    data = tmp_path / "contacts.yaml"
    data.write_text(synthetic.data_file(synthetic.people(3_000)), encoding="utf-8")
    with subprocess.Popen(
        [sys.executable, "-m", "kontakt", "export", "--format", "csv", "--data", str(data)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.readline().startswith(b"kind,id,name")
        process.stdout.close()
        errors = process.stderr.read()
        assert process.wait(timeout=60) == 0
    assert errors == b""


def test_any_output_encoding_shows_every_name() -> None:
    # Zeynep Yılmaz has a letter cp1252 lacks: shown escaped, never a traceback.
    done = subprocess.run(
        [sys.executable, "-m", "kontakt", "search", "--data", str(SOLSJO_FILE), "Yılmaz"],
        env={**os.environ, "PYTHONIOENCODING": "cp1252"},
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, b"")
    assert b"Zeynep Y\\u0131lmaz" in done.stdout


def test_a_named_pipe_where_the_data_file_was_is_refused_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Opening a pipe for reading waits for a writer: check must not wait with it.
    pipe = tmp_path / "contacts.yaml"
    os.mkfifo(pipe)
    assert main(["check", str(pipe)]) == 2
    assert capsys.readouterr().err == (
        f"kontakt: error: {pipe}: cannot read: not a regular file (a pipe or a device?)\n"
    )


def test_every_command_reads_the_file_kontakt_data_names(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # As the bot does: outside the repository "data/contacts.yaml" is not there.
    monkeypatch.setenv("KONTAKT_DATA", str(SOLSJO_FILE))
    assert main(["check"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"{SOLSJO_FILE}: 0 errors, 0 warnings, 36 entries"
    )
    assert main(["search", "--now", "2026-12-01T10:00", "bygglov"]) == 0
    assert "[bygglov, name]" in capsys.readouterr().out
    assert main(["email-for", "Erik", "Svensson"]) == 0
    assert capsys.readouterr().out == "erik.svensson3@solsjo.example\n"
