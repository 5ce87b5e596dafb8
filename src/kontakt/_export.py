"""The directory in formats other programs read: vCard, CSV and JSON.

Exports leave the admins' machines, so callers pass the directory they mean to publish:
:meth:`Directory.public` for everyone, the whole directory only on purpose.
"""

from __future__ import annotations

import csv
import dataclasses
import enum
import io
import json
from typing import Any

from kontakt import _vcard
from kontakt._directory import Directory
from kontakt._format import ENTRY_SECTIONS
from kontakt._hours import Hours
from kontakt._model import Contact
from kontakt._phones import Phone
from kontakt._search import Match


class Format(enum.StrEnum):
    VCF = "vcf"
    CSV = "csv"
    JSON = "json"


_LIST_SEPARATOR = "; "


def _exported_attributes() -> tuple[str, ...]:
    """The contact's attributes exports carry: the kind, then what the format table marks as
    exported, in the order of :class:`Contact`'s fields."""
    exported = {key.target for section in ENTRY_SECTIONS for key in section if key.exported}
    return ("kind", *(f.name for f in dataclasses.fields(Contact) if f.name in exported))


RECORD_FIELDS = _exported_attributes()
"""The keys of a contact's JSON record, in order."""
CSV_COLUMNS = tuple(
    column
    for name in RECORD_FIELDS
    for column in ((name, "sms_only_phones") if name == "phones" else (name,))
)
"""Numbers that take text messages only have a column of their own, so nobody calls them."""


def export(directory: Directory, format: Format, *, vcard_version: str = "3.0") -> str:
    """Every contact of ``directory`` in ``format``, in file order."""
    if format is Format.VCF:
        return _vcard.cards(directory, organisation=directory.organisation, version=vcard_version)
    if format is Format.CSV:
        return to_csv(directory)
    return to_json(directory)


def to_csv(directory: Directory) -> str:
    """A header row, then one row per contact; lists are joined with ``"; "``.

    Phones are in E.164; numbers that take text messages only have a column of their own, so
    nobody calls them by mistake.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for contact in directory:
        writer.writerow(_csv_cells(contact_record(contact)))
    return out.getvalue()


def to_json(directory: Directory) -> str:
    """A JSON list of contacts with normalised fields; a missing value is ``null``."""
    entries = [contact_record(c) for c in directory]
    return json.dumps(entries, ensure_ascii=False, indent=2) + "\n"


def contact_record(contact: Contact) -> dict[str, Any]:
    """A contact as JSON-ready values: the record of JSON exports and answers."""
    record: dict[str, Any] = {}
    for name in RECORD_FIELDS:
        value = getattr(contact, name)
        if name == "phones":
            value = [phone_record(p) for p in contact.phones]
        elif isinstance(value, enum.Enum):
            value = value.value
        elif isinstance(value, Hours):
            value = value.text
        elif isinstance(value, tuple):
            value = list(value)
        record[name] = value
    return record


def match_record(match: Match) -> dict[str, Any]:
    """A search result as JSON-ready values: the contact's record, its score and what matched
    (``kontakt search --json`` and the web API)."""
    return {**contact_record(match.contact), "score": match.score, "matched": str(match.field)}


def phone_record(phone: Phone) -> dict[str, Any]:
    return {
        "e164": phone.e164,
        "display": phone.display,
        "international": phone.international,
        "mobile": phone.is_mobile,
        "sms_only": phone.sms_only,
        "label": phone.label,
        "public": phone.public,
    }


def _csv_cells(record: dict[str, Any]) -> list[str]:
    cells: list[str] = []
    for name in RECORD_FIELDS:
        value = record[name]
        if name == "phones":
            cells.append(_LIST_SEPARATOR.join(p["e164"] for p in value if not p["sms_only"]))
            cells.append(_LIST_SEPARATOR.join(p["e164"] for p in value if p["sms_only"]))
        elif isinstance(value, bool):
            cells.append("true" if value else "false")
        elif isinstance(value, list):
            cells.append(_inert(_LIST_SEPARATOR.join(value)))
        else:
            cells.append("" if value is None else _inert(str(value)))
    return cells


# A spreadsheet runs a cell that starts with one of these as a formula ("=HYPERLINK(…)",
# "@SUM(…)"): such a cell gets a leading apostrophe, which spreadsheets show as text and do not
# display. Phone cells are E.164 numbers, which the loader has checked, and stay as they are.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _inert(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell
