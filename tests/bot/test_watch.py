"""Hot reload loads a file only once it has held still: two looks in a row with the same
content. A file written in place may parse half-written; that half never goes live."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from kontakt._serving import ReloadOutcome, ServingState, Settling, watch


def test_an_edit_settles_at_the_second_look_with_the_same_content() -> None:
    settling = Settling()
    assert not settling.still((1, 10, 7), "a")
    assert settling.still((1, 10, 7), "a")
    # The next edit needs two looks of its own; a change in between starts over.
    assert not settling.still((2, 20, 7), "b")
    assert not settling.still((3, 30, 7), "c")
    assert settling.still((3, 30, 7), "c")
    # Unreadable content never settles.
    assert not settling.still((4, 40, 7), None)
    assert not settling.still((4, 40, 7), None)


def test_a_half_written_file_that_parses_never_goes_live(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    full = data.read_text(encoding="utf-8")
    hidden = "  - id: hanna-berglof\n"
    edited = full.replace(hidden, hidden + "    public: false\n", 1)
    # Cut just before "public: false": valid YAML that would show the entry.
    prefix = edited[: edited.index("    public: false\n")]
    state = ServingState.start(data)
    loaded: list[int] = []

    # Each look of the watcher is one step of the writer: nothing here depends on timing.
    steps: list[Callable[[], object]] = [
        lambda: data.write_text(prefix, encoding="utf-8"),  # look 1: a prefix
        lambda: data.write_text(edited, encoding="utf-8"),  # look 2: the rest arrived
        lambda: None,  # look 3: still the same
        lambda: None,  # look 4
    ]

    async def step(_: float) -> None:
        if not steps:
            raise asyncio.CancelledError
        steps.pop(0)()

    async def reloaded(outcome: ReloadOutcome) -> None:
        loaded.append(outcome.entries)

    monkeypatch.setattr(asyncio, "sleep", step)
    with pytest.raises(asyncio.CancelledError):
        asyncio.run(watch(state, interval=1.0, on_reload=reloaded))
    # One load, of the whole edit: Hanna Berglöf is hidden, never shown by a half file.
    assert loaded == [35]
    assert state.conversation.directory.get("hanna-berglof") is None


def test_a_named_pipe_in_the_files_place_never_holds_a_reload(data: Path) -> None:
    state = ServingState.start(data)
    data.unlink()
    os.mkfifo(data)
    outcome = asyncio.run(state.reload())
    assert not outcome.loaded
    assert outcome.error == "not a regular file (a pipe or a device?)"
    assert state.entries == 36  # still serving the last good file
