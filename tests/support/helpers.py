"""Small builders shared by the tests."""

from __future__ import annotations

import textwrap

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
