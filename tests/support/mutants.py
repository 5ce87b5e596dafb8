"""Mutants of a data file: the ways a file gets broken by hand, by tools and on purpose.

Each mutant applies one to three mutations to the lines of a file, chosen by a seeded
:class:`random.Random`, so a run is the same every time. Some mutations leave a file that still
loads (a duplicated comment, an extra space); most break it.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from support import yamltrap

CONTROL_CHARACTERS = (
    "\x00",
    "\x01",
    "\x07",
    "\x08",
    "\x0b",
    "\x0c",
    "\x1b",
    "\x7f",
    "\x80",
    "\x9b",
    "\x85",  # NEL: a line break to YAML
    "\u2028",
    "\u2029",
    "\ufeff",
    "\ufffe",
    "\r",
    "\ud800",
)
STRAY_CHARACTERS = (":", "-", "#", "&", "*", "!", "|", ">", "%", "@", "`", "?", ",", "'", '"', "ö")
DOCUMENT_MARKERS = (
    "---",
    "...",
    "%YAML 1.1",
    "%TAG !e! tag:example.org,2024:",
    "--- !!map",
    "---\n---",
)
NESTING_DEPTHS = (10, 500, 999, 1_000, 1_001, 5_000)


@dataclass
class Mutant:
    text: str
    mutations: list[str] = field(default_factory=list)


@dataclass
class _Context:
    rng: random.Random
    sentinel: Path
    """A file that exists only if a tag ran a shell command."""
    anchors: int = 0

    def anchor(self) -> str:
        self.anchors += 1
        return f"m{self.anchors}"


Mutation = Callable[[_Context, list[str]], None]


def _line(context: _Context, lines: list[str]) -> int:
    return context.rng.randrange(len(lines))


def _value_lines(lines: list[str]) -> list[tuple[int, int]]:
    """(line, column) where a value starts: after ``key: `` or ``- ``."""
    found = []
    for number, line in enumerate(lines):
        if line.lstrip().startswith("#"):
            continue
        if ": " in line:
            found.append((number, line.index(": ") + 2))
        elif line.lstrip().startswith("- "):
            found.append((number, len(line) - len(line.lstrip()) + 2))
    return found


def _insert(context: _Context, lines: list[str], text: str) -> None:
    number = _line(context, lines)
    line = lines[number]
    at = context.rng.randrange(len(line) + 1)
    lines[number] = line[:at] + text + line[at:]


def delete_line(context: _Context, lines: list[str]) -> None:
    del lines[_line(context, lines)]


def indent_line(context: _Context, lines: list[str]) -> None:
    number = _line(context, lines)
    lines[number] = " " * context.rng.randint(1, 4) + lines[number]


def dedent_line(context: _Context, lines: list[str]) -> None:
    number = _line(context, lines)
    line = lines[number]
    spaces = len(line) - len(line.lstrip(" "))
    lines[number] = line[min(spaces, context.rng.randint(1, 4)) :]


def truncate_line(context: _Context, lines: list[str]) -> None:
    number = _line(context, lines)
    lines[number] = lines[number][: context.rng.randrange(len(lines[number]) + 1)]


def duplicate_line(context: _Context, lines: list[str]) -> None:
    number = _line(context, lines)
    lines.insert(number, lines[number])


def swap_lines(context: _Context, lines: list[str]) -> None:
    number = context.rng.randrange(len(lines) - 1)
    lines[number], lines[number + 1] = lines[number + 1], lines[number]


def join_lines(context: _Context, lines: list[str]) -> None:
    number = context.rng.randrange(len(lines) - 1)
    lines[number] += lines.pop(number + 1)


def stray_tab(context: _Context, lines: list[str]) -> None:
    if context.rng.random() < 0.5:
        number = _line(context, lines)
        lines[number] = "\t" + lines[number].lstrip(" ")  # a tab for indentation
    else:
        _insert(context, lines, "\t")


def unbalanced_quote(context: _Context, lines: list[str]) -> None:
    _insert(context, lines, context.rng.choice(("'", '"')))


def unbalanced_bracket(context: _Context, lines: list[str]) -> None:
    _insert(context, lines, context.rng.choice("[]{}"))


def control_character(context: _Context, lines: list[str]) -> None:
    _insert(context, lines, context.rng.choice(CONTROL_CHARACTERS))


def stray_character(context: _Context, lines: list[str]) -> None:
    number = _line(context, lines)
    line = lines[number]
    if line:
        at = context.rng.randrange(len(line))
        lines[number] = line[:at] + context.rng.choice(STRAY_CHARACTERS) + line[at + 1 :]


def yaml_tag(context: _Context, lines: list[str]) -> None:
    """A tag on a value; the ones that would run code replace the value with their arguments."""
    code = [
        f"{yamltrap.APPLY_TAG} [mutant]",
        "!!python/object/new:support.yamltrap.spring [mutant]",
        f"!!python/object/apply:os.system [\"touch '{context.sentinel}'\"]",
        f"!!python/object/new:os.system [\"touch '{context.sentinel}'\"]",
        "!!python/object:support.yamltrap.Thing {a: 1}",
        yamltrap.NAME_TAG + " ''",
        "!!python/module:support.yamltrap ''",
        "!<tag:yaml.org,2002:python/object/apply:support.yamltrap.spring> [mutant]",
    ]
    plain = [
        "!!binary",
        "!!set",
        "!!omap",
        "!!timestamp",
        "!!float",
        "!!int",
        "!!str",
        "!custom",
        "!e!x",
        "!!merge",
    ]
    places = _value_lines(lines)
    if not places:
        return
    number, column = context.rng.choice(places)
    line = lines[number]
    if context.rng.random() < 0.5:
        lines[number] = line[:column] + context.rng.choice(code)
    else:
        lines[number] = line[:column] + context.rng.choice(plain) + " " + line[column:]


def anchor_and_alias(context: _Context, lines: list[str]) -> None:
    """An anchor on one value and an alias to it (or to no anchor at all) in place of another."""
    places = _value_lines(lines)
    if len(places) < 2:
        return
    (first, first_at), (second, second_at) = context.rng.sample(places, 2)
    name = context.anchor()
    if context.rng.random() < 0.8:
        lines[first] = lines[first][:first_at] + f"&{name} " + lines[first][first_at:]
    lines[second] = lines[second][:second_at] + f"*{name}"


def merge_key(context: _Context, lines: list[str]) -> None:
    entries = [n for n, line in enumerate(lines) if line.lstrip().startswith("- ") and ": " in line]
    if not entries:
        return
    number = context.rng.choice(entries)
    indent = len(lines[number]) - len(lines[number].lstrip()) + 2
    name = context.anchor()
    lines[number] = lines[number].replace("- ", f"- &{name}\n{' ' * indent}", 1)
    lines.insert(number + 1, " " * indent + f"<<: *{name}")


def alias_bomb(context: _Context, lines: list[str]) -> None:
    """A billion laughs: ten levels of ten aliases each, named where a value would go."""
    prefix = context.anchor()
    bomb = [f"{prefix}l0: &{prefix}l0 [{', '.join(['lol'] * 10)}]"]
    bomb += [
        f"{prefix}l{level}: &{prefix}l{level} [{', '.join([f'*{prefix}l{level - 1}'] * 10)}]"
        for level in range(1, 10)
    ]
    top = [n for n, line in enumerate(lines) if line[:1].isalpha()]
    at = context.rng.choice(top) if top else 0
    lines[at:at] = bomb
    places = _value_lines(lines)
    if places and context.rng.random() < 0.7:
        number, column = context.rng.choice(places)
        lines[number] = lines[number][:column] + f"*{prefix}l9"


def deep_nesting(context: _Context, lines: list[str]) -> None:
    depth = context.rng.choice(NESTING_DEPTHS)
    places = _value_lines(lines)
    if not places:
        return
    number, column = context.rng.choice(places)
    line = lines[number]
    if context.rng.random() < 0.6:
        opening, closing = ("[", "]") if context.rng.random() < 0.5 else ("{a: ", "}")
        lines[number] = line[:column] + opening * depth + "x" + closing * depth
        return
    # Block nesting: each level one more space, as deep as the file allows.
    depth = min(depth, 1_100)
    indent = column
    lines[number] = line[:column].rstrip()
    lines[number + 1 : number + 1] = [" " * (indent + level) + "- " for level in range(depth)]


def document_marker(context: _Context, lines: list[str]) -> None:
    lines.insert(_line(context, lines), context.rng.choice(DOCUMENT_MARKERS))


def empty_value(context: _Context, lines: list[str]) -> None:
    places = _value_lines(lines)
    if places:
        number, column = context.rng.choice(places)
        lines[number] = lines[number][:column].rstrip()


MUTATIONS: tuple[Mutation, ...] = (
    delete_line,
    indent_line,
    dedent_line,
    truncate_line,
    duplicate_line,
    swap_lines,
    join_lines,
    stray_tab,
    unbalanced_quote,
    unbalanced_bracket,
    control_character,
    stray_character,
    yaml_tag,
    anchor_and_alias,
    merge_key,
    alias_bomb,
    deep_nesting,
    document_marker,
    empty_value,
)


def mutants(text: str, *, count: int, seed: int, sentinel: Path) -> Iterator[Mutant]:
    """``count`` mutants of ``text``, the same ones for the same seed."""
    context = _Context(random.Random(seed), sentinel)  # noqa: S311 - seeded, not cryptography
    original = text.split("\n")
    for _ in range(count):
        lines = list(original)
        mutant = Mutant("")
        for _ in range(context.rng.choice((1, 1, 2, 3))):
            mutation = context.rng.choice(MUTATIONS)
            mutation(context, lines)
            mutant.mutations.append(mutation.__name__)
        mutant.text = "\n".join(lines)
        yield mutant
