"""Directory.load of a 10,000-person file, validation included (target: at most 2 s)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.timing import median, repeat
from kontakt import Directory
from testing import synthetic

PEOPLE = 10_000
RUNS = 5


def run() -> dict[str, float]:
    text = synthetic.data_file(synthetic.people(PEOPLE))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "contacts.yaml"
        path.write_text(text, encoding="utf-8")
        loaded = Directory.load(path)
        if len(loaded) != PEOPLE:
            raise RuntimeError(f"the synthetic file loaded {len(loaded)} people, not {PEOPLE}")
        seconds = median(repeat(lambda: Directory.load(path), times=RUNS))
    size_mb = len(text.encode()) / 1e6
    print(
        f"load: {PEOPLE:,} people ({size_mb:.1f} MB) in {seconds:.2f} s (median of {RUNS}; "
        f"target ≤ 2 s)"
    )
    return {"load_10k_s": seconds}
