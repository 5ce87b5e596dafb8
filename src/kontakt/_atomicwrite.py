"""Writing a file so that readers see either the old content or the new, never half of it."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


def write_atomically(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Replace ``path`` with ``data`` (text is written as UTF-8 exactly as given).

    The data goes to a temporary file in the same folder, is flushed to disk and then renamed
    over ``path``, so a crash or a full disk leaves the old file whole. An existing file keeps
    its permission bits; a new one gets the mode the umask allows for ``0o666``. The temporary
    file is removed when anything fails.
    """
    # Through a symbolic link to the file it names: replacing the link would cut it.
    target = Path(path).resolve()
    content = data.encode("utf-8") if isinstance(data, str) else data
    mode = _mode_for(target)
    descriptor, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        Path(temporary).chmod(mode)
        Path(temporary).replace(target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            Path(temporary).unlink()
        raise


def _mode_for(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
