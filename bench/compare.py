"""Checking 10,000 people with two versions of kontakt, alternated: what a change costs.

    git archive <before> src | tar -x -C /tmp/before
    python -m bench.compare /tmp/before/src src

Each round runs one process per version (the order swapped every round, so a slower minute of
the machine weighs on both alike); a process loads the file once to warm up, then ``--runs``
times, each load as cold as a first one (what a version remembers of values read before is
forgotten first). Prints each version's median, range and the ratio of medians.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.timing import median
from testing import synthetic

PEOPLE = 10_000

_TIMER = """
import sys, time
sys.path.insert(0, sys.argv[1])
import kontakt
assert kontakt.__file__.startswith(sys.argv[1]), kontakt.__file__
import kontakt._loader
forget = getattr(kontakt._loader, "forget_values", lambda: None)
kontakt.Directory.load(sys.argv[2])
for _ in range(int(sys.argv[3])):
    forget()
    started = time.perf_counter()
    kontakt.Directory.load(sys.argv[2])
    print(time.perf_counter() - started)
"""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.compare", description=__doc__)
    parser.add_argument("before", help="the src folder of the version before")
    parser.add_argument("after", help="the src folder of the version after")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--runs", type=int, default=3, help="loads per process")
    args = parser.parse_args(argv)
    versions = {
        "before": str(Path(args.before).resolve()),
        "after": str(Path(args.after).resolve()),
    }
    seconds: dict[str, list[float]] = {name: [] for name in versions}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "contacts.yaml"
        path.write_text(synthetic.data_file(synthetic.people(PEOPLE)), encoding="utf-8")
        for round_ in range(args.rounds):
            order = list(versions) if round_ % 2 == 0 else list(reversed(versions))
            for name in order:
                command = [sys.executable, "-c", _TIMER, versions[name], str(path), str(args.runs)]
                done = subprocess.run(command, capture_output=True, text=True, check=True)
                seconds[name] += [float(line) for line in done.stdout.split()]
    for name, values in seconds.items():
        print(
            f"{name}: {median(values):.3f} s ({min(values):.2f}–{max(values):.2f}), "
            f"median of {len(values)}"
        )
    print(f"after / before: {median(seconds['after']) / median(seconds['before']):.3f}×")


if __name__ == "__main__":
    main()
