"""Folding names into the ASCII forms used in e-mail addresses and ids."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container

# Letters that Unicode does not decompose into a base letter plus a mark.
_SPECIAL_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "ß": "ss", "đ": "d", "ł": "l", "ı": "i"})
_NOT_ADDRESS_CHAR = re.compile(r"[^a-z0-9\- ]")
_NOT_SLUG_CHAR = re.compile(r"[^a-z0-9]+")

MAX_ID_LENGTH = 62
"""Ids go into Telegram deep links (64 characters) and buttons' callback data (64 bytes, which
the "save contact" button shares with a two-character prefix)."""
_WHITESPACE = re.compile(r"\s+")


def strip_diacritics(text: str) -> str:
    """Lower-case ``text`` and remove diacritics: å ä → a, ö ø → o, é → e, ü → u, æ → ae, ß → ss."""
    if text.isascii():
        return text.lower()  # nothing to decompose; most e-mail addresses and many names
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


def unique_id(base: str, taken: Container[str]) -> str:
    """``base`` cut to the id length, with ``-2``, ``-3`` … added until it is not taken."""
    candidate, number = base[:MAX_ID_LENGTH].rstrip("-"), 2
    while candidate in taken:
        suffix = f"-{number}"
        candidate = base[: MAX_ID_LENGTH - len(suffix)].rstrip("-") + suffix
        number += 1
    return candidate
