"""`.pre-commit-hooks.yaml`: each hook runs the command it names on the default data file."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from kontakt._cli import main
from kontakt._directory import DEFAULT_DATA
from support.paths import FIXTURES, ROOT

HOOKS: list[dict[str, Any]] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
BY_ID = {hook["id"]: hook for hook in HOOKS}


def test_hooks_are_check_and_fmt_check_on_the_default_data_file() -> None:
    assert {hook["id"]: hook["entry"] for hook in HOOKS} == {
        "kontakt-check": "kontakt check",
        "kontakt-fmt": "kontakt fmt --check",
    }
    for hook in HOOKS:
        assert hook["language"] == "python"
        assert hook["pass_filenames"] is False
        assert re.search(hook["files"], DEFAULT_DATA)


@pytest.mark.parametrize(
    ("fixture", "exits"),
    [
        (FIXTURES / "fmt" / "already-tidy.yaml", {"kontakt-check": 0, "kontakt-fmt": 0}),
        (FIXTURES / "fmt" / "sms-note-in-flow-list.yaml", {"kontakt-check": 0, "kontakt-fmt": 1}),
        (FIXTURES / "invalid" / "wrong-address.yaml", {"kontakt-check": 1, "kontakt-fmt": 1}),
    ],
    ids=["tidy", "untidy", "broken"],
)
def test_hooks_pass_and_fail_as_the_commands_do(
    fixture: Path,
    exits: dict[str, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "data").mkdir()
    data = tmp_path / DEFAULT_DATA
    shutil.copyfile(fixture, data)
    monkeypatch.chdir(tmp_path)
    for hook_id, expected in exits.items():
        command = BY_ID[hook_id]["entry"].split()
        assert command[0] == "kontakt"
        assert main(command[1:]) == expected, hook_id
    assert data.read_bytes() == fixture.read_bytes()
