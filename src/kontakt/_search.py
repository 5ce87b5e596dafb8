"""Search: an inverted index over Swedish word forms, scored with rapidfuzz and numpy.

A query is split into words; filler words ("vem", "ska", "jag", "who", "the") are dropped. Each
remaining word is looked up in the directory's words (``_lexicon``: as written, misspelt, in
base form, as compound parts, through the vocabulary) and weighed by how telling it is: how
rare it is in ordinary Swedish and English (wordfreq) and how few entries it points at. So
"simskola" or "dricksvattnet" decides an answer and "barn", "nytt" or "hjälp" barely sways it.

A contact's score is half the weighted mean of its best match for each word and half its single
best match, each match weighted by the field it is in. A word that matches nothing lowers the
score a little, never to nothing, so one telling word still answers a long sentence; a message
whose matched words tell little ("trevlig helg", a lone "barn") gets suggestions, not answers.
"""

from __future__ import annotations

import enum
import functools
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from kontakt import _swedish, _wordforms
from kontakt._lexicon import Lexicon, QuestionWords, Unit
from kontakt._model import Contact, Kind
from kontakt._vocabulary import Vocabulary

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
# When a query's postings cover more than a quarter of the directory, scoring works on every
# contact rather than on the ones touched: gathering them would cost more than it saves.
_DENSE_SHARE = 4
_COVERAGE_SHARE = 0.5
# How telling a word is, from its Zipf frequency in ordinary text: 3 or rarer (altan,
# simskola) tells all, 6 or commoner (barn, hjälp) little.
_RARE_ZIPF, _COMMON_ZIPF = 3.0, 6.5
_LEAST_TELLING = 0.1
# A name tells who is meant however common it is as a word ("Anna", "Berg").
_NAME_TELLING = 0.8
# A name query is short: in a sentence, "per" in "per månad" is not Per.
_NAME_QUERY_WORDS = 3
# A word the vocabulary knows names something a municipality does, however common it is.
_MEANING_TELLING = 0.6
# How much it lowers a word's weight to point at many entries (all of them: this much).
_SPREAD_DISCOUNT = 0.6
# Below this much telling evidence a contact is only a suggestion, however well it matched.
_MIN_EVIDENCE = 0.3
_SUGGESTION_CAP = 60.0
# A compound's match for a contact is the mean over its parts, raised by all but this share
# of the way to its best part: with one of two parts ("chef" of "brandchef") at 95, 81.
_MISSING_PART = 0.3
# A question's subject is its first word this telling that the directory knows well. Words in
# a phrase after it ("till Skruvs skola", "i kommunens fastigheter") narrow it: they are this
# share as telling, and match contacts the subject does not point at by _ELSEWHERE of their
# match. One the directory lacks ("puben") still tells that the question may be about
# something else.
_SUBJECT_TELLING = 0.5
_SUBJECT_MATCH = 85.0
_MODIFIER = 0.35
_ELSEWHERE = 0.5
# A word points at the contacts it matches this close to its best match.
_LEADING = 0.95
_ASKING = frozenset({"vem", "who"})
_WHICH = frozenset({"vilken", "vilket", "vilka", "which"})
_OPENING = frozenset({"open", "oppnar", "oppna"})
_ARTICLES = frozenset(
    {"a", "an", "my", "our", "en", "ett", "min", "mitt", "var", "vart", "egen", "eget"}
)
_TRADE_TAIL = 6
# Telling words the directory has never seen lower every score by up to this share.
_UNKNOWN_DISCOUNT = 0.08
# In an English question most words are unknown to a Swedish staff list: they count half.
_ENGLISH_UNKNOWN = 0.5

# Starting only at the start of a word and never giving back what a word matched keeps this
# linear in the length of a text; otherwise a long word is read again from each of its letters.
_HYPHENATED = re.compile(r"(?<!\w)\w++(?:-\w++)+")
_TRAILING_DIGITS = re.compile(r"\d+$")
_SPELLING_VARIANT_SCORE = 90.0
"""A name matched at least this well (as written or spelt otherwise, not fuzzily)."""


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
    few vector operations over the contacts its words touch, however common they are.
    """

    def __init__(
        self,
        contacts: Sequence[Contact],
        *,
        filler: Iterable[str] = (),
        vocabulary: Vocabulary | None = None,
    ) -> None:
        self._contacts = contacts
        gathered = _gather(contacts)
        self._postings = _Postings(
            {
                word: tuple(
                    (code, np.sort(np.array(indices, dtype=np.int32)))
                    for code, indices in enumerate(lists)
                    if indices
                )
                for word, lists in gathered.items()
            },
            np.array([c.kind is Kind.PERSON for c in contacts], dtype=bool),
        )
        skipped = _swedish.FILLER_WORDS | frozenset(filler)
        self._meanings = QuestionWords(
            # A filler word in a name ("Gata och park") is no one's subject: left out, "ok"
            # (spelt like "och") cannot find it.
            Lexicon(
                [word for word in gathered if word not in skipped],
                spelled_out=_spelled_out(contacts),
                derived=_unit_names(contacts, gathered),
                names=_names_only(contacts, gathered),
            ),
            filler=skipped,
            parts=_compound_parts(gathered),
            vocabulary=vocabulary,
        )
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
        tokens = _swedish.tokens(query)[:MAX_QUERY_WORDS]
        english = _wordforms.clearly_english([raw for _, raw in tokens])
        units = [
            unit
            for unit in self._meanings.units(tokens, english=english)
            if unit.words or unit.parts
        ]
        content = self._meanings.content(tokens)
        known = sorted({p for unit in units for p in unit.positions})
        trades = _TradeWords.of(tokens)
        if not known or _declined(tokens, units, known, trades, self._postings.names_service):
            return Matches()
        # Only contacts some word matches can score: everything below works on them alone.
        universe, postings = self._postings.candidates(units)
        size = universe.size
        coverage = np.zeros(size, dtype=np.float32)
        top = np.zeros(size, dtype=np.float32)
        top_field = np.zeros(size, dtype=np.int8)
        scratch = np.empty(size, dtype=np.float32)
        better_scratch = np.empty(size, dtype=bool)
        total_weight = 0.0
        name_query = sum(content) <= _NAME_QUERY_WORDS
        matched = self._postings.match_words(
            tokens, units, known, universe, postings, name=name_query
        )
        trade = _trade_context(tokens, units, trades, self._postings.names_service)
        matched = _narrow(tokens, units, known, matched, trade)
        unknown_telling = [
            _telling(raw) * (_ENGLISH_UNKNOWN if english else 1.0)
            for position, (_, raw) in enumerate(tokens)
            if content[position] and position not in known
        ]
        unknown = sum(unknown_telling)
        # A telling word the directory lacks ("kebabpizza") keeps a common one it has ("kostar")
        # from answering alone.
        most_telling = max([*(telling for *_, telling in matched), *unknown_telling])
        for best, best_field, strongest, telling in matched:
            # A word counts by how well anything matches it: a word only some fuzzy near-miss
            # answers ("lämna" ~ "lampa") weighs little against one the index knows exactly.
            weight = (strongest / 100.0) ** 4 * telling**2
            total_weight += weight
            coverage += np.multiply(best, np.float32(weight), out=scratch)
            # The strongest match counts in full for the most telling words only: "gata" in
            # "sophämtningen har missat vår gata" does not outweigh "sophämtningen".
            reach = best
            if telling < most_telling:
                factor = np.float32(math.sqrt(telling / most_telling))
                reach = np.multiply(best, factor, out=scratch)
            # Masked copies rather than fancy indexing: one pass each, no index arrays.
            better = np.greater(reach, top, out=better_scratch)
            np.copyto(top_field, best_field, where=better)
            np.maximum(top, reach, out=top)
        # Half coverage (the weighted mean over known words), half the strongest match: a
        # contact that answers every telling word wins, but one clear match survives the rest.
        confidence = total_weight / (total_weight + unknown)
        # In place, in float32: at 100,000 contacts every pass over the arrays counts.
        scores = coverage
        scores *= np.float32(_COVERAGE_SHARE / total_weight)
        scores += np.multiply(top, np.float32(1 - _COVERAGE_SHARE), out=scratch)
        scores *= np.float32(1 - _UNKNOWN_DISCOUNT * (1 - confidence))
        # Little telling evidence (a lone common word) makes a suggestion at most. Only the
        # contacts above the cap can lose by it, usually few of them.
        above = np.flatnonzero(scores > _SUGGESTION_CAP)
        evidence = np.zeros(above.size, dtype=np.float32)
        for best, _, _, telling in matched:
            part = best[above]
            part *= part
            evidence += part * np.float32(telling / 1e4)
        scores[above[evidence < _MIN_EVIDENCE]] = _SUGGESTION_CAP
        # Scores are shown to a tenth; float32 is exact to far less than that.
        candidates = np.flatnonzero(scores >= min_score - 0.05)
        rounded = scores[candidates].astype(np.float64)
        np.round(rounded, 1, out=rounded)
        kept = rounded >= min_score
        return _rank(
            self._contacts,
            universe,
            self._tiebreak,
            _Candidates(candidates[kept], rounded[kept], top_field[candidates[kept]]),
            limit,
        )


@dataclass(frozen=True, slots=True)
class _Candidates:
    """Positions (among the query's candidates) of the contacts at or above the floor, with
    their scores and the fields that matched."""

    at: npt.NDArray[np.intp]
    scores: npt.NDArray[np.float64]
    fields: npt.NDArray[np.int8]


class _Postings:
    """Which contacts have each word, in which field, and the scoring of one word at a time."""

    def __init__(
        self,
        by_word: dict[str, tuple[tuple[int, npt.NDArray[np.int32]], ...]],
        is_person: npt.NDArray[np.bool_],
    ) -> None:
        self._by_word = by_word
        """Folded word → (field code, contact indices) for each field it occurs in."""
        self._is_person = is_person
        self._size = is_person.size
        self._everyone = np.arange(self._size, dtype=np.int32)

    def match_words(
        self,
        tokens: list[tuple[str, str]],
        units: list[Unit],
        known: list[int],
        universe: npt.NDArray[np.int32],
        postings: dict[str, list[tuple[int, npt.NDArray[np.int32]]]],
        *,
        name: bool,
    ) -> list[tuple[npt.NDArray[np.float32], npt.NDArray[np.int8], float, float]]:
        """For each known word: each candidate's best match and field, the strongest match,
        and how telling the word is."""
        size = universe.size
        is_person = self._is_person[universe]
        matched = []
        for position in known:
            best = np.zeros(size, dtype=np.float32)
            best_field = np.zeros(size, dtype=np.int8)
            phrase = meaning = False
            for unit in units:
                if position in unit.positions:
                    _score_unit(unit, postings, best, best_field)
                    phrase |= unit.phrase and max(unit.words.values()) >= _SPELLING_VARIANT_SCORE
                    meaning |= unit.meaning
            strongest = float(best.max())
            telling = _word_telling(
                _Matched(best, best_field, strongest, is_person, self._size),
                tokens[position][1],
                phrase=phrase,
                name=name,
            )
            if meaning:
                # A word the vocabulary knows names something a municipality does ("job").
                telling = max(telling, _MEANING_TELLING)
            matched.append((best, best_field, strongest, telling))
        return matched

    def names_service(self, unit: Unit) -> bool:
        """Whether a unit's word, as written, in base form or through the vocabulary, is a
        service's (a shared function: "Återvinningscentralen Norrmyran", or one whose topics
        name "simhall")."""
        return any(
            not self._is_person[indices].all()
            for word, similarity in unit.words.items()
            if similarity >= _SUBJECT_MATCH
            for _, indices in self._by_word[word]
        )

    def candidates(
        self, units: list[Unit]
    ) -> tuple[npt.NDArray[np.int32], dict[str, list[tuple[int, npt.NDArray[np.int32]]]]]:
        """The contacts any unit matches, and each matched word's postings as positions
        among them."""
        words = {word for unit in units for word in unit.forms()}
        size = self._size
        if sum(i.size for word in words for _, i in self._by_word[word]) * _DENSE_SHARE > size:
            # Common words touch much of the directory: then every contact is a candidate.
            return self._everyone, {word: list(self._by_word[word]) for word in words}
        touched = np.zeros(size, dtype=bool)
        for word in words:
            for _, indices in self._by_word[word]:
                touched[indices] = True
        # A pass over a boolean per contact is far cheaper than sorting the postings.
        universe = np.flatnonzero(touched).astype(np.int32)
        local = np.empty(size, dtype=np.int32)
        local[universe] = np.arange(universe.size, dtype=np.int32)
        postings = {
            word: [(code, local[indices]) for code, indices in self._by_word[word]]
            for word in words
        }
        return universe, postings


@dataclass(frozen=True, slots=True)
class _Matched:
    """How well each candidate matched one query word, and in which field."""

    best: npt.NDArray[np.float32]
    field: npt.NDArray[np.int8]
    strongest: float
    is_person: npt.NDArray[np.bool_]
    directory_size: int


def _score_unit(
    unit: Unit,
    postings: dict[str, list[tuple[int, npt.NDArray[np.int32]]]],
    best: npt.NDArray[np.float32],
    best_field: npt.NDArray[np.int8],
) -> None:
    """Raise each candidate's best score for this word to what ``unit`` gives it."""
    _score_words(unit.words, postings, best, best_field)
    if not unit.parts:
        return
    # A compound read as its parts: each contact's mean over the parts, raised toward its
    # best part, so a contact that has them all ("Rektor förskola" for "förskolerektor")
    # outranks one with a single part, which still answers when nothing has both.
    part_best = np.zeros((len(unit.parts), best.size), dtype=np.float32)
    part_field = np.zeros((len(unit.parts), best.size), dtype=np.int8)
    for words, scores, fields in zip(unit.parts, part_best, part_field, strict=True):
        _score_words(words, postings, scores, fields)
    strongest = part_best.max(axis=0)
    mean = part_best.mean(axis=0)
    combined = mean + np.float32(1 - _MISSING_PART) * (strongest - mean)
    field = np.take_along_axis(part_field, part_best.argmax(axis=0)[np.newaxis], axis=0)[0]
    better = combined > best
    best[better] = combined[better]
    best_field[better] = field[better]


def _score_words(
    words: Mapping[str, float],
    postings: dict[str, list[tuple[int, npt.NDArray[np.int32]]]],
    best: npt.NDArray[np.float32],
    best_field: npt.NDArray[np.int8],
) -> None:
    # In a fixed order, so that of equal matches the same field wins in every process.
    for word, similarity in sorted(words.items()):
        for code, indices in postings[word]:
            score = np.float32(similarity * _FIELD_WEIGHT[_FIELDS[code]])
            better = indices[best[indices] < score]
            best[better] = score
            best_field[better] = code


def _rank(
    contacts: Sequence[Contact],
    universe: npt.NDArray[np.int32],
    tiebreak: npt.NDArray[np.int32],
    found: _Candidates,
    limit: int,
) -> Matches:
    indices = universe[found.at]
    # One integer per candidate that orders as (score, best first; field; tie-break): a
    # partition then finds the top ``limit`` in linear time, however many tie.
    tenths = np.rint(found.scores * 10).astype(np.int64)
    key = (_MOST_TENTHS - tenths) * len(_FIELDS) + found.fields.astype(np.int64)
    key *= len(tiebreak) + 1
    key += tiebreak[indices]
    order = np.arange(key.size)
    if key.size > limit:
        order = np.argpartition(key, limit - 1)[:limit]
    order = order[np.argsort(key[order])]
    return Matches(
        Match(
            contacts[int(indices[i])],
            float(found.scores[i]),
            _FIELDS[found.fields[i]],
        )
        for i in order.tolist()
    )


_MOST_TENTHS = 1000
"""A score of 100.0, in tenths."""


def _word_telling(matched: _Matched, raw: str, *, phrase: bool, name: bool) -> float:
    """How telling a matched word is: its rarity, raised for a person's name or a phrase
    read as one, lowered by how many entries it points at."""
    telling = max(_telling(raw), _NAME_TELLING) if phrase else _telling(raw)
    leading = matched.best >= matched.strongest * _LEADING
    if name and matched.strongest >= _SPELLING_VARIANT_SCORE:
        leaders = np.flatnonzero(leading)
        names = matched.field[leaders] == _FIELD_CODE[Field.NAME]
        if bool(np.any(matched.is_person[leaders] & names)):
            telling = max(telling, _NAME_TELLING)
    if matched.directory_size > 1:
        spread = math.log(np.count_nonzero(leading)) / math.log(matched.directory_size)
        telling *= 1 - _SPREAD_DISCOUNT * spread
    return telling


_WordMatch = tuple[npt.NDArray[np.float32], npt.NDArray[np.int8], float, float]
"""One query word: each candidate's best match and field, the strongest match, how telling."""


def _narrow(
    tokens: list[tuple[str, str]],
    units: list[Unit],
    known: list[int],
    matched: list[_WordMatch],
    trade: set[int],
) -> list[_WordMatch]:
    """``matched`` with the words of phrases that narrow the question's subject ("vem har
    hand om skolskjutsen till Skruvs skola") less telling, and matching less where the subject
    does not point: "Skruvs skola" picks among the subject's contacts, it names no other.
    So too the ``trade`` a question is set in ("puben mittemot spelar hög musik")."""
    # A time ("i helgen", "on the weekend") is no subject, unless a phrase holds it ("summer
    # job"). Beside a subject it picks among its contacts ("socialtjänsten en helg"); alone it
    # tells little: "vad blir det för väder i helgen" is no question for the out-of-hours line.
    in_phrase = {p for unit in units if unit.phrase for p in unit.positions}
    when = {p for p in known if p not in in_phrase and _is_time(tokens[p])}
    subject = _subject(tokens, units, known, matched, skip=when | trade)
    if subject is None:
        return [
            (best, field, strongest, telling * _MODIFIER if position in when else telling)
            for position, (best, field, strongest, telling) in zip(known, matched, strict=True)
        ]
    situation: set[int] = set()
    for request, verb in _requests(tokens):
        if request <= subject:
            break
        # "… och behöver försörjningsstöd": the last request with a subject of its own gives
        # the question's; the clause before it narrows like a phrase.
        requested = _subject(tokens, units, known, matched, after=verb, skip=when | trade)
        if requested is not None:
            subject = requested
            situation = {position for position in known if position < request}
            break
    # A phrase read as one with the subject ("parkerade på trottoaren": felparkering) is the
    # subject too.
    spanned = {
        p for unit in units if unit.phrase and subject in unit.positions for p in unit.positions
    }
    modifying = (
        (_modifiers(tokens, subject) | situation | trade) - _complement(tokens, subject) - spanned
    )
    if not modifying:
        return matched
    best, _, strongest, _ = matched[known.index(subject)]
    # The contacts the subject points at: those it matches about as well as any.
    elsewhere = np.where(best >= strongest * _LEADING, np.float32(1), np.float32(_ELSEWHERE))
    return [
        (best * elsewhere, field, strongest, telling * _MODIFIER)
        if position in modifying
        else (best, field, strongest, telling)
        for position, (best, field, strongest, telling) in zip(known, matched, strict=True)
    ]


def _trade_context(
    tokens: list[tuple[str, str]],
    units: list[Unit],
    trades: _TradeWords,
    names_service: Callable[[Unit], bool],
) -> set[int]:
    """The positions of a private trade a question is set in, and of the place right after it
    ("kiosken vid busstationen", "gymmet under oss", "our restaurant"): what a municipality
    answers about it is its noise, waste, licence or fire safety, never the trade itself.
    Not a trade the directory names itself, nor one being started; nor, in a customer's
    question, a service of the directory's the trade is in, which answers it ("när öppnar
    butiken på återvinningscentralen")."""
    context: set[int] = set()
    for position in trades.positions:
        if _own(tokens, units, position):
            continue
        before = position - 1
        while before >= 0 and tokens[before][0] in _ARTICLES:
            before -= 1
        if before >= 0 and tokens[before][0] in _swedish.STARTING:
            # "ska starta frisörsalong", "open a restaurant": the owner's own trade is what
            # the question is about.
            continue
        context.add(position)
        place = _trade_place(tokens, position)
        if place is not None and not (
            trades.customer and _at_service(tokens, units, place, names_service)
        ):
            context.add(place[0])
    return context


def _at_service(
    tokens: list[tuple[str, str]],
    units: list[Unit],
    place: tuple[int, str],
    names_service: Callable[[Unit], bool],
) -> bool:
    """Whether a trade's place is a service of the directory's that it is in or at ("kaféet
    på simhallen"), not only near or on the way to it, or in a village."""
    position, relation = place
    return relation in _swedish.LOCATIVE and any(
        position in unit.positions and names_service(unit) for unit in units
    )


def _trade_place(tokens: list[tuple[str, str]], trade: int) -> tuple[int, str] | None:
    """The place named right after a trade, with the word that relates them: "busstationen"
    and "vid" of "kiosken vid busstationen", "älvbybadet" and "närmast" of "hotellet närmast
    älvbybadet"; or what the trade has, and "s": "parkering" of "ica:s parkering"."""
    relation = trade + 1
    if relation >= len(tokens):
        return None
    folded, raw = tokens[trade]
    if tokens[relation][0] == "s" or (folded.endswith("s") and _is_trade(folded[:-1], raw[:-1])):
        # A genitive: what belongs to the trade ("ica:s parkering", "restaurangens meny").
        possessed = relation + (tokens[relation][0] == "s")
        if possessed < len(tokens) and tokens[possessed][0] not in _swedish.FILLER_WORDS:
            return possessed, "s"
        return None
    if not (
        tokens[relation][0] in _swedish.PREPOSITIONS or tokens[relation][0] in _swedish.PROXIMITY
    ):
        return None
    place = relation + 1
    while place < len(tokens) and tokens[place][0] in _PLACE_ARTICLES:
        place += 1
    if place < len(tokens) and tokens[place][0] not in _swedish.FILLER_WORDS:
        return place, tokens[relation][0]
    return None


_PLACE_ARTICLES = _swedish.PHRASE_FILLER | {"the"}


def _complement(tokens: list[tuple[str, str]], subject: int) -> set[int]:
    """The phrase right after a subject that names what it is about, when the subject is a
    noun like "avgift" or "tillstånd": "för bygglov" of "avgift för bygglov", and of "boka
    tid för bygglov". It names the subject; it does not narrow it."""
    position = subject
    while position < len(tokens) and _relational(tokens[position]):
        position += 1
    if position == subject or position >= len(tokens):
        return set()
    if tokens[position][0] not in _swedish.PREPOSITIONS:
        return set()
    return _phrases(tokens, position - 1)[0]


def _is_time(token: tuple[str, str]) -> bool:
    """Whether a word names a time ("helgen", "kvällarna", "midsommar", "tonight")."""
    return _in_any_form(token, _swedish.TIME_WORDS)


def _relational(token: tuple[str, str]) -> bool:
    """Whether a word is a noun whose phrase names what it is about ("avgift för bygglov")."""
    return _in_any_form(token, _swedish.RELATIONAL_NOUNS)


def _in_any_form(token: tuple[str, str], words: frozenset[str]) -> bool:
    """Whether a word, as typed or in a base form, is one of ``words``."""
    folded, raw = token
    return folded in words or any(base in words for base in _wordforms.base_forms(raw))


def _requests(tokens: list[tuple[str, str]]) -> Iterator[tuple[int, int]]:
    """Each "och behöver", "men vi vill", "and I need", "vem …" or "…, har han" in a
    question, last first: a clause that says what the writer needs or asks after one that
    tells the situation ("vi bygger om macken, vem ger tillstånd för brandfarliga varor").
    Each as where the clause starts and the last position before its subject may be: in "…,
    kan man klaga nånstans" the word after "kan man" is the clause's verb, not its subject."""
    words = [folded for folded, _ in tokens]
    for position in range(len(words) - 1, 0, -1):
        word = words[position]
        if word in _swedish.CLAUSE_QUESTIONS:
            yield position, position
        elif (
            word in _swedish.CLAUSE_VERBS
            and position + 1 < len(words)
            and words[position + 1] in _swedish.ASKING_PRONOUNS
        ):
            yield position, position + 2
        elif word in _swedish.REQUEST_VERBS:
            before = position - 1
            if words[before] in _swedish.CLAUSE_PRONOUNS and before > 0:
                before -= 1
            if words[before] in _swedish.CLAUSE_JOINS:
                yield before, position


def _subject(
    tokens: list[tuple[str, str]],
    units: list[Unit],
    known: list[int],
    matched: list[_WordMatch],
    *,
    after: int = -1,
    skip: set[int],
) -> int | None:
    """The position of a question's subject (after position ``after``): its first telling
    word that the directory has as written, in base form or through the vocabulary (not a
    guess at a slip or a part)."""
    for position, (_, _, strongest, telling) in zip(known, matched, strict=True):
        if position <= after or position in skip:
            continue
        if telling < _SUBJECT_TELLING or strongest < _SUBJECT_MATCH:
            continue
        if position and tokens[position - 1][0] in _ASKING:
            # The verb: "vem jobbar med bredband", "vem sköter", "who handles".
            continue
        if _own(tokens, units, position, meaning=True):
            return position
    return None


def _own(
    tokens: list[tuple[str, str]], units: list[Unit], position: int, *, meaning: bool = False
) -> bool:
    """Whether the directory has the word at ``position`` as written, in base form or as a
    phrase (or, with ``meaning``, through the vocabulary): not a guess at a slip or a part."""
    folded, raw = tokens[position]
    own = {folded, *_wordforms.base_forms(raw)}
    return any(
        position in unit.positions
        and (
            (meaning and unit.meaning)
            # Two words read as one, as written: not "kostar en" as a slip for "bostaden", nor
            # a vocabulary phrase unless ``meaning``.
            or (
                unit.phrase
                and not unit.meaning
                and max(unit.words.values()) >= _SPELLING_VARIANT_SCORE
            )
            or bool(own & unit.words.keys())
        )
        for unit in units
    )


def _declined(
    tokens: list[tuple[str, str]],
    units: list[Unit],
    known: list[int],
    trades: _TradeWords,
    names_service: Callable[[Unit], bool],
) -> bool:
    """Whether a question is one no municipality answers, unless a word of it is the
    directory's own: one that ranks or recommends ("bästa restaurangen", "cheapest sim card"),
    or a customer's about a trade ("vad kostar en klippning hos frisören", "how much is a taxi
    to the airport"), which the vocabulary maps to the office that inspects or licenses it.
    Where the trade is only locates it: "ica i skruv", "hotellet närmast älvbybadet", "pizza
    till norrmyran" are no evidence; a service of the directory's it is in ("kaféet på
    simhallen", "butiken på återvinningscentralen") is."""
    words = [folded for folded, _ in tokens]
    ranks = any(word in _swedish.RANKING_WORDS for word in words) or (
        # "vilken tandläkare är bäst", not "vem är bäst att fråga".
        "bast" in words and any(word in _WHICH for word in words)
    )
    if not (ranks or trades.customer):
        # Most questions: neither ranking nor a customer's.
        return False
    # A customer's words about a trade, not about the municipality ("vad kostar bygglov").
    about_trade = trades.customer and (
        bool(trades.positions)
        # A trade in two words: "food trucken".
        or any(
            _is_trade(a + b, a_raw + b_raw)
            or any(a + base in _swedish.TRADES for base in _wordforms.base_forms(b_raw))
            for (a, a_raw), (b, b_raw) in pairwise(tokens)
            if not {a, b} & _swedish.FILLER_WORDS
        )
    )
    if not (ranks or about_trade):
        return False
    # The customer's own words ("vad kostar", "boka") are no evidence; a trade the directory
    # names itself ("Trygg i butik") or a place it has ("på återvinningscentralen") is.
    # A single letter ("e" for "är", or of "e-tjänster") is no evidence either.
    ignored = {
        p
        for p, (folded, _) in enumerate(tokens)
        if folded in _swedish.CUSTOMER_WORDS or folded in _swedish.RANKING_WORDS or len(folded) < 2
    }
    for trade in trades.positions if trades.customer else ():
        place = _trade_place(tokens, trade)
        if place is not None and not _at_service(tokens, units, place, names_service):
            ignored.add(place[0])
    return not any(_own(tokens, units, p) for p in known if p not in ignored)


@dataclass(frozen=True, slots=True)
class _TradeWords:
    """A question's words that name a trade, and whether a word of it is a customer's: worked
    out once for the declined questions and for the trade a question is set in."""

    positions: tuple[int, ...]
    customer: bool

    @classmethod
    def of(cls, tokens: list[tuple[str, str]]) -> _TradeWords:
        words = [folded for folded, _ in tokens]
        return cls(
            tuple(p for p, (folded, raw) in enumerate(tokens) if _is_trade(folded, raw)),
            any(_asks_as_customer(words, position) for position in range(len(words))),
        )


def _asks_as_customer(words: list[str], position: int) -> bool:
    """Whether the word at ``position`` is a customer's ("vad kostar", "när öppnar"); "open
    a restaurant", "öppna en pizzeria" are an owner's."""
    word = words[position]
    following = words[position + 1] if position + 1 < len(words) else ""
    if (word, following) in _swedish.CUSTOMER_PHRASES:
        return True
    if word not in _swedish.CUSTOMER_WORDS:
        return False
    return not (word in _OPENING and following in _ARTICLES)


def _is_trade(folded: str, raw: str) -> bool:
    """Whether a word names a private trade, alone or as a compound's last part
    ("hamburgerrestaurangen", "herrklippning")."""
    forms = {folded, *_wordforms.base_forms(raw)}
    split = _wordforms.compound_parts(raw)
    if split is not None and len(split[1]) >= _TRADE_TAIL:
        # Not a short tail: "hyrbar" is no bar, "skoltaxi" and "utegym" are municipal.
        forms |= {split[1], *_wordforms.base_forms(split[1])}
    return bool(forms & _swedish.TRADES)


def _modifiers(tokens: list[tuple[str, str]], subject: int) -> set[int]:
    """Positions of the words in phrases after the subject: "vid Skruvs skola", not "behöver
    jag schakttillstånd"."""
    return set().union(*_phrases(tokens, subject))


def _phrases(tokens: list[tuple[str, str]], start: int) -> list[set[int]]:
    """The positions of the content words of each phrase after ``start``, in order, each from
    a preposition to the next filler word other than an article or a possessive."""
    phrases: list[set[int]] = []
    current: set[int] | None = None
    for position in range(start + 1, len(tokens)):
        word = tokens[position][0]
        if word in _swedish.PREPOSITIONS:
            current = set()
            phrases.append(current)
        elif word in _swedish.PHRASE_FILLER:
            continue
        elif word in _swedish.FILLER_WORDS:
            current = None
        elif current is not None:
            current.add(position)
    return phrases


def _spelled_out(contacts: Sequence[Contact]) -> frozenset[str]:
    """The forms shared hyphens stand for, and their units' naming parts, that are no text's
    own word."""
    texts = {
        text
        for contact in contacts
        for text in (contact.title, contact.department, *contact.topics)
        if text and "-" in text
    }
    generated = {form for text in texts for form in _swedish.shared_hyphen_compounds(text)}
    generated |= {name for form in generated for name in _swedish.unit_names(form)}
    return frozenset(generated - {word for text in texts for word in _swedish.words(text)})


def _unit_names(
    contacts: Sequence[Contact], gathered: dict[str, list[list[int]]]
) -> frozenset[str]:
    """The names departments are known by ("fritids" of "fritidsförvaltningen") that are
    no text's own word."""
    departments = {contact.department for contact in contacts if contact.department}
    names = {name for text in departments for name in _department_words(text)}
    names -= {word for text in departments for word in _words_of((text,))}
    department = _FIELD_CODE[Field.DEPARTMENT]
    return frozenset(
        name
        for name in names
        if not any(gathered[name][code] for code in range(len(_FIELDS)) if code != department)
    )


def _names_only(
    contacts: Sequence[Contact], gathered: dict[str, list[list[int]]]
) -> frozenset[str]:
    """The words the directory has in people's names and nowhere else ("berg" of Johan Berg;
    not "gata" of the service Gata och park)."""
    name = _FIELD_CODE[Field.NAME]
    others = [code for code in range(len(_FIELDS)) if code != name]
    services = {i for i, contact in enumerate(contacts) if contact.kind is not Kind.PERSON}
    return frozenset(
        word
        for word, lists in gathered.items()
        if lists[name]
        and not any(lists[code] for code in others)
        and services.isdisjoint(lists[name])
    )


def _gather(contacts: Sequence[Contact]) -> dict[str, list[list[int]]]:
    """Folded word → the indices of the contacts that have it, one list per field."""
    # Staff share titles, departments and topics (the same cached word sets): contacts are
    # grouped by word set first, so each shared word is filed once per set, not per contact.
    groups: dict[tuple[int, frozenset[str]], list[int]] = {}
    for index, contact in enumerate(contacts):
        for field, words in _terms(contact):
            groups.setdefault((_FIELD_CODE[field], words), []).append(index)
    gathered: dict[str, list[list[int]]] = {}
    for (code, words), indices in groups.items():
        for word in words:
            lists = gathered.get(word)
            if lists is None:
                lists = gathered[word] = [[] for _ in _FIELDS]
            lists[code].extend(indices)
    return gathered


def _terms(contact: Contact) -> Iterator[tuple[Field, frozenset[str]]]:
    """The folded words under which a contact is found, per field."""
    if contact.kind is Kind.PERSON:
        # Multi-word first or last names are also one word ("Per Olof", "von Essen"); the whole
        # name joined is not, or every "Göran" would begin a hundred longer words.
        name_words = _words_of((contact.first_name, contact.last_name), join_whole=True)
        if contact.name != contact.full_name:
            # A display name of its own ("Kalle Berg" for Karl Berg); otherwise it has no words
            # the first and last name lack, and working them out is the cost of a unique text.
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
    return words | _base_forms(topics)


def _base_forms(texts: Iterable[str]) -> frozenset[str]:
    # A topic is a noun: a "base form" longer than the word is a verb it was mistaken for
    # ("kost" is no form of "kosta", or "vad kostar" would find the kitchen).
    return frozenset(
        base
        for text in texts
        for _, raw in _swedish.tokens(text)
        for base in _wordforms.base_forms(raw)
        if len(base) <= len(raw)
    )


def _telling(raw: str) -> float:
    """How telling a word is in ordinary text, from 0.1 (och, barn) to 1 (simskola)."""
    zipf = _wordforms.zipf(raw)
    share = (_COMMON_ZIPF - zipf) / (_COMMON_ZIPF - _RARE_ZIPF)
    return min(1.0, max(_LEAST_TELLING, share))


def _compound_parts(gathered: dict[str, list[list[int]]]) -> dict[str, list[tuple[str, bool]]]:
    """Each ordinary word that is part of a compound the directory has, outside names, with
    whether it is the first part: "skjuts" → [(skolskjuts, False)], "bygga" → [(bygglov, True)]."""
    name_code = _FIELD_CODE[Field.NAME]
    parts: dict[str, list[tuple[str, bool]]] = {}
    for word, lists in sorted(gathered.items()):
        if not any(lists[code] for code in range(len(_FIELDS)) if code != name_code):
            continue
        # Split as the word is spelt ("bostadskö" is bostad + kö, not bostad + sko), and in its
        # base form: "helger" is helg inflected, not hel + ger, "kommunens" no kommun + ens.
        spelled = _wordforms.spelled(word)
        bases = _wordforms.base_forms(spelled)
        split = _wordforms.compound_parts(_wordforms.spelled(bases[0]) if bases else spelled)
        if split is not None:
            head, tail = split
            for part, is_head in ((head, True), (tail, False)):
                if part != word:
                    parts.setdefault(part, []).append((word, is_head))
    return parts
