"""public: false keeps an entry or a number for admins and out of every public path."""

from __future__ import annotations

import json

import pytest

from kontakt import Directory
from kontakt._cli import main
from kontakt._conversation import Conversation, SavedContact
from kontakt.bot._render import message
from support.paths import FIXTURES

PRIVATE = str(FIXTURES / "valid" / "issue-example.yaml")
HIDDEN = ("Malin", "Ekdahl", "malin.larsson", "+46701112233", "070-111 22 33", "70 111 22 33")


def test_the_fixture_has_a_private_person_and_a_private_number() -> None:
    directory = Directory.load(PRIVATE)
    malin = directory.get("malin-ekdahl")
    assert malin is not None and not malin.public
    assert [p.public for p in malin.phones] == [False]


@pytest.mark.parametrize("format_", ["vcf", "csv", "json"])
def test_exports_leave_private_data_out(format_: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", format_, "--data", PRIVATE]) == 0
    out = capsys.readouterr().out
    assert "Anna" in out
    assert not [word for word in HIDDEN if word in out]
    assert main(["export", "--format", format_, "--data", PRIVATE, "--all"]) == 0
    assert "Malin" in capsys.readouterr().out


def test_public_search_leaves_private_data_out(capsys: pytest.CaptureFixture[str]) -> None:
    for query in ("Malin Ekdahl", "070-111 22 33", "malin.larsson@lessebo.se"):
        assert main(["search", "--data", PRIVATE, "--public", "--json", query]) == 0
        assert json.loads(capsys.readouterr().out) == []
    assert main(["search", "--data", PRIVATE, "--json", "Malin Ekdahl"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["id"] == "malin-ekdahl"


def test_the_conversation_leaves_private_data_out() -> None:
    conversation = Conversation(Directory.load(PRIVATE).public())
    replies = [
        message(conversation.ask("Malin Ekdahl", "sv")).html,
        message(conversation.ask("070-111 22 33", "sv")).html,
        message(conversation.show("malin-ekdahl", "sv")).html,
        *(message(a).html for a in conversation.inline("Malin", "sv")),
    ]
    assert not any("+46 70 111 22 33" in reply or "Ekdahl</b>" in reply for reply in replies)
    assert not isinstance(conversation.save("malin-ekdahl", "sv"), SavedContact)


def test_a_hidden_number_of_a_public_person_is_left_out() -> None:
    text = (
        (FIXTURES / "valid" / "issue-example.yaml")
        .read_text(encoding="utf-8")
        .replace("    public: false\n    phones:", "    phones:")
    )
    directory = Directory.from_text(text).public()
    malin = directory.get("malin-ekdahl")
    assert malin is not None and malin.phones == ()
    card = message(Conversation(directory).show("malin-ekdahl", "sv"))
    assert "70 111 22 33" not in card.html
    assert card.buttons == ()
