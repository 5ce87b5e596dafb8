"""Directory.load of a 10,000-person file, validation included (target: at most 2 s), with and
without a phone time on every entry (target with: at most 2 s); a reload of the same file, as
the bot does after an edit; and what the hours line adds to rendering a card (target: at most
0.2 ms).

Each timed load but the reload starts cold, as a new process does: the numbers and addresses
remembered from the load before are forgotten first."""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path

from bench.timing import median, repeat
from kontakt import Directory
from kontakt._hours import TIMEZONE
from kontakt._loader import forget_values
from kontakt.bot._render import card
from testing import synthetic

PEOPLE = 10_000
RUNS = 5
CARDS = 1_000


def run() -> dict[str, float]:
    staff = synthetic.people(PEOPLE)
    text = synthetic.data_file(staff)
    with_hours = synthetic.data_file(staff, hours=True)
    with tempfile.TemporaryDirectory() as folder:
        path, hours_path = Path(folder) / "contacts.yaml", Path(folder) / "hours.yaml"
        path.write_text(text, encoding="utf-8")
        hours_path.write_text(with_hours, encoding="utf-8")
        loaded = Directory.load(path)
        if len(loaded) != PEOPLE:
            raise RuntimeError(f"the synthetic file loaded {len(loaded)} people, not {PEOPLE}")
        # Alternated, so that a slower minute of the machine weighs on both alike.
        plain: list[float] = []
        timed: list[float] = []
        reloads: list[float] = []
        for _ in range(RUNS):
            forget_values()
            plain += repeat(lambda: Directory.load(path), times=1)
            reloads += repeat(lambda: Directory.load(path), times=1)
            forget_values()
            timed += repeat(lambda: Directory.load(hours_path), times=1)
        directory = Directory.load(hours_path)
    seconds, hours_seconds = median(plain), median(timed)
    size_mb = len(text.encode()) / 1e6
    print(
        f"load: {PEOPLE:,} people ({size_mb:.1f} MB) in {seconds:.2f} s "
        f"({min(plain):.2f}–{max(plain):.2f}); with a phone time on every entry "
        f"{hours_seconds:.2f} s ({min(timed):.2f}–{max(timed):.2f}), "
        f"{hours_seconds / seconds:.2f}× (median of {RUNS}; target ≤ 2 s)"
    )
    reload = median(reloads)
    print(
        f"  a reload of the same file: {reload:.2f} s ({min(reloads):.2f}–{max(reloads):.2f}), "
        f"{reload / seconds:.2f}× a first load"
    )
    per_card = _hours_line_cost(directory)
    print(f"  the hours line adds {per_card * 1e3:.3f} ms to a card (target ≤ 0.2 ms)")
    return {
        "load_10k_s": seconds,
        "load_10k_hours_s": hours_seconds,
        "reload_10k_s": reload,
        "hours_line_ms": per_card * 1e3,
    }


def _hours_line_cost(directory: Directory) -> float:
    """Seconds a card takes with its hours line, less without: 1,000 cards, median of runs."""
    contacts = list(directory)[:CARDS]
    at = datetime(2026, 12, 1, 10, 0, tzinfo=TIMEZONE)

    def with_line() -> None:
        for contact in contacts:
            card(contact, "sv", at)

    def without_line() -> None:
        for contact in contacts:
            card(contact, "sv")

    costs = []
    for _ in range(RUNS):
        (seconds_with,) = repeat(with_line, times=1)
        (seconds_without,) = repeat(without_line, times=1)
        costs.append((seconds_with - seconds_without) / len(contacts))
    return median(costs)
