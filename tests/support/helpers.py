"""Small builders shared by the tests."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Mapping
from pathlib import Path

from kontakt import DataError, Directory

ORGANISATION = """\
organisation:
  name: Lessebo kommun
  domain: lessebo.se
  phone: 0478-125 00
"""


def data_file(body: str, *, organisation: str = ORGANISATION) -> str:
    """A data file: the standard organisation section followed by ``body`` (dedented)."""
    return organisation + textwrap.dedent(body)


def problems_of(text: str) -> list[str]:
    """Each problem as ``line:col: severity: message``, without the path."""
    try:
        directory = Directory.from_text(text, path="f.yaml")
    except DataError as exc:
        problems = exc.problems
    else:
        problems = directory.warnings
    return [str(p).removeprefix("f.yaml:") for p in problems]


def kontakt(
    *args: str,
    input: str = "",
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """``python -m kontakt ARGS`` in a process of its own, as an admin runs it: ``input`` on
    stdin, text out, a minute at most, its exit code left to the test."""
    return subprocess.run(
        [sys.executable, "-m", "kontakt", *args],
        input=input,
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
