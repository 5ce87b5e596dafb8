"""Atomic writes: whole files or none, modes kept, links followed, nothing left behind."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from kontakt._atomicwrite import ChangedMeanwhile, snapshot, write_atomically


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


def test_a_file_changed_since_it_was_read_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "contacts.yaml"
    target.write_text("read\n", encoding="utf-8")
    read = snapshot(target)
    target.write_text("an editor saved meanwhile\n", encoding="utf-8")
    with pytest.raises(ChangedMeanwhile):
        write_atomically(target, "tidied\n", expected=read)
    assert target.read_text(encoding="utf-8") == "an editor saved meanwhile\n"
    assert sorted(tmp_path.iterdir()) == [target]
    # Unchanged since read: replaced.
    write_atomically(target, "tidied\n", expected=snapshot(target))
    assert target.read_text(encoding="utf-8") == "tidied\n"


def test_only_a_regular_file_is_replaced(tmp_path: Path) -> None:
    pipe = tmp_path / "out.csv"
    os.mkfifo(pipe)
    with pytest.raises(OSError, match="is not a regular file"):
        write_atomically(pipe, "x\n")
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert sorted(tmp_path.iterdir()) == [pipe]


def test_a_link_someone_else_planted_in_a_shared_folder_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)  # like /tmp: sticky, anyone may write
    victim = tmp_path / "victim.txt"
    victim.write_text("keep\n", encoding="utf-8")
    planted = shared / "export.csv"
    planted.symlink_to(victim)
    # As seen by another user than the one who made the link.
    monkeypatch.setattr(os, "geteuid", lambda: os.getuid() + 1)
    with pytest.raises(PermissionError, match="someone else made in a shared folder"):
        write_atomically(planted, "x\n")
    assert victim.read_text(encoding="utf-8") == "keep\n"


def test_the_owner_and_group_are_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "contacts.yaml"
    target.write_text("old\n", encoding="utf-8")
    before = target.stat()
    given: list[tuple[int, int]] = []
    monkeypatch.setattr(os, "chown", lambda _path, uid, gid: given.append((uid, gid)))
    write_atomically(target, "new\n")
    assert given == [(before.st_uid, before.st_gid)]
