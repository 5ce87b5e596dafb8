"""The text catalogue: every language has every text, filled the way each front end asks."""

from __future__ import annotations

import html
import string

import pytest

from kontakt._texts import LANGUAGES, TEXTS, fill


def test_every_language_has_every_text() -> None:
    keys = {language: set(TEXTS[language]) for language in LANGUAGES}
    assert all(found == keys["sv"] for found in keys.values()), keys


@pytest.mark.parametrize("key", sorted(TEXTS["sv"]))
def test_each_text_takes_the_same_values_in_every_language(key: str) -> None:
    def names(text: str) -> set[str]:
        return {field for _, field, _, _ in string.Formatter().parse(text) if field}

    assert len({frozenset(names(TEXTS[language][key])) for language in LANGUAGES}) == 1


def test_plain_text_drops_the_emphasis_marks() -> None:
    assert fill("sv", "empty") == "Skriv vad du undrar över, till exempel /sok bygglov."


def test_a_renderer_escapes_the_text_and_each_value_and_marks_emphasis() -> None:
    def escape(text: str) -> str:
        return html.escape(text, quote=False)

    def italic(words: str) -> str:
        return f"<i>{words}</i>"

    assert fill("en", "none", escape=escape, emphasis=italic, question="<b>&") == (
        "I found nobody matching «&lt;b&gt;&amp;»."
    )
    assert fill("sv", "help", escape=escape).count("/sok &lt;fråga&gt;") == 1
    assert fill("en", "greeting", escape=escape, emphasis=italic, org="A & B").startswith(
        "Hello! I help you find the right person or service at A &amp; B.\n\n"
        "Write what your question is about, for example <i>building permit</i>"
    )
