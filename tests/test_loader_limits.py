"""Limits: files over the size limit, deep nesting and alias bombs are refused with a located
problem, in time and memory bounded by the file's size rather than by what it would expand to."""

from __future__ import annotations

import sys
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from kontakt import MAX_FILE_BYTES, DataError, Directory, _source
from kontakt._cli import main
from kontakt._reader import NodeReader
from support.helpers import data_file
from support.located import load_or_locate
from support.properties import examples

VALID = data_file("services:\n  - name: Bygglov\n    phones: [0478-125 30]\n")


class PurePythonLoader(yaml.SafeLoader):
    """PyYAML without libyaml, whose composer recurses once per level of nesting."""

    resolve = _source.Loader.resolve


@pytest.fixture(params=["libyaml", "pure-python"])
def yaml_reader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Runs a test with the loader kontakt uses and with the fallback it has without libyaml."""
    if request.param == "pure-python":
        monkeypatch.setattr(_source, "Loader", PurePythonLoader)
    yield request.param


def _nested_flow_lists(depth: int) -> str:
    return "organisation:\n  name: " + "[" * depth + "x" + "]" * depth + "\n"


def _nested_flow_mappings(depth: int) -> str:
    return "organisation: " + "{a: " * depth + "x" + "}" * depth + "\n"


def _nested_block_lists(depth: int) -> str:
    return "organisation:\n" + "".join(" " * (level + 1) + "-\n" for level in range(depth))


def _nested_block_mappings(depth: int) -> str:
    return "organisation:\n" + "".join(" " * (level + 1) + "a:\n" for level in range(depth))


# libyaml refuses more than 1,000 levels. Block nesting costs indentation: 20,000 levels would
# be 200 MB, far over the size limit.
NESTINGS = [
    pytest.param(nested, depth, id=f"{nested.__name__.removeprefix('_nested_')}-{depth}")
    for nested, depths in [
        (_nested_flow_lists, (50, 400, 999, 1_001, 20_000)),
        (_nested_flow_mappings, (50, 400, 999, 1_001, 20_000)),
        (_nested_block_lists, (50, 400, 999, 1_001, 1_200)),
        (_nested_block_mappings, (50, 400, 999, 1_001, 1_200)),
    ]
    for depth in depths
]


@pytest.mark.parametrize(("nested", "depth"), NESTINGS)
def test_deep_nesting_is_read_or_refused_with_a_located_problem(
    nested: Callable[[int], str], depth: int
) -> None:
    # Python's recursion limit stays as it is: the loader must not need more.
    assert load_or_locate(nested(depth)) is None


@pytest.mark.long
@pytest.mark.parametrize(
    ("nested", "depth"),
    # PyYAML's pure-Python scanner takes time quadratic in the depth of flow nesting.
    [p for p in NESTINGS if isinstance(p.values[1], int) and p.values[1] <= 1_200],
)
def test_deep_nesting_without_libyaml_is_read_or_refused_with_a_located_problem(
    nested: Callable[[int], str], depth: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_source, "Loader", PurePythonLoader)
    assert load_or_locate(nested(depth)) is None


def test_nesting_libyaml_refuses_is_located_where_it_goes_too_deep() -> None:
    with pytest.raises(DataError) as caught:
        Directory.from_text(_nested_flow_lists(2_000), path="f.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "f.yaml:2:1007: error: lists and mappings are nested too deep here to be read; after "
        "this, the file could not be read further"
    ]


def test_nesting_too_deep_for_the_pure_python_composer_is_located(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_source, "Loader", PurePythonLoader)
    # PyYAML's composer takes at least one Python frame per level: this is too deep for it.
    depth = sys.getrecursionlimit()
    with pytest.raises(DataError) as caught:
        Directory.from_text(_nested_flow_lists(depth), path="f.yaml")
    assert [str(p) for p in caught.value.problems] == [
        f"f.yaml:2:{depth + 8}: error: lists and mappings are nested {depth + 2} levels deep "
        "here; that is too deep to read"
    ]


def test_characters_yaml_refuses_are_located_alike_by_both_readers(yaml_reader: str) -> None:
    for text, expected in [
        ("a: ö\nb: Åsa\x07\n", "f.yaml:2:7: error: the file contains the control character U+0007"),
        (
            "a: 🎉\nb: x\ud83d\n",
            "f.yaml:2:5: error: the file contains U+D83D, half of a UTF-16 surrogate pair, which "
            "is not a character",
        ),
    ]:
        with pytest.raises(DataError) as caught:
            Directory.from_text(text, path="f.yaml")
        assert [str(p) for p in caught.value.problems] == [expected]


def _alias_bomb(levels: int, width: int) -> str:
    """A file that would expand to ``width ** levels`` values if aliases were followed."""
    lines = [f"lol0: &a0 [{', '.join(['lol'] * width)}]"]
    for level in range(1, levels):
        lines.append(f"lol{level}: &a{level} [{', '.join([f'*a{level - 1}'] * width)}]")
    top = f"*a{levels - 1}"
    lines.append(f"people:\n  - first_name: Anna\n    last_name: Ek\n    topics: {top}\n  - {top}")
    return VALID + "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_without_being_expanded(monkeypatch: pytest.MonkeyPatch) -> None:
    text = _alias_bomb(levels=12, width=10)  # 10**12 values if expanded
    events = sum(1 for _ in yaml.parse(text, Loader=_source.Loader))
    visits = 0
    first_visit = NodeReader.first_visit

    def counted(reader: NodeReader, node: yaml.Node) -> bool:
        nonlocal visits
        visits += 1
        return first_visit(reader, node)

    monkeypatch.setattr(NodeReader, "first_visit", counted)
    tracemalloc.start()
    try:
        with pytest.raises(DataError) as caught:
            Directory.from_text(text, path="f.yaml")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # Work and memory follow the file's few hundred events, not the 10**12 values it names:
    # each node is looked at about once, and the whole load fits in a few megabytes.
    assert visits <= events
    assert peak < 20 * 1024 * 1024
    aliases = [p for p in caught.value.problems if p.message.startswith("aliases")]
    assert len(aliases) == text.count("*a")
    assert all(p.line >= 1 and p.column is not None and p.column >= 1 for p in aliases)


# -- size --------------------------------------------------------------------------------------


def _file_of(size: int, path: Path) -> Path:
    """A valid data file padded with a comment of two-byte letters to exactly ``size`` bytes."""
    body = VALID.encode("utf-8")
    padding = size - len(body) - len(b"# \n")
    assert padding >= 0
    comment = "ö" * (padding // 2) + "x" * (padding % 2)
    path.write_bytes(body + f"# {comment}\n".encode())
    assert path.stat().st_size == size
    return path


@given(limit=st.integers(200, 5_000), over=st.integers(-3, 3))
@examples(50)
def test_the_size_limit_counts_bytes_and_is_inclusive(
    limit: int, over: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = _file_of(limit + over, tmp_path_factory.mktemp("size") / "contacts.yaml")
    if over <= 0:
        assert len(Directory.load(path, max_bytes=limit)) == 1
        return
    with pytest.raises(DataError) as caught:
        Directory.load(path, max_bytes=limit)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:1:1: error: the file is {limit + over:,} bytes; the limit is {limit:,} bytes"
    ]


def test_a_file_over_the_default_limit_is_refused_by_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "contacts.yaml"
    path.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    assert main(["check", str(path)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{path}:1:1: error: the file is 16,777,217 bytes; the limit is 16,777,216 bytes",
        f"{path}: 1 error, 0 warnings",
    ]


def test_unreadable_files_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "missing.yaml")]) == 2
    assert main(["check", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / 'missing.yaml'}: cannot read: No such file or directory" in err
    assert f"{tmp_path}: cannot read: Is a directory" in err
