"""The admin tools that rewrite a file, on 10,000 people, each a fresh `kontakt` process as an
admin or a pre-commit hook runs it: `fmt --check` on a tidy file, `fmt` on one where every
address and number needs tidying, `import` of 1 and of 400 new people (target: each at most
5 s), against `check` of the same file in the same rounds."""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.timing import median, repeat
from testing import synthetic

PEOPLE = 10_000
ADDED = 400
ROUNDS = 5
_HEADER = "Förnamn;Efternamn;Titel;E-post;Telefon\n"


def run() -> dict[str, float]:
    staff = synthetic.people(PEOPLE + ADDED)
    tidy_text = synthetic.data_file(staff[:PEOPLE])
    # What HR pastes: addresses in mixed case, numbers without their dash and spaces.
    messy_text = re.sub(
        r"(\w+)\.(\w+)@lessebo\.se",
        lambda m: f"{m[1].title()}.{m[2].title()}@Lessebo.se",
        tidy_text,
    )
    messy_text = re.sub(r"(\d{3,4})-(\d{2,3}) (\d{2})\b", r"\1\2\3", messy_text)
    with tempfile.TemporaryDirectory() as folder:
        here = Path(folder)
        tidy, messy = here / "tidy.yaml", here / "messy.yaml"
        tidy.write_text(tidy_text, encoding="utf-8")
        one, many = here / "one.csv", here / "many.csv"
        one.write_text(_HEADER + _row(staff[PEOPLE]), encoding="utf-8")
        many.write_text(_HEADER + "".join(_row(p) for p in staff[PEOPLE:]), encoding="utf-8")
        target = here / "target.yaml"

        def fresh(text: str, path: Path) -> Path:
            path.write_text(text, encoding="utf-8")
            return path

        commands = {
            "check": lambda: _kontakt("check", str(tidy), expect=0),
            "fmt --check, tidy": lambda: _kontakt("fmt", "--check", str(tidy), expect=0),
            "fmt, all values": lambda: _kontakt("fmt", str(fresh(messy_text, messy)), expect=0),
            "import 1 row": lambda: _kontakt(
                "import", str(one), "--data", str(fresh(tidy_text, target)), expect=0
            ),
            f"import {ADDED} rows": lambda: _kontakt(
                "import", str(many), "--data", str(fresh(tidy_text, target)), expect=0
            ),
        }
        # Alternated, so that a slower minute of the machine weighs on all alike.
        seconds: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(ROUNDS):
            for name, command in commands.items():
                seconds[name] += repeat(command, times=1)
    check = median(seconds["check"])
    print(f"rewrite: {PEOPLE:,} people, a fresh process each (median of {ROUNDS}; target ≤ 5 s)")
    for name, values in seconds.items():
        ratio = "" if name == "check" else f", {median(values) / check:.2f}× check"
        print(f"  {name}: {median(values):.2f} s ({min(values):.2f}–{max(values):.2f}){ratio}")
    return {name: median(values) for name, values in seconds.items()}


def _row(person: synthetic.Person) -> str:
    return (
        f"{person.first_name};{person.last_name};{person.title};{person.email};{person.landline}\n"
    )


def _kontakt(*args: str, expect: int) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "kontakt", *args], capture_output=True, text=True, check=False
    )
    if done.returncode != expect:
        raise RuntimeError(f"kontakt {' '.join(args)} exited {done.returncode}: {done.stderr}")


if __name__ == "__main__":
    run()
