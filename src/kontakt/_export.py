"""The directory in formats other programs read: vCard, CSV and JSON.

Exports leave the admins' machines, so callers pass the directory they mean to publish:
:meth:`Directory.public` for everyone, the whole directory only on purpose.
"""

from __future__ import annotations

import csv
import enum
import io
import json
from typing import Any

from kontakt import _vcard
from kontakt._directory import Directory
from kontakt._model import Contact
from kontakt._phones import Phone

__all__ = ["CSV_COLUMNS", "Format", "export", "to_csv", "to_json"]


class Format(enum.StrEnum):
    VCF = "vcf"
    CSV = "csv"
    JSON = "json"


CSV_COLUMNS = (
    "kind",
    "id",
    "name",
    "first_name",
    "last_name",
    "title",
    "department",
    "email",
    "phones",
    "sms_only_phones",
    "topics",
    "address",
    "public",
)
_LIST_SEPARATOR = "; "


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
        writer.writerow(
            [
                contact.kind.value,
                contact.id,
                contact.name,
                contact.first_name or "",
                contact.last_name or "",
                contact.title or "",
                contact.department or "",
                contact.email or "",
                _LIST_SEPARATOR.join(p.e164 for p in contact.phones if not p.sms_only),
                _LIST_SEPARATOR.join(p.e164 for p in contact.phones if p.sms_only),
                _LIST_SEPARATOR.join(contact.topics),
                contact.address or "",
                "true" if contact.public else "false",
            ]
        )
    return out.getvalue()


def to_json(directory: Directory) -> str:
    """A JSON list of contacts with normalised fields; a missing value is ``null``."""
    entries = [_contact_json(c) for c in directory]
    return json.dumps(entries, ensure_ascii=False, indent=2) + "\n"


def _contact_json(contact: Contact) -> dict[str, Any]:
    return {
        "kind": contact.kind.value,
        "id": contact.id,
        "name": contact.name,
        "first_name": contact.first_name,
        "last_name": contact.last_name,
        "title": contact.title,
        "department": contact.department,
        "email": contact.email,
        "phones": [_phone_json(p) for p in contact.phones],
        "topics": list(contact.topics),
        "address": contact.address,
        "public": contact.public,
    }


def _phone_json(phone: Phone) -> dict[str, Any]:
    return {
        "e164": phone.e164,
        "display": phone.display,
        "international": phone.international,
        "mobile": phone.is_mobile,
        "sms_only": phone.sms_only,
        "label": phone.label,
        "public": phone.public,
    }
