"""The bundled data holds only what Lessebo kommun publishes, and the examples only numbers that
can ring no one."""

from __future__ import annotations

from pathlib import Path

import pytest

from kontakt import Directory
from support.paths import DATA_FILE, ROOT

# The contact block of the lessebo.se news page the data file cites: Anna Tigerström's phone and
# SMS-only mobile, and Kontaktcenter's switchboard (also the organisation's number).
PUBLISHED = {"+4647812511", "+46709486488", "+4647812500"}
# PTS's series for fiction, as the example files cite them.
FICTION_MOBILE = range(701740605, 701740699 + 1)
FICTION_LANDLINE = range(980319200, 980319299 + 1)
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def numbers(path: Path) -> set[str]:
    directory = Directory.load(path)
    found = {phone.e164 for contact in directory for phone in contact.phones}
    if directory.organisation.phone is not None:
        found.add(directory.organisation.phone.e164)
    return found


def test_the_bundled_data_holds_only_what_lessebo_publishes() -> None:
    directory = Directory.load(DATA_FILE)
    assert [contact.id for contact in directory] == ["anna-tigerstrom", "kontaktcenter"]
    assert numbers(DATA_FILE) == PUBLISHED


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.name)
def test_every_example_number_is_from_the_series_reserved_for_fiction(path: Path) -> None:
    outside = {
        number
        for number in numbers(path)
        if int(number[3:]) not in FICTION_MOBILE and int(number[3:]) not in FICTION_LANDLINE
    }
    assert outside == set()
    assert "PTS" in path.read_text(encoding="utf-8").split("\norganisation:")[0]


def test_the_examples_are_there() -> None:
    assert [path.name for path in EXAMPLES] == ["alvby.yaml", "solsjo.yaml"]
