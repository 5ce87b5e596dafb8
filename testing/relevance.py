"""Relevance sets (``tests/data/relevance*.tsv``): queries with the ids that may answer them
first, read and scored the same way by the tests and by ``make bench``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kontakt import Directory

ROOT = Path(__file__).resolve().parent.parent
RELEVANCE_SET = ROOT / "tests" / "data" / "relevance.tsv"
HELD_OUT_SET = ROOT / "tests" / "data" / "relevance-heldout.tsv"
"""Queries written by someone who saw the data but not the code."""
DATA_FILE = ROOT / "data" / "contacts.yaml"


@dataclass(frozen=True, slots=True)
class Case:
    kind: str
    query: str
    acceptable: frozenset[str]
    """Ids of acceptable first answers; empty when the query must find nothing."""


@dataclass(frozen=True, slots=True)
class Outcome:
    case: Case
    answers: tuple[str, ...]

    @property
    def correct(self) -> bool:
        if not self.case.acceptable:
            return not self.answers
        return bool(self.answers) and self.answers[0] in self.case.acceptable


def cases(path: Path = RELEVANCE_SET) -> list[Case]:
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, query, answers = [*line.split("\t"), ""][:3]
        found.append(Case(kind, query, frozenset(a for a in answers.split(",") if a)))
    return found


def evaluate(directory: Directory, selected: list[Case]) -> list[Outcome]:
    return [Outcome(c, tuple(m.contact.id for m in directory.search(c.query))) for c in selected]
