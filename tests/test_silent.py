"""Values that load but do not say what was written: each case with its exact warning."""

from __future__ import annotations

import pytest

from kontakt import Directory
from support.helpers import data_file, problems_of

SOLSJO = """\
organisation:
  name: Solsjö kommun
  domain: solsjo.example
  phone: 0980-31 92 00
"""

SERVICE = """\
services:
  - name: Bygglov
    email: bygglov@solsjo.example
    {line}
"""


def _service(line: str) -> list[str]:
    return problems_of(data_file(SERVICE.format(line=line), organisation=SOLSJO))


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "address: Storgatan 33 #B, 999 80 Solsjö",
            [
                "8:27: warning: service 'Bygglov': 'address' is read as 'Storgatan 33': YAML "
                "takes ' #' as the start of a comment, so '#B, 999 80 Solsjö' is left out; put "
                'the whole value in quotes to keep it: "Storgatan 33 #B, 999 80 Solsjö"'
            ],
        ),
        (
            'department: Plan #2 "norr"',
            [
                "8:22: warning: service 'Bygglov': 'department' is read as 'Plan': YAML takes "
                "' #' as the start of a comment, so '#2 \"norr\"' is left out; put the whole "
                "value in quotes to keep it: 'Plan #2 \"norr\"'"
            ],
        ),
        (
            "phones:\n      - 0980-31 92 41 #vxl",
            [
                "9:23: warning: service 'Bygglov': 'phone' is read as '0980-31 92 41': YAML "
                "takes ' #' as the start of a comment, so '#vxl' is left out; put the whole "
                'value in quotes to keep it: "0980-31 92 41 #vxl"'
            ],
        ),
        (
            "topics:\n      - bygglov\n       - strandskydd",
            [
                "10:8: warning: service 'Bygglov': 'topic' is read as 'bygglov - strandskydd': "
                "this '-' is indented deeper than the line above, so YAML joins '- strandskydd' "
                "to it; to make it a list item of its own, indent its '-' as the one above"
            ],
        ),
        # A long value over two lines is what it looks like: one value.
        ("address: Storgatan 33,\n      999 80 Solsjö", []),
        # Comments written as comments are: two spaces before, or a space after the '#'.
        ("address: Storgatan 33  #B", []),
        ("address: Storgatan 33 # ingång B", []),
        ("phones: [0980-31 92 41]  # växel", []),
        # Quoted, the '#' is part of the value.
        ('address: "Storgatan 33 #B, 999 80 Solsjö"', []),
        ("address: 'Storgatan 33 #B'", []),
        ("address: Storgatan#33", []),
    ],
)
def test_value_cut_by_a_comment(line: str, expected: list[str]) -> None:
    assert _service(line) == expected


def test_quoting_keeps_what_the_comment_cut() -> None:
    text = data_file(
        SERVICE.format(line='address: "Storgatan 33 #B, 999 80 Solsjö"'), organisation=SOLSJO
    )
    assert Directory.from_text(text).get("bygglov").address == "Storgatan 33 #B, 999 80 Solsjö"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "department: “Samhällsbyggnad”",
            [
                "8:17: warning: service 'Bygglov': 'department' is enclosed in typographic "
                "quotes, “ (U+201C) and ” (U+201D), which are read as part of it: delete them "
                "(YAML quotes values with \" or ')"
            ],
        ),
        (
            "department: ”Samhällsbyggnad”",
            [
                "8:17: warning: service 'Bygglov': 'department' is enclosed in typographic "
                "quotes, ” (U+201D) and ” (U+201D), which are read as part of it: delete them "
                "(YAML quotes values with \" or ')"
            ],
        ),
        (
            "department: «Samhällsbyggnad",
            [
                "8:17: warning: service 'Bygglov': 'department' starts with a typographic "
                "quote, « (U+00AB), which is read as part of it: delete it (YAML quotes values "
                "with \" or ')"
            ],
        ),
        (
            "topics: [bygglov, ‘rivning’]",
            [
                "8:23: warning: service 'Bygglov': 'topic' is enclosed in typographic quotes, "
                "‘ (U+2018) and ’ (U+2019), which are read as part of it: delete them (YAML "
                "quotes values with \" or ')"
            ],
        ),
        (
            "department: Plan „norr’",
            [
                "8:27: warning: service 'Bygglov': 'department' ends with a typographic quote, "
                '’ (U+2019), which is read as part of it: delete it (YAML quotes values with " '
                "or ')"
            ],
        ),
        # Inside a value a typographic quote is what was meant.
        ("department: Plan „norr” och söder", []),
        ("address: O’Briens väg 1", []),
        ('department: "Samhällsbyggnad"', []),
    ],
)
def test_typographic_quotes(line: str, expected: list[str]) -> None:
    assert _service(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "address: Storgatan\u200b 33",
            [
                "8:23: warning: service 'Bygglov': 'address' holds U+200B (zero width space), "
                "which cannot be seen but is read as part of it: delete it"
            ],
        ),
        (
            "department: Samhälls\u00adbyggnad",
            [
                "8:25: warning: service 'Bygglov': 'department' holds U+00AD (soft hyphen), "
                "which cannot be seen but is read as part of it: delete it"
            ],
        ),
        (
            "department: Bygg\ufeffnad\ufeff",
            [
                "8:21: warning: service 'Bygglov': 'department' holds U+FEFF (zero width "
                "no-break space) (2 times), which cannot be seen but is read as part of it: "
                "delete it"
            ],
        ),
        (
            "address: Storgatan 1,\u200d999 80 Solsjö",
            [
                "8:26: warning: service 'Bygglov': 'address' holds U+200D (zero width joiner), "
                "which cannot be seen but is read as part of it: delete it"
            ],
        ),
        (
            "address: Storgatan\u00a033",
            [
                "8:23: warning: service 'Bygglov': 'address' holds U+00A0 (no-break space), "
                "which looks like a space but is another character: type an ordinary space"
            ],
        ),
        # Escaped in double quotes: at the value, since columns there are not characters.
        (
            'address: "Storgatan\\u200b 33"',
            [
                "8:14: warning: service 'Bygglov': 'address' holds U+200B (zero width space), "
                "which cannot be seen but is read as part of it: delete it"
            ],
        ),
        # A no-break space at an end is trimmed as any space is; in a number it is a space.
        ("address: Storgatan 33\u00a0", []),
        ("phones: [0980-31\u00a092 41]", []),
        # Emoji sequences and scripts that need joiners keep them.
        ("topics: [👩\u200d👩\u200d👧 familjerådgivning]", []),
        ("department: می\u200cخواهم", []),
        # Other invisible characters are found after any script.
        (
            "department: می\u200bخواهم",
            [
                "8:19: warning: service 'Bygglov': 'department' holds U+200B (zero width space), "
                "which cannot be seen but is read as part of it: delete it"
            ],
        ),
    ],
)
def test_characters_that_cannot_be_seen(line: str, expected: list[str]) -> None:
    assert _service(line) == expected


def test_a_name_with_a_no_break_space() -> None:
    # Read as a space, so the address rule still holds; the file still differs from what it shows.
    text = data_file(
        """\
        people:
          - first_name: Karin
            last_name: Sjö\u00a0berg
            email: karin.sjoberg@solsjo.example
        """,
        organisation=SOLSJO,
    )
    assert problems_of(text) == [
        "7:19: warning: person 'Karin Sjö berg': 'last_name' holds U+00A0 (no-break space), "
        "which looks like a space but is another character: type an ordinary space",
    ]


PERSON = """\
people:
  - first_name: Karin
    last_name: Sjöberg
    email: {email}
"""


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        (
            "karin.sjoberg@soljo.example",
            [
                "8:26: warning: person 'Karin Sjöberg': e-mail 'karin.sjoberg@soljo.example' is "
                "at soljo.example, one letter away from the organisation's domain: did you mean "
                "solsjo.example?"
            ],
        ),
        (
            "Karin.Sjoberg@SOJO.example",
            [
                "8:26: warning: person 'Karin Sjöberg': e-mail 'karin.sjoberg@sojo.example' is "
                "at sojo.example, two letters away from the organisation's domain: did you mean "
                "solsjo.example?"
            ],
        ),
        (
            "karin.sjoberg@slosjo.example",
            [
                "8:26: warning: person 'Karin Sjöberg': e-mail 'karin.sjoberg@slosjo.example' is "
                "at slosjo.example, one letter away from the organisation's domain: did you mean "
                "solsjo.example?"
            ],
        ),
        (
            "karin.sjoberg@solsjo.exampel",
            [
                "8:26: warning: person 'Karin Sjöberg': e-mail 'karin.sjoberg@solsjo.exampel' is "
                "at solsjo.exampel, one letter away from the organisation's domain: did you mean "
                "solsjo.example?"
            ],
        ),
        # Another organisation, a subdomain, or the same name chosen under another ending.
        ("karin.sjoberg@polisen.example", []),
        ("karin.sjoberg@skola.solsjo.example", []),
        ("karin.sjoberg@solsjo.nu", []),
        ("karin.sjoberg@salsjo.exempel", []),  # three letters
    ],
)
def test_domain_a_letter_or_two_from_the_organisations(email: str, expected: list[str]) -> None:
    assert problems_of(data_file(PERSON.format(email=email), organisation=SOLSJO)) == expected


def test_the_organisations_own_address_and_a_services_are_checked_too() -> None:
    organisation = SOLSJO + "  email: kontaktcenter@solsjo.exmaple\n"
    text = data_file(
        """\
        services:
          - name: Bygglov
            email: bygglov@solsj.example
        """,
        organisation=organisation,
    )
    assert problems_of(text) == [
        "5:24: warning: organisation: e-mail 'kontaktcenter@solsjo.exmaple' is at "
        "solsjo.exmaple, one letter away from the organisation's domain: did you mean "
        "solsjo.example?",
        "8:20: warning: service 'Bygglov': e-mail 'bygglov@solsj.example' is at "
        "solsj.example, one letter away from the organisation's domain: did you mean "
        "solsjo.example?",
    ]


TWO = """\
people:
  - first_name: Karin
    last_name: Sjöberg
    email: karin.sjoberg@solsjo.example
    phones: [{first}]
{second}
"""
KARL = """\
  - first_name: Karl
    last_name: Sjöberg
    email: karl.sjoberg@solsjo.example
    phones:
      - {number}
"""
KARL_MAPPING = KARL.replace("- {number}", "- number: {number}\n        shared: {shared}")
BYGGLOV = """\
services:
  - name: Bygglov
    phones: [{number}]
"""
SAME = (
    "14:9: warning: person 'Karl Sjöberg': the number 0980-31 92 20 is also on person "
    "'Karin Sjöberg' (line 9): correct one of them or, if both answer it, write it on either as "
    "'number: 0980-31 92 20' with 'shared: true'"
)


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("0980-31 92 20", KARL.format(number="0980-31 92 20"), [SAME]),
        # The same number, however it is written.
        ("0980-31 92 20", KARL.format(number="+46 980 319 220"), [SAME]),
        ("0980-31 92 20", KARL_MAPPING.format(number="098031 92 20", shared="false"), [SAME]),
        # Marked shared on either entry: both answer it on purpose.
        ("0980-31 92 20", KARL_MAPPING.format(number="0980-31 92 20", shared="true"), []),
        (
            "{number: 0980-31 92 20, shared: true}",
            KARL.format(number="0980-31 92 20"),
            [],
        ),
        # A service's line may be the one the people behind it answer.
        ("0980-31 92 20", BYGGLOV.format(number="0980-31 92 20"), []),
        ("0980-31 92 20", KARL.format(number="0980-31 92 21"), []),
    ],
)
def test_the_same_number_on_two_people(first: str, second: str, expected: list[str]) -> None:
    text = data_file(TWO.format(first=first, second=second), organisation=SOLSJO)
    assert problems_of(text) == expected


def test_each_later_person_names_the_first() -> None:
    karl = KARL.format(number="0980-31 92 20")
    kalle = karl.replace("Karl", "Kalle").replace("karl", "kalle")
    text = data_file(TWO.format(first="0980-31 92 20", second=karl + kalle), organisation=SOLSJO)
    assert problems_of(text) == [
        SAME,
        SAME.replace("14:9", "19:9").replace("Karl", "Kalle"),
    ]
