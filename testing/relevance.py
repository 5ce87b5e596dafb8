"""Relevance sets (``tests/data/relevance*.tsv``): messages with the ids that may answer them
first, asked and scored the same way by the tests and by ``make bench``.

A message is asked as a resident asks it, through :class:`kontakt.Conversation`: its answers
are the card's contact or the offered choices, in order, and nothing for a reply without a
contact (no match, small talk). A message with no acceptable ids must get no contact.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from kontakt import Conversation, Directory
from kontakt._conversation import Card, Choices

ROOT = Path(__file__).resolve().parent.parent
SETS = ROOT / "tests" / "data"
DATA_FILE = ROOT / "data" / "contacts.yaml"
"""What Lessebo kommun publishes: two entries."""
SOLSJO_FILE = ROOT / "examples" / "solsjo.yaml"
"""The fictional Solsjö kommun, 36 entries: the staff list most sets are asked of."""
ALVBY_FILE = ROOT / "examples" / "alvby.yaml"


@dataclass(frozen=True, slots=True)
class RelevanceSet:
    name: str
    path: Path
    data: Path


RELEVANCE_SET = SETS / "relevance.tsv"
HELD_OUT_SET = SETS / "relevance-heldout.tsv"
"""Queries written by someone who saw the data but not the code."""
EVERYDAY_SET = SETS / "relevance-everyday.tsv"
ALVBY_SET = SETS / "relevance-alvby.tsv"
LESSEBO_SET = SETS / "relevance-lessebo.tsv"
FRESH_SET = SETS / "relevance-fresh.tsv"
FRESH_ALVBY_SET = SETS / "relevance-fresh-alvby.tsv"
"""Written after the search was tuned on the sets above, from the data alone: how well the
tuning carries over to messages it never saw."""
FRESH2_SET = SETS / "relevance-fresh2.tsv"
FRESH2_ALVBY_SET = SETS / "relevance-fresh2-alvby.tsv"
"""Written the same way after the second round of tuning, aimed at what was still missed:
role names, a place or group beside the subject, private and commercial questions."""
TRADES_SET = SETS / "relevance-trades.tsv"
"""Customers' questions about trades (no contact) beside owners' and neighbours' about the
same trades (the entry that handles them), written after the third round."""

FRESH3_SET = SETS / "relevance-fresh3.tsv"
FRESH3_ALVBY_SET = SETS / "relevance-fresh3-alvby.tsv"
"""Written the same way after the fourth round (a time, a trade, a second clause, English words
read as English), to measure how far it carries."""

ALL_SETS = (
    RelevanceSet("relevance", RELEVANCE_SET, SOLSJO_FILE),
    RelevanceSet("held-out", HELD_OUT_SET, SOLSJO_FILE),
    RelevanceSet("everyday", EVERYDAY_SET, SOLSJO_FILE),
    RelevanceSet("alvby", ALVBY_SET, ALVBY_FILE),
    RelevanceSet("fresh", FRESH_SET, SOLSJO_FILE),
    RelevanceSet("fresh alvby", FRESH_ALVBY_SET, ALVBY_FILE),
    RelevanceSet("fresh2", FRESH2_SET, SOLSJO_FILE),
    RelevanceSet("fresh2 alvby", FRESH2_ALVBY_SET, ALVBY_FILE),
    RelevanceSet("trades", TRADES_SET, ALVBY_FILE),
    RelevanceSet("fresh3", FRESH3_SET, SOLSJO_FILE),
    RelevanceSet("fresh3 alvby", FRESH3_ALVBY_SET, ALVBY_FILE),
    RelevanceSet("lessebo", LESSEBO_SET, DATA_FILE),
)

# How the sets' kinds are reported together: each set names them a little differently.
REPORTED_KIND = {
    "name": "names",
    "typo": "names",
    "variant": "names",
    "email": "names",
    "phone": "names",
    "title": "titles",
    "department": "titles",
    "topic": "topics",
    "mixed": "questions",
    "question": "questions",
    "greeting+question": "questions",
    "everyday": "everyday",
    "synonym": "synonyms",
    "english": "English",
    "smalltalk": "small talk",
    "nonsense": "nonsense",
}
REPORTED_KINDS = tuple(dict.fromkeys(REPORTED_KIND.values()))
"""The reported kinds in the order they are printed."""


@dataclass(frozen=True, slots=True)
class Case:
    kind: str
    query: str
    acceptable: frozenset[str]
    """Ids of acceptable first answers; empty when the message must get no contact."""


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


def answers(conversation: Conversation, message: str) -> tuple[str, ...]:
    """The contact ids a resident is shown for ``message``, first one first."""
    reply = conversation.ask(message, "sv")
    if isinstance(reply, Card):
        return (reply.contact.id,)
    if isinstance(reply, Choices):
        return tuple(contact.id for contact in reply.contacts)
    return ()


OFFICE_HOURS = datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
"""A Tuesday morning: every set is asked while offices are open, so an answer never depends on
the time the tests run (at night an on-call line may come first)."""


def evaluate(directory: Directory, selected: list[Case]) -> list[Outcome]:
    conversation = Conversation(directory.public(), clock=lambda: OFFICE_HOURS)
    return [Outcome(case, answers(conversation, case.query)) for case in selected]


def by_kind(outcomes: list[Outcome]) -> dict[str, tuple[int, int]]:
    """Reported kind → (correct, total)."""
    correct: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for outcome in outcomes:
        kind = REPORTED_KIND.get(outcome.case.kind, outcome.case.kind)
        total[kind] += 1
        correct[kind] += outcome.correct
    return {kind: (correct[kind], total[kind]) for kind in total}
