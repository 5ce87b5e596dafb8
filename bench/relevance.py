"""Top-1 accuracy of the search over the relevance set in tests/data/relevance.tsv."""

from __future__ import annotations

from collections import Counter
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


def run() -> dict[str, float]:
    directory = Directory.load(DATA_FILE)
    figures = {}
    for name, path in (("relevance", RELEVANCE_SET), ("held-out", HELD_OUT_SET)):
        outcomes = evaluate(directory, cases(path))
        answerable = [o for o in outcomes if o.case.acceptable]
        nonsense = [o for o in outcomes if not o.case.acceptable]
        accuracy = sum(o.correct for o in answerable) / len(answerable)
        by_kind = Counter(o.case.kind for o in answerable if o.correct)
        totals = Counter(o.case.kind for o in answerable)
        print(
            f"{name}: top-1 {accuracy:.1%} of {len(answerable)} queries; "
            f"{sum(o.correct for o in nonsense)}/{len(nonsense)} nonsense queries find nothing"
        )
        print("  " + ", ".join(f"{kind} {by_kind[kind]}/{totals[kind]}" for kind in totals))
        for outcome in outcomes:
            if not outcome.correct:
                print(f"  miss: {outcome.case.query!r} → {list(outcome.answers[:3])}")
        figures[f"{name}_top1"] = accuracy
    return figures
