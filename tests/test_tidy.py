"""`kontakt fmt`: canonical form, comments kept, broken files untouched, atomic writes."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import stat
import tempfile
from pathlib import Path

import pytest
from hypothesis import event, given

from kontakt import _cli as cli
from kontakt import _yamledit
from kontakt._cli import main
from kontakt._tidy import tidy
from support.datafiles import valid_data_files
from support.helpers import data_file
from support.paths import DATA_FILE, FIXTURES
from support.properties import examples, runs

CASES = FIXTURES / "fmt"
BEFORE = sorted(p for p in CASES.glob("*.yaml") if not p.name.endswith(".tidy.yaml"))
EVERY_VALID_FILE = [DATA_FILE, *sorted((FIXTURES / "valid").glob("*.yaml")), *BEFORE]


def _copy(source: Path, folder: Path) -> Path:
    target = folder / source.name
    shutil.copyfile(source, target)
    return target


@pytest.mark.parametrize("before", BEFORE, ids=lambda p: p.stem)
def test_fmt_rewrites_to_the_expected_file(
    before: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected_file = before.with_name(before.stem + ".tidy.yaml")
    expected = expected_file.read_bytes() if expected_file.exists() else before.read_bytes()
    path = _copy(before, tmp_path)
    assert main(["fmt", str(path)]) == 0
    assert path.read_bytes() == expected
    tidied = expected != before.read_bytes()
    # A status, not data: on stderr, so `fmt --check > tidy.patch` holds only the patch.
    assert capsys.readouterr().err == f"{path}: {'tidied' if tidied else 'already tidy'}\n"
    assert sorted(tmp_path.iterdir()) == [path]


@pytest.mark.parametrize("source", EVERY_VALID_FILE, ids=lambda p: p.stem)
def test_a_second_run_changes_nothing(
    source: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _copy(source, tmp_path)
    assert main(["fmt", str(path)]) == 0
    once = path.read_bytes()
    capsys.readouterr()
    assert main(["fmt", str(path)]) == 0
    assert path.read_bytes() == once
    assert capsys.readouterr().err == f"{path}: already tidy\n"
    assert main(["fmt", "--check", str(path)]) == 0


def test_bundled_data_is_tidy(capsys: pytest.CaptureFixture[str]) -> None:
    text = DATA_FILE.read_text(encoding="utf-8")
    assert tidy(text, path="contacts.yaml") == text
    assert main(["fmt", "--check", str(DATA_FILE)]) == 0


def test_byte_order_mark_and_windows_line_endings_are_kept(tmp_path: Path) -> None:
    source = (CASES / "email-case.yaml").read_text(encoding="utf-8")
    expected = (CASES / "email-case.tidy.yaml").read_text(encoding="utf-8")
    path = tmp_path / "contacts.yaml"
    path.write_bytes(("\ufeff" + source.replace("\n", "\r\n")).encode("utf-8"))
    assert main(["fmt", str(path)]) == 0
    assert path.read_bytes() == ("\ufeff" + expected.replace("\n", "\r\n")).encode("utf-8")


def test_check_shows_a_diff_changes_nothing_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _copy(CASES / "sms-note-in-flow-list.yaml", tmp_path)
    before = path.read_bytes()
    assert main(["fmt", "--check", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == (
        f"--- {path}\n"
        f"+++ {path} (tidied)\n"
        "@@ -4,5 +4,8 @@\n"
        " people:\n"
        "   - first_name: Anna\n"
        "     last_name: Ek\n"
        "-    phones: [0478-125 11, 070-948 64 88 (endast sms)]\n"
        "+    phones:\n"
        "+      - 0478-125 11\n"
        "+      - number: 070-948 64 88\n"
        "+        sms_only: true\n"
        "     topics: [press, kommunikation]\n"
    )
    assert captured.err == f"{path}: would be tidied; run 'kontakt fmt {path}'\n"
    assert path.read_bytes() == before


def test_check_on_a_tidy_file_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _copy(CASES / "already-tidy.yaml", tmp_path)
    assert main(["fmt", "--check", str(path)]) == 0
    assert capsys.readouterr().err == f"{path}: already tidy\n"


@pytest.mark.parametrize(
    "broken", sorted((FIXTURES / "invalid").glob("*.yaml")), ids=lambda p: p.stem
)
@pytest.mark.parametrize("check", [False, True], ids=["write", "check"])
def test_a_file_with_errors_is_refused_and_left_byte_for_byte(
    broken: Path, check: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _copy(broken, tmp_path)
    before = path.read_bytes()
    assert main(["check", str(path)]) == 1
    check_output = capsys.readouterr().out
    assert main(["fmt", *(["--check"] if check else []), str(path)]) == 1
    # The same problems, on stderr: `fmt --check > tidy.patch` never writes them into a patch.
    assert capsys.readouterr() == ("", check_output)
    assert path.read_bytes() == before
    assert sorted(tmp_path.iterdir()) == [path]


def test_the_file_mode_is_kept(tmp_path: Path) -> None:
    path = _copy(CASES / "email-case.yaml", tmp_path)
    path.chmod(0o640)
    assert main(["fmt", str(path)]) == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_a_failed_write_leaves_the_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _copy(CASES / "email-case.yaml", tmp_path)
    before = path.read_bytes()

    def refuse(source: str, target: str) -> None:
        raise OSError(28, "No space left on device", target)

    monkeypatch.setattr(os, "replace", refuse)
    assert main(["fmt", str(path)]) == 2
    assert capsys.readouterr().err == (
        f"kontakt: error: {path}: cannot write: No space left on device\n"
    )
    assert path.read_bytes() == before
    assert sorted(tmp_path.iterdir()) == [path]


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.yaml"
    assert main(["fmt", str(missing)]) == 2
    assert capsys.readouterr().err == (
        f"kontakt: error: {missing}: cannot read: No such file or directory\n"
    )


def test_a_rewrite_that_would_change_the_meaning_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _copy(CASES / "email-case.yaml", tmp_path)
    before = path.read_bytes()
    real_result = _yamledit.Document.result
    monkeypatch.setattr(
        _yamledit.Document,
        "result",
        lambda document: real_result(document).replace("Bygglov", "Bygglöv"),
    )
    assert main(["fmt", str(path)]) == 2
    assert capsys.readouterr().err == (
        f"kontakt: error: {path}: tidying would change what the file says; it was left as it was\n"
    )
    assert path.read_bytes() == before


# YAML that a round-trip library rewrites its own way: a directive and a document head, tags,
# an anchor, a tab inside a value, comments inside [ ] and after "...", indentation by four, a
# folded scalar, flow mappings, a set, quotes of both kinds.
_UNUSUAL = """\
%YAML 1.1
# head comment
--- # start
organisation:
    name:   !!str Lessebo kommun     # aligned
    domain: &domain Lessebo.SE
    phone: {number: 0478 12500, label: "växel\tstor"}
people:
    -   first_name: Anna
        last_name: 'Ek'
        email: "Anna.Ek@LESSEBO.se"   # as HR wrote it
        title: >
            Kommunikatör
        phones: [0478 12511,   # the desk
                 070-948 64 88 (endast sms)]

    -   first_name: Bo
        last_name: Lind
        email: Bo.Lind@lessebo.se
        phones:
        - 0478-125 12
        - {number: 0709486400 (sms only), label: jour}
...
# after the end
"""

_UNUSUAL_TIDY = """\
%YAML 1.1
# head comment
--- # start
organisation:
    name:   !!str Lessebo kommun     # aligned
    domain: &domain lessebo.se
    phone: {number: 0478-125 00, label: "växel\tstor"}
people:
    -   first_name: Anna
        last_name: 'Ek'
        email: "anna.ek@lessebo.se"   # as HR wrote it
        title: >
            Kommunikatör
        phones: [0478-125 11,   # the desk
                 {number: 070-948 64 88, sms_only: true}]

    -   first_name: Bo
        last_name: Lind
        email: bo.lind@lessebo.se
        phones:
        - 0478-125 12
        - {number: 070-948 64 00, sms_only: true, label: jour}
...
# after the end
"""


def test_only_the_values_fmt_tidies_change() -> None:
    assert tidy(_UNUSUAL, path="f.yaml") == _UNUSUAL_TIDY
    assert tidy(_UNUSUAL_TIDY, path="f.yaml") == _UNUSUAL_TIDY


# -- idempotence -------------------------------------------------------------------------------


@runs(default=20, long=500)
def test_tidying_a_tidy_file_changes_nothing(count: int) -> None:
    @examples(count)
    @given(valid_data_files())
    def check(text: str) -> None:
        once = tidy(text, path="f.yaml")
        event("tidied" if once != text else "already tidy")
        assert tidy(once, path="f.yaml") == once

    check()


@runs(default=10, long=100)
def test_fmt_twice_leaves_the_file_as_the_first_run_wrote_it(count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "contacts.yaml"

        @examples(count)
        @given(valid_data_files())
        def check(text: str) -> None:
            path.write_bytes(text.encode("utf-8"))
            with contextlib.redirect_stdout(io.StringIO()):
                assert main(["fmt", str(path)]) == 0
            once = path.read_bytes()
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                assert main(["fmt", str(path)]) == 0
                assert main(["fmt", "--check", str(path)]) == 0
            assert path.read_bytes() == once
            assert (out.getvalue(), err.getvalue()) == ("", f"{path}: already tidy\n" * 2)

        check()


def test_fmt_loses_no_edit_saved_while_it_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "contacts.yaml"
    path.write_text(
        data_file(
            "people:\n  - first_name: Eva\n    last_name: Ek\n    email: Eva.Ek@Lessebo.se\n"
        ),
        "utf-8",
    )
    saved = data_file("people:\n  - first_name: Eva\n    last_name: Eklund\n")

    def tidy_while_an_editor_saves(text: str, *, path: str) -> str:
        Path(path).write_text(saved, encoding="utf-8")  # the editor's save lands meanwhile
        return tidy(text, path=path)

    monkeypatch.setattr(cli, "tidy", tidy_while_an_editor_saves)
    assert cli.main(["fmt", str(path)]) == 2
    assert path.read_text(encoding="utf-8") == saved
    assert "changed while kontakt was working on it" in capsys.readouterr().err


@pytest.mark.parametrize(
    "body",
    [
        "    topics: [bygglov,   # the main one\n      strandskydd]\n",
        "    topics: [bygglov]\n...\n# after the end\n",
    ],
    ids=["inside-brackets", "after-the-end"],
)
def test_comments_are_kept_where_a_round_trip_would_drop_them(body: str) -> None:
    text = data_file("services:\n  - name: Bygglov\n    email: Bygglov@Lessebo.se\n") + body
    assert tidy(text, path="f.yaml") == text.replace("Bygglov@Lessebo", "bygglov@lessebo")


_EVA = "organisation:\n  name: Solsjö kommun\n  domain: solsjo.example\npeople:\n  - first_name: Eva\n    last_name: Ek\n"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(
            "    phones:\n      070-1740605 (endast sms)\n",
            "    phones:\n      - number: 070-174 06 05\n        sms_only: true\n",
            id="a-value-on-the-line-after-its-key",
        ),
        pytest.param(
            "    phones:  # mobilen\n      070-1740605 (endast sms)\n",
            "    phones:  # mobilen\n      - number: 070-174 06 05\n        sms_only: true\n",
            id="a-comment-on-the-key-line-and-the-value-below",
        ),
        pytest.param(
            "    phones:\n      - !!str 070-1740605 (endast sms)\n",
            "    phones:\n      - number: 070-174 06 05\n        sms_only: true\n",
            id="a-tag-on-a-number-that-becomes-a-mapping",
        ),
        pytest.param(
            "    phones:\n      - &m 070-1740605 (endast sms)  # x\n",
            "    phones:\n      - number: 070-174 06 05        # x\n        sms_only: true\n",
            id="an-anchor-on-a-number-that-becomes-a-mapping",
        ),
        pytest.param(
            "    phones: [!!str 070-1740605 (endast sms),\n       0980319241]\n",
            "    phones: [{number: 070-174 06 05, sms_only: true},\n       0980-31 92 41]\n",
            id="a-tag-in-a-flow-list-over-lines",
        ),
        pytest.param(
            "    email: | # från HR\n      EVA.EK@solsjo.example\n",
            "    email: eva.ek@solsjo.example # från HR\n",
            id="a-comment-on-a-block-scalars-header",
        ),
        pytest.param(
            "    email: &e # från HR\n      EVA.EK@solsjo.example\n",
            "    email: &e # från HR\n      eva.ek@solsjo.example\n",
            id="a-comment-after-an-anchor",
        ),
        pytest.param(
            '    phones: ["0980\\t319240"]\n',
            '    phones: ["0980-31 92 40"]\n',
            id="a-tab-inside-a-number",
        ),
        pytest.param(
            "    email: EVA.EK@solsjo.example\r\n    phones: [0980319240]\n",
            "    email: eva.ek@solsjo.example\r\n    phones: [0980-31 92 40]\n",
            id="mixed-line-ends",
        ),
    ],
)
def test_fmt_edits_a_value_wherever_and_however_it_is_written(before: str, after: str) -> None:
    assert tidy(_EVA + before, path="f.yaml") == _EVA + after
    assert tidy(_EVA + after, path="f.yaml") == _EVA + after
