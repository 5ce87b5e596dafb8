"""Syntax slips: each named with its fix at the line to change, and the check going on past it.

The table of slips lives in ``testing/mistakes.py``, which also renders the README's "Common
mistakes" section; these tests hold the table, the file and the README to each other.
"""

from __future__ import annotations

import collections
import random
import textwrap
from pathlib import Path

import pytest
from testing.mistakes import MISTAKES, Mistake

from kontakt import DataError, Directory
from kontakt._cli import main
from support.helpers import kontakt, problems_of
from support.located import RAW_PHRASES, load_or_locate
from support.mutants import mutants
from support.paths import SOLSJO_FILE
from testing import mistakes


def test_the_table_holds_at_least_25_slips() -> None:
    assert len(MISTAKES) >= 25
    assert len({m.what for m in MISTAKES}) == len(MISTAKES)


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.what for m in MISTAKES])
def test_each_slip_is_named_with_its_fix_at_its_line(mistake: Mistake) -> None:
    assert problems_of(mistake.wrong_file()) == [mistake.says]


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.what for m in MISTAKES])
def test_the_fix_the_table_shows_makes_the_file_valid(mistake: Mistake) -> None:
    assert problems_of(mistake.right_file()) == []


def test_the_readme_shows_the_table_as_it_is() -> None:
    readme = mistakes.README.read_text(encoding="utf-8")
    assert mistakes.readme_with_section(readme) == readme, (
        "README.md's 'Common mistakes' differs from testing/mistakes.py: run "
        "`.venv/bin/python -m testing.mistakes` to regenerate it"
    )


SIX_PROBLEMS = textwrap.dedent("""\
    organisation:
      name: Solsjö kommun
      domain: solsjo.example
      phone: 0980-31 92 00
    people:
      - first_name: Hanna
        last_name: Berglöf
    \ttitle: Kommunikationschef
        email: hanna.berglof@solsjo.example
        phones: [0980-31 92 11]
      - first_name: Jonas
        last_name: Ek
        title: Samordnare: IT och e-tjänster
        email:jonas.ek@solsjo.example
        phones: [0980-31 92 12]
      - first_name: Karin
        last_name: Sjöberg
        email: karin.sjoberg@@solsjo.example
        phones: [0980-31 92]
        titel: HR-chef
    """)


def test_slips_and_rule_errors_are_all_reported_in_one_check(tmp_path: Path) -> None:
    path = tmp_path / "contacts.yaml"
    path.write_text(SIX_PROBLEMS, encoding="utf-8")
    done = kontakt("check", str(path))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = done.stdout.splitlines()
    located = [line.removeprefix(f"{path}:") for line in lines[:-1]]
    assert [line.split(": error: ")[0] for line in located] == [
        "8:1",
        "13:12",
        "14:10",
        "18:12",
        "19:14",
        "20:5",
    ]
    assert located[0].endswith(
        "a tab is used for indentation; YAML needs spaces: indent this line 4 spaces"
    )
    assert "put the value in quotes" in located[1]
    assert "a space is missing after the colon" in located[2]
    assert "karin.sjoberg@@solsjo.example" in located[3]
    assert "0980-31 92" in located[4]
    assert "unknown key 'titel'" in located[5]
    assert lines[-1] == f"{path}: 6 errors, 0 warnings"


def test_a_file_with_a_slip_is_refused_even_when_the_repair_would_load() -> None:
    mistake = next(m for m in MISTAKES if m.what == "No space after the colon")
    with pytest.raises(DataError) as caught:
        Directory.from_text(mistake.wrong_file(), path="f.yaml")
    assert [str(p) for p in caught.value.errors] == [f"f.yaml:{mistake.says}"]


def test_where_the_file_cannot_be_read_further_it_is_said_once() -> None:
    text = "organisation:\n  name: Solsjö kommun\n  domain: solsjo.example\n  -\n  - a: b\n"
    problems = problems_of(text)
    assert sum("could not be read further" in p for p in problems) <= 1


def _slip_mutants(text: str, count: int, seed: int) -> list[str]:
    """``text`` with the slips admins make by hand, one to three at a time."""
    rng = random.Random(seed)  # noqa: S311 - seeded, not cryptography
    lines = text.split("\n")
    edits = (
        lambda line: line.replace(": ", ":", 1),
        lambda line: line.replace(": ", " ", 1),
        lambda line: line + ": mer",
        lambda line: line.replace(": ", ": Samordnare: ", 1),
        lambda line: " " + line,
        lambda line: line[1:],
        lambda line: "\t" + line.lstrip(" "),
        lambda line: line.replace("- ", "", 1),
        lambda line: line.replace("- ", "-", 1),
        lambda line: line.replace(": ", ': "', 1),
        lambda line: line.replace(": ", ": '", 1),
        lambda line: line.replace("]", "", 1),
        lambda line: line.replace(": ", ": " + rng.choice("@`%*&!|>[{?,-#"), 1),
        lambda line: line.replace(", ", " #", 1),
    )
    found = []
    for _ in range(count):
        mutant = list(lines)
        for _ in range(rng.choice((1, 1, 2, 3))):
            number = rng.randrange(len(mutant))
            mutant[number] = rng.choice(edits)(mutant[number])
        found.append("\n".join(mutant))
    return found


@pytest.mark.parametrize(
    ("count", "seed"),
    [
        pytest.param(300, 20261129, id="default"),
        pytest.param(
            3_000, 20261130, id="long", marks=[pytest.mark.long, pytest.mark.timeout(600)]
        ),
    ],
)
def test_no_message_holds_the_yaml_readers_own_words(count: int, seed: int) -> None:
    original = SOLSJO_FILE.read_text(encoding="utf-8")
    texts = _slip_mutants(original, count, seed)
    texts += [
        m.text
        for m in mutants(original, count=count // 3, seed=seed, sentinel=Path("/nonexistent"))
    ]
    outcomes: collections.Counter[str] = collections.Counter()
    for text in texts:
        # load_or_locate fails on any exception but DataError and on any message holding one
        # of RAW_PHRASES (support.located.check_problem).
        outcomes["loaded" if load_or_locate(text) is not None else "refused"] += 1
    assert outcomes["refused"] > count // 2
    assert RAW_PHRASES


def test_fmt_refuses_a_file_with_a_slip_and_leaves_it_as_it_was(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mistake = next(m for m in MISTAKES if m.what == "A value holding ': '")
    path = tmp_path / "contacts.yaml"
    path.write_text(mistake.wrong_file(), encoding="utf-8")
    before = path.read_bytes()
    assert main(["fmt", str(path)]) == 1
    assert capsys.readouterr().err.splitlines()[0] == f"{path}:{mistake.says}"
    assert path.read_bytes() == before
