"""Hypothesis strategies for data files: any text, and files built from plausible fragments.

:func:`any_text` is text no admin would write: control characters, NUL, lone surrogates, huge
indentation, very long lines. :func:`data_files` builds YAML the way an admin might get it
wrong: right and misspelt keys, valid and broken phone numbers and addresses, lists where a
value belongs, tags, anchors and aliases, keys given twice. Most of its files parse, so
examples reach the data rules rather than stopping at the YAML parser. :func:`valid_data_files`
builds only files that load, in the many ways the format allows writing them.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from hypothesis import strategies as st
from testing.synthetic import DEPARTMENTS, TITLES, TOPICS

from kontakt._emails import expected_address
from kontakt._format import ORGANISATION, PERSON, PHONE, SERVICE
from kontakt._names import slug
from support import yamltrap

# -- any text ------------------------------------------------------------------------------------

AWKWARD_PIECES = (
    "<",
    ">",
    "&",
    "&amp;",
    "&nbsp;",
    '"',
    "'",
    "\\",
    "\u200f",  # right-to-left mark
    "\u202e",  # right-to-left override
    "\u200d",  # zero-width joiner
    "\u00ad",  # soft hyphen
    "👩\u200d👩\u200d👧",
    "🇸🇪",
    "e\u0301",
    "å",
    "Ö",
    "ß",
    "İ",
    "\t",
    "\n",
    "\r",
    "\r\n",
    "\x00",
    "\x1b[31m",
    "\x85",
    "\u2028",
    "\ufeff",
    "\ufffe",
    "\ud800",
    "#",
    ": ",
    "- ",
    "? ",
    "[",
    "]",
    "{",
    "}",
    "*a",
    "&a ",
    "!!python/object/apply:os.system ",
    "%YAML 1.1\n",
    "---\n",
    "...\n",
    "|\n",
    ">-\n",
    "@",
    "`",
)


def characters(*, surrogates: bool = True, controls: bool = True) -> st.SearchStrategy[str]:
    """Any code point; without lone surrogates or C0/C1 controls when asked."""
    excluded: list[Literal["Cs", "Cc"]] = []
    if not surrogates:
        excluded.append("Cs")
    if not controls:
        excluded.append("Cc")
    return st.characters(exclude_categories=excluded)


def any_text(*, surrogates: bool = True, max_pieces: int = 40) -> st.SearchStrategy[str]:
    """Text of every kind: random code points, awkward pieces, very long lines and indents."""
    chars = characters(surrogates=surrogates)
    pieces = st.sampled_from(
        AWKWARD_PIECES if surrogates else tuple(p for p in AWKWARD_PIECES if p != "\ud800")
    )
    mixed = st.lists(st.one_of(pieces, st.text(chars, max_size=6)), max_size=max_pieces).map(
        "".join
    )
    repeated = st.tuples(
        st.one_of(pieces, st.text(chars, min_size=1, max_size=3)), st.integers(1, 20_000)
    ).map(lambda t: t[0] * t[1])
    return st.one_of(
        st.text(chars), mixed, repeated, st.tuples(mixed, repeated, mixed).map("".join)
    )


# -- a YAML document as a tree ---------------------------------------------------------------


@dataclass(frozen=True)
class Scalar:
    text: str
    style: str = "plain"
    """plain, single or double (quoted)."""


@dataclass(frozen=True)
class Seq:
    items: tuple[Node, ...]
    flow: bool = False


@dataclass(frozen=True)
class Map:
    pairs: tuple[tuple[str, Node], ...]
    flow: bool = False


@dataclass(frozen=True)
class Alias:
    anchor: str


@dataclass(frozen=True)
class Marked:
    """A node with a tag, an anchor or both."""

    node: Node
    tag: str | None = None
    anchor: str | None = None


Node = Scalar | Seq | Map | Alias | Marked


def render(root: Node) -> str:
    """The document as block YAML, two spaces per level, short collections in flow style."""
    head, lines = _block(root, 0)
    if head.strip():
        lines.insert(0, head.strip())
    return "\n".join(lines) + "\n"


def _scalar(node: Scalar) -> str:
    if node.style == "single":
        return "'" + node.text.replace("'", "''") + "'"
    if node.style == "double":
        # JSON's escapes (\", \\, \n, \u0007) are YAML's too.
        return json.dumps(node.text, ensure_ascii=False)
    return node.text


def _marks(node: Marked) -> str:
    return " ".join(m for m in (node.tag, f"&{node.anchor}" if node.anchor else None) if m)


def _inline(node: Node) -> str:
    if isinstance(node, Scalar):
        return _scalar(node)
    if isinstance(node, Seq):
        return "[" + ", ".join(_inline(item) for item in node.items) + "]"
    if isinstance(node, Map):
        return "{" + ", ".join(f"{key}: {_inline(value)}" for key, value in node.pairs) + "}"
    if isinstance(node, Alias):
        return f"*{node.anchor}"
    return f"{_marks(node)} {_inline(node.node)}"


def _is_block(node: Node) -> bool:
    if isinstance(node, Seq):
        return not node.flow and bool(node.items)
    if isinstance(node, Map):
        return not node.flow and bool(node.pairs)
    return False


def _block(node: Node, indent: int) -> tuple[str, list[str]]:
    """What follows ``key:`` or ``-`` on its line, and the lines below it."""
    pad = " " * indent
    if isinstance(node, Marked) and _is_block(node.node):
        return " " + _marks(node), _block(node.node, indent)[1]
    if isinstance(node, Seq) and _is_block(node):
        lines: list[str] = []
        for item in node.items:
            head, more = _block(item, indent + 2)
            if isinstance(item, Map) and _is_block(item):
                lines.append(pad + "- " + more[0].lstrip())  # "- first_name: Anna"
                lines += more[1:]
            else:
                lines.append(pad + "-" + head)
                lines += more
        return "", lines
    if isinstance(node, Map) and _is_block(node):
        lines = []
        for key, value in node.pairs:
            head, more = _block(value, indent + 2)
            lines.append(pad + key + ":" + head)
            lines += more
        return "", lines
    return " " + _inline(node), []


# -- fragments -------------------------------------------------------------------------------

FIRST_NAMES = (
    "Anna",
    "Göran",
    "Åsa",
    "Per-Olof",
    "Linnéa",
    "Søren",
    "Jürgen",
    "Seán",
    "Carl",
    "Erik",
    "Ann-Sofie",
)
LAST_NAMES = (
    "Tigerström",
    "Johansson Tigerström",
    "von Essen",
    "O'Brien",
    "Yılmaz",
    "Großmann",
    "Kjær",
    "Lind Andersson",
    "Nyström-Karlsson",
    "Svensson",
    "Ek",
)
AREA_CODES = ("0478", "0470", "0471", "0474")
MOBILE_PREFIXES = ("070", "072", "073", "076", "079")
SMS_NOTES = (" (endast sms)", " (endast för sms)", " (SMS only)", " endast SMS")
BROKEN_NUMBERS = (
    "0478-1",
    "12",
    "abc",
    "+46 70",
    "070-948 64 88 88 88",
    "tel 0478-125 11",
    "0478-125 11 ank. 2",
    "++46",
    "()",
    "-",
)
BROKEN_ADDRESSES = (
    "anna..ek@lessebo.se",
    "anna.ek",
    "anna@",
    "@lessebo.se",
    "a b@lessebo.se",
    "anna@lessebo",
    "anna@-x.se",
    "Anna Ek <anna@x.se>",
)
FLAGS = ("true", "false", "yes", "no", "True", "OFF", "nej", "ja", "1", "0", "", "~")
TAGS = (
    "!!str",
    "!!int",
    "!!null",
    "!!binary",
    "!!set",
    "!!omap",
    "!!map",
    "!!seq",
    "!custom",
    "!<tag:example.org,2024:x>",
    yamltrap.APPLY_TAG,
    yamltrap.NAME_TAG,
    "!!python/object/apply:os.system",
    "!!python/object/new:os.system",
)
ANCHORS = ("a", "b", "x1")


def _chance(draw: st.DrawFn, percent: int) -> bool:
    return draw(st.integers(0, 99)) < percent


def _pick(draw: st.DrawFn, options: Sequence[str]) -> str:
    return str(draw(st.sampled_from(options)))


def _style(draw: st.DrawFn) -> str:
    return _pick(draw, ("plain", "plain", "plain", "single", "double"))


def _phone_text(draw: st.DrawFn, *, mobile: bool) -> str:
    """A valid Swedish number, in one of the ways people write them."""
    if mobile:
        prefix = _pick(draw, MOBILE_PREFIXES)
        digits = str(draw(st.integers(1_000_000, 9_999_999)))
        parts: tuple[str, ...] = (prefix, digits[:3], digits[3:5], digits[5:])
    else:
        prefix = _pick(draw, AREA_CODES)
        digits = str(draw(st.integers(10_000, 99_999)))
        parts = (prefix, digits[:3], digits[3:])
    form = draw(st.integers(0, 5))
    rest = " ".join(parts[1:])
    if form == 0:
        return f"{parts[0]}-{rest}"
    if form == 1:
        return "".join(parts)
    if form == 2:
        return f"+46 {parts[0][1:]} {rest}"
    if form == 3:
        return f"0046{''.join(parts)[1:]}"
    if form == 4:
        return f"({parts[0]}) {rest}"
    return f"{parts[0]} {rest}"


@st.composite
def phone_numbers(draw: st.DrawFn) -> str:
    """A valid Swedish number as people write it, sometimes with a note that it takes SMS only."""
    mobile = draw(st.booleans())
    number = _phone_text(draw, mobile=mobile)
    return number + (_pick(draw, SMS_NOTES) if mobile and _chance(draw, 30) else "")


@dataclass
class _Shape:
    """How wrong a generated file may be: each fragment goes wrong with a chance times ``scale``."""

    scale: float

    @property
    def valid(self) -> bool:
        return self.scale == 0

    def wrong(self, draw: st.DrawFn, percent: int = 8) -> bool:
        if self.scale == 0:
            return False
        # Hypothesis draws the ends of a range far more often than the middle: "wrong" is a
        # stretch just below the top end, so the chances stay close to what they say.
        drawn = draw(st.integers(0, 1000))
        return 1000 - 10 * percent * self.scale <= drawn < 1000


def _text_value(draw: st.DrawFn, shape: _Shape, options: Sequence[str]) -> Node:
    if shape.wrong(draw):
        return _wrong_value(draw)
    return Scalar(_pick(draw, options), _style(draw))


def _wrong_value(draw: st.DrawFn) -> Node:
    """Something other than a plain value: awkward text, a list, a mapping, a tag, nesting."""
    kind = draw(st.integers(0, 6))
    if kind == 0:
        return Scalar(str(draw(any_text(max_pieces=8))), "double")
    if kind == 1:
        return Scalar(str(draw(any_text(surrogates=False, max_pieces=8))), _style(draw))
    if kind == 2:
        return Seq((Scalar("a"), Scalar("b")), flow=_chance(draw, 50))
    if kind == 3:
        return Map((("x", Scalar("1")),), flow=_chance(draw, 50))
    if kind == 4:
        return Marked(Scalar("echo kontakt", "double"), tag=_pick(draw, TAGS))
    if kind == 5:
        depth = draw(st.integers(1, 60))
        node: Node = Scalar("x")
        for _ in range(depth):
            node = Seq((node,), flow=True)
        return node
    return Scalar(_pick(draw, ("", "~", "null")))


def _key(draw: st.DrawFn, shape: _Shape, key: str, keys: Sequence[str]) -> str:
    if shape.wrong(draw, 5):
        return _pick(
            draw,
            (key[:-1], key + "s", key.upper(), key.replace("_", "-"), f'"{key}"', "? " + key, "<<"),
        )
    if shape.wrong(draw, 2):
        return _pick(draw, keys)  # possibly a key the mapping already has
    return key


def _mapping(
    draw: st.DrawFn, shape: _Shape, pairs: list[tuple[str, Node]], keys: Sequence[str]
) -> Map:
    renamed = [(_key(draw, shape, key, keys), value) for key, value in pairs]
    if shape.wrong(draw, 5):
        renamed.append((_pick(draw, keys), Scalar("twice")))
    if not shape.valid:
        renamed = draw(st.permutations(renamed))
    return Map(tuple(renamed), flow=shape.wrong(draw, 3))


def _phones(draw: st.DrawFn, shape: _Shape, *, allow_sms: bool = True) -> Node:
    items: list[Node] = []
    for _ in range(draw(st.integers(0, 4))):
        mobile = _chance(draw, 50)
        if shape.wrong(draw, 10):
            items.append(Scalar(_pick(draw, BROKEN_NUMBERS), _style(draw)))
            continue
        number = _phone_text(draw, mobile=mobile)
        sms = allow_sms and (mobile or shape.wrong(draw, 30)) and _chance(draw, 40)
        if _chance(draw, 50):
            items.append(Scalar(number + (_pick(draw, SMS_NOTES) if sms else ""), _style(draw)))
            continue
        pairs: list[tuple[str, Node]] = [("number", Scalar(number, _style(draw)))]
        if sms:
            pairs.append(("sms_only", Scalar(_pick(draw, ("true", "yes", "True")))))
        if _chance(draw, 30):
            pairs.append(
                (
                    "label",
                    _text_value(draw, shape, ("mobil", "växel", "direkt", "jour <kväll & helg>")),
                )
            )
        if _chance(draw, 20):
            pairs.append(("public", Scalar(_pick(draw, ("true", "false")))))
        if shape.wrong(draw, 10):
            pairs.append(("sms_only", Scalar(_pick(draw, FLAGS))))
        items.append(_mapping(draw, shape, pairs, PHONE.names))
    if len(items) == 1 and isinstance(items[0], Scalar) and _chance(draw, 30):
        return items[0]  # a single value where a list is expected
    flow = all(isinstance(i, Scalar) for i in items) and _chance(draw, 50)
    return Seq(tuple(items), flow=flow)


def _topics(draw: st.DrawFn, shape: _Shape) -> Node:
    chosen = draw(st.lists(st.sampled_from(TOPICS), max_size=4))
    items: tuple[Node, ...] = tuple(Scalar(t, _style(draw)) for t in chosen)
    if shape.wrong(draw, 10):
        items += (_wrong_value(draw),)
    return Seq(items, flow=_chance(draw, 60))


def _common(
    draw: st.DrawFn, shape: _Shape, pairs: list[tuple[str, Node]], *, index: int, name: str
) -> None:
    """Fields people and services share: id, phones, topics, public."""
    if _chance(draw, 40):
        ident = f"{slug(name) or 'x'}-{index}"
        if shape.wrong(draw, 20):
            ident = _pick(draw, ("Anna_Ek", "-x", "x-", "a" * 70, "anna-ek", "åsa", "1"))
        pairs.insert(0, ("id", Scalar(ident, _style(draw))))
    if _chance(draw, 85):
        pairs.append(("phones", _phones(draw, shape)))
    if _chance(draw, 60):
        pairs.append(("topics", _topics(draw, shape)))
    if _chance(draw, 15):
        pairs.append(
            (
                "public",
                Scalar(
                    _pick(draw, ("true", "false", "yes", "no"))
                    if shape.valid
                    else _pick(draw, FLAGS)
                ),
            )
        )


@st.composite
def _person(draw: st.DrawFn, shape: _Shape, index: int, domain: str, space: str) -> Node:
    first, last = _pick(draw, FIRST_NAMES), _pick(draw, LAST_NAMES)
    pairs: list[tuple[str, Node]] = [
        ("first_name", _text_value(draw, shape, (first,))),
        ("last_name", _text_value(draw, shape, (last,))),
    ]
    if _chance(draw, 20):
        pairs.append(("display_name", _text_value(draw, shape, (f"{first} {last.split()[-1]}",))))
    for key, options in (("title", TITLES), ("department", DEPARTMENTS)):
        if _chance(draw, 70):
            pairs.append((key, _text_value(draw, shape, options)))
    if _chance(draw, 80):
        address = expected_address(first, last, domain, space=space)
        local, _, at = address.partition("@")
        address = f"{local}{index + 1 if index else ''}@{at}"
        if _chance(draw, 20):
            address = address.upper() if _chance(draw, 50) else address.title()
        if shape.wrong(draw, 15):
            address = _pick(draw, (*BROKEN_ADDRESSES, f"{first}@{domain}", f"{local}@polisen.se"))
        pairs.append(("email", Scalar(address, _style(draw))))
        if shape.wrong(draw, 10):
            pairs.append(("email_exception", Scalar(_pick(draw, ("", "delad brevlåda", "~")))))
    _common(draw, shape, pairs, index=index, name=f"{first} {last}")
    node = _mapping(draw, shape, pairs, PERSON.names)
    return _decorate(draw, shape, node)


@st.composite
def _service(draw: st.DrawFn, shape: _Shape, index: int, domain: str) -> Node:
    name = _pick(draw, ("Kontaktcenter", "Bygglov", "VA-jour", "Växel & <reception>", "Socialjour"))
    pairs: list[tuple[str, Node]] = [("name", _text_value(draw, shape, (name,)))]
    if _chance(draw, 70):
        pairs.append(("email", Scalar(f"{slug(name)}{index}@{domain}", _style(draw))))
    if _chance(draw, 40):
        pairs.append(("department", _text_value(draw, shape, DEPARTMENTS)))
    if _chance(draw, 30):
        pairs.append(("address", _text_value(draw, shape, ("365 80 Lessebo", "Storgatan 1"))))
    _common(draw, shape, pairs, index=index, name=name)
    return _decorate(draw, shape, _mapping(draw, shape, pairs, SERVICE.names))


def _decorate(draw: st.DrawFn, shape: _Shape, node: Node) -> Node:
    if shape.wrong(draw, 5):
        return Marked(
            node, tag=_pick(draw, TAGS) if _chance(draw, 50) else None, anchor=_pick(draw, ANCHORS)
        )
    if shape.wrong(draw, 4):
        return Alias(_pick(draw, ANCHORS))
    return node


@st.composite
def _organisation(draw: st.DrawFn, shape: _Shape, domain: str, space: str) -> Node:
    pairs: list[tuple[str, Node]] = [
        ("name", _text_value(draw, shape, ("Lessebo kommun", 'Kommun <&> "Ö"'))),
        (
            "domain",
            Scalar(
                domain
                if not shape.wrong(draw, 10)
                else _pick(draw, ("x", "lessebo", "-.se", "ä.se")),
                _style(draw),
            ),
        ),
    ]
    if _chance(draw, 40):
        pairs.append(
            (
                "region",
                Scalar(
                    _pick(draw, ("SE", "se"))
                    if not shape.wrong(draw, 30)
                    else _pick(draw, ("XX", "Sverige", ""))
                ),
            )
        )
    if _chance(draw, 60):
        pairs.append(("phone", Scalar(_phone_text(draw, mobile=False), _style(draw))))
    if _chance(draw, 40):
        pairs.append(("email", Scalar(f"kontaktcenter@{domain}", _style(draw))))
    if _chance(draw, 30):
        pairs.append(("address", _text_value(draw, shape, ("365 80 Lessebo",))))
    if space or _chance(draw, 20):
        pairs.append(
            ("email_space", Scalar(space, "double") if not shape.wrong(draw, 30) else Scalar("_"))
        )
    return _mapping(draw, shape, pairs, ORGANISATION.names)


@st.composite
def _document(draw: st.DrawFn, shape: _Shape) -> str:
    domain = _pick(draw, ("lessebo.se", "lessebo.se", "Lessebo.SE", "kommun.example.se"))
    space = _pick(draw, ("", "", "-"))
    top: list[tuple[str, Node]] = []
    if not shape.wrong(draw, 5):
        top.append(("organisation", draw(_organisation(shape, domain.lower(), space))))
    people = draw(st.integers(0, 5))
    top.append(
        (
            "people",
            Seq(tuple(draw(_person(shape, i, domain.lower(), space)) for i in range(people))),
        )
    )
    services = draw(st.integers(0, 3))
    if services or _chance(draw, 50):
        top.append(
            (
                "services",
                Seq(tuple(draw(_service(shape, i, domain.lower())) for i in range(services))),
            )
        )
    if shape.wrong(draw, 5):
        top.append((_pick(draw, ("personal", "lol", "Organisation")), _wrong_value(draw)))
    root: Node = _mapping(draw, shape, top, ("organisation", "people", "services"))
    if shape.wrong(draw, 2):
        root = Seq((root,))
    text = render(root)
    return _layout(draw, shape, text)


def _layout(draw: st.DrawFn, shape: _Shape, text: str) -> str:
    """Comments, blank lines, a document start, Windows line ends and a byte order mark, as
    files have them."""
    lines = text.splitlines()
    out: list[str] = []
    for written in lines:
        line = written
        if _chance(draw, 5):
            out.append(
                ""
                if _chance(draw, 50)
                else " " * draw(st.integers(0, 6))
                + "# "
                + _pick(draw, ("kommentar", "ring <inte> efter 16 & så", "å ä ö"))
            )
        if _chance(draw, 4) and not line.rstrip().endswith(("'", '"')) and ": " in line:
            line += "  # anm."
        out.append(line)
    if shape.wrong(draw, 20):
        # One line indented wrongly, with a space or a tab, as after a careless paste.
        at = draw(st.integers(0, len(out) - 1))
        out[at] = _pick(draw, ("\t", " ", "  ")) + out[at]
    if _chance(draw, 10):
        # An explicit start of the document, with what may come before it.
        out[:0] = _pick(
            draw, ("---", "# Personal\n---", "%YAML 1.1\n---", "# a\n\n--- # b", "--- !!map")
        ).split("\n")
    newline = "\r\n" if _chance(draw, 10) else "\n"
    bom = "\ufeff" if _chance(draw, 5) else ""
    return bom + newline.join(out) + newline


def data_files() -> st.SearchStrategy[str]:
    """Plausible data files, right and wrong in the ways admins get them, some a little and
    some a lot."""
    return st.sampled_from((0.05, 0.2, 1.0, 2.0)).flatmap(lambda scale: _document(_Shape(scale)))


def valid_data_files() -> st.SearchStrategy[str]:
    """Data files that load without errors, written in every style the format allows."""
    return _document(_Shape(0))
