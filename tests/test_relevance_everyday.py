"""Residents' everyday messages (``tests/data/relevance-everyday.tsv`` on the bundled data and
``tests/data/relevance-alvby.tsv`` on the Älvby example), asked through the conversation.

The sets were written from the data before the search was tuned for them. The floors below
are the figures measured when this test was written, so a change that loses ground fails;
the README lists the first run's figures beside these.
"""

from __future__ import annotations

import pytest
from testing.relevance import (
    ALVBY_SET,
    EVERYDAY_SET,
    REPORTED_KIND,
    Outcome,
    by_kind,
    cases,
    evaluate,
)

from kontakt import Directory
from support.paths import ROOT

# Reported kind → the least share of its messages answered right (or, for small talk and
# nonsense, given no contact).
FLOORS = {
    "names": 1.0,
    "titles": 0.9,
    "topics": 1.0,
    "questions": 1.0,
    "everyday": 0.89,
    "synonyms": 0.79,
    "English": 0.77,
    "small talk": 1.0,
    "nonsense": 0.85,
}


@pytest.fixture(scope="module")
def outcomes() -> list[Outcome]:
    everyday = evaluate(Directory.load(ROOT / "data" / "contacts.yaml"), cases(EVERYDAY_SET))
    alvby = evaluate(Directory.load(ROOT / "examples" / "alvby.yaml"), cases(ALVBY_SET))
    return everyday + alvby


def test_the_sets_are_large_and_cover_every_kind() -> None:
    selected = cases(EVERYDAY_SET) + cases(ALVBY_SET)
    assert len(selected) >= 200
    assert {c.kind for c in selected} >= {
        "everyday",
        "synonym",
        "english",
        "smalltalk",
        "nonsense",
        "question",
    }


@pytest.mark.parametrize("kind", list(FLOORS))
def test_each_kind_holds_its_measured_floor(outcomes: list[Outcome], kind: str) -> None:
    correct, total = by_kind(outcomes)[kind]
    misses = [
        (o.case.query, o.answers[:2])
        for o in outcomes
        if not o.correct and REPORTED_KIND[o.case.kind] == kind
    ]
    assert correct / total >= FLOORS[kind], misses


def test_every_small_talk_message_gets_no_contact(outcomes: list[Outcome]) -> None:
    small_talk = [o for o in outcomes if o.case.kind == "smalltalk"]
    assert len(small_talk) >= 30
    assert [o.case.query for o in small_talk if o.answers] == []
