"""vCards (3.0, RFC 2426, or 4.0, RFC 6350) for contacts: one card per person and per service.

Phones are written in E.164. A number that takes text messages only stays a mobile number and is
marked as such: in 3.0 by a label grouped with it (``item1.X-ABLabel:endast SMS``, which Apple's
and Google's contacts show), in 4.0 by ``TYPE=text``. A service is an organisation's card
(``X-ABShowAs:COMPANY``, or ``KIND:org`` in 4.0).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence

from kontakt._model import Contact, Kind, Organisation
from kontakt._phones import Phone

VERSIONS = ("3.0", "4.0")
SMS_ONLY_LABEL = "endast SMS"
_LINE_OCTETS = 75
_CRLF = "\r\n"


def cards(contacts: Iterable[Contact], *, organisation: Organisation, version: str = "3.0") -> str:
    """The vCards of ``contacts``, in order, with CRLF line ends and long lines folded."""
    if version not in VERSIONS:
        raise ValueError(f"vCard version must be one of {', '.join(VERSIONS)}, not {version!r}")
    return "".join(fold(line) + _CRLF for c in contacts for line in _card(c, organisation, version))


def escape(text: str) -> str:
    """A text value with backslashes, commas, semicolons and line breaks escaped."""
    return (
        text.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """``line`` folded into lines of at most 75 octets, never inside a UTF-8 character."""
    if len(line.encode("utf-8")) <= _LINE_OCTETS:
        return line
    parts: list[str] = []
    current: list[str] = []
    size, limit = 0, _LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            # A continuation line starts with a space, which counts towards its length.
            current, size, limit = [], 0, _LINE_OCTETS - 1
        current.append(char)
        size += width
    parts.append("".join(current))
    return (_CRLF + " ").join(parts)


def _card(contact: Contact, organisation: Organisation, version: str) -> list[str]:
    modern = version == "4.0"
    lines = ["BEGIN:VCARD", f"VERSION:{version}"]
    if contact.kind is Kind.SERVICE and modern:
        lines.append("KIND:org")
    lines.append(f"UID:{_uid(contact, organisation)}")
    lines.append(f"FN:{escape(contact.name)}")
    if contact.kind is Kind.PERSON:
        lines.append(f"N:{_compound([contact.last_name or '', contact.first_name or ''], 5)}")
        lines.append(f"ORG:{_compound([organisation.name, contact.department or ''])}")
        if contact.title:
            lines.append(f"TITLE:{escape(contact.title)}")
    else:
        if not modern:
            lines.append(f"N:{_compound([], 5)}")  # required in 3.0, empty for organisations
            lines.append("X-ABShowAs:COMPANY")
        # The service's name is what contact lists show for an organisation's card.
        lines.append(f"ORG:{_compound([contact.name, contact.department or ''])}")
    if contact.email:
        kind = "work" if modern else "INTERNET,WORK"
        lines.append(f"EMAIL;TYPE={kind}:{escape(contact.email)}")
    group = 0
    for phone in contact.phones:
        # "endast SMS" in both versions: the label a contacts app shows beside the number.
        label = SMS_ONLY_LABEL if phone.sms_only else phone.label
        prefix = ""
        if label:
            group += 1
            prefix = f"item{group}."
        lines.append(prefix + _telephone(phone, modern))
        if label:
            lines.append(f"{prefix}X-ABLabel:{escape(label)}")
    if contact.address:
        # Free text: the street field of ADR holds it whole.
        adr = _compound(["", "", contact.address, "", "", "", ""])
        lines.append(f"ADR;TYPE={'work' if modern else 'WORK'}:{adr}")
    if contact.topics:
        lines.append(f"CATEGORIES:{','.join(escape(t) for t in contact.topics)}")
    lines.extend(_links_and_hours(contact))
    lines.append("END:VCARD")
    return lines


def _links_and_hours(contact: Contact) -> list[str]:
    lines = [f"URL:{contact.url}"] if contact.url else []
    if contact.hours:
        # Contacts apps have no field for opening hours: a note, named as the card says it.
        what = "Telefontid" if contact.kind is Kind.PERSON else "Öppettider"
        lines.append(f"NOTE:{escape(f'{what}: {contact.hours.text}')}")
    return lines


def _telephone(phone: Phone, modern: bool) -> str:
    if modern:
        # In 4.0 "cell,text" means a mobile that also takes texts, which a contacts app offers to
        # call: an SMS-only number is "text" alone.
        types = ["text"] if phone.sms_only else ["cell" if phone.is_mobile else "work", "voice"]
        return f"TEL;VALUE=uri;TYPE={','.join(types)}:tel:{phone.e164}"
    if phone.sms_only:
        types = ["CELL"]
    else:
        types = ["CELL", "VOICE"] if phone.is_mobile else ["WORK", "VOICE"]
    return f"TEL;TYPE={','.join(types)}:{phone.e164}"


def _compound(components: Sequence[str], size: int = 0) -> str:
    """Components separated by ``;``, padded to ``size``, each escaped."""
    padded = list(components) + [""] * (size - len(components))
    return ";".join(escape(c) for c in padded)


def _uid(contact: Contact, organisation: Organisation) -> str:
    """The same for the same entry in every export, so address books update instead of doubling."""
    return uuid.uuid5(uuid.uuid5(uuid.NAMESPACE_DNS, organisation.domain), contact.id).urn
