"""A read of the data file that never returns (a hung network share) holds nothing up: the
reload gives up after its deadline, no second stuck read starts beside it, and stopping the
process does not wait for it."""

from __future__ import annotations

import asyncio
import shutil
import threading
from pathlib import Path

import pytest

from kontakt import Directory, _serving
from kontakt._offloop import HungReadError, OffLoop
from kontakt._serving import ServingState
from support.paths import SOLSJO_FILE


@pytest.fixture
def data(tmp_path: Path) -> Path:
    copy = tmp_path / "contacts.yaml"
    shutil.copyfile(SOLSJO_FILE, copy)
    return copy


def test_a_read_that_never_returns_is_given_up_and_not_waited_for(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = ServingState.start(data)
    state.reads = OffLoop(timeout=0.2)
    release = threading.Event()
    calls: list[str] = []

    def stuck(path: Path) -> Directory:
        calls.append("stuck")
        release.wait()
        raise OSError("the share came back too late")

    monkeypatch.setattr(_serving, "load_public", stuck)

    async def two_reloads() -> tuple[_serving.ReloadOutcome, _serving.ReloadOutcome]:
        first = await state.reload()
        # The first read is still stuck: the second does not start another beside it.
        second = await state.reload()
        return first, second

    # asyncio.run returns although the read it started is still blocked: shutdown does not
    # wait on it (the default executor's threads would be joined here).
    first, second = asyncio.run(two_reloads())
    stuck_threads = [t for t in threading.enumerate() if t.name == "kontakt-file-read"]
    assert stuck_threads and all(t.daemon for t in stuck_threads)
    assert first.loaded is False
    assert first.error == ("reading the data file took longer than 0.2 s; is its disk hanging?")
    assert second.error == (
        "an earlier read of the data file has not returned; is its disk hanging?"
    )
    assert calls == ["stuck"]
    assert len(state.conversation.directory) == 36  # still serving the last good data

    release.set()
    for thread in stuck_threads:
        thread.join(timeout=30)
    monkeypatch.undo()
    assert asyncio.run(state.reload()).loaded is True


def test_an_error_in_the_read_reaches_the_caller() -> None:
    def fails() -> None:
        raise OSError("gone")

    async def read() -> None:
        await OffLoop(timeout=30).run(fails)

    with pytest.raises(OSError, match="gone"):
        asyncio.run(read())


def test_a_quick_read_returns_its_value() -> None:
    async def read() -> int:
        return await OffLoop(timeout=30).run(sum, [1, 2, 3])

    assert asyncio.run(read()) == 6


def test_the_timeout_is_a_timeout_error() -> None:
    assert issubclass(HungReadError, TimeoutError)
