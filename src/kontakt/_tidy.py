"""The canonical form of a data file, for ``kontakt fmt``: what the admin wrote, tidied.

Only values change: phone numbers take the national display form (``0478-125 11``), e-mail
addresses and the mail domain their stored lower-case form, and a number with a note such as
``(endast för sms)`` becomes ``number:`` with ``sms_only: true``. Comments, the order of entries
and keys, and blank lines are kept.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import yaml

from kontakt import _emails, _yamledit
from kontakt._errors import RewriteError
from kontakt._format import TRUE_WORDS
from kontakt._loader import LoadedData, parse_data
from kontakt._phones import Phone, parse_phone, split_sms_note
from kontakt._reader import single_line
from kontakt._yamledit import Document


def tidy(text: str, *, path: str) -> str:
    """The canonical text of a data file.

    Raises :class:`~kontakt._errors.DataError`, with the same problems ``kontakt check``
    reports, when the file has errors: only a valid file is rewritten. The result keeps a
    leading byte order mark and Windows line endings when ``text`` has them, and tidying it
    again changes nothing.
    """
    read: list[LoadedData] = []

    def change(document: Document, before: LoadedData) -> None:
        read.append(before)
        _tidy_document(document, before)

    tidied = _yamledit.rewrite(text, path=path, change=change)
    if tidied != text and _meaning(parse_data(tidied, path=path)) != _meaning(read[0]):
        raise RewriteError(
            f"{path}: tidying would change what the file says; it was left as it was"
        )
    return tidied


def _tidy_document(document: Document, before: LoadedData) -> None:
    region = before.organisation.region
    organisation = document.get(document.root, "organisation")
    if organisation is None:  # the check requires it
        return
    domain = document.get(organisation, "domain")
    if domain is not None:
        document.set_scalar(
            domain, before.organisation.domain, parent=organisation, keep_quotes=True
        )
    _tidy_email(document, organisation)
    _tidy_phones(document, organisation, "phone", region)
    for section in ("people", "services"):
        for entry in document.items(document.get(document.root, section)):
            _tidy_email(document, entry)
            _tidy_phones(document, entry, "phones", region)


def _tidy_email(document: Document, mapping: yaml.Node) -> None:
    value = document.get(mapping, "email")
    if isinstance(value, yaml.ScalarNode) and not document.is_null(value):
        new = _emails.normalise_address(single_line(value.value))
        document.set_scalar(value, new, parent=mapping, keep_quotes=True)


def _tidy_phones(document: Document, mapping: yaml.Node, key: str, region: str) -> None:
    value = document.get(mapping, key)
    if isinstance(value, yaml.SequenceNode):
        if (
            document.is_flow(value)
            and not document.is_flow(mapping)
            and document.may_become_list(mapping, key)
            and any(_sms_note(item) for item in value.value)
        ):
            # A number becomes number: and sms_only: true, which reads best one line each.
            document.set_list(
                mapping, key, [_tidied(document, item, region) for item in value.value]
            )
            return
        for item in value.value:
            _tidy_phone(document, item, value, region)
    elif isinstance(value, yaml.ScalarNode) and not document.is_null(value):
        if split_sms_note(single_line(value.value))[1]:
            # A mapping cannot stand alone where a list is expected: it becomes a list of one.
            phone = parse_phone(single_line(value.value), region=region)
            listed = [_yamledit.phone_mapping(phone)]
            if document.may_become_list(mapping, key):
                document.set_list(mapping, key, listed)
            else:  # a plain value over several lines
                document.replace_value(value, _yamledit.flow(listed))
        else:
            _tidy_phone(document, value, mapping, region)
    elif isinstance(value, yaml.MappingNode):
        _tidy_phone(document, value, mapping, region)


def _sms_note(item: yaml.Node) -> bool:
    return isinstance(item, yaml.ScalarNode) and bool(split_sms_note(single_line(item.value))[1])


def _tidied(document: Document, item: yaml.Node, region: str) -> _yamledit.NewValue:
    """A plain number in its display form or, with an SMS-only note, as a mapping; anything
    else as it is written."""
    if not isinstance(item, yaml.ScalarNode):
        return document.source(item)
    phone = parse_phone(single_line(item.value), region=region)
    return _yamledit.phone_mapping(phone) if phone.sms_only else phone.display


def _tidy_phone(document: Document, value: yaml.Node, parent: yaml.Node, region: str) -> None:
    if isinstance(value, yaml.MappingNode):
        number = document.get(value, "number")
        if not isinstance(number, yaml.ScalarNode):  # the check requires it
            return
        phone = parse_phone(single_line(number.value), region=region)
        document.set_scalar(number, phone.display, parent=value, keep_quotes=True)
        sms_only = document.get(value, "sms_only")
        if phone.sms_only and not _is_true(sms_only):
            if sms_only is not None:
                document.set_scalar(sms_only, _yamledit.Raw("true"), parent=value)
            else:
                # Right after the number; what followed its line stays after the new one.
                document.insert_key(value, "sms_only", _yamledit.Raw("true"), after="number")
    elif isinstance(value, yaml.ScalarNode) and not document.is_null(value):
        phone = parse_phone(single_line(value.value), region=region)
        if not phone.sms_only:
            document.set_scalar(value, phone.display, parent=parent, keep_quotes=True)
        elif document.is_flow(parent):
            # A tag on the number (!!str) would not fit the mapping: it goes.
            document.replace_value(value, _yamledit.flow(_yamledit.phone_mapping(phone)))
        else:
            # The item's line becomes number:, and sms_only: true follows it; a tag or anchor
            # on the number goes, since it would now stand before the mapping.
            document.replace_value(value, f"number: {phone.display}")
            column = document.column(value.start_mark.index)
            line_end = document.line_end(document.end(value))
            document.insert(line_end, "\n" + " " * column + "sms_only: true")


def _is_true(value: yaml.Node | None) -> bool:
    return isinstance(value, yaml.ScalarNode) and value.value.strip().lower() in TRUE_WORDS


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
