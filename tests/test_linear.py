"""Checks and rewrites grow with the file, not with its square: ten times the input costs at most about ten
times the operations. Counted as lines of kontakt executed, not timed, so the figure is the same
on any machine and under any load."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from kontakt import DataError, Directory
from kontakt._importer import import_csv
from kontakt._tidy import tidy
from support.helpers import data_file

SOURCE = str(Path(__file__).resolve().parents[1] / "src" / "kontakt")
GROWTH = 10
# Fixed costs (the vocabulary, the organisation) make small inputs dearer per entry; the
# square of the growth would be 100.
LIMIT = 12.0


def executed_lines(action: Callable[[], object]) -> int:
    """Lines of kontakt's own code ``action`` executes."""
    count = 0

    def trace(frame: FrameType, event: str, _: Any) -> Callable[..., Any] | None:
        nonlocal count
        if not frame.f_code.co_filename.startswith(SOURCE):
            return None
        if event == "line":
            count += 1
        return trace

    sys.settrace(trace)
    try:
        action()
    finally:
        sys.settrace(None)
    return count


def load(text: str) -> None:
    with contextlib.suppress(DataError):
        Directory.from_text(text)


def people(count: int, *, key: str = "title") -> str:
    # Fictional; numbers from PTS's series for fiction, one per person.
    entries = "".join(
        f"  - first_name: Eva{n}\n    last_name: Ek\n    {key}: Handläggare\n"
        f"    phones: [0980-31 92 {n % 100:02d}]\n"
        for n in range(count)
    )
    return data_file("people:\n" + entries)


def topics(count: int) -> str:
    listed = ", ".join(f"ämne {n % (count // 2)}" for n in range(count))
    return data_file(
        f"services:\n  - name: B\n    phones: [0980-31 92 30]\n    topics: [{listed}]\n"
    )


@pytest.mark.parametrize(
    "make",
    [
        # A misspelt key on every entry: each an error (the count used to be recomputed).
        lambda n: people(n, key="titel"),
        # Half of many topics listed twice (they used to be compared pairwise).
        topics,
    ],
    ids=["misspelt-keys", "duplicate-topics"],
)
def test_checking_grows_linearly(make: Callable[[int], str]) -> None:
    small, large = make(40), make(40 * GROWTH)
    ratio = executed_lines(lambda: load(large)) / executed_lines(lambda: load(small))
    assert ratio <= LIMIT, ratio


def untidy_people(count: int) -> str:
    """People whose every number ``fmt`` rewrites (``0980 319201`` → ``0980-31 92 01``)."""
    return people(count).replace("[0980-31 92 ", "[0980 3192").replace(" 92 ", "92")


def csv_rows(count: int) -> bytes:
    rows = "".join(f"Per{n};Lind;Handläggare;0980-31 93 {n % 100:02d}\n" for n in range(count))
    return ("Förnamn;Efternamn;Titel;Telefon\n" + rows).encode()


@pytest.mark.parametrize(
    "rewrite",
    [
        lambda n: tidy(untidy_people(n), path="f.yaml"),
        lambda n: import_csv(csv_rows(n), csv_path="c", data_text=people(n), data_path="f"),
    ],
    ids=["fmt-every-number", "import-as-many-rows-as-people"],
)
def test_rewriting_grows_linearly(rewrite: Callable[[int], object]) -> None:
    assert tidy(untidy_people(3), path="f.yaml") != untidy_people(3)
    small = executed_lines(lambda: rewrite(40))
    large = executed_lines(lambda: rewrite(40 * GROWTH))
    assert large / small <= LIMIT, large / small
