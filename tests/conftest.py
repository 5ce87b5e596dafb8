from __future__ import annotations

from pathlib import Path

import pytest

from kontakt import Directory

ROOT = Path(__file__).resolve().parent.parent
DATA_FILE = ROOT / "data" / "contacts.yaml"
FIXTURES = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def directory() -> Directory:
    """The bundled Lessebo data: the real file every resident-facing test runs against."""
    return Directory.load(DATA_FILE)
