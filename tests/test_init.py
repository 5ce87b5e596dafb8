"""The package's public surface: what ``from kontakt import ...`` promises, and nothing else."""

from __future__ import annotations

import inspect
import pkgutil
import re

import pytest

import kontakt
import kontakt.bot
import kontakt.web
from support.paths import ROOT


def test_every_module_behind_the_package_is_private() -> None:
    modules = {m.name for m in pkgutil.iter_modules(kontakt.__path__)}
    assert {m for m in modules if not m.startswith("_")} == {"bot", "web"}
    for front in (kontakt.bot, kontakt.web):
        inner = {m.name for m in pkgutil.iter_modules(front.__path__)}
        assert {m for m in inner if not m.startswith("_")} == set()


def test_the_web_front_names_its_public_surface() -> None:
    assert kontakt.web.__all__ == ["WebSettings", "create_app"]
    assert inspect.getdoc(kontakt.web.create_app)


@pytest.mark.parametrize("name", kontakt.__all__)
def test_each_public_name_is_there_documented_and_from_the_package(name: str) -> None:
    value = getattr(kontakt, name)
    if inspect.isclass(value) or inspect.isfunction(value):
        assert value.__module__.startswith("kontakt._"), value.__module__
        assert inspect.getdoc(value), f"{name} has no docstring"


def test_the_public_names_are_sorted_and_unique() -> None:
    assert len(set(kontakt.__all__)) == len(kontakt.__all__)
    assert kontakt.__all__ == sorted(kontakt.__all__, key=lambda n: (not n.isupper(), n))


def test_the_readme_library_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's example, run as written, from the project folder it names paths in."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Library\n", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert code is not None
    monkeypatch.chdir(ROOT)
    namespace: dict[str, object] = {}
    exec(compile(code.group(1), "README.md", "exec"), namespace)  # noqa: S102
    directory = namespace["directory"]
    assert isinstance(directory, kontakt.Directory)
    anna = directory.get("anna-tigerstrom")
    assert anna is not None
    assert [p.display for p in anna.phones] == ["0478-125 11", "070-948 64 88"]
    assert anna.phones[1].sms_only
    assert [c.name for c in directory.by_phone("0046709486488")] == ["Anna Tigerström"]
    assert directory.by_email("Anna.JohanssonTigerstrom@lessebo.se") is anna
    assert directory.public().get("anna-tigerstrom") == anna
    example = namespace["example"]
    assert isinstance(example, kontakt.Directory)
    result = example.search("vem ska jag kontakta om bygglov?")
    assert (result[0].contact.name, result[0].score, result[0].field) == (
        "Bygglov",
        100.0,
        kontakt.Field.NAME,
    )
    assert example.search("Erik Svensson").ambiguous
