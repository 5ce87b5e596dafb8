"""Swedish word forms and how common a word is, from maintained word lists.

Base forms come from simplemma's Swedish dictionary (tömts → tömma, vårdnaden → vårdnad);
how common a word is in ordinary Swedish or English from wordfreq's Zipf scale (a word seen
once per billion words is 0, "och" about 7.5). Residents often type without å, ä and ö: a word
neither list knows is tried with them restored ("hjalp" → "hjälp"), a few vowels at most.
"""

from __future__ import annotations

import functools
import itertools
import math

import simplemma
import wordfreq

from kontakt._names import strip_diacritics

_RESTORED = {"a": ("a", "ä", "å"), "o": ("o", "ö")}
_MAX_RESTORED_VOWELS = 4
_MIN_PART = 3
_LONGEST_COMPOUND = 40
"""Longer words are not compounds anyone types; trying every split of one costs its square."""
# How much commoner than its rarer part a word may be and still be read as a compound:
# kommunfullmäktige (3.9) of fullmäktige (3.6) is one, näringsliv (4.3) of näring (3.7) is not.
_LEXICALISED_MARGIN = 0.5
# Endings that make words of words: the tail of förvaltning, ungdom or handläggare is no part.
_SUFFIXES = frozenset(
    {"ning", "het", "are", "dom", "else", "ande", "ende", "tor", "ism", "ist", "ion", "lig", "isk"}
)


def load() -> None:
    """Read the dictionaries now (a second or two) rather than at the first question."""
    simplemma.lemmatize("frågor", "sv")
    simplemma.lemmatize("lessons", "en")
    _frequencies("sv")
    _frequencies("en")


@functools.lru_cache(maxsize=65536)
def spelled(word: str) -> str:
    """``word`` as the Swedish dictionary spells it: with å, ä, ö restored when it lacks them
    and one restoration is a known word; otherwise ``word`` itself."""
    if simplemma.is_known(word, "sv") or not word.isascii():
        return word
    vowels = [i for i, letter in enumerate(word) if letter in _RESTORED]
    if not vowels or len(vowels) > _MAX_RESTORED_VOWELS:
        return word
    letters = list(word)
    for choice in itertools.product(*(_RESTORED[word[i]] for i in vowels)):
        for i, letter in zip(vowels, choice, strict=True):
            letters[i] = letter
        candidate = "".join(letters)
        if candidate != word and simplemma.is_known(candidate, "sv"):
            return candidate
    return word


@functools.lru_cache(maxsize=65536)
def base_forms(word: str) -> tuple[str, ...]:
    """Folded dictionary base forms of a lower-case word, other than its own folded form."""
    own = strip_diacritics(word)
    forms = []
    for spelling in dict.fromkeys((word, spelled(word), _written_form(word))):
        lemma = strip_diacritics(simplemma.lemmatize(spelling, "sv"))
        if lemma != own and lemma not in forms and lemma.isalnum():
            forms.append(lemma)
    return tuple(forms)


def _written_form(word: str) -> str:
    """A spoken definite form as it is written: sotarn → sotaren, snickarn → snickaren."""
    if word.endswith(_SPOKEN_DEFINITE) and not simplemma.is_known(word, "sv"):
        written = word[:-2] + "ren"
        # Typed without its å, ä or ö too: "handlaggarn" is "handläggaren".
        for candidate in dict.fromkeys((written, spelled(written))):
            if simplemma.is_known(candidate, "sv"):
                return candidate
    return word


_SPOKEN_DEFINITE = "arn"


@functools.lru_cache(maxsize=65536)
def english_base(word: str) -> str | None:
    """The English dictionary base form of a lower-case word, when it has another one:
    "lessons" → "lesson", "swimming" → "swim"."""
    if not word.isascii():
        return None
    base = simplemma.lemmatize(word, "en").lower()
    return base if base != word and base.isalpha() else None


@functools.lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """How common a lower-case word is in Swedish or English text, on the Zipf scale (0-8)."""
    return max(_zipf(spelled(word), "sv"), _zipf(word, "en"))


def another_word(typed: str, meant: str) -> bool:
    """Whether ``typed``, written without the å, ä or ö of ``meant``, is a commoner Swedish
    word of its own: "stora" is not "störa", but "rad" may well be "råd"."""
    return (
        typed != meant
        and strip_diacritics(typed) == strip_diacritics(meant)
        and _zipf(typed, "sv") > _zipf(meant, "sv")
    )


def is_swedish(word: str) -> bool:
    """Whether the Swedish dictionary knows ``word`` as written (a folded word with its
    å, ä and ö restored)."""
    return bool(simplemma.is_known(spelled(word), "sv"))


def is_common_as_typed(word: str, *, min_zipf: float = 2.5) -> bool:
    """Whether ``word`` is an ordinary Swedish word exactly as typed ("vikter"; not "tomts",
    a folded "tömts", nor "lasson", a rare form more likely a slip for Larsson)."""
    return _zipf(word, "sv") >= min_zipf


def is_word(word: str, *, min_zipf: float = 2.5) -> bool:
    """Whether a folded or written word is an ordinary Swedish word (or a form of one)."""
    return _zipf(spelled(word), "sv") >= min_zipf or any(
        _zipf(base, "sv") >= min_zipf for base in base_forms(word)
    )


@functools.cache
def _frequencies(language: str) -> dict[str, float]:
    # The whole list once (a few tenths of a second) rather than wordfreq's per-call
    # tokenising: compounds try every split of every word the directory has.
    return wordfreq.get_frequency_dict(language)


def _zipf(word: str, language: str) -> float:
    frequency = _frequencies(language).get(word, 0.0)
    return max(0.0, math.log10(frequency) + 9.0) if frequency else 0.0


@functools.lru_cache(maxsize=65536)
def compound_parts(word: str, *, min_zipf: float = 2.5) -> tuple[str, str] | None:
    """The two ordinary words a compound is made of, folded: ``skolskjuts`` → (skola, skjuts),
    ``gatlampa`` → (gata, lampa); None when no split gives two known words.

    The first part may have lost its final -a or gained a linking -s (skol|skjuts, bygglovs|
    ansökan); the split whose rarer part is most common wins. A word far commoner than its
    rarer part is a word of its own, not a compound (företag is not före + tag, rektor not
    rek + tor), and a derivational ending is no part (förvaltning, ungdom).
    """
    if len(word) > _LONGEST_COMPOUND:
        return None
    best: tuple[float, tuple[str, str]] | None = None
    for cut in range(_MIN_PART, len(word) - _MIN_PART + 1):
        head, tail = word[:cut], word[cut:]
        tail_zipf = _zipf(spelled(tail), "sv")
        if tail_zipf < min_zipf or tail in _SUFFIXES:
            continue
        for candidate in _heads(head):
            score = min(tail_zipf, _zipf(spelled(candidate), "sv"))
            if score >= min_zipf and (best is None or score > best[0]):
                best = (score, (strip_diacritics(candidate), strip_diacritics(tail)))
    if best is None or _zipf(spelled(word), "sv") > best[0] + _LEXICALISED_MARGIN:
        return None
    return best[1]


def _heads(head: str) -> tuple[str, ...]:
    """A compound's first part as a word: bygglov|s, skol|a, förskol|e → förskola, gat|u → gata."""
    if head.endswith("s") and len(head) > _MIN_PART:
        return (head, head[:-1])
    if head[-1] in "eu":
        return (head, head[:-1] + "a")
    return (head, head + "a")


def clearly_english(words: list[str]) -> bool:
    """Whether lower-case words read as English rather than Swedish: at least two words far
    commoner in English than in Swedish, and more of them than the other way round."""
    english = swedish = 0
    for word in words:
        lean = _leaning(word)
        english += lean > 0
        swedish += lean < 0
    return english >= 2 and english > swedish


def as_english(word: str) -> bool:
    """Whether a lower-case word of an English question is at least as common in English as
    in Swedish ("sim", "cars", "place"; not "bygglov")."""
    return word.isascii() and _zipf(word, "en") >= max(_zipf(spelled(word), "sv"), _MIN_ENGLISH)


_MIN_ENGLISH = 1.0


def is_english(word: str) -> bool:
    """Whether a lower-case word is far commoner in English than in Swedish ("sweeper")."""
    return _leaning(word) > 0


@functools.lru_cache(maxsize=65536)
def _leaning(word: str) -> int:
    """1 for a word far commoner in English, -1 in Swedish, 0 for neither or both."""
    in_english, in_swedish = _zipf(word, "en"), _zipf(spelled(word), "sv")
    if in_english >= in_swedish + _CLEAR_MARGIN:
        return 1
    if in_swedish >= in_english + _CLEAR_MARGIN:
        return -1
    return 0


_CLEAR_MARGIN = 1.0
