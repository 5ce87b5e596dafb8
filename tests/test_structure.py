"""The code's shape: data flows one way between the project's modules, and no function or
class grows past a size a reader can hold in mind."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.paths import ROOT

MAX_LINES = 150
"""The longest function or class, in lines, that any part of the project may have."""
PACKAGE = ROOT / "src" / "kontakt"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> Iterator[str]:
    """The project modules ``path`` imports, wherever in the file the import stands."""
    package = _module_name(path).rpartition(".")[0] if path.name != "__init__.py" else None
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name.startswith("kontakt"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    [*(package or _module_name(path)).split(".")[: 1 - node.level], base]
                )
            if base.startswith("kontakt"):
                # ``from kontakt import _emails`` imports a module; ``from kontakt import
                # Directory`` the package's __init__, which imports the modules behind it.
                for alias in node.names:
                    module = PACKAGE.parent / f"{base}.{alias.name}".replace(".", "/")
                    found = module.with_suffix(".py").exists() or module.is_dir()
                    yield f"{base}.{alias.name}" if found else base


def test_no_import_cycles_among_the_packages_modules() -> None:
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = {
        name: {m for m in _imports(path) if m in modules and m != name}
        for name, path in modules.items()
    }
    state: dict[str, int] = {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        for target in sorted(graph.get(name, ())):
            if state.get(target) == 1:
                cycle = [*trail[trail.index(target) :], target]
                pytest.fail("import cycle: " + " → ".join(cycle))
            if target not in state:
                visit(target, [*trail, target])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])


def _definitions() -> Iterator[tuple[str, int]]:
    for folder in ("src", "tests", "bench", "testing"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                    assert node.end_lineno is not None
                    where = f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"
                    yield where, node.end_lineno - node.lineno + 1


def test_no_function_or_class_is_longer_than_the_limit() -> None:
    long = [f"{where} ({lines} lines)" for where, lines in _definitions() if lines > MAX_LINES]
    assert long == []
