"""The directory: validated contacts from one data file, with lookups and search."""

from __future__ import annotations

import errno
import functools
import os
import re
import stat
from collections.abc import Iterable, Iterator, Mapping
from typing import BinaryIO

from kontakt import _emails, _swedish, _wordforms
from kontakt._errors import AddressError, DataError, Problem, Severity
from kontakt._loader import bundled_vocabulary, parse_data
from kontakt._model import Contact, Organisation
from kontakt._phones import phone_key
from kontakt._search import (
    MAX_QUERY_CHARS,
    RELEVANCE_FLOOR,
    Field,
    Match,
    Matches,
    SearchIndex,
)
from kontakt._source import position_to_line_column
from kontakt._vocabulary import Vocabulary

DEFAULT_DATA = "data/contacts.yaml"
"""Where the command line and the bot look for the data file unless told otherwise."""
MAX_FILE_BYTES = 16 * 1024 * 1024
"""A data file larger than this is refused: ten thousand staff take about 3 MB."""

_PHONE_LIKE = re.compile(r"\+?[\d\s\-()./]{6,}")
_MIN_PHONE_DIGITS = 6
_EMAIL_LIKE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class Directory:
    """Contacts (people and services) of one organisation, in file order.

    Iterating yields every contact; ``len()`` counts them; :meth:`get` finds one by id.
    """

    def __init__(
        self,
        contacts: Iterable[Contact],
        *,
        organisation: Organisation,
        warnings: Iterable[Problem] = (),
        source: str | None = None,
        vocabulary: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        self._contacts = tuple(contacts)
        self._by_id = {c.id: c for c in self._contacts}
        if len(self._by_id) != len(self._contacts):
            raise ValueError("contact ids must be unique")
        self.organisation = organisation
        self.warnings: tuple[Problem, ...] = tuple(warnings)
        """Problems that did not stop the load (all of severity warning)."""
        self.source = source
        """The path the contacts were read from, when they were."""
        self.vocabulary: dict[str, tuple[str, ...]] = {
            phrase: tuple(terms) for phrase, terms in (vocabulary or {}).items()
        }
        """The data file's own vocabulary, searched with the bundled one."""

    @classmethod
    def load(cls, path: str | os.PathLike[str], *, max_bytes: int = MAX_FILE_BYTES) -> Directory:
        """Read and validate a data file.

        Raises :class:`DataError` listing every problem when the data is wrong, and
        :class:`OSError` when the file cannot be read at all.
        """
        return cls.from_text(read_text(path, max_bytes=max_bytes), path=os.fspath(path))

    @classmethod
    def from_text(cls, text: str, *, path: str = "<string>") -> Directory:
        """Validate the text of a data file; ``path`` is only used in problem reports."""
        loaded = parse_data(text, path=path)
        return cls(
            loaded.contacts,
            organisation=loaded.organisation,
            warnings=loaded.warnings,
            source=path,
            vocabulary=dict(loaded.vocabulary),
        )

    def __iter__(self) -> Iterator[Contact]:
        return iter(self._contacts)

    def __len__(self) -> int:
        return len(self._contacts)

    def __contains__(self, contact_id: object) -> bool:
        return contact_id in self._by_id

    def __repr__(self) -> str:
        return f"<Directory {self.organisation.name!r}: {len(self)} contacts>"

    def get(self, contact_id: str) -> Contact | None:
        return self._by_id.get(contact_id)

    def public(self) -> Directory:
        """The same directory without entries marked ``public: false`` and their hidden numbers."""
        return Directory(
            (c.without_hidden_phones() for c in self._contacts if c.public),
            organisation=self.organisation,
            warnings=self.warnings,
            source=self.source,
            vocabulary=self.vocabulary,
        )

    def by_phone(self, raw: str) -> tuple[Contact, ...]:
        """Contacts that list this number, written in any format (``0046709486488``)."""
        key = phone_key(raw, region=self.organisation.region)
        return self._by_phone.get(key, ()) if key else ()

    def by_email(self, raw: str) -> Contact | None:
        """The contact with this address, in any case."""
        try:
            address = _emails.normalise_address(raw)
        except AddressError:
            return None
        return self._by_email.get(address)

    def search(self, query: str, *, limit: int = 5, min_score: float = RELEVANCE_FLOOR) -> Matches:
        """The contacts that best answer ``query``, best first; empty when nothing is relevant.

        Any string is a valid query and this never raises. A query that is a phone number or an
        e-mail address is looked up exactly. ``result.ambiguous`` says when the best matches are
        equally good, so a caller can ask which one was meant. ``min_score`` lowers the bar
        from the relevance floor, for "did you mean" suggestions.
        """
        query = query[:MAX_QUERY_CHARS]
        text = query.strip()
        if limit <= 0 or not text:
            return Matches()
        if _PHONE_LIKE.fullmatch(text) and sum(ch.isdigit() for ch in text) >= _MIN_PHONE_DIGITS:
            return Matches(Match(c, 100.0, Field.PHONE) for c in self.by_phone(text)[:limit])
        if _EMAIL_LIKE.fullmatch(text):
            contact = self.by_email(text)
            if contact is not None:
                return Matches([Match(contact, 100.0, Field.EMAIL)])
            # An address nobody has is searched as the name it is made of.
            query = text.partition("@")[0].replace(".", " ")
        return self._index.search(query, limit=limit, min_score=min_score)

    def prepare(self) -> None:
        """Build the search index and lookup tables, and read the word lists, now rather
        than at the first search."""
        _ = self._index, self._by_phone, self._by_email
        _wordforms.load()

    @functools.cached_property
    def _index(self) -> SearchIndex:
        # The organisation's own name ("Lessebo kommun") says nothing about whom to contact.
        vocabulary = _bundled_vocabulary().extended(self.vocabulary)
        return SearchIndex(
            self._contacts, filler=_swedish.words(self.organisation.name), vocabulary=vocabulary
        )

    @functools.cached_property
    def _by_phone(self) -> dict[str, tuple[Contact, ...]]:
        found: dict[str, list[Contact]] = {}
        for contact in self._contacts:
            for phone in contact.phones:
                found.setdefault(phone.e164, []).append(contact)
        return {key: tuple(contacts) for key, contacts in found.items()}

    @functools.cached_property
    def _by_email(self) -> dict[str, Contact]:
        return {c.email: c for c in self._contacts if c.email}


def default_data(environ: Mapping[str, str] = os.environ) -> str:
    """The data file the command line and the bot read unless given one: the one
    ``KONTAKT_DATA`` names, else :data:`DEFAULT_DATA`."""
    return environ.get("KONTAKT_DATA", "").strip() or DEFAULT_DATA


@functools.cache
def _bundled_vocabulary() -> Vocabulary:
    """The bundled vocabulary, read and indexed once: every directory and its public view
    extend the same one."""
    return Vocabulary(dict(bundled_vocabulary()))


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """``path`` opened for reading when it is a regular file; :class:`OSError` when it is not.

    Opened without waiting, then looked at: a named pipe put where the data file was would
    otherwise hold the read, and with it every later reload, until something writes to it.
    """
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), os.fspath(path))
        if not stat.S_ISREG(mode):
            raise OSError(errno.EINVAL, "not a regular file (a pipe or a device?)", os.fspath(path))
        os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def read_text(path: str | os.PathLike[str], *, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The text of a data file, not yet validated.

    Raises :class:`DataError` for a file over ``max_bytes`` or one that is not UTF-8, and
    :class:`OSError` when the file cannot be read at all.
    """
    shown = os.fspath(path)
    with open_regular(path) as file:
        size = os.fstat(file.fileno()).st_size
        if size > max_bytes:
            raise DataError(
                [
                    _whole_file_problem(
                        shown, f"the file is {size:,} bytes; the limit is {max_bytes:,} bytes"
                    )
                ]
            )
        data = file.read(max_bytes + 1)
    if len(data) > max_bytes:  # the file grew while it was read
        raise DataError(
            [_whole_file_problem(shown, f"the file is over the limit of {max_bytes:,} bytes")]
        )
    return decode(data, path=shown)


def decode(data: bytes, *, path: str) -> str:
    """UTF-8 text of a data file, or :class:`DataError` locating the first undecodable byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8")
        line, column = position_to_line_column(good, len(good))
        raise DataError(
            [
                Problem(
                    path,
                    line,
                    column,
                    Severity.ERROR,
                    f"the file is not UTF-8 text (byte 0x{data[exc.start]:02X}); save it as UTF-8",
                )
            ]
        ) from None


def _whole_file_problem(path: str, message: str) -> Problem:
    return Problem(path, 1, 1, Severity.ERROR, message)
