"""Each data rule with its exact message: one table row per case."""

from __future__ import annotations

import pytest

from kontakt import Directory
from support.helpers import data_file, problems_of

ANNA = """\
people:
  - first_name: Anna
    last_name: Johansson Tigerström
    display_name: Anna Tigerström
    email: {email}
"""


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("anna.johanssontigerstrom@lessebo.se", []),
        ("Anna.JohanssonTigerstrom@Lessebo.SE", []),
        ("anna.johanssontigerstrom2@lessebo.se", []),
        ("anna.johanssontigerstrom12@lessebo.se", []),
        # Addresses at another organisation's domain are checked for syntax only.
        ("anna.t@polisen.se", []),
        (
            "anna.tigerstrom@lessebo.se",
            [
                "9:12: error: person 'Anna Tigerström': e-mail 'anna.tigerstrom@lessebo.se' does "
                "not follow förnamn.efternamn@lessebo.se: the rule gives "
                "'anna.johanssontigerstrom@lessebo.se' (if the address is right, say why in "
                "email_exception)"
            ],
        ),
        (
            "anna.johanssontigerstrom-2@lessebo.se",
            [
                "9:12: error: person 'Anna Tigerström': e-mail "
                "'anna.johanssontigerstrom-2@lessebo.se' does not follow "
                "förnamn.efternamn@lessebo.se: the rule gives "
                "'anna.johanssontigerstrom@lessebo.se' (if the address is right, say why in "
                "email_exception)"
            ],
        ),
        (
            "anna..tigerstrom@lessebo.se",
            [
                "9:12: error: person 'Anna Tigerström': e-mail 'anna..tigerstrom@lessebo.se' is "
                "not valid: An email address cannot have two periods in a row."
            ],
        ),
        (
            "anna.tigerstrom",
            [
                "9:12: error: person 'Anna Tigerström': e-mail 'anna.tigerstrom' is not valid: "
                "An email address must have an @-sign."
            ],
        ),
    ],
)
def test_address_rule(email: str, expected: list[str]) -> None:
    assert problems_of(data_file(ANNA.format(email=email))) == expected


@pytest.mark.parametrize(
    ("first", "last", "address"),
    [
        ("Göran", "Fagerström", "goran.fagerstrom"),
        ("Linnéa", "Åberg", "linnea.aberg"),
        ("Hélène", "Müller", "helene.muller"),
        ("Søren", "Kjær", "soren.kjaer"),
        ("Jürgen", "Großmann", "jurgen.grossmann"),
        ("Per-Olof", "Lindqvist", "per-olof.lindqvist"),
        ("Ann-Sofie", "Nyström-Karlsson", "ann-sofie.nystrom-karlsson"),
        ("Carl", "von Essen", "carl.vonessen"),
        ("Sara", "Lind Andersson", "sara.lindandersson"),
        ("Zeynep", "Yılmaz", "zeynep.yilmaz"),
        ("Seán", "O'Brien", "sean.obrien"),
    ],
)
def test_folding_gives_the_rules_address(first: str, last: str, address: str) -> None:
    text = data_file(f"""\
        people:
          - first_name: {first}
            last_name: "{last}"
            email: {address}@lessebo.se
        """)
    assert problems_of(text) == []


def test_email_space_turns_spaces_into_hyphens() -> None:
    organisation = "organisation:\n  name: X kommun\n  domain: x.se\n  email_space: '-'\n"
    body = "people:\n  - first_name: Sara\n    last_name: Lind Andersson\n    email: {}\n"
    assert (
        problems_of(data_file(body.format("sara.lind-andersson@x.se"), organisation=organisation))
        == []
    )
    assert problems_of(
        data_file(body.format("sara.lindandersson@x.se"), organisation=organisation)
    ) == [
        "8:12: error: person 'Sara Lind Andersson': e-mail 'sara.lindandersson@x.se' does not "
        "follow förnamn.efternamn@x.se: the rule gives 'sara.lind-andersson@x.se' (if the address "
        "is right, say why in email_exception)"
    ]


def test_email_exception_lifts_the_rule() -> None:
    text = data_file("""\
        people:
          - first_name: Malin
            last_name: Ekdahl
            email: malin.larsson@lessebo.se
            email_exception: Bytte efternamn 2026.
        """)
    assert problems_of(text) == []


def test_needless_email_exception_is_a_warning() -> None:
    text = data_file("""\
        people:
          - first_name: Malin
            last_name: Ekdahl
            email: malin.ekdahl@lessebo.se
            email_exception: ingen
        """)
    assert problems_of(text) == [
        "9:22: warning: person 'Malin Ekdahl': email_exception is not needed: the address "
        "follows förnamn.efternamn"
    ]


def test_empty_email_exception_is_an_error() -> None:
    text = data_file("""\
        people:
          - first_name: Malin
            last_name: Ekdahl
            email: malin.larsson@lessebo.se
            email_exception: ""
        """)
    assert problems_of(text) == [
        "9:22: error: person 'Malin Ekdahl': 'email_exception' is empty",
    ]


def test_addresses_are_stored_in_lower_case(tmp_path: object) -> None:
    text = data_file("""\
        services:
          - name: Bygglov
            email: Bygglov@Lessebo.SE
        """)
    assert Directory.from_text(text).get("bygglov").email == "bygglov@lessebo.se"  # type: ignore[union-attr]


def test_duplicate_addresses() -> None:
    text = data_file("""\
        people:
          - first_name: Erik
            last_name: Svensson
            email: erik.svensson@lessebo.se
        services:
          - name: Rektor
            email: Erik.Svensson@lessebo.se
        """)
    assert problems_of(text) == [
        "11:12: error: service 'Rektor': e-mail 'erik.svensson@lessebo.se' is already used by "
        "person 'Erik Svensson' (line 6)"
    ]


PHONE = """\
services:
  - name: Växel
    phones:
      - {phone}
"""


@pytest.mark.parametrize(
    ("phone", "expected"),
    [
        ("0478-125 00", []),
        ("0478 - 125 00", []),
        ("+46 478 125 00", []),
        ("0046478 12500", []),
        ("0701234567", []),  # unquoted: YAML 1.1 would read an octal integer
        ("'070-948 64 88 (endast för sms)'", []),
        (
            "0478-125",
            ["8:9: error: service 'Växel': '0478-125' is not a valid phone number"],
        ),
        (
            "047812500123456",
            [
                "8:9: error: service 'Växel': '047812500123456' is not a valid phone number (too long)"
            ],
        ),
        (
            "0478-ABC 00",
            [
                "8:9: error: service 'Växel': '0478-ABC 00' is not a phone number: it contains "
                "'A', 'B', 'C'"
            ],
        ),
        (
            "'0478-125 00 (endast sms)'",
            [
                "8:9: error: service 'Växel': 0478-125 00 is marked SMS only but is not a mobile "
                "number"
            ],
        ),
        (
            "number: 0478-125 00\n        sms_only: true",
            [
                "8:17: error: service 'Växel': 0478-125 00 is marked SMS only but is not a mobile "
                "number"
            ],
        ),
        (
            "number: 070-948 64 88\n        sms_only: ja",
            ["9:19: error: service 'Växel': 'sms_only' must be true or false"],
        ),
        (
            "nummer: 070-948 64 88",
            [
                "8:9: error: service 'Växel': unknown key 'nummer'; did you mean 'number'?",
                "8:9: error: service 'Växel': 'number' is missing",
            ],
        ),
    ],
)
def test_phone_rules(phone: str, expected: list[str]) -> None:
    assert problems_of(data_file(PHONE.format(phone=phone))) == expected


@pytest.mark.parametrize(
    ("written", "e164", "display", "sms_only"),
    [
        ("0701234567", "+46701234567", "070-123 45 67", False),
        ("0478-125 11", "+4647812511", "0478-125 11", False),
        ("'070-948 64 88 (endast för sms)'", "+46709486488", "070-948 64 88", True),
        ("'070-948 64 88 (endast sms)'", "+46709486488", "070-948 64 88", True),
        ("'070-948 64 88 (SMS only)'", "+46709486488", "070-948 64 88", True),
        ("'+45 70 12 34 56'", "+4570123456", "+45 70 12 34 56", False),
    ],
)
def test_phones_are_normalised(written: str, e164: str, display: str, sms_only: bool) -> None:
    phone = Directory.from_text(data_file(PHONE.format(phone=written))).get("vaxel").phones[0]  # type: ignore[union-attr]
    assert (phone.e164, phone.display, phone.sms_only) == (e164, display, sms_only)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "people:\n  - first_name: Anna\n    lastname: Ek\n",
            [
                "6:5: error: person 'Anna': 'last_name' is missing",
                "7:5: error: person 'Anna': unknown key 'lastname'; did you mean 'last_name'?",
            ],
        ),
        (
            "services:\n  - name: Bygglov\n    phone: 0478-125 30\n",
            ["7:5: error: service 'Bygglov': unknown key 'phone'; did you mean 'phones'?"],
        ),
        (
            "services:\n  - name: Bygglov\n    name: Bygglovet\n",
            [
                "7:5: error: service 'Bygglov': 'name' is given twice (first on line 6); only "
                "one can be kept"
            ],
        ),
        (
            "services:\n  - name: [Bygglov]\n",
            ["6:11: error: service #1: 'name' must be a single value, not a list or mapping"],
        ),
        (
            "services:\n  - name: ''\n",
            ["6:11: error: service #1: 'name' is empty"],
        ),
        (
            "services:\n  - Bygglov\n",
            ["6:5: error: service #1: a service must be a mapping of 'key: value' lines"],
        ),
        (
            "services:\n  name: Bygglov\n",
            ["6:3: error: 'services' must be a list of entries, each starting with '- '"],
        ),
        (
            "services:\n  - id: Bygg_lov\n    name: Bygglov\n",
            [
                "6:9: error: service 'Bygglov': id 'Bygg_lov' may only hold a-z, 0-9 and '-', "
                "start and end with a letter or digit, and be at most 62 characters"
            ],
        ),
        (
            "services:\n  - id: bygg\n    name: Bygglov\n    email: a@b.se\n"
            "  - id: bygg\n    name: Bygg\n    email: b@b.se\n",
            ["9:9: error: service 'Bygg': id 'bygg' is already used by service 'Bygglov' (line 6)"],
        ),
        (
            "services:\n  - name: Bygglov\n    public: nej\n",
            ["7:13: error: service 'Bygglov': 'public' must be true or false"],
        ),
        (
            "services:\n  - name: !!python/object:os.system echo\n",
            [
                "6:11: error: service #1: the YAML tag '!!python/object:os.system' is not allowed"
                " here"
            ],
        ),
        (
            "services:\n  - name: Bygglov\n",
            [
                "6:5: warning: service 'Bygglov': has no phone number and no e-mail address: "
                "residents cannot reach this service"
            ],
        ),
        (
            "services:\n  - name: Bygglov\n    phones: [0478-125 30, 0478 12530]\n"
            "    topics: [bygglov, Bygglov]\n",
            [
                "7:27: warning: service 'Bygglov': the number 0478-125 30 is listed twice",
                "8:23: warning: service 'Bygglov': the topic 'Bygglov' is listed twice",
            ],
        ),
        (
            "services:\n  - &a\n    name: Bygglov\n    phones: [0478-125 30]\n  - *a\n",
            ["9:5: error: aliases ('*a') are not supported: write the value out"],
        ),
        (
            'services:\n  - name: Bygglov\n    "phones\\u200b": [0478-125 30]\n',
            ["7:5: error: service 'Bygglov': unknown key 'phones\\u200b'; did you mean 'phones'?"],
        ),
        (
            'services:\n  - name: Bygglov\n    "\\e[2J\\nx": 1\n    email: b@lessebo.se\n',
            [
                "7:5: error: service 'Bygglov': unknown key '\\x1b[2J\\nx' (expected one of: id, "
                "name, email, phones, department, topics, address, hours, url, on_call, public)"
            ],
        ),
        (
            "services:\n  - name: !<%1B%0A> Bygglov\n",
            [
                "6:11: error: service #1: the YAML tag '\\x1b\\n' is not allowed here: to write a "
                "value that starts with '!', put it in quotes"
            ],
        ),
        (
            "personal:\n  - name: X\n",
            [
                "5:1: error: unknown key 'personal' (expected one of: organisation, people, "
                "services, vocabulary)"
            ],
        ),
        (
            'people:\n  - first_name: Anna\n    last_name: Ek\n    title: "Chef\\a"\n',
            ["8:12: error: person 'Anna Ek': 'title' contains the control character U+0007"],
        ),
    ],
)
def test_structure_rules(body: str, expected: list[str]) -> None:
    assert problems_of(data_file(body)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ["1:1: error: the file is empty: it needs at least an 'organisation' section"]),
        (
            "# nothing\n",
            ["1:1: error: the file is empty: it needs at least an 'organisation' section"],
        ),
        ("people: []\n", ["1:1: error: the 'organisation' section is missing"]),
        ("- a\n- b\n", ["1:1: error: the file must be a mapping of 'key: value' lines"]),
        (
            "organisation:\n  name: X\n\tdomain: x.se\n",
            [
                "3:1: error: a tab is used for indentation; YAML needs spaces: indent this line 2 spaces"
            ],
        ),
        (
            "organisation:\n  name: [X\n",
            [
                "2:3: error: organisation: 'domain' is missing",
                "2:9: error: the '[' here is not closed: end the list with ']' on this line",
            ],
        ),
        (
            "organisation:\n  name: X\n  domain: x.se\n---\npeople: []\n",
            [
                "4:1: error: the file holds more than one YAML document ('---'); keep everything "
                "in one: remove this line"
            ],
        ),
        (
            "organisation:\n  name: X\n  domain: x.se\n  region: XX\n",
            ["4:11: error: organisation: region 'XX' is not a known country code such as 'SE'"],
        ),
        (
            "organisation:\n  name: X\n  domain: x\n",
            ["3:11: error: organisation: domain 'x' is not a valid mail domain"],
        ),
        (
            "organisation:\n  name: X\n  domain: x.se\n  email_space: _\n",
            ['4:16: error: organisation: email_space must be "" or "-", not \'_\''],
        ),
        (
            "organisation:\n  nme: X\n  domain: x.se\n",
            [
                "2:3: error: organisation: unknown key 'nme'; did you mean 'name'?",
                "2:3: error: organisation: 'name' is missing",
            ],
        ),
        (
            "organisation:\n  name: X\n  domain: x.se\n  name: Y\n",
            [
                "4:3: error: organisation: 'name' is given twice (first on line 2); only one can be "
                "kept"
            ],
        ),
        (
            "organisation:\n  name: X\n  domain: x.se\nbad: \x00\n",
            ["4:6: error: the file contains the control character U+0000"],
        ),
        (
            "organisation:\n  name: Göran Åström\x07\n",
            ["2:21: error: the file contains the control character U+0007"],
        ),
        (
            "organisation:\n  name: Kommun\ud800\n",
            [
                "2:15: error: the file contains U+D800, half of a UTF-16 surrogate pair, which is "
                "not a character"
            ],
        ),
        (
            "organisation:\n  name: X\ufffe\n",
            ["2:10: error: the file contains U+FFFE, which is not a character"],
        ),
        (
            "organisation:\n  name: [X",
            [
                "2:3: error: organisation: 'domain' is missing",
                "2:9: error: the '[' here is not closed: end the list with ']' on this line",
            ],
        ),
        (
            "{",
            [
                "1:1: error: the '{' here is not closed: end the mapping with '}' on this line",
                "1:1: error: the 'organisation' section is missing",
            ],
        ),
        (
            "organisation:\r  name: X\r\tdomain: x.se\r",
            [
                "3:1: error: a tab is used for indentation; YAML needs spaces: indent this line 2 spaces"
            ],
        ),
        (
            "organisation:\r\n  name: X\r  nme: x\n  domain: x.se\n",
            ["3:3: error: organisation: unknown key 'nme'; did you mean 'name'?"],
        ),
        (
            "organisation:\n  name: Lessebo\u2028kommun\n  domain: x.se\n  email: a\u2028@x.se\n",
            [
                "2:16: error: the file contains U+2028 (line separator) (2 in the file); YAML "
                "readers disagree on whether it ends a line: use an ordinary line break or a space"
            ],
        ),
        (
            "organisation:\n  name: Lessebo\x85\n",
            [
                "2:16: error: the file contains U+0085 (next line, NEL); YAML readers disagree on "
                "whether it ends a line: use an ordinary line break or a space"
            ],
        ),
    ],
)
def test_file_rules(text: str, expected: list[str]) -> None:
    assert problems_of(text) == expected


def test_every_problem_is_reported_in_one_pass() -> None:
    text = data_file("""\
        people:
          - first_name: Anna
            last_name: Ek
            email: anna.eek@lessebo.se
            phones: [0478-1]
          - first_name: Bo
            titel: Chef
        services:
          - name: Bygglov
            phones: [070-948 64 88 (endast sms), nej]
        """)
    assert [p.split(": error: ")[0] for p in problems_of(text)] == [
        "8:12",
        "9:14",
        "10:5",
        "11:5",
        "14:42",
    ]


def test_ids_default_to_unique_slugs_of_the_display_name() -> None:
    text = data_file("""\
        people:
          - first_name: Erik
            last_name: Svensson
          - first_name: Erik
            last_name: Svensson
          - id: erik-svensson-3
            first_name: Göran
            last_name: Fagerström
            display_name: Erik Svensson
          - first_name: Göran
            last_name: Fagerström
            display_name: Erik Svensson
        """)
    directory = Directory.from_text(text)
    assert [c.id for c in directory] == [
        "erik-svensson",
        "erik-svensson-2",
        "erik-svensson-3",
        "erik-svensson-4",
    ]


def test_ids_fit_telegram_deep_links_and_buttons() -> None:
    long_name = "Å" * 100
    text = data_file(
        f"services:\n  - name: {long_name}\n    phones: [0478-125 00]\n"
        f"  - name: {long_name}\n    phones: [0478-125 01]\n"
    )
    ids = [c.id for c in Directory.from_text(text)]
    assert ids == ["a" * 62, "a" * 60 + "-2"]
    assert problems_of(data_file(f"services:\n  - id: {'a' * 63}\n    name: X\n"))[0].startswith(
        f"6:9: error: service 'X': id '{'a' * 63}' may only hold"
    )


SWITCHBOARD = "organisation:\n  name: X kommun\n  domain: x.se\n  phone: {phone}\n"


@pytest.mark.parametrize(
    ("phone", "expected"),
    [
        ("0478-125 00", []),
        ("", []),
        ("\n    number: 0478-125 00\n    label: växel", []),
        (
            "[0478-125 00, 0478-125 01]",
            ["4:10: error: organisation: 'phone' is the one switchboard number, not a list"],
        ),
        (
            "'070-123 45 67 (endast sms)'",
            [
                "4:10: error: organisation: the switchboard 070-123 45 67 is given to every resident "
                "who finds nobody, so it must be public and take calls"
            ],
        ),
        (
            "\n    number: 0478-125 00\n    public: false",
            [
                "5:5: error: organisation: the switchboard 0478-125 00 is given to every resident who "
                "finds nobody, so it must be public and take calls"
            ],
        ),
    ],
)
def test_the_switchboard_is_one_public_callable_number(phone: str, expected: list[str]) -> None:
    assert problems_of(SWITCHBOARD.format(phone=phone)) == expected


def test_contradictory_sms_flags_are_an_error() -> None:
    text = data_file("""\
        services:
          - name: Växel
            phones:
              - number: 070-123 45 67 (endast sms)
                sms_only: false
        """)
    assert problems_of(text) == [
        "8:17: error: service 'Växel': 070-123 45 67 is noted as SMS only, but sms_only is "
        "false: keep one of them"
    ]


def test_a_name_without_letters_for_an_address_says_so() -> None:
    text = data_file("people:\n  - first_name: 李\n    last_name: 王\n    email: li@lessebo.se\n")
    assert problems_of(text) == [
        "8:12: error: person '李 王': e-mail 'li@lessebo.se' cannot follow "
        "förnamn.efternamn@lessebo.se: the first name '李' has no letters an address can use "
        "(if the address is right, say why in email_exception)"
    ]


@pytest.mark.parametrize("written", ["", " ~", " null"])
@pytest.mark.parametrize("key", ["public", "on_call"])
def test_a_flag_written_without_a_value_is_an_error(key: str, written: str) -> None:
    # "public:" alone used to mean public, silently.
    text = (
        data_file("services:\n  - name: B\n    phones: [0980-31 92 30]\n")
        + f"    {key}:{written}\n"
    )
    (problem,) = problems_of(text)
    assert problem.endswith(f"error: service 'B': '{key}' has no value: write true or false")
