"""The data format's tables agree with the model they fill."""

from __future__ import annotations

import dataclasses
import types
import typing

import pytest

from kontakt import Contact, Organisation, Phone
from kontakt._format import ENTRY_SECTIONS, ORGANISATION, Section, Value
from kontakt._hours import Hours
from kontakt._values import READERS

# What each kind of value reads as, to compare with the attribute's type.
_READS_AS: dict[Value, object] = {
    Value.TEXT: str,
    Value.REASON: str,
    Value.EMAIL: str,
    Value.DOMAIN: str,
    Value.REGION: str,
    Value.EMAIL_SPACE: str,
    Value.ID: str,
    Value.NUMBER: str,
    Value.FLAG: bool,
    Value.SWITCHBOARD: Phone,
    Value.PHONES: tuple[Phone, ...],
    Value.TOPICS: tuple[str, ...],
    Value.HOURS: Hours,
    Value.URL: str,
}
# Set by the loader itself, not read from a key.
_NOT_FROM_KEYS = {"kind", "id", "line"}


def test_every_kind_of_value_has_a_reader() -> None:
    assert set(READERS) == set(Value)


@pytest.mark.parametrize(
    ("model", "sections"),
    [(Contact, ENTRY_SECTIONS), (Organisation, (ORGANISATION,))],
)
def test_each_key_fills_an_attribute_of_the_type_its_reader_gives(
    model: type, sections: tuple[Section, ...]
) -> None:
    hints = typing.get_type_hints(model)
    for section in sections:
        for key in section:
            if key.name == "id":
                continue
            assert key.target in hints, f"{section.name}.{key.name} fills no attribute"
            hint = hints[key.target]
            union = isinstance(hint, types.UnionType)
            allowed = typing.get_args(hint) if union else (hint,)
            assert _READS_AS[key.value] in allowed, (section.name, key.name, hints[key.target])


@pytest.mark.parametrize(
    ("model", "sections"),
    [(Contact, ENTRY_SECTIONS), (Organisation, (ORGANISATION,))],
)
def test_every_attribute_is_filled_by_a_key(model: type, sections: tuple[Section, ...]) -> None:
    filled = {key.target for section in sections for key in section}
    attributes = {f.name for f in dataclasses.fields(model)} - _NOT_FROM_KEYS
    assert attributes <= filled, attributes - filled
