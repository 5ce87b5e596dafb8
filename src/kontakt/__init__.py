"""kontakt: a validated staff directory with a search that understands what residents type.

>>> from kontakt import Directory
>>> directory = Directory.load("data/contacts.yaml")
>>> directory.get("anna-tigerstrom").phones[1].sms_only
True
"""

from kontakt._directory import MAX_FILE_BYTES, Directory
from kontakt._errors import DataError, Problem, Severity
from kontakt._model import Contact, Kind, Organisation
from kontakt._phones import Phone
from kontakt._search import Field, Match, Matches

__all__ = [
    "MAX_FILE_BYTES",
    "Contact",
    "DataError",
    "Directory",
    "Field",
    "Kind",
    "Match",
    "Matches",
    "Organisation",
    "Phone",
    "Problem",
    "Severity",
]
