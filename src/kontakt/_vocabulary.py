"""Residents' words for what a staff list names officially: "tippen" → återvinningscentral,
"swimming pool" → simhall.

The bundled ``vocabulary.yaml`` covers what Swedish municipalities handle; a data file extends it
under its own ``vocabulary:`` key. An entry adds meanings to a word and never hides the word's
own matches. Keys are matched on the words a resident typed or their base forms, so one entry in
base form ("soptunna") also answers "soptunnan" and "soptunnor".
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from kontakt import _swedish, _wordforms

MAX_PHRASE_WORDS = 4
"""Longer phrases are refused by ``kontakt check``: residents' words, not sentences."""
_MIN_ENGLISH_BASE = 3
_PART = 0.85
"""A word of a longer term ("boende" of "särskilt boende") says less than the whole term, and
a part of a compound ("ploga" of "plogbilen") less than the compound."""
_SLIP = 0.9
"""A word one slip from a phrase ("skolbusen") means it a little less surely."""
_OWN_WORD = 3.5
"""From this Zipf frequency up, a compound is a word of its own, not the sum of its parts."""
_MIN_SLIP_LENGTH = 6
"""Shorter words are one slip from too many others ("sopor", "soppa")."""
_ENDINGS = ("en", "et", "n", "arna", "erna", "orna", "na", "ar", "er", "or")
"""Swedish definite and plural endings, which keys (in base form) lack."""


@dataclass(frozen=True, slots=True)
class Meaning:
    """A vocabulary phrase found in a question: where it is and the words it stands for."""

    positions: tuple[int, ...]
    words: tuple[tuple[str, float], ...]
    """Folded words of the staff list's terms, each with how fully it stands for its term:
    a one-word term and a longer term's words joined (``sarskiltboende``) fully, each word of
    a longer term (``boende``) in part."""
    guessed: bool = False
    """Found for a part of a compound word ("ploga" in "plogbilen") or a slip of a key
    ("skolbusen"), not for the word as typed."""


class Vocabulary:
    """Phrases residents use, each with the staff-list terms it means."""

    def __init__(self, entries: Mapping[str, Iterable[str]]) -> None:
        meanings: dict[tuple[str, ...], dict[str, float]] = {}
        self._spelt: dict[str, set[str]] = {}
        """A folded key word → how keys spell it, when that differs ("stora": störa)."""
        for phrase, terms in entries.items():
            tokens = _swedish.tokens(phrase)
            written = tuple(folded for folded, _ in tokens)
            if not written or len(written) > MAX_PHRASE_WORDS:
                continue
            for folded, raw in tokens:
                if raw != folded:
                    self._spelt.setdefault(folded, set()).add(raw)
            # Also under its English base forms: "swimming lesson" answers "swim lessons".
            english = tuple(_english_key_word(word) for word in written)
            for key in dict.fromkeys((written, english)):
                found = meanings.setdefault(key, {})
                _add_terms(found, terms)
        self._meanings = {key: tuple(words.items()) for key, words in meanings.items()}
        self._longest = max((len(key) for key in self._meanings), default=0)
        self._by_length: dict[int, list[str]] | None = None
        """One-word keys by length, for slips; built at the first that needs them."""

    def __len__(self) -> int:
        return len(self._meanings)

    def extended(self, entries: Mapping[str, Iterable[str]]) -> Vocabulary:
        """This vocabulary with ``entries`` added; a phrase in both keeps both meanings."""
        merged = Vocabulary({})
        merged._meanings = dict(self._meanings)
        added = Vocabulary(entries)
        merged._spelt = {
            word: self._spelt.get(word, set()) | added._spelt.get(word, set())
            for word in self._spelt.keys() | added._spelt.keys()
        }
        for key, words in added._meanings.items():
            combined = dict(merged._meanings.get(key, ()))
            for word, weight in words:
                combined[word] = max(combined.get(word, 0.0), weight)
            merged._meanings[key] = tuple(combined.items())
        merged._longest = max((len(key) for key in merged._meanings), default=0)
        return merged

    def terms(self) -> Iterator[tuple[tuple[str, ...], tuple[tuple[str, float], ...]]]:
        yield from self._meanings.items()

    def find(
        self,
        tokens: list[tuple[str, str]],
        *,
        guesses: bool = True,
        english: Collection[int] = (),
    ) -> Iterator[Meaning]:
        """Every phrase of the vocabulary in a question's (folded, written) words, and with
        ``guesses`` what a word no phrase has may mean (see :meth:`_guesses`). The words at
        the positions in ``english`` are read in English forms only."""
        if not self._meanings:
            return
        # A word typed without å, ä or ö that is a commoner word as typed is that word: "stora
        # hål" is no "störa".
        forms = [
            tuple(
                form
                for form in _forms(folded, raw, english=position in english)
                if not (
                    form == folded
                    and raw == folded
                    and any(_wordforms.another_word(raw, key) for key in self._spelt.get(form, ()))
                )
            )
            for position, (folded, raw) in enumerate(tokens)
        ]
        meant: set[int] = set()
        for start in range(len(tokens)):
            for length in range(1, min(self._longest, len(tokens) - start) + 1):
                keys = _keys(forms[start : start + length])
                as_typed = (tokens[start][0],)
                if length == 1 and forms[start][:1] == as_typed and as_typed in self._meanings:
                    # A word that is a key as typed means that key, not what its other base
                    # forms mean: "grus" is gravel left on the road, not "grusa" (to grit).
                    keys = iter((as_typed,))
                for key in keys:
                    words = self._meanings.get(key)
                    if words is not None:
                        meant.update(range(start, start + length))
                        yield Meaning(tuple(range(start, start + length)), words)
        for position, (folded, raw) in enumerate(tokens):
            if guesses and position not in meant and position not in english:
                yield from self._guesses(position, folded, raw)

    def _guesses(self, position: int, folded: str, raw: str) -> Iterator[Meaning]:
        """What a word no key has as written may mean, a little less surely: a compound what
        its parts mean ("plogbilen": ploga; "handikapptaxi": handikapp, taxi), a long word
        one slip from a key ("skolbusen": skolbuss) what that key means."""
        # A compound common enough to be a word of its own ("melodifestivalen") is not what
        # its parts mean; a rare one ("plogbilen") is.
        keys = [(part, _PART) for part in _parts(raw)] if _wordforms.zipf(raw) < _OWN_WORD else []
        if len(folded) >= _MIN_SLIP_LENGTH and not _wordforms.is_word(raw):
            keys += [(key, _SLIP) for key in self._near_keys(folded)]
        for key, factor in keys:
            words = self._meanings.get((key,))
            if words is not None:
                yield Meaning(
                    (position,), tuple((word, weight * factor) for word, weight in words), True
                )

    def _near_keys(self, word: str) -> list[str]:
        """One-word keys one slip (an edit or a swap) from ``word``."""
        if self._by_length is None:
            self._by_length = {}
            for key in self._meanings:
                if len(key) == 1:
                    self._by_length.setdefault(len(key[0]), []).append(key[0])
        near: list[str] = []
        # The word as typed, and without an ending a typo'd key may have ("skolbus|en").
        stems = {word} | {
            word[: -len(ending)]
            for ending in _ENDINGS
            if word.endswith(ending) and len(word) - len(ending) >= _MIN_SLIP_LENGTH
        }
        for stem in sorted(stems):
            for length in (len(stem) - 1, len(stem), len(stem) + 1):
                for near_key, _, _ in process.extract(
                    stem,
                    self._by_length.get(length, ()),
                    scorer=OSA.distance,
                    score_cutoff=1,
                    limit=None,
                ):
                    near.append(near_key)
        return list(dict.fromkeys(near))


def _english_key_word(word: str) -> str:
    """An English key word's base form, unless that is a Swedish word of its own ("parking" is
    not "park", which Swedish residents mean as a park)."""
    base = _wordforms.english_base(word)
    if base is None or len(base) < _MIN_ENGLISH_BASE or _wordforms.is_swedish(base):
        return word
    return base


def _add_terms(found: dict[str, float], terms: Iterable[str]) -> None:
    for term in terms:
        words = _swedish.words(term)
        if len(words) > 1:
            found["".join(words)] = 1.0
        for word in words:
            found[word] = max(found.get(word, 0.0), 1.0 if len(words) == 1 else _PART)


def _forms(folded: str, raw: str, *, english: bool = False) -> tuple[str, ...]:
    """A word as typed, its Swedish base forms (unless read as ``english``), without an
    English plural s ("debts" → "debt") and in its English base form ("swimming" → "swim")."""
    forms = [folded, *(() if english else _wordforms.base_forms(raw))]
    if raw.isascii():
        # English has no å, ä or ö: "tömts" is no plural of "tomt".
        if folded.endswith("s") and len(folded) > 3:
            forms.append(folded[:-1])
        english_base = _wordforms.english_base(folded)
        if english_base is not None:
            forms.append(english_base)
    return tuple(dict.fromkeys(forms))


def _parts(raw: str) -> tuple[str, ...]:
    """The parts of a compound, in the forms the vocabulary's keys are written in."""
    for form in (raw, *_wordforms.base_forms(raw)):
        split = _wordforms.compound_parts(form)
        if split is not None:
            head, tail = split
            return tuple(dict.fromkeys((head, tail, *_wordforms.base_forms(tail))))
    return ()


def _keys(forms: list[tuple[str, ...]]) -> Iterator[tuple[str, ...]]:
    """Every combination of the words' forms; phrases are short and words have few forms."""
    keys: list[tuple[str, ...]] = [()]
    for options in forms:
        keys = [(*key, option) for key in keys for option in options]
    yield from keys
