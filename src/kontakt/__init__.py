"""kontakt: a validated staff directory with a search that understands what residents type.

>>> from kontakt import Directory
>>> directory = Directory.load("data/contacts.yaml")
>>> directory.get("anna-tigerstrom").phones[1].sms_only
True

Everything public is named here; the modules behind it (``kontakt._loader``, ...) are private
and may change. ``kontakt.bot`` is the Telegram bot (``python -m kontakt.bot``).
"""

from kontakt._conversation import (
    Card,
    Choices,
    Conversation,
    NoMatch,
    Notice,
    Reply,
    ReplyKind,
    SavedContact,
)
from kontakt._directory import MAX_FILE_BYTES, Directory
from kontakt._errors import (
    AddressError,
    DataError,
    KontaktError,
    PhoneError,
    Problem,
    Severity,
)
from kontakt._model import Contact, Kind, Organisation
from kontakt._phones import Phone, parse_phone
from kontakt._search import Field, Match, Matches
from kontakt._texts import Language

__all__ = [
    "MAX_FILE_BYTES",
    "AddressError",
    "Card",
    "Choices",
    "Contact",
    "Conversation",
    "DataError",
    "Directory",
    "Field",
    "Kind",
    "KontaktError",
    "Language",
    "Match",
    "Matches",
    "NoMatch",
    "Notice",
    "Organisation",
    "Phone",
    "PhoneError",
    "Problem",
    "Reply",
    "ReplyKind",
    "SavedContact",
    "Severity",
    "parse_phone",
]
