"""Folding names into the ASCII forms used in e-mail addresses and ids."""

from __future__ import annotations

import re
import unicodedata

# Letters that Unicode does not decompose into a base letter plus a mark.
_SPECIAL_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "ß": "ss", "đ": "d", "ł": "l", "ı": "i"})
_NOT_ADDRESS_CHAR = re.compile(r"[^a-z0-9\- ]")
_NOT_SLUG_CHAR = re.compile(r"[^a-z0-9]+")
_WHITESPACE = re.compile(r"\s+")


def strip_diacritics(text: str) -> str:
    """Lower-case ``text`` and remove diacritics: å ä → a, ö ø → o, é → e, ü → u, æ → ae, ß → ss."""
    # Decomposed before lower-casing, since a compatibility form may be a capital ("𝕬" → "A"),
    # and again after the special letters, which may be what a decomposition left ("ǿ" → "ø").
    lowered = unicodedata.normalize("NFKD", text).lower().translate(_SPECIAL_LETTERS)
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold_for_address(name: str, *, space: str = "") -> str:
    """The part of an address the rule builds from ``name``.

    Lower case, diacritics removed, a space inside the name becomes ``space``, hyphens are kept
    and every other character is dropped: ``Johansson Tigerström`` → ``johanssontigerstrom``.
    """
    folded = _NOT_ADDRESS_CHAR.sub("", strip_diacritics(_WHITESPACE.sub(" ", name.strip())))
    return _WHITESPACE.sub(" ", folded).strip().replace(" ", space)


def slug(text: str) -> str:
    """An id made from a name: ``Anna Tigerström`` → ``anna-tigerstrom``."""
    return _NOT_SLUG_CHAR.sub("-", strip_diacritics(text)).strip("-")
