"""The Makefile checks the Python it is given before building anything, and makes a venv made
with another Python again. Each test runs make on a venv folder of its own, with stand-ins
for Python that only say their version, so nothing is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support.paths import ROOT

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")

_VERSION = ".".join(str(part) for part in sys.version_info[:3])


def _python(path: Path, version: str) -> Path:
    """A stand-in for a Python of ``version``: the Makefile asks only for the version."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/bin/sh\necho {version}\n", encoding="utf-8")
    path.chmod(0o755)
    return path


def _make(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "MFLAGS"))}
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
    )


@pytest.mark.parametrize("version", ["3.9.18", "3.10.14", "2.7.18"])
def test_an_old_python_is_named_before_anything_is_built(version: str, tmp_path: Path) -> None:
    old = _python(tmp_path / "python-old", version)
    venv = tmp_path / "venv"
    made = _make("test", f"PYTHON={old}", f"VENV={venv}")
    assert made.returncode == 2
    assert made.stderr.splitlines()[0] == (
        f"make: '{old}' is Python {version}, and kontakt needs 3.11 or newer: install one and "
        "name it, e.g. make test PYTHON=python3.12"
    )
    assert made.stdout == ""
    assert not venv.exists()


def test_a_python_that_cannot_be_run_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-python"
    made = _make("run", f"PYTHON={missing}", f"VENV={tmp_path / 'venv'}")
    assert made.returncode == 2
    assert made.stderr.splitlines()[0] == (
        f"make: cannot run '{missing}'. kontakt needs Python 3.11 or newer: name one, e.g. "
        "make run PYTHON=python3.12"
    )


@pytest.mark.parametrize("made_with", ["3.10.14", "3.13.0", None], ids=["older", "other", "gone"])
def test_a_venv_made_with_another_python_is_made_again(
    made_with: str | None, tmp_path: Path
) -> None:
    venv = tmp_path / "venv"
    if made_with is None:  # its Python was removed: the link in the venv leads nowhere
        (venv / "bin").mkdir(parents=True)
        (venv / "bin" / "python").symlink_to(tmp_path / "removed-python")
    else:
        _python(venv / "bin" / "python", made_with)
    made = _make("-n", "test", f"PYTHON={sys.executable}", f"VENV={venv}")
    assert made.returncode == 0, made.stderr
    was = f"Python {made_with}" if made_with else "a Python that is gone"
    lines = made.stdout.splitlines()
    assert (
        f'echo "{venv} was made with {was}, not with {sys.executable} (Python {_VERSION}): '
        'making it again" >&2'
    ) in lines
    assert lines.index(f"rm -rf {venv}") < lines.index(f"{sys.executable} -m venv {venv}")
    assert f"{venv}/bin/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'" in (
        lines
    )


def test_a_venv_made_with_this_python_is_kept(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    _python(venv / "bin" / "python", _VERSION)
    for stamp in (".installed-run", ".installed-dev"):
        (venv / stamp).touch()
    made = _make("-n", "test", f"PYTHON={sys.executable}", f"VENV={venv}")
    assert made.returncode == 0, made.stderr
    assert made.stdout.splitlines()[-1] == f"{venv}/bin/python -m pytest -q"
    assert "-m venv" not in made.stdout
    assert "pip install" not in made.stdout
