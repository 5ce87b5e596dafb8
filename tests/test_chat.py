"""`kontakt chat` and `make run` without a token: the bot's conversation in a terminal."""

from __future__ import annotations

import datetime
import io
import json
import os
import subprocess
from pathlib import Path

from kontakt import Directory
from kontakt import _chat as chat
from kontakt._conversation import Conversation
from kontakt._misses import MissLog
from support.helpers import kontakt
from support.paths import ROOT, SOLSJO_FILE


def test_piped_lines_get_one_answer_each(directory: Directory) -> None:
    out = io.StringIO()
    chat.run(Conversation(directory.public()), ["berglof\n", "\n", "xyzzy\n"], out)
    assert out.getvalue() == (
        "Hanna Berglöf\n"
        "Kommunikations- och marknadschef, Kommunledningsförvaltningen\n"
        "📞 +46 980 31 92 11\n"
        "💬 +46 70 174 06 14 (mobil) – endast SMS\n"
        "✉️ hanna.berglof@solsjo.example\n"
        "\n"
        "Jag hittade ingen som passar «xyzzy».\n"
        "\n"
        "Du kan alltid vända dig till Solsjö kommun:\n"
        "📞 +46 980 31 92 00\n"
        "✉️ kontaktcenter@solsjo.example\n"
        "📍 999 80 Solsjö\n"
    )


def test_an_english_question_is_answered_in_english_and_small_talk_in_kind(
    directory: Directory,
) -> None:
    out = io.StringIO()
    lines = ["who can I talk to about snow removal\n", "tack så mycket\n"]
    chat.run(Conversation(directory.public()), lines, out)
    answer, thanks = out.getvalue().split("\n\n")
    assert answer.splitlines() == [
        "Several match equally well. Whom do you mean?",
        "1. Felanmälan gata och park – Samhällsbyggnadsförvaltningen",
        "2. Mikael Ståhl – Gatu- och parkchef",
    ]
    assert thanks == "Varsågod! Skriv gärna igen om du undrar något mer.\n"


def test_choices_are_numbered_and_picked_by_number(directory: Directory) -> None:
    out = io.StringIO()
    chat.run(Conversation(directory.public()), ["Erik Svensson", "2"], out, language="en")
    text = out.getvalue()
    assert text.startswith(
        "Several match equally well. Whom do you mean?\n"
        "1. Erik Svensson – Bygglovshandläggare\n"
        "2. Erik Svensson – Rektor\n\n"
        "Erik Svensson\nRektor, Utbildningsförvaltningen\n"
    )


def test_commands_work_in_the_terminal(directory: Directory) -> None:
    out = io.StringIO()
    chat.run(Conversation(directory.public()), ["/sok bygglov", "/start hanna-berglof"], out)
    assert out.getvalue().startswith("Bygglov\nSamhällsbyggnadsförvaltningen\n")
    assert "\n\nHanna Berglöf\n" in out.getvalue()


def test_interactive_prompts(directory: Directory) -> None:
    out = io.StringIO()
    chat.run(Conversation(directory.public()), ["berglof\n"], out, interactive=True)
    text = out.getvalue()
    assert text.startswith("Hej! Jag hjälper dig")
    assert "\n\n> Hanna Berglöf\n" in text
    assert text.endswith("\n\n> \n")


def test_a_question_that_finds_nothing_is_recorded(directory: Directory, tmp_path: Path) -> None:
    path = tmp_path / "misses.jsonl"
    misses = MissLog(path, today=lambda: datetime.date(2026, 12, 1))
    out = io.StringIO()
    chat.run(Conversation(directory.public()), ["kebabpizza med extra vitlök"], out, misses=misses)
    assert out.getvalue().startswith("Jag hittade ingen som passar «kebabpizza med extra vitlök».")
    assert path.read_text(encoding="utf-8") == (
        '{"date": "2026-12-01", "words": ["kebabpizza", "extra", "vitlok"]}\n'
    )


def test_a_question_that_finds_someone_is_not_recorded(
    directory: Directory, tmp_path: Path
) -> None:
    path = tmp_path / "misses.jsonl"
    misses = MissLog(path, today=lambda: datetime.date(2026, 12, 1))
    lines = ["berglof", "Erik Svensson", "2", "/help", "/start nobody"]
    chat.run(Conversation(directory.public()), lines, io.StringIO(), misses=misses)
    assert not path.exists()


def test_kontakt_chat_records_misses_in_the_file_it_is_given(tmp_path: Path) -> None:
    path = tmp_path / "misses.jsonl"
    before = datetime.date.today().isoformat()
    done = kontakt(
        "chat",
        "--data",
        str(SOLSJO_FILE),
        "--misses",
        str(path),
        input="berglof\nkebabpizza med extra vitlök, ring 070-123 45 67\nbygglov\n",
    )
    after = datetime.date.today().isoformat()
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    (line,) = path.read_text(encoding="utf-8").splitlines()
    recorded = json.loads(line)
    assert recorded["date"] in {before, after}  # the day it ran, even across midnight
    assert line == json.dumps(
        {"date": recorded["date"], "words": ["kebabpizza", "extra", "vitlok"]}
    )


def test_a_misses_file_that_cannot_be_written_never_stops_an_answer(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    done = kontakt("chat", "--misses", str(folder), cwd=ROOT, input="kebabpizza med extra vitlök\n")
    assert done.returncode == 0
    assert done.stdout.startswith("Jag hittade ingen som passar «kebabpizza med extra vitlök».")
    # The warning names the file and the reason, never the question.
    assert done.stderr == (
        f"could not prune {folder}: Is a directory\n"
        f"could not record an unanswered question in {folder}: Is a directory\n"
    )


def test_kontakt_chat_over_a_pipe() -> None:
    done = kontakt("chat", "--data", str(SOLSJO_FILE), input="berglof\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Hanna Berglöf\n")


def test_make_run_without_a_token_starts_the_terminal_chat() -> None:
    environment = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    done = subprocess.run(
        ["make", "--no-print-directory", "run"],
        cwd=ROOT,
        env=environment,
        input="vem svarar på frågor från press?\n",
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert (
        "TELEGRAM_BOT_TOKEN is not set: starting the terminal chat on data/contacts.yaml." in lines
    )
    assert "To run the Telegram bot: TELEGRAM_BOT_TOKEN=<token from @BotFather> make run" in lines
    assert "To try a full staff list (fictional): make run DATA=examples/solsjo.yaml" in lines
    assert "The same answers on a web page: make serve (http://127.0.0.1:8080/)" in lines
    # The bundled data is what Lessebo kommun publishes.
    assert "Anna Tigerström" in lines
