"""`kontakt email-for`: the rule's address for a new colleague, with the next free number."""

from __future__ import annotations

import pytest

from kontakt._cli import main
from support.paths import FIXTURES, SOLSJO_FILE

CASES = FIXTURES / "email-for"
TAKEN = CASES / "taken-addresses.yaml"


@pytest.mark.parametrize(
    ("data", "name", "address", "notes"),
    [
        (TAKEN, ("Anna", "Ek"), "anna.ek@lessebo.se", ""),
        (TAKEN, ("Åsa", "von Döbeln"), "asa.vondobeln@lessebo.se", ""),
        (
            TAKEN,
            ("Erik", "Svensson"),
            "erik.svensson3@lessebo.se",
            "taken: erik.svensson@lessebo.se (Erik Svensson, Rektor)\n"
            "taken: erik.svensson2@lessebo.se (Erik Svensson, Bygglovshandläggare)\n",
        ),
        (
            TAKEN,
            ("lars", "BERG"),
            "lars.berg2@lessebo.se",
            "taken: lars.berg@lessebo.se (Lars Berg)\ntaken: lars.berg3@lessebo.se (Lars Berg)\n",
        ),
        # Entries kept out of public answers still hold their addresses.
        (TAKEN, ("Bo", "Ek"), "bo.ek2@lessebo.se", "taken: bo.ek@lessebo.se (Bo Ek)\n"),
        (
            CASES / "hyphen-for-space.yaml",
            ("Sara", "Lind Andersson"),
            "sara.lind-andersson2@vaxjo.se",
            "taken: sara.lind-andersson@vaxjo.se (Sara Lind Andersson)\n",
        ),
        (
            SOLSJO_FILE,
            ("Erik", "Svensson"),
            "erik.svensson3@solsjo.example",
            "taken: erik.svensson@solsjo.example (Erik Svensson, Rektor)\n"
            "taken: erik.svensson2@solsjo.example (Erik Svensson, Bygglovshandläggare)\n",
        ),
    ],
)
def test_address_for_a_new_colleague(
    data: object,
    name: tuple[str, str],
    address: str,
    notes: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["email-for", "--data", str(data), *name]) == 0
    captured = capsys.readouterr()
    assert captured.out == address + "\n"
    assert captured.err == notes


def test_a_name_without_usable_letters_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["email-for", "--data", str(TAKEN), "!!", "Ek"]) == 2
    assert capsys.readouterr().err == (
        "kontakt: error: the first name '!!' has no letters an address can use\n"
    )


def test_data_with_errors_gives_no_address(capsys: pytest.CaptureFixture[str]) -> None:
    broken = FIXTURES / "invalid" / "duplicate-id.yaml"
    assert main(["email-for", "--data", str(broken), "Anna", "Ek"]) == 1
    out, err = capsys.readouterr()
    assert (out, err.splitlines()[-1]) == ("", f"{broken}: 1 error, 0 warnings")


@pytest.mark.parametrize("name", [["Anna", "Johansson", "Tigerström"], ["Anna"]])
def test_a_name_that_is_not_first_and_last_says_how_to_quote_it(
    name: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["email-for", "--data", str(SOLSJO_FILE), *name]) == 2
    assert capsys.readouterr().err == (
        f"kontakt: error: '{' '.join(name)}': give the first name and the last name, quoting one "
        "that has several words: kontakt email-for Anna 'Johansson Tigerström', or kontakt "
        "email-for 'Anna Karin' Ek\n"
    )


def test_a_quoted_name_of_several_words_is_one_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["email-for", "--data", str(SOLSJO_FILE), "Anna", "Johansson Tigerström"]) == 0
    assert capsys.readouterr().out == "anna.johanssontigerstrom@solsjo.example\n"
