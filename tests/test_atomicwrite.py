"""Atomic writes: whole files or none, modes kept, links followed, nothing left behind."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from kontakt._atomicwrite import write_atomically


def test_a_new_file_gets_the_mode_the_umask_allows(tmp_path: Path) -> None:
    target = tmp_path / "new.txt"
    old_umask = os.umask(0o027)
    try:
        write_atomically(target, "hej\n")
    finally:
        os.umask(old_umask)
    assert target.read_bytes() == b"hej\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(tmp_path.iterdir()) == [target]


def test_an_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "contacts.yaml"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o600)
    write_atomically(target, "ny åäö\n")
    assert target.read_text(encoding="utf-8") == "ny åäö\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_symbolic_link_keeps_pointing_at_the_written_file(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    write_atomically(link, "new\n")
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "new\n"


def test_a_failure_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "contacts.yaml"
    target.write_bytes(b"old\n")

    def fail(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(OSError, match="No space left"):
        write_atomically(target, b"new\n")
    assert target.read_bytes() == b"old\n"
    assert sorted(tmp_path.iterdir()) == [target]
