"""Where the tests find the project's files, wherever pytest is started from."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA_FILE = ROOT / "data" / "contacts.yaml"
"""The bundled data file: Lessebo kommun's published contacts."""
FIXTURES = ROOT / "tests" / "data"
