"""Where the tests find the project's files, wherever pytest is started from."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA_FILE = ROOT / "data" / "contacts.yaml"
"""The bundled data file: what Lessebo kommun publishes (Anna Tigerström, Kontaktcenter)."""
SOLSJO_FILE = ROOT / "examples" / "solsjo.yaml"
"""The fictional Solsjö kommun: a full staff list, every number from PTS's fiction series."""
FIXTURES = ROOT / "tests" / "data"
