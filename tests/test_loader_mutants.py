"""A mutation run over the Solsjö example file: every mutant loads or is refused with located
problems, and no YAML tag ever constructs an object."""

from __future__ import annotations

import collections
import contextlib
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from kontakt import DataError
from kontakt._cli import main
from kontakt._tidy import tidy
from support import yamltrap
from support.located import check_problem, lines_of, load_or_locate
from support.mutants import MUTATIONS, mutants
from support.paths import SOLSJO_FILE

SEED = 20261106


@pytest.fixture(autouse=True)
def empty_trap() -> Iterator[None]:
    """Each test starts with an empty trap and leaves one (the control test springs it)."""
    yamltrap.SPRUNG.clear()
    yield
    yamltrap.SPRUNG.clear()


def test_the_traps_catch_a_loader_that_constructs_objects(tmp_path: Path) -> None:
    # The same tags through PyYAML's unsafe loader, to show the traps would see construction.
    sentinel = tmp_path / "sprung"
    yaml.unsafe_load(f"a: {yamltrap.APPLY_TAG} [mutant]\nb: {yamltrap.NAME_TAG} ''\n")
    yaml.unsafe_load(f"!!python/object/apply:os.system [\"touch '{sentinel}'\"]")
    assert ("mutant",) in yamltrap.SPRUNG
    assert "looked_up" in yamltrap.SPRUNG
    assert sentinel.exists()


@pytest.mark.parametrize(
    ("count", "seed", "check_every", "tidy_at_most"),
    [
        # `kontakt check` reads and `kontakt fmt` rewrites files, which takes longer than a load:
        # the default run checks every eighth mutant and tidies the first six that load, the long
        # run checks every second and tidies the first two hundred.
        pytest.param(400, SEED, 8, 6, id="default"),
        pytest.param(
            3_000, SEED + 1, 2, 200, id="long", marks=[pytest.mark.long, pytest.mark.timeout(600)]
        ),
    ],
)
def test_every_mutant_loads_or_is_refused_with_located_problems(
    count: int, seed: int, check_every: int, tidy_at_most: int, tmp_path: Path
) -> None:
    sentinel = tmp_path / "sprung"
    path = tmp_path / "contacts.yaml"
    original = SOLSJO_FILE.read_text(encoding="utf-8")
    outcomes: collections.Counter[str] = collections.Counter()
    used: collections.Counter[str] = collections.Counter()
    for number, mutant in enumerate(mutants(original, count=count, seed=seed, sentinel=sentinel)):
        used.update(mutant.mutations)
        directory = load_or_locate(mutant.text, path=str(path))
        outcomes["loaded" if directory is not None else "refused"] += 1
        if number % check_every == 0:
            # The same through `kontakt check`, as the file reaches it: bytes on disk.
            path.write_bytes(mutant.text.encode("utf-8", "surrogatepass"))
            with contextlib.redirect_stdout(io.StringIO()):
                code = main(["check", str(path)])
            assert code == (0 if directory is not None else 1)
        if directory is not None and outcomes["tidied"] + outcomes["not tidied"] < tidy_at_most:
            # A mutant that still loads is tidied like any valid file, or refused with a located
            # problem.
            try:
                tidied = tidy(mutant.text, path=str(path))
            except DataError as exc:
                for problem in exc.problems:
                    check_problem(problem, lines_of(mutant.text), str(path))
                outcomes["not tidied"] += 1
            else:
                assert tidy(tidied, path=str(path)) == tidied
                outcomes["tidied"] += 1
    assert not sentinel.exists(), "a YAML tag ran a shell command"
    assert yamltrap.SPRUNG == []
    assert set(used) == {m.__name__ for m in MUTATIONS}
    assert outcomes["loaded"] > 0
    assert outcomes["refused"] > 0
    assert outcomes["tidied"] > 0
