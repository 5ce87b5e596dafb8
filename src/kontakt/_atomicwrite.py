"""Writing a file so that readers see either the old content or the new, never half of it."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path


class ChangedMeanwhile(OSError):  # noqa: N818 - an OSError, named for what happened
    """The file is not what it was when it was read: writing would lose someone's edit."""


Snapshot = tuple[int, int, int] | None
"""What changes when a file is written or replaced (mtime, size, inode); None: no file."""


def snapshot(path: str | os.PathLike[str]) -> Snapshot:
    """The state of ``path`` now, to compare with just before writing it back."""
    try:
        found = Path(path).resolve().stat()
    except FileNotFoundError:
        return None
    return (found.st_mtime_ns, found.st_size, found.st_ino)


def write_atomically(
    path: str | os.PathLike[str], data: str | bytes, *, expected: Snapshot | bool = False
) -> None:
    """Replace ``path`` with ``data`` (text is written as UTF-8 exactly as given).

    The data goes to a temporary file in the same folder, is flushed to disk and then renamed
    over ``path``, so a crash or a full disk leaves the old file whole. An existing file keeps
    its permission bits and, where the process may set them, its owner and group; a new one
    gets the mode the umask allows for ``0o666``. The temporary file is removed when anything
    fails.

    With ``expected`` (a :func:`snapshot` taken when the file was read), a file changed since
    is not replaced: :class:`ChangedMeanwhile`, so an editor's save or another tool's write in
    between is never lost. Only a regular file is replaced (not ``/dev/full`` or a pipe), and a
    symbolic link is followed only when it is the writer's own or sits in a folder only its
    owner may write to: one planted in a shared folder such as /tmp is refused.
    """
    link = Path(path)
    _check_link(link)
    # Through a symbolic link to the file it names: replacing the link would cut it.
    target = link.resolve()
    current = _existing(target)
    content = data.encode("utf-8") if isinstance(data, str) else data
    descriptor, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        _take_over(Path(temporary), current)
        if expected is not False and snapshot(target) != expected:
            raise ChangedMeanwhile(f"{path} changed while kontakt was working on it")
        Path(temporary).replace(target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(temporary).unlink()
        raise


def _check_link(link: Path) -> None:
    if not link.is_symlink():
        return
    folder = link.parent.stat()
    shared = folder.st_mode & stat.S_ISVTX and folder.st_mode & stat.S_IWOTH
    if shared and link.lstat().st_uid != os.geteuid():
        raise PermissionError(
            errno.EPERM, f"{link} is a symbolic link someone else made in a shared folder"
        )


def _existing(target: Path) -> os.stat_result | None:
    try:
        found = target.stat()
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(found.st_mode):
        raise OSError(errno.EINVAL, f"{target} is not a regular file")
    return found


def _take_over(temporary: Path, current: os.stat_result | None) -> None:
    """The old file's mode, owner and group on the new one (a new file: the umask's mode)."""
    if current is None:
        umask = os.umask(0)
        os.umask(umask)
        temporary.chmod(0o666 & ~umask)
        return
    # A file the bot's user owns stays the bot's, even when root tidies it.
    with contextlib.suppress(PermissionError):
        os.chown(temporary, current.st_uid, current.st_gid)
    temporary.chmod(stat.S_IMODE(current.st_mode))
