"""Top-1 accuracy over the relevance sets, per kind of message, asked through the conversation."""

from __future__ import annotations

import os

from testing.relevance import ALL_SETS, REPORTED_KINDS, by_kind, cases, evaluate

from kontakt import Directory


def run(*, show_misses: bool = bool(os.environ.get("KONTAKT_BENCH_MISSES"))) -> dict[str, float]:
    """Print a table of correct/total per set and kind; misses with ``KONTAKT_BENCH_MISSES=1``."""
    figures: dict[str, float] = {}
    totals: dict[str, list[int]] = {kind: [0, 0] for kind in REPORTED_KINDS}
    print("relevance (top-1 correct / messages; small talk and nonsense: no contact shown)")
    for relevance_set in ALL_SETS:
        directory = Directory.load(relevance_set.data)
        outcomes = evaluate(directory, cases(relevance_set.path))
        kinds = by_kind(outcomes)
        cells = []
        for kind in REPORTED_KINDS:
            if kind in kinds:
                correct, total = kinds[kind]
                totals[kind][0] += correct
                totals[kind][1] += total
                cells.append(f"{kind} {correct}/{total}")
        overall = sum(o.correct for o in outcomes) / len(outcomes)
        figures[f"{relevance_set.name}_top1"] = overall
        print(f"  {relevance_set.name:<10} {overall:6.1%}  " + ", ".join(cells))
        if show_misses:
            for outcome in outcomes:
                if not outcome.correct:
                    print(
                        f"    miss [{outcome.case.kind}] {outcome.case.query!r} → "
                        f"{list(outcome.answers[:3])}"
                    )
    print(
        "  all sets   "
        + ", ".join(f"{kind} {c}/{t} ({c / t:.0%})" for kind, (c, t) in totals.items() if t)
    )
    for kind, (correct, total) in totals.items():
        if total:
            figures[f"top1_{kind}"] = correct / total
    return figures


if __name__ == "__main__":
    run(show_misses=True)
