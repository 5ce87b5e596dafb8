"""E-mail addresses: the normal form of a normal form is itself."""

from __future__ import annotations

import pytest
from hypothesis import event, example, given
from hypothesis import strategies as st

from kontakt import _emails
from kontakt._errors import AddressError
from support.datafiles import characters
from support.properties import examples, runs

LOCAL = st.text("abcdefgijklmnoprstuvxyzåäöÅÄÖßİıKΣ.-_+'0123456789", min_size=1, max_size=16)
DOMAIN_LABEL = st.text("abcdefklmnoprstuvåäöÅÄÖİΣ-0123456789", min_size=1, max_size=10)


@st.composite
def addresses(draw: st.DrawFn) -> str:
    labels = draw(st.lists(DOMAIN_LABEL, min_size=1, max_size=3))
    tld = draw(st.sampled_from(["se", "SE", "com", "nu", "рф", "xn--p1ai"]))
    return f"{draw(LOCAL)}@{'.'.join(labels)}.{tld}"


@runs(default=300, long=5_000)
def test_normalising_an_address_twice_changes_nothing(count: int) -> None:
    @examples(count)
    @given(st.one_of(addresses(), st.text(characters(), max_size=30)))
    @example("Anna.JohanssonTigerstrom@Lessebo.SE")
    @example("İ@lessebo.se")  # lower case of İ is i with a combining dot
    def check(raw: str) -> None:
        try:
            once = _emails.normalise_address(raw)
        except AddressError:
            event("not an address")
            return
        event("an address")
        assert _emails.normalise_address(once) == once
        assert once == once.lower()

    check()


@pytest.mark.parametrize(
    ("domain", "edits"),
    [
        ("lesebo.se", 1),
        ("lessebo.sr", 1),
        ("lesseob.se", 1),  # two letters swapped: one slip
        ("lesebo.sr", 2),
        ("LESEBO.SE", 1),
        ("lessebo.se", None),
        ("lessebo.nu", None),  # the same name under an ending chosen on purpose
        ("skola.lessebo.se", None),
        ("polisen.se", None),
        ("lesbo.sr", None),  # three letters
    ],
)
def test_domain_slip(domain: str, edits: int | None) -> None:
    assert _emails.domain_slip(domain, "lessebo.se") == edits


def test_a_short_domain_allows_one_slip() -> None:
    assert _emails.domain_slip("ale.sr", "ale.se") == 1
    assert _emails.domain_slip("al.sr", "ale.se") is None
