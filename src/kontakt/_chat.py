"""``kontakt chat``: the bot's conversation in a terminal, or over a pipe.

Interactive, it prompts; piped (``echo tigerstrom | kontakt chat``), it answers each line of
input in turn, with a blank line between answers. Buttons become numbered choices: answer with
the number to pick one.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import TextIO

from kontakt._conversation import SAVE_PREFIX, Button, Conversation, Language, Reply, choices_text

_TAG = re.compile(r"<[^>]+>")
_PROMPT = "> "


def plain(reply_html: str) -> str:
    """Telegram HTML as terminal text."""
    return html.unescape(_TAG.sub("", reply_html))


def run(
    conversation: Conversation,
    lines: Iterable[str],
    out: TextIO,
    *,
    language: Language = "sv",
    interactive: bool = False,
) -> None:
    """Answer each line until the input ends."""
    choices: tuple[Button, ...] = ()
    if interactive:
        out.write(plain(conversation.greet(language).html) + "\n\n" + _PROMPT)
        out.flush()
    first = True
    for line in lines:
        text = line.strip()
        if text:
            reply = _answer(conversation, text, language, choices)
            choices = tuple(b for b in reply.buttons if not b.data.startswith(SAVE_PREFIX))
            if not interactive and not first:
                out.write("\n")
            out.write(_render(reply, choices) + "\n")
            first = False
        if interactive:
            out.write("\n" + _PROMPT if text else _PROMPT)
            out.flush()
    if interactive:
        out.write("\n")


def _answer(
    conversation: Conversation, text: str, language: Language, choices: tuple[Button, ...]
) -> Reply:
    if text.isascii() and text.isdigit() and 1 <= int(text) <= len(choices):
        return conversation.show(choices[int(text) - 1].data, language)
    command, _, rest = text.partition(" ")
    match command.lower():
        case "/start":
            return conversation.greet(language, rest.strip() or None)
        case "/help" | "/hjalp":
            return conversation.help(language)
        case "/sok" | "/search":
            return conversation.ask(rest, language)
        case _:
            return conversation.ask(text, language)


def _render(reply: Reply, choices: tuple[Button, ...]) -> str:
    text = plain(reply.html)
    if choices:
        text += "\n" + choices_text(choices)
    return text
