"""Fixtures the bot's tests share."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from support.paths import SOLSJO_FILE


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the Solsjö example the test may edit."""
    copy = tmp_path / "contacts.yaml"
    shutil.copyfile(SOLSJO_FILE, copy)
    return copy
