"""Any text as a data file gives a directory or located problems, never another exception."""

from __future__ import annotations

import contextlib
import io
import tempfile
from pathlib import Path

from hypothesis import event, given
from hypothesis import strategies as st

from kontakt._cli import main
from support.datafiles import any_text, data_files, valid_data_files
from support.located import load_or_locate
from support.properties import examples, runs


@runs(default=300, long=6_000)
def test_any_text_loads_or_is_refused_with_located_problems(count: int) -> None:
    @examples(count)
    @given(any_text())
    def load(text: str) -> None:
        event("loaded" if load_or_locate(text) else "refused")

    load()


@runs(default=100, long=2_000)
def test_plausible_files_load_or_are_refused_with_located_problems(count: int) -> None:
    @examples(count)
    @given(data_files())
    def load(text: str) -> None:
        event("loaded" if load_or_locate(text) else "refused")

    load()


@runs(default=60, long=1_000)
def test_files_written_in_any_allowed_style_load(count: int) -> None:
    @examples(count)
    @given(valid_data_files())
    def load(text: str) -> None:
        directory = load_or_locate(text)
        assert directory is not None
        event(
            f"{min(len(directory), 5)}+ contacts"
            if len(directory) >= 5
            else f"{len(directory)} contacts"
        )

    load()


@runs(default=40, long=1_000)
def test_check_exits_0_or_1_and_prints_every_problem(count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "contacts.yaml"

        @examples(count)
        @given(st.one_of(valid_data_files(), data_files(), any_text()))
        def check(text: str) -> None:
            # Lone surrogates cannot be written as UTF-8: they reach the file as bytes that are
            # not UTF-8 at all, which is how such a file arrives from elsewhere.
            path.write_bytes(text.encode("utf-8", "surrogatepass"))
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                code = main(["check", str(path)])
            assert code in (0, 1)
            printed = out.getvalue().splitlines()
            assert printed[-1].startswith(f"{path}: ")
            assert (" 0 errors" in printed[-1]) == (code == 0)
            for line in printed[:-1]:
                assert line.startswith(f"{path}:"), line
            event(f"exit {code}")

        check()
