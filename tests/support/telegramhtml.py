"""Telegram's HTML as the Bot API documents it ("Formatting options", HTML style): a checker.

Telegram accepts a small set of tags, requires every ``<``, ``>`` and ``&`` outside a tag or an
entity to be escaped, knows only the named entities ``&lt; &gt; &amp; &quot;`` besides numeric
ones, and refuses a message whose text (after entities are parsed) is over 4,096 UTF-16 code
units. :func:`problems` lists what breaks those rules; an empty list means Telegram takes it.
It is strict where Telegram is lenient (attribute values must be double-quoted).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

MAX_UNITS = 4096

# Tag → the attributes it may have (a value of None: any value).
_ALLOWED: dict[str, dict[str, str | None]] = {
    "b": {},
    "strong": {},
    "i": {},
    "em": {},
    "u": {},
    "ins": {},
    "s": {},
    "strike": {},
    "del": {},
    "span": {"class": "tg-spoiler"},
    "tg-spoiler": {},
    "a": {"href": None},
    "code": {"class": None},
    "pre": {},
    "blockquote": {"expandable": None},
    "tg-emoji": {"emoji-id": None},
}
_REQUIRED = {"span": "class", "a": "href", "tg-emoji": "emoji-id"}
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
# Every & must start one of these, semicolon included.
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#[0-9]+|#x[0-9a-fA-F]+);")
_AMPERSAND = re.compile("&")
_QUOTED_ATTRIBUTES = re.compile(r'<[a-z][a-z0-9-]*(?:\s+[a-z-]+(?:="[^"<>]*")?)*\s*>')


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.problems: list[str] = []
        self.open: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        allowed = _ALLOWED.get(tag)
        if allowed is None:
            self.problems.append(f"tag <{tag}> is not one Telegram knows")
            return
        raw = self.get_starttag_text() or ""
        if not _QUOTED_ATTRIBUTES.fullmatch(raw):
            self.problems.append(f'tag {raw!r} is not written as <tag name="value">')
        names = {name for name, _ in attrs}
        for name, value in attrs:
            if name not in allowed:
                self.problems.append(f"<{tag}> may not have the attribute {name!r}")
            elif allowed[name] is not None and value != allowed[name]:
                self.problems.append(f"<{tag} {name}> must be {allowed[name]!r}, not {value!r}")
        if tag in _REQUIRED and _REQUIRED[tag] not in names:
            self.problems.append(f"<{tag}> needs the attribute {_REQUIRED[tag]!r}")
        if (
            self.open
            and self.open[-1] in ("code", "pre")
            and not (self.open[-1] == "pre" and tag == "code")
        ):
            self.problems.append(f"<{tag}> inside <{self.open[-1]}>, which holds only text")
        if tag == "blockquote" and "blockquote" in self.open:
            self.problems.append("<blockquote> inside <blockquote>")
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            expected = f"</{self.open[-1]}>" if self.open else "no end tag"
            self.problems.append(f"</{tag}> where {expected} was due")
            return
        self.open.pop()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.problems.append(f"<{tag}/>: Telegram has no self-closing tags")

    def handle_data(self, data: str) -> None:
        for stray in "<>&":
            if stray in data:
                self.problems.append(f"a bare {stray!r} in {data[:60]!r}")
        self.text.append(data)

    def handle_entityref(self, name: str) -> None:
        if name not in _NAMED:
            self.problems.append(f"&{name}; is not an entity Telegram knows")
        self.text.append(_NAMED.get(name, ""))

    def handle_charref(self, name: str) -> None:
        code = int(name[1:], 16) if name[:1] in "xX" else int(name)
        if not 0 < code <= 0x10FFFF:
            self.problems.append(f"&#{name}; is not a character")
            return
        self.text.append(chr(code))

    def handle_comment(self, data: str) -> None:
        self.problems.append(f"a comment or broken tag: {data[:60]!r}")

    def handle_decl(self, decl: str) -> None:
        self.problems.append(f"a declaration: {decl[:60]!r}")

    def handle_pi(self, data: str) -> None:
        self.problems.append(f"a processing instruction: {data[:60]!r}")

    def unknown_decl(self, data: str) -> None:
        self.problems.append(f"a declaration: {data[:60]!r}")


def problems(html: str) -> list[str]:
    """What Telegram would refuse in ``html``; empty when it is valid Telegram HTML."""
    checker = _Checker()
    checker.feed(html)
    checker.close()
    found = checker.problems
    # HTMLParser accepts an entity without its semicolon and any named entity; Telegram does not.
    for ampersand in _AMPERSAND.finditer(html):
        if not _ENTITY.match(html, ampersand.start()):
            found.append(f"a bare '&' at {ampersand.start()}: {html[ampersand.start() :][:20]!r}")
    if checker.open:
        found.append(f"tags left open: {checker.open}")
    units = len("".join(checker.text).encode("utf-16-le", "surrogatepass")) // 2
    if units > MAX_UNITS:
        found.append(f"the text is {units} UTF-16 code units; Telegram takes at most {MAX_UNITS}")
    return found


def text_of(html: str) -> str:
    """The text Telegram shows for valid ``html``: tags dropped, entities read."""
    checker = _Checker()
    checker.feed(html)
    checker.close()
    return "".join(checker.text)
