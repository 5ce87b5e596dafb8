"""Top-1 accuracy of the search over the relevance sets, per kind of query."""

from __future__ import annotations

from collections import Counter

from testing.relevance import DATA_FILE, HELD_OUT_SET, RELEVANCE_SET, cases, evaluate

from kontakt import Directory


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
