"""The library's public surface: what `from kontakt import ...` promises."""

from __future__ import annotations

import kontakt


def test_public_names() -> None:
    assert sorted(kontakt.__all__) == [
        "Contact",
        "DataError",
        "Directory",
        "Field",
        "Kind",
        "MAX_FILE_BYTES",
        "Match",
        "Matches",
        "Organisation",
        "Phone",
        "Problem",
        "Severity",
    ]
    for name in kontakt.__all__:
        assert getattr(kontakt, name) is not None


def test_the_readme_example_runs() -> None:
    directory = kontakt.Directory.load("data/contacts.yaml")
    anna = directory.get("anna-tigerstrom")
    assert anna is not None
    assert [p.display for p in anna.phones] == ["0478-125 11", "070-948 64 88"]
    assert anna.phones[1].sms_only
    assert [c.name for c in directory.by_phone("0046709486488")] == ["Anna Tigerström"]
    assert directory.by_email("Anna.JohanssonTigerstrom@lessebo.se") is anna
    result = directory.search("vem ska jag kontakta om bygglov?")
    assert (result[0].contact.name, result[0].score, result[0].field) == (
        "Bygglov",
        100.0,
        kontakt.Field.NAME,
    )
    assert directory.search("Erik Svensson").ambiguous
    assert directory.public().get("anna-tigerstrom") == anna
