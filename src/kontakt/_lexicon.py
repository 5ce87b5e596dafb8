"""The words a directory is found by, and what each word a resident types may mean among them.

A query word is looked up as written, as a spelling variant, in its dictionary base form
(``_wordforms``), as the start of a longer word, as a part of a compound the directory has
("skjuts" in "skolskjuts"), as a compound of words the directory has ("gatlampan" → gata,
lampa), and by edit distance among words of a similar length; two neighbouring words are also
tried as one ("god man", "Per Olof"), and vocabulary phrases add the terms they mean
("tippen" → återvinningscentral). Each way has its similarity (0-100); the search index
(``_search``) scores contacts with them.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from kontakt import _swedish, _wordforms
from kontakt._vocabulary import Vocabulary

# Similarities (0-100) for each way a word can match, before the field weight.
_EXACT = 100.0
_SPELLING_VARIANT = 97.0
_INFLECTED = 94.0
_FUZZY_FACTOR = 0.95
_REAL_WORD_FACTOR = 0.9
# Edits (a transposition counts as one) per letter: one slip in 4-7 letters, two in 8-11,
# and one in a three-letter word ("erk" for "erik").
_FUZZY_CUTOFF = 0.75
_SHORT_FUZZY_CUTOFF = 0.66
_MIN_FUZZY = 3
_PREFIX_BASE, _PREFIX_SPAN = 70.0, 25.0
_MIN_PREFIX = 5
_HEAD_BASE, _HEAD_SPAN = 45.0, 30.0
# A known word followed by a few letters is most likely that word inflected ("grovsoporna"
# for "grovsopor"), in a compound the dictionary does not know.
_INFLECTED_HEAD = 90.0
_MAX_ENDING = 3
_MIN_PART = 3
_COMPOUND_FACTOR = 0.95
# A part of a compound the directory has ("skjuts" → skolskjuts), and a vocabulary meaning:
# good answers on their own, a little below the word itself.
_PART = 88.0
# A compound is a kind of its last part (skolskjuts is a skjuts, solcell no sol): its first
# part says less, alone a "did you mean" rather than a choice ("blir det sol i helgen").
_HEAD_PART = 70.0
_MEANING = 92.0
_MAX_PREFIX_HITS = 64
_MAX_FUZZY_HITS = 12


@dataclass(frozen=True, slots=True)
class Unit:
    """One query word (or two joined ones) and the indexed words it matches, with similarity."""

    positions: tuple[int, ...]
    words: Mapping[str, float]
    phrase: bool = False
    """Several words read as one ("god man") or a vocabulary phrase: telling as a whole."""
    meaning: bool = False
    """Found through the vocabulary: a word residents use for what a municipality does."""
    parts: tuple[Mapping[str, float], ...] = ()
    """A compound the directory lacks, read as its parts ("förskolerektor": förskola, rektor),
    each with the indexed words it matches: a contact that has every part matches best."""

    def forms(self) -> set[str]:
        """Every indexed word this unit may mean, in ``words`` or a part."""
        return {form for words in (self.words, *self.parts) for form in words}


class Lexicon:
    """The folded words of an index, keyed by spelling and by length for the lookups."""

    def __init__(
        self,
        words: Collection[str],
        *,
        spelled_out: Collection[str] = (),
        derived: Collection[str] = (),
        names: Collection[str] = (),
    ) -> None:
        self._words = frozenset(words)
        # Names made from a text's words rather than written in it ("fritids" of "Kultur- och
        # fritidsförvaltningen"): as good as a word form, not as the word itself, so "fritids"
        # meaning fritidshem is not outweighed by a department.
        self._derived = frozenset(derived)
        # Forms a shared hyphen stands for ("kulturchef" of "Kultur- och fritidschef", and
        # every other tail): found as typed, never as a longer word a prefix may mean, or
        # "kultur" would touch each of them and the contacts they hold.
        self._spelled_out = frozenset(spelled_out)
        spellings: dict[str, list[str]] = {}
        ordered = sorted(words)
        for word in ordered:
            spellings.setdefault(_swedish.spelling_key(word), []).append(word)
        self._spellings = {key: tuple(forms) for key, forms in spellings.items()}
        self._keys = sorted(
            key for key, forms in self._spellings.items() if not self._spelled_out.issuperset(forms)
        )
        self._by_length = _by_length(ordered)
        # The words of titles, topics and departments alone, without people's names: a phrase
        # of a resident's with a filler word ("gode män") is tried against these only.
        self._names = frozenset(names)
        self._by_length_of_texts = _by_length(word for word in ordered if word not in self._names)

    def __contains__(self, word: object) -> bool:
        return word in self._words

    def is_name(self, word: str) -> bool:
        """Whether the index has ``word`` in people's names only ("berg" of Johan Berg)."""
        return word in self._names

    def knows_spelling(self, word: str) -> bool:
        """Whether some indexed word is spelt like ``word`` (Mikael for Michael)."""
        return _query_key(word) in self._spellings

    def lookup(
        self,
        word: str,
        *,
        fuzzy: bool = True,
        prefix: bool = True,
        variants: bool = True,
        names: bool = True,
    ) -> dict[str, float]:
        """Indexed words that ``word`` may mean, each with a similarity from 0 to 100;
        ``variants`` also finds names spelt otherwise (Mikael for Michael). Without ``names``,
        a slip is looked for among words other than people's names only."""
        found: dict[str, float] = {}

        def offer(form: str, similarity: float) -> None:
            if similarity > found.get(form, 0.0):
                found[form] = similarity

        key = _query_key(word)
        for form in self._spellings.get(key, ()):
            # A single letter ("F" of "F-6") is only ever itself: "ff" is no spelling of it.
            if form == word or (variants and len(form) > 1):
                similarity = _EXACT if form == word else _SPELLING_VARIANT
                offer(form, min(similarity, _INFLECTED) if form in self._derived else similarity)
        for form in self._named_in(word):
            offer(form, _INFLECTED)
        if prefix:
            for form, similarity in self._prefixed(word, key):
                offer(form, similarity)
        if fuzzy and len(word) >= _MIN_FUZZY:
            # A slip seldom makes another real word: "beställning" is not "anställning" mistyped,
            # and an ordinary word the directory has as written is meant as written.
            real = _wordforms.is_word(word)
            if not (real and found.get(word) == _EXACT):
                factor = _FUZZY_FACTOR * (_REAL_WORD_FACTOR if real else 1.0)
                by_length = self._by_length if names else self._by_length_of_texts
                for form, ratio in _near(word, by_length):
                    offer(form, ratio * factor)
        return found

    def _named_in(self, word: str) -> Iterator[str]:
        """A department's naming part ("fritids" of "fritidsförvaltningen"), and a person's
        name in the genitive ("holms nummer", though "holms" is a word of its own too)."""
        for name in _swedish.unit_names(word):
            yield from self._spellings.get(_query_key(name), ())
        if word.endswith("s") and word[:-1] in self._names:
            yield word[:-1]

    def _prefixed(self, word: str, key: str) -> Iterator[tuple[str, float]]:
        """Known words that ``word`` begins, and the known word that begins ``word``."""
        if len(key) >= _MIN_PREFIX:
            start = bisect.bisect_left(self._keys, key)
            for longer in self._keys[start : start + _MAX_PREFIX_HITS]:
                if not longer.startswith(key):
                    break
                similarity = _PREFIX_BASE + _PREFIX_SPAN * len(key) / len(longer)
                for form in self._spellings[longer]:
                    # Begun as typed: "persson" does not begin "personalfrågor", though its
                    # spelling key ("person") does.
                    if form not in self._spelled_out and form.startswith(word):
                        yield form, similarity
        # A longer word that starts with a known one ("bibliotekarie"): a weak match, below the
        # relevance floor on its own, so it shows as a suggestion rather than an answer.
        for cut in range(len(word) - 1, _MIN_PREFIX - 1, -1):
            ending = len(word) - cut
            # A person's name takes no ending but a genitive's: "strandbad" is no Strand.
            if word[:cut] in self._words and not (word[:cut] in self._names and word[cut:] != "s"):
                yield (
                    word[:cut],
                    (
                        _INFLECTED_HEAD
                        if ending <= _MAX_ENDING
                        else _HEAD_BASE + _HEAD_SPAN * cut / len(word)
                    ),
                )
                break

    def head_of_compound(self, word: str, raw: str, *, filler: Collection[str]) -> dict[str, float]:
        """A compound's first part, when it is a word of this lexicon and the rest an ordinary,
        filler or known word: ``presskontakt`` → ``press``, ``bygglovsansökan`` →
        ``bygglov``, ``radonhalten`` → ``radon``, ``radonmätning`` → ``radon`` (the rest
        as written: folded, "matning" is another, rarer word)."""
        written = raw if len(raw) == len(word) else word
        for cut in range(len(word) - _MIN_PART, _MIN_PART - 1, -1):
            head, tail = word[:cut], word[cut:]
            if not (
                tail in filler
                or self.knows_spelling(tail)
                or _wordforms.is_word(tail)
                or _wordforms.is_word(written[cut:])
            ):
                continue
            for candidate in (head, head[:-1]) if head.endswith("s") else (head,):
                found = self.lookup(candidate, fuzzy=False, prefix=False, variants=False)
                if found:
                    return {
                        form: similarity * _COMPOUND_FACTOR for form, similarity in found.items()
                    }
        return {}


def _near(word: str, by_length: Mapping[int, list[str]]) -> Iterator[tuple[str, float]]:
    """Words within a few typing slips of ``word`` among words by length (folded forms, not
    spelling keys: a slip should not be mistaken for a spelling rule, as "nygäen" would become
    "nygan")."""
    cutoff = _FUZZY_CUTOFF if len(word) > _MIN_FUZZY else _SHORT_FUZZY_CUTOFF
    # Words that cannot reach the cutoff by length alone are never compared.
    shortest, longest = math.ceil(len(word) * cutoff), math.floor(len(word) / cutoff)
    for length in range(shortest, longest + 1):
        bucket = by_length.get(length)
        if bucket:
            for form, ratio, _ in process.extract(
                word,
                bucket,
                scorer=OSA.normalized_similarity,
                score_cutoff=cutoff,
                limit=_MAX_FUZZY_HITS,
            ):
                yield form, 100.0 * ratio


def _by_length(words: Iterable[str]) -> dict[int, list[str]]:
    by_length: dict[int, list[str]] = {}
    for word in words:
        by_length.setdefault(len(word), []).append(word)
    return by_length


class Compounds:
    """The directory's compounds by their parts, and what the parts of a compound it lacks
    match."""

    def __init__(
        self,
        lexicon: Lexicon,
        parts: Mapping[str, Collection[tuple[str, bool]]],
        *,
        filler: Collection[str],
        meaning: Callable[[str], Mapping[str, float]] = lambda word: {},
    ) -> None:
        self._lexicon = lexicon
        self._parts = parts
        """A part of a compound → the directory's compounds made with it, each with whether
        the part is its first."""
        self._filler = filler
        self._meaning = meaning
        """The directory's words for what the vocabulary says a word means."""

    def containing(self, part: str, *, head: bool | None = None) -> Iterator[tuple[str, float]]:
        """The directory's compounds with ``part`` (as their first part, or last, or either),
        each with its similarity: "skjuts" → skolskjuts."""
        for compound, is_head in self._parts.get(part, ()):
            if head is None or is_head == head:
                yield compound, _HEAD_PART if is_head else _PART

    def split(self, word: str, raw: str) -> tuple[dict[str, float], ...]:
        """What the parts of a compound the directory lacks match: both parts when each
        matches something (brandchef → brand, chef; kulturskolerektor → kulturskola, rektor),
        else :meth:`as_written`'s one reading."""
        if _wordforms.is_english(raw):
            # An English word is no Swedish compound ("sweeper" is not "swea" + "per").
            return ()
        split = _wordforms.compound_parts(raw)
        best: tuple[dict[str, float], dict[str, float]] | None = None
        # Lazily: the first split with both parts the directory's words ends the search. A
        # split made both ways is tried twice, and cannot win the second time.
        for head, tail in itertools.chain((split,) if split else (), self._known_splits(word)):
            if self._is_filler(head) or self._is_filler(tail):
                # "bygglovsfrågor" is about bygglov: "frågor" is no part to match.
                continue
            # Each part in any form ("rektorn"), through the vocabulary ("badhus": simhall),
            # or as the same part of the directory's own compounds: "brand" begins
            # "brandskydd", "chef" ends "räddningschef".
            parts = self._without_names((self._part(head, head=True), self._part(tail, head=False)))
            if all(parts) and (best is None or _weakest(parts) > _weakest(best)):
                # Of several splits, the one whose weaker part matches best: löne|handläggaren
                # (lön, handläggare), not the dictionary's löna|handläggaren. One with both
                # parts words of the directory's, in some form, is as good as any.
                best = parts
                if _weakest(parts) >= _INFLECTED * _COMPOUND_FACTOR:
                    break
        if best is not None:
            # A word of the directory's made of both parts is this compound by another
            # name ("skolchef" for "skoldirektören"): as good as a vocabulary meaning.
            for form in best[0].keys() & best[1].keys():
                for part_found in best:
                    _offer(part_found, form, _MEANING * _COMPOUND_FACTOR)
            return best
        found = self.as_written(word, raw)
        return (found,) if found else ()

    def as_written(self, word: str, raw: str) -> dict[str, float]:
        """A compound's parts that the directory has as written (gatlampan → gata), else its
        first part when the rest is a word (presskontakt → press). One part alone is read no
        other way: "all" of "allsvenskan" is not the name Al, "skol" of "skolbusen" no
        "skola", "tjänster" of a vocabulary term's "ledigatjänster" no "hemtjänst"."""
        split = None if _wordforms.is_english(raw) else _wordforms.compound_parts(raw)
        found: dict[str, float] = {}
        for part in split or ():
            for form, similarity in self._lexicon.lookup(
                part, fuzzy=False, prefix=False, variants=False
            ).items():
                _offer(found, form, similarity * _COMPOUND_FACTOR)
        found = found or self._lexicon.head_of_compound(word, raw, filler=self._filler)
        # A person's name is no part ("bergvärme" is no Berg); its genitive ("holms") is found
        # as the name by the lexicon itself.
        return {
            form: similarity
            for form, similarity in found.items()
            if not self._lexicon.is_name(form)
        }

    def _is_filler(self, part: str) -> bool:
        return part in self._filler or any(
            base in self._filler for base in _wordforms.base_forms(part)
        )

    def _known_splits(self, word: str) -> Iterator[tuple[str, str]]:
        """Splits of a word into two words the directory has, which the dictionary cannot make
        (a part of three, a linking -e: kulturskole|rektor, överförmyndar|handläggaren,
        löne|handläggarn); longest first part first."""
        for cut in range(len(word) - _MIN_PART, _MIN_PART - 1, -1):
            head, tail = word[:cut], word[cut:]
            heads = [h for h in _linked(head) if h in self._lexicon]
            if heads and (
                tail in self._lexicon
                or any(base in self._lexicon for base in _wordforms.base_forms(tail))
            ):
                yield heads[0], tail

    def _part(self, part: str, *, head: bool) -> dict[str, float]:
        found: dict[str, float] = {}
        for form in (part, *_wordforms.base_forms(part)):
            for known, similarity in self._lexicon.lookup(
                form, fuzzy=False, prefix=False, variants=False
            ).items():
                _offer(found, known, similarity if form == part else min(similarity, _INFLECTED))
            for compound, similarity in self.containing(form, head=head):
                _offer(found, compound, similarity)
        for term, similarity in self._meaning(part).items():
            _offer(found, term, similarity)
            for compound, part_similarity in self.containing(term, head=head):
                _offer(found, compound, part_similarity * similarity / _EXACT)
        return {form: similarity * _COMPOUND_FACTOR for form, similarity in found.items()}

    def _without_names(
        self, parts: tuple[dict[str, float], dict[str, float]]
    ) -> tuple[dict[str, float], dict[str, float]]:
        """A split's parts without people's names, unless both are names: "leifmattsson" is
        Leif Mattsson written as one word, "bergvärme" no Berg."""
        is_name = self._lexicon.is_name
        if all(found and all(map(is_name, found)) for found in parts):
            return parts
        head, tail = (
            {form: similarity for form, similarity in found.items() if not is_name(form)}
            for found in parts
        )
        return head, tail


def _weakest(parts: tuple[dict[str, float], dict[str, float]]) -> float:
    """How well the weaker of a split's two parts matches."""
    return min(max(found.values()) for found in parts)


def _linked(head: str) -> tuple[str, ...]:
    """A compound's first part as a word, without or with its linking letters: skol|a,
    överförmyndar|e, lön|e, bygglov|s, kulturskol|e (kulturskola), gat|u (gata)."""
    forms = [head, head + "a", head + "e"]
    if head[-1] in "ase":
        forms.append(head[:-1])
    if head[-1] in "eu":
        forms.append(head[:-1] + "a")
    return tuple(forms)


class QuestionWords:
    """What the words of a question may mean in one directory: its lexicon, the parts of its
    compounds, the filler words to skip and the vocabulary."""

    def __init__(
        self,
        lexicon: Lexicon,
        *,
        filler: frozenset[str],
        parts: Mapping[str, Collection[tuple[str, bool]]] | None = None,
        vocabulary: Vocabulary | None = None,
    ) -> None:
        self._lexicon = lexicon
        self._filler = filler
        self._compounds = Compounds(lexicon, parts or {}, filler=filler, meaning=self._means)
        self._vocabulary = vocabulary or Vocabulary({})
        self._meanings: dict[tuple[tuple[str, float], ...], Mapping[str, float]] = {}
        """A vocabulary meaning's terms → the directory's words for them; never changed."""

    def content(self, tokens: list[tuple[str, str]]) -> list[bool]:
        """Which of a question's words carry a subject (not "vem", "kontakta", "the")."""
        return [not self._is_filler(folded, raw) for folded, raw in tokens]

    def units(self, tokens: list[tuple[str, str]], *, english: bool = False) -> Iterator[Unit]:
        """What each content word, pair of neighbours and vocabulary phrase may mean. In an
        ``english`` question, a word at least as common in English as in Swedish is read as
        English: as written and through the vocabulary, not as a Swedish word's form, part
        or slip ("sim card" is no "simma", "cars" no "Lars")."""
        words = [folded for folded, _ in tokens]
        content = self.content(tokens)
        in_english = (
            {p for p, (_, raw) in enumerate(tokens) if _wordforms.as_english(raw)}
            if english
            else set()
        )
        meanings = [
            (meaning, found)
            for meaning in self._vocabulary.find(tokens, english=in_english)
            if (found := self._meaning(meaning.words))
        ]
        # A word the vocabulary knows is not guessed at as a compound ("socialbidrag" is not
        # "social" + "bidrag" but ekonomiskt bistånd).
        meant = {m.positions[0] for m, _ in meanings if len(m.positions) == 1 and not m.guessed}
        single: dict[int, dict[str, float]] = {}
        for position, (word, raw) in enumerate(tokens):
            if content[position] and position in in_english:
                found = _english_word(self._lexicon, word)
                single[position] = found.copy()
                yield Unit((position,), found)
            elif content[position]:
                found, parts = self._word(word, raw, split=position not in meant)
                single[position] = found.copy()
                for part in parts:
                    for form, similarity in part.items():
                        _offer(single[position], form, similarity)
                yield Unit((position,), found, parts=parts)
        # What a compound's parts mean is a guess, for a word the directory does not know.
        meanings = [
            (meaning, found)
            for meaning, found in meanings
            if not meaning.guessed
            or max(single.get(meaning.positions[0], {}).values(), default=0.0) < _INFLECTED
        ]
        yield from _pairs(self._lexicon, words, content, single)
        for meaning, found in meanings:
            covered = tuple(p for p in meaning.positions if content[p])
            if covered:
                yield Unit(covered, found, phrase=len(meaning.positions) > 1, meaning=True)

    def _word(
        self, word: str, raw: str, *, split: bool = True
    ) -> tuple[dict[str, float], tuple[dict[str, float], ...]]:
        """One content word: as written, in base form, as part of a compound; and, for a
        compound the directory lacks, what each of its parts matches."""
        # An inflected form of a dictionary word, typed with its å, ä or ö ("tömts", of
        # tömma) or common as typed ("vikter", of vikt), is no slip for another word ("tomt",
        # "Viktor"). A surname ("Ångström" for Engström), a word with no other form
        # ("måttagning") or a rare form ("lasson" for Larsson) may be.
        typed_right = bool(_wordforms.base_forms(raw)) and (
            not raw.isascii() or _wordforms.is_common_as_typed(raw)
        )
        found = self._lexicon.lookup(word, fuzzy=not typed_right)
        for base in _wordforms.base_forms(raw):
            for form, similarity in self._lexicon.lookup(base, fuzzy=False).items():
                _offer(found, form, min(similarity, _INFLECTED))
        for form in (word, *_wordforms.base_forms(raw)):
            for compound, similarity in self._compounds.containing(form):
                _offer(found, compound, similarity)
        if not split or max(found.values(), default=0.0) >= _INFLECTED_HEAD:
            return found, ()
        parts = self._compounds.split(word, raw)
        if len(parts) == 1:
            for form, similarity in parts[0].items():
                _offer(found, form, similarity)
            return found, ()
        return found, parts

    def _means(self, word: str) -> dict[str, float]:
        """The directory's words for what the vocabulary says ``word`` itself means."""
        found: dict[str, float] = {}
        for meaning in self._vocabulary.find([(word, word)], guesses=False):
            for form, similarity in self._meaning(meaning.words).items():
                _offer(found, form, similarity)
        return found

    def _meaning(self, terms: tuple[tuple[str, float], ...]) -> Mapping[str, float]:
        """The directory's words for a vocabulary meaning's terms (worked out once: the
        vocabulary's terms are few, the questions that use them many)."""
        found = self._meanings.get(terms)
        if found is None:
            found = self._meanings[terms] = self._meaning_of(terms)
        return found

    def _meaning_of(self, terms: tuple[tuple[str, float], ...]) -> dict[str, float]:
        found: dict[str, float] = {}
        for term, weight in terms:
            if term in self._filler:
                continue
            forms = self._lexicon.lookup(term, fuzzy=False)
            if max(forms.values(), default=0.0) < _INFLECTED:
                # "återvinningscentral" in a directory that says "återvinning".
                for form, similarity in self._compounds.as_written(term, term).items():
                    _offer(forms, form, similarity)
            for compound, similarity in self._compounds.containing(term):
                _offer(forms, compound, similarity)
            for form, similarity in forms.items():
                _offer(found, form, similarity * weight * _MEANING / _EXACT)
        return found

    def _is_filler(self, word: str, raw: str | None = None) -> bool:
        if word in self._filler:
            return True
        # "kontakten", "frågor": forms of filler words; a word the directory has as it is
        # ("Göran", not a form of "göra" here) keeps its meaning.
        return (
            raw is not None
            and word not in self._lexicon
            and any(base in self._filler for base in _wordforms.base_forms(raw))
        )


def _english_word(lexicon: Lexicon, word: str) -> dict[str, float]:
    """An English word as written, without a plural's s ("parks", "adoptions"), or as a slip
    among the words of texts ("tourism": turism), never of people's names. Not in its base
    form: "parking" is no "park"."""
    found = lexicon.lookup(word, prefix=False, names=False)
    if word.endswith("s") and len(word) > _MIN_PART:
        for form, similarity in lexicon.lookup(word[:-1], fuzzy=False, prefix=False).items():
            _offer(found, form, min(similarity, _INFLECTED))
    return found


def _pairs(
    lexicon: Lexicon,
    words: list[str],
    content: list[bool],
    single: Mapping[int, Mapping[str, float]],
) -> Iterator[Unit]:
    """Two neighbouring words that are one in the index: "god man", "Per Olof", "al sayed"."""
    for position in range(len(words) - 1):
        if not (content[position] or content[position + 1]):
            continue
        joined = words[position] + words[position + 1]
        # A phrase with a filler word may be inflected as a whole ("gode män" for "god man"):
        # worth a fuzzy look when its other word is not itself a known word.
        loose = not all(
            max(single.get(p, {}).values(), default=0.0) >= _SPELLING_VARIANT
            for p in (position, position + 1)
            if content[p]
        )
        with_filler = not (content[position] and content[position + 1])
        found = lexicon.lookup(joined, fuzzy=with_filler and loose, prefix=False, names=False)
        if found:
            covered = tuple(p for p in (position, position + 1) if content[p])
            yield Unit(covered, found, phrase=True)


# Questions repeat their words ("barnen", "skolan"): their spelling keys are worked out once.
_query_key = functools.lru_cache(maxsize=16384)(_swedish.spelling_key)


def _offer(found: dict[str, float], form: str, similarity: float) -> None:
    if similarity > found.get(form, 0.0):
        found[form] = similarity
