"""The canonical form of a data file, for ``kontakt fmt``: what the admin wrote, tidied.

Only values change: phone numbers take the national display form (``0478-125 11``), e-mail
addresses and the mail domain their stored lower-case form, and a number with a note such as
``(endast för sms)`` becomes ``number:`` with ``sms_only: true``. Comments, the order of entries
and keys, and blank lines are kept.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import ScalarString

from kontakt import _emails, _yamledit
from kontakt._errors import RewriteError
from kontakt._format import TRUE_WORDS
from kontakt._loader import LoadedData, parse_data
from kontakt._phones import Phone, parse_phone, split_sms_note


def tidy(text: str, *, path: str) -> str:
    """The canonical text of a data file.

    Raises :class:`~kontakt._errors.DataError`, with the same problems ``kontakt check``
    reports, when the file has errors: only a valid file is rewritten. The result keeps a
    leading byte order mark and Windows line endings when ``text`` has them, and tidying it
    again changes nothing.
    """
    tidied = _yamledit.rewrite(text, path=path, change=_tidy_document)
    if _meaning(parse_data(tidied, path=path)) != _meaning(parse_data(text, path=path)):
        raise RewriteError(
            f"{path}: tidying would change what the file says; it was left as it was"
        )
    return tidied


def _tidy_document(document: Any, before: LoadedData) -> None:
    region = before.organisation.region
    organisation = document["organisation"]
    _replace(organisation, "domain", before.organisation.domain)
    _tidy_email(organisation, "email")
    if "phone" in organisation:
        _tidy_phones(organisation, "phone", region)
    for section in ("people", "services"):
        for entry in document.get(section) or ():
            _tidy_email(entry, "email")
            if "phones" in entry:
                _tidy_phones(entry, "phones", region)


def _tidy_email(mapping: Any, key: str) -> None:
    value = mapping.get(key)
    if isinstance(value, str):
        _replace(mapping, key, _emails.normalise_address(value))


def _tidy_phones(mapping: Any, key: str, region: str) -> None:
    value = mapping[key]
    if isinstance(value, CommentedSeq):
        for index in range(len(value)):
            _tidy_phone(value, index, region)
    elif isinstance(value, str) and split_sms_note(value)[1]:
        # A mapping cannot stand alone where a list is expected: it becomes a list of one.
        phone = parse_phone(value, region=region)
        items = CommentedSeq([_sms_only_mapping(phone, mapping, key)])
        mapping[key] = items
    elif isinstance(value, str):
        _tidy_phone(mapping, key, region)


def _tidy_phone(container: Any, key: Any, region: str) -> None:
    value = container[key]
    if isinstance(value, CommentedMap):
        phone = parse_phone(str(value["number"]), region=region)
        _replace(value, "number", phone.display)
        if phone.sms_only and not _is_true(value.get("sms_only")):
            if "sms_only" in value:
                value["sms_only"] = "true"
            else:
                # Right after the number, taking over what followed its line.
                value.insert(list(value).index("number") + 1, "sms_only", "true")
                _yamledit.move_comment(
                    value, "number", value, same_line="number", next_lines="sms_only"
                )
    elif isinstance(value, str):
        phone = parse_phone(value, region=region)
        if phone.sms_only:
            container[key] = _sms_only_mapping(phone, container, key)
            if isinstance(container, CommentedSeq):
                # A mapping inside [a, b] would be written as {number: ..}: use one line each.
                container.fa.set_block_style()
        else:
            _replace(container, key, phone.display)


def _sms_only_mapping(phone: Phone, container: Any, key: Any) -> CommentedMap:
    """``number:`` and ``sms_only: true`` for a number written with an SMS-only note."""
    mapping = _yamledit.phone_mapping(phone)
    _yamledit.move_comment(container, key, mapping, same_line="number", next_lines="sms_only")
    return mapping


def _replace(container: Any, key: Any, new: str) -> None:
    """Store ``new`` unless the value already reads the same; quoted values stay quoted."""
    old = container[key]
    if str(old) == new:
        return
    if isinstance(old, ScalarString):
        container[key] = type(old)(new)
    else:
        container[key] = _yamledit.scalar(new)


def _is_true(value: Any) -> bool:
    return isinstance(value, str) and value.strip().lower() in TRUE_WORDS


def _meaning(data: LoadedData) -> tuple[Any, ...]:
    """Everything a file says, without where it says it or how its numbers were written."""

    def phone(p: Phone) -> tuple[Any, ...]:
        return (p.e164, p.sms_only, p.label, p.public, p.region, p.shared)

    contacts = tuple(
        (
            dataclasses.replace(c, line=0, phones=()),
            tuple(phone(p) for p in c.phones),
        )
        for c in data.contacts
    )
    organisation = dataclasses.replace(data.organisation, phone=None)
    switchboard = data.organisation.phone
    return organisation, switchboard and phone(switchboard), contacts
