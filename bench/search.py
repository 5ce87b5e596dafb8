"""Search at 1,000, 10,000 and 100,000 synthetic people, against the naive rapidfuzz scan.

Queries: typo'd names, titles, topics alone or in a question, everyday sentences around a
topic, and phone numbers. The index is built as a directory builds it, with the bundled
vocabulary read from its file; the word lists (simplemma, wordfreq) are read once per process,
before any timing, as the bot does at start.

The naive approach is one string per contact and ``process.extract(query, strings,
scorer=WRatio)``. Targets at 100,000: p99 ≤ 5 ms, median ≥ 50× faster than the naive scan,
recall@5 on typo'd names ≥ 95 % and not below the naive scan's, index build ≤ 3 s.
"""

from __future__ import annotations

import gc
import random
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bench.timing import median, percentile
from kontakt import Contact, Directory, _wordforms
from kontakt._loader import bundled_vocabulary
from kontakt._search import SearchIndex
from kontakt._vocabulary import Vocabulary
from testing import synthetic

SIZES = (1_000, 10_000, 100_000)
QUERIES = {"typo": 200, "title": 70, "topic": 70, "sentence": 60, "number": 60}
NAIVE_QUERIES = 60
"""The naive scan takes a quarter of a second per query at 100,000; a sample is enough."""
LETTERS = "abcdefghijklmnopqrstuvwxyzåäö"


@dataclass(frozen=True, slots=True)
class Query:
    kind: str
    text: str
    name: str | None = None
    """For typo'd names: the full name any of the top five must have."""


def run(sizes: tuple[int, ...] = SIZES) -> dict[str, float]:
    figures: dict[str, float] = {}
    _wordforms.load()  # once per process, as the bot does at start
    print(
        "search: size, index build (median of 3, fastest–slowest), memory, "
        "latency p50/p99, naive p50, speed-up, recall@5"
    )
    for size in sizes:
        figures.update(_run_size(size))
    return figures


def _run_size(size: int) -> dict[str, float]:
    rng = random.Random(size)
    staff = synthetic.people(size)
    directory = Directory.from_text(synthetic.data_file(staff), path=f"<{size} people>")
    contacts = tuple(directory)
    build_seconds, build_fastest, build_slowest = _build_time(contacts)
    memory = _index_bytes(contacts) / size
    directory.prepare()
    queries = _queries(staff, rng)

    def ours_for(query: Query) -> list[Contact]:
        return [m.contact for m in directory.search(query.text)]

    def naive_for(query: Query) -> list[Contact]:
        return _naive(query.text, strings, contacts)

    strings = [_naive_string(c) for c in contacts]
    ours = [_timed(ours_for, q) for q in queries]
    latencies = [seconds for seconds, _ in ours]
    sample = rng.sample(range(len(queries)), min(NAIVE_QUERIES, len(queries)))
    naive = {i: _timed(naive_for, queries[i]) for i in sample}
    naive_latencies = [seconds for seconds, _ in naive.values()]
    typo = [i for i, q in enumerate(queries) if q.kind == "typo"]
    recall = _recall([queries[i] for i in typo], [ours[i][1] for i in typo])
    typo_sampled = [i for i in sample if queries[i].kind == "typo"]
    naive_recall = _recall([queries[i] for i in typo_sampled], [naive[i][1] for i in typo_sampled])
    ours_on_sample = _recall([queries[i] for i in typo_sampled], [ours[i][1] for i in typo_sampled])
    p50, p99 = median(latencies), percentile(latencies, 0.99)
    naive_p50 = median(naive_latencies)
    print(
        f"  {size:>7,}: build {build_seconds:.2f} s ({build_fastest:.2f}–{build_slowest:.2f}), "
        f"index {memory:.0f} bytes/contact, "
        f"p50 {p50 * 1e3:.2f} ms, p99 {p99 * 1e3:.2f} ms, naive p50 {naive_p50 * 1e3:.1f} ms, "
        f"{naive_p50 / p50:.0f}× faster, recall@5 {recall:.1%} "
        f"(on the naive sample: ours {ours_on_sample:.1%}, naive {naive_recall:.1%}, "
        f"{len(typo_sampled)} queries)"
    )
    return {
        f"build_{size}_s": build_seconds,
        f"memory_{size}_bytes": memory,
        f"p50_{size}_ms": p50 * 1e3,
        f"p99_{size}_ms": p99 * 1e3,
        f"naive_p50_{size}_ms": naive_p50 * 1e3,
        f"recall5_{size}": recall,
        f"naive_recall5_{size}": naive_recall,
    }


def _build_time(contacts: tuple[Contact, ...]) -> tuple[float, float, float]:
    """Median, fastest and slowest of three builds."""
    durations = []
    for _ in range(3):
        gc.collect()
        started = time.perf_counter()
        # As a directory builds it: with the bundled vocabulary, read from its file.
        bundled_vocabulary.cache_clear()
        SearchIndex(contacts, vocabulary=Vocabulary(dict(bundled_vocabulary())))
        durations.append(time.perf_counter() - started)
    return median(durations), min(durations), max(durations)


def _index_bytes(contacts: tuple[Contact, ...]) -> int:
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    index = SearchIndex(contacts)
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del index
    return after - before


def _timed(action: Callable[[Query], list[Contact]], query: Query) -> tuple[float, list[Contact]]:
    started = time.perf_counter()
    result = action(query)
    return time.perf_counter() - started, result


def _queries(staff: list[synthetic.Person], rng: random.Random) -> list[Query]:
    queries = []
    for _ in range(QUERIES["typo"]):
        person = rng.choice(staff)
        first, last = person.first_name, person.last_name
        if rng.random() < 0.7:
            last = _typo(last, rng)
        else:
            first = _typo(first, rng)
        queries.append(Query("typo", f"{first} {last}", f"{person.first_name} {person.last_name}"))
    for _ in range(QUERIES["title"]):
        title = rng.choice(synthetic.TITLES)
        queries.append(Query("title", rng.choice([title, title.lower(), _typo(title, rng)])))
    for _ in range(QUERIES["topic"]):
        topic = rng.choice(synthetic.TOPICS)
        queries.append(
            Query("topic", rng.choice([topic, f"vem ska jag kontakta om {topic}?", topic + "en"]))
        )
    for _ in range(QUERIES["sentence"]):
        topic = rng.choice(synthetic.TOPICS).lower()
        queries.append(
            Query(
                "sentence",
                rng.choice(
                    [
                        f"hej, nån som vet nåt om {topic} för barnen i skolan",
                        f"min granne säger att {topic} är konstigt här, vem ska jag prata med",
                        f"who can help me with {topic} please thanks",
                    ]
                ),
            )
        )
    for _ in range(QUERIES["number"]):
        person = rng.choice(staff)
        digits = "".join(ch for ch in person.landline if ch.isdigit())
        queries.append(
            Query(
                "number",
                rng.choice([person.landline, digits, "+46 " + digits[1:], "0046" + digits[1:]]),
            )
        )
    rng.shuffle(queries)
    return queries


def _typo(word: str, rng: random.Random) -> str:
    """One slip of the keyboard: a letter dropped, doubled, swapped or replaced."""
    if len(word) < 3:
        return word
    at = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("drop", "double", "swap", "replace"))
    if kind == "drop":
        return word[:at] + word[at + 1 :]
    if kind == "double":
        return word[:at] + word[at] + word[at:]
    if kind == "swap":
        return word[: at - 1] + word[at] + word[at - 1] + word[at + 1 :]
    return word[:at] + rng.choice(LETTERS) + word[at + 1 :]


def _naive_string(contact: Contact) -> str:
    parts = [contact.name, contact.title, contact.department, *contact.topics, contact.email]
    parts += [phone.display for phone in contact.phones]
    return " ".join(p for p in parts if p)


def _naive(query: str, strings: list[str], contacts: tuple[Contact, ...]) -> list[Contact]:
    return [contacts[i] for _, _, i in process.extract(query, strings, scorer=fuzz.WRatio, limit=5)]


def _recall(queries: list[Query], results: list[list[Contact]]) -> float:
    if not queries:
        return float("nan")
    hits = sum(
        any(c.full_name == q.name for c in found[:5])
        for q, found in zip(queries, results, strict=True)
    )
    return hits / len(queries)
