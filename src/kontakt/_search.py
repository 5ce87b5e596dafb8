"""Search: an inverted index over Swedish word forms, scored with rapidfuzz and numpy.

A query is split into words; filler words ("vem", "ska", "jag", "who", "the") are dropped and
glossary words translated ("snow removal" → snöröjning). Each remaining word is looked up as
written, as a spelling variant, without an inflection ending, as the start of a longer word, as
a compound of a known word, and by edit distance among words of a similar length; two
neighbouring words are also tried as one ("god man", "Per Olof").

A contact's score is half the weighted mean of its best match for each query word and half its
single best match, each match weighted by the field it is in. A query word counts by how well
anything matches it, so a word the index has never seen counts against nobody ("Erik Svensson
pizza" still finds Erik Svensson), and a query where no word is known finds nothing.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from kontakt import _swedish
from kontakt._lexicon import Lexicon, Unit
from kontakt._model import Contact, Kind

MAX_QUERY_CHARS = 256
"""A longer query is cut to this length before it is searched."""
MAX_QUERY_WORDS = 24
RELEVANCE_FLOOR = 75.0
"""Contacts scoring below this are not answers, however few the results."""


class Field(enum.StrEnum):
    """What matched."""

    NAME = "name"
    TITLE = "title"
    DEPARTMENT = "department"
    TOPIC = "topic"
    EMAIL = "email"
    PHONE = "phone"


# A match in a name says more than one in a department; the order also breaks ties.
_FIELD_WEIGHT = {
    Field.NAME: 1.0,
    Field.TITLE: 0.95,
    Field.TOPIC: 0.95,
    Field.EMAIL: 0.9,
    Field.DEPARTMENT: 0.9,
}
_FIELDS = tuple(_FIELD_WEIGHT)
_FIELD_CODE = {field: code for code, field in enumerate(_FIELDS)}

_TIE = 0.05
_COVERAGE_SHARE = 0.5

# Starting only at the start of a word and never giving back what a word matched keeps this
# linear in the length of a text; otherwise a long word is read again from each of its letters.
_HYPHENATED = re.compile(r"(?<!\w)\w++(?:-\w++)+")
_TRAILING_DIGITS = re.compile(r"\d+$")


@dataclass(frozen=True, slots=True)
class Match:
    """One answer: the contact, how well it matched (0-100) and in which field."""

    contact: Contact
    score: float
    field: Field


class Matches(list[Match]):
    """Search results, best first, with a word on whether the best ones are equally good."""

    @property
    def ambiguous(self) -> bool:
        """True when the best matches score the same: ask which one was meant."""
        return len(self) >= 2 and self[0].score - self[1].score <= _TIE

    @property
    def best(self) -> list[Match]:
        """The matches that share the best score (one, unless ambiguous)."""
        if not self:
            return []
        return [m for m in self if self[0].score - m.score <= _TIE]


class SearchIndex:
    """Word forms of every contact, built once per directory.

    Postings are numpy arrays of contact indices per (word, field), so scoring a query costs a
    few vector operations over all contacts, however common its words are.
    """

    def __init__(self, contacts: Sequence[Contact], *, filler: Iterable[str] = ()) -> None:
        self._contacts = contacts
        gathered: dict[str, list[list[int]]] = {}
        for index, contact in enumerate(contacts):
            for field, words in _terms(contact):
                code = _FIELD_CODE[field]
                for word in words:
                    lists = gathered.get(word)
                    if lists is None:
                        lists = gathered[word] = [[] for _ in _FIELDS]
                    lists[code].append(index)
        self._postings: dict[str, tuple[tuple[int, npt.NDArray[np.int32]], ...]] = {
            word: tuple(
                (code, np.array(indices, dtype=np.int32))
                for code, indices in enumerate(lists)
                if indices
            )
            for word, lists in gathered.items()
        }
        """Folded word → (field code, contact indices) for each field it occurs in."""
        self._lexicon = Lexicon(gathered, filler=_swedish.FILLER_WORDS | frozenset(filler))
        # Equal scores: services (shared functions) before people, then by name.
        order = sorted(
            range(len(contacts)),
            key=lambda i: (
                contacts[i].kind is not Kind.SERVICE,
                _swedish.fold(contacts[i].name),
                i,
            ),
        )
        self._tiebreak = np.empty(len(contacts), dtype=np.int32)
        self._tiebreak[order] = np.arange(len(contacts), dtype=np.int32)

    def search(
        self,
        query: str,
        *,
        limit: int = 5,
        min_score: float = RELEVANCE_FLOOR,
    ) -> Matches:
        """The contacts whose words best match ``query``, best first; see the module's text."""
        query = query[:MAX_QUERY_CHARS]
        if limit <= 0 or not query.strip() or not self._contacts:
            return Matches()
        words = _swedish.translate(_swedish.words(query)[:MAX_QUERY_WORDS])
        units = [unit for unit in self._lexicon.units(words) if unit.words]
        known = sorted({p for unit in units for p in unit.positions})
        if not known:
            return Matches()
        size = len(self._contacts)
        coverage = np.zeros(size, dtype=np.float32)
        top = np.zeros(size, dtype=np.float32)
        top_field = np.zeros(size, dtype=np.int8)
        total_weight = 0.0
        for position in known:
            best = np.zeros(size, dtype=np.float32)
            best_field = np.zeros(size, dtype=np.int8)
            for unit in units:
                if position in unit.positions:
                    self._score_unit(unit, best, best_field)
            # A word counts by how well anything matches it: a word only some fuzzy near-miss
            # answers ("lämna" ~ "lampa") weighs little against one the index knows exactly.
            weight = (float(best.max()) / 100.0) ** 4
            total_weight += weight
            coverage += weight * best
            better = best > top
            top[better] = best[better]
            top_field[better] = best_field[better]
        # Half coverage (the weighted mean over known words), half the strongest match: a
        # contact that answers every word wins, but one clear match survives a stray word.
        scores: npt.NDArray[np.float64] = np.round(
            _COVERAGE_SHARE * coverage.astype(np.float64) / total_weight
            + (1 - _COVERAGE_SHARE) * top.astype(np.float64),
            1,
        )
        return self._rank(scores, top_field, limit, min_score)

    def _score_unit(
        self, unit: Unit, best: npt.NDArray[np.float32], best_field: npt.NDArray[np.int8]
    ) -> None:
        """Raise each contact's best score for this word to what ``unit`` gives it."""
        for word, similarity in unit.words.items():
            for code, indices in self._postings[word]:
                score = np.float32(similarity * _FIELD_WEIGHT[_FIELDS[code]])
                better = indices[best[indices] < score]
                best[better] = score
                best_field[better] = code

    def _rank(
        self,
        scores: npt.NDArray[np.float64],
        fields: npt.NDArray[np.int8],
        limit: int,
        min_score: float,
    ) -> Matches:
        candidates = np.flatnonzero(scores >= min_score)
        if candidates.size > limit:
            # Everything that can reach the top ``limit``, ties included, then an exact order.
            kth = np.partition(scores[candidates], candidates.size - limit)[candidates.size - limit]
            candidates = candidates[scores[candidates] >= kth]
        order = np.lexsort((self._tiebreak[candidates], fields[candidates], -scores[candidates]))[
            :limit
        ]
        return Matches(
            Match(self._contacts[i], float(scores[i]), _FIELDS[fields[i]])
            for i in candidates[order].tolist()
        )


def _terms(contact: Contact) -> Iterator[tuple[Field, frozenset[str]]]:
    """The folded words under which a contact is found, per field."""
    if contact.kind is Kind.PERSON:
        # Multi-word first or last names are also one word ("Per Olof", "von Essen"); the whole
        # name joined is not, or every "Göran" would begin a hundred longer words.
        name_words = _words_of((contact.first_name, contact.last_name), join_whole=True)
        name_words |= _words_of((contact.name,))
    else:
        name_words = _words_of((contact.name,), join_whole=True)
    yield Field.NAME, name_words
    if contact.title:
        yield Field.TITLE, _words_of((contact.title,))
    if contact.department:
        yield Field.DEPARTMENT, _department_words(contact.department)
    if contact.topics:
        yield Field.TOPIC, _topic_words(contact.topics)
    if contact.email:
        local = contact.email.partition("@")[0]
        extra = frozenset(_TRAILING_DIGITS.sub("", w) for w in _swedish.words(local)) - name_words
        if extra - {""}:
            yield Field.EMAIL, extra - {""}


def _words_of(texts: Iterable[str | None], *, join_whole: bool = False) -> frozenset[str]:
    """The words of each text, as :func:`_text_words` gives them."""
    found: frozenset[str] = frozenset()
    for text in texts:
        if text:
            found |= _text_words(text, join_whole=join_whole)
    return found


# Staff share titles, departments, topics and often names: each text is worked out once.
@functools.lru_cache(maxsize=65536)
def _text_words(text: str, *, join_whole: bool) -> frozenset[str]:
    """Each word, hyphenated words joined (``IT-support`` → ``itsupport``) and shared-hyphen
    compounds spelt out; with ``join_whole``, a multi-word text also as one word
    (``god man`` → ``godman``, ``von Essen`` → ``vonessen``)."""
    words = _swedish.words(text)
    found = set(words)
    for hyphenated in _HYPHENATED.findall(text):
        found.add("".join(_swedish.words(hyphenated)))
    found.update(_swedish.shared_hyphen_compounds(text))
    if join_whole and len(words) > 1:
        found.add("".join(words))
    return frozenset(found)


@functools.lru_cache(maxsize=4096)
def _department_words(department: str) -> frozenset[str]:
    words = _words_of((department,))
    return words | {name for word in words for name in _swedish.unit_names(word)}


@functools.lru_cache(maxsize=65536)
def _topic_words(topics: tuple[str, ...]) -> frozenset[str]:
    words = _words_of(topics, join_whole=True)
    # Inflected topics ("kvällar och helger") answer the base form ("helg") as well.
    return words | {stem for word in words for stem in _swedish.stems(word)}
