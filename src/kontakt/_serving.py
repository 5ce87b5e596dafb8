"""The directory a front end serves (the bot, the web server), swapped whole when the data file
changes.

Loading and indexing run in a worker thread; the swap is a single assignment on the event
loop, so a question is always answered from one complete directory. A broken edit keeps the
last good directory serving.
"""

from __future__ import annotations

import asyncio
import gc
import hashlib
import logging
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from kontakt import DataError, Directory, Problem
from kontakt._conversation import Conversation
from kontakt._directory import open_regular
from kontakt._offloop import HungReadError, OffLoop

log = logging.getLogger(__name__)

Fingerprint = tuple[int, int, int] | None


def load_public(path: Path) -> Directory:
    """The public view of the data file, indexed and ready to search."""
    directory = Directory.load(path).public()
    directory.prepare()
    return directory


@dataclass(frozen=True, slots=True)
class ReloadOutcome:
    loaded: bool
    entries: int
    problems: tuple[Problem, ...] = ()
    error: str | None = None
    """Why the file could not be read at all, when it could not."""


@dataclass
class ServingState:
    path: Path
    conversation: Conversation
    loaded_at: float = field(default_factory=time.time)
    last_failure: ReloadOutcome | None = None
    counts: Counter[str] = field(default_factory=Counter)
    """What happened, by kind (questions, cards, choices, no_match, limited, errors)."""
    loaded_fingerprint: Fingerprint = None
    """The file as it was just before the directory serving now was read from it."""
    _reloading: asyncio.Lock = field(default_factory=asyncio.Lock)
    clock: Callable[[], datetime] | None = None
    """The time answers are given at: the real time, unless a test sets one."""
    _requested: asyncio.Future[ReloadOutcome] | None = None
    """The reload admins asked for that is running, if one is."""
    reads: OffLoop = field(default_factory=OffLoop)
    """Where the file is read, looked at and hashed: off the loop, with a deadline."""

    @classmethod
    def start(cls, path: Path, *, clock: Callable[[], datetime] | None = None) -> ServingState:
        """Load the data file; :class:`DataError` or :class:`OSError` when it is unusable."""
        before = fingerprint(path)
        conversation = Conversation(load_public(path), clock=clock)
        settle_heap()
        return cls(path, conversation, loaded_fingerprint=before, clock=clock)

    @property
    def entries(self) -> int:
        return len(self.conversation.directory)

    async def reload_now(self) -> ReloadOutcome:
        """An admin's /reload: while one runs, another /reload shares its outcome rather than
        queueing a read of its own (eight /reloads are one load, not eight in a row). An edit
        saved meanwhile is picked up by the watcher's next look."""
        running = self._requested
        if running is not None and not running.done():
            return await asyncio.shield(running)
        self._requested = asyncio.ensure_future(self.reload())
        return await asyncio.shield(self._requested)

    async def reload(self) -> ReloadOutcome:
        """Load the file again; swap it in when it is good, keep the old one when not.

        One reload at a time (``/reload`` and the watcher may ask together), so an older read
        never replaces a newer one.
        """
        async with self._reloading:
            try:
                before = await self.reads.run(fingerprint, self.path)
            except HungReadError as exc:
                return self._refused(ReloadOutcome(False, self.entries, error=str(exc)))
            try:
                directory = await self.reads.run(load_public, self.path)
            except HungReadError as exc:
                outcome = ReloadOutcome(False, self.entries, error=str(exc))
            except DataError as exc:
                outcome = ReloadOutcome(False, self.entries, exc.problems)
            except OSError as exc:
                outcome = ReloadOutcome(False, self.entries, error=exc.strerror or str(exc))
            else:
                self.conversation = Conversation(directory, clock=self.clock)
                settle_heap()
                self.loaded_at = time.time()
                self.last_failure = None
                log.info("reloaded %s: %d entries", self.path, len(directory))
                return ReloadOutcome(True, len(directory), directory.warnings)
            finally:
                self.loaded_fingerprint = before
        return self._refused(outcome)

    def _refused(self, outcome: ReloadOutcome) -> ReloadOutcome:
        self.last_failure = outcome
        errors = sum(p.is_error for p in outcome.problems)
        log.warning(
            "reload of %s refused (%s); still serving %d entries",
            self.path,
            outcome.error or f"{errors} errors",
            self.entries,
        )
        for problem in outcome.problems[:20]:
            log.warning("%s", problem)
        return outcome


def settle_heap() -> None:
    """Set the served directory aside from the cycle collector.

    A directory of 10,000 people is some 100,000 long-lived objects; a full collection walks
    them all (about 60 ms), and one comes every few hundred answers, which was the p99 of a
    loaded server. Frozen, they are never walked; the directory is acyclic, so reference
    counting still frees a replaced one. Once per load: the old frozen objects are released
    to the collector first, so a cycle among them is not kept for ever.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def fingerprint(path: Path) -> Fingerprint:
    """What changes when the file is edited or replaced; ``None`` while it is missing."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)


async def watch(
    state: ServingState,
    *,
    interval: float,
    on_reload: Callable[[ReloadOutcome], Awaitable[None]],
) -> None:
    """Check the data file every ``interval`` seconds and reload it after an edit.

    An edit is a file that differs from the one the serving directory (or the last refused
    attempt) was read from, so an edit made while the bot was starting is not missed. It is
    loaded once two looks in a row find the same file with the same content: a file written
    in place (scp, nano) can be a prefix that parses for a moment, and a prefix cut just
    before "public: false" would show a hidden entry. Editors that save atomically (write a
    new file, then rename it) are never seen half-written.
    """
    settling = Settling()
    while True:
        await asyncio.sleep(interval)
        try:
            now = await state.reads.run(fingerprint, state.path)
            if now == state.loaded_fingerprint or now is None:
                settling.forget()
                continue
            digest = await state.reads.run(content_digest, state.path)
        except HungReadError as exc:
            # Said once per stuck read: the next looks find the same read still stuck.
            log.warning("%s", exc)
            settling.forget()
            continue
        if not settling.still(now, digest):
            continue
        try:
            await on_reload(await state.reload())
        except Exception:
            log.exception("reload after an edit failed")


class Settling:
    """Whether an edited file has held still: the same fingerprint and content at two looks
    in a row."""

    def __init__(self) -> None:
        self._last: tuple[Fingerprint, str | None] | None = None

    def still(self, now: Fingerprint, digest: str | None) -> bool:
        """True at the second look in a row that finds ``now`` and ``digest``; then it starts
        over, so the next edit needs two looks of its own."""
        look = (now, digest)
        if digest is not None and look == self._last:
            self._last = None
            return True
        self._last = look
        return False

    def forget(self) -> None:
        self._last = None


def content_digest(path: Path) -> str | None:
    """A hash of the file's bytes; ``None`` when it cannot be read."""
    try:
        with open_regular(path) as file:
            return hashlib.sha256(file.read()).hexdigest()
    except OSError:
        return None
