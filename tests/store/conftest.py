"""Fixtures for the store tests: a fresh database with a ticking clock."""

from __future__ import annotations

from pathlib import Path

import pytest

from readiness.store import Store
from tests.store.sample import add_partnership, add_round, ticking_clock


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "store.db", clock=ticking_clock())


@pytest.fixture
def round_id(store: Store) -> str:
    """An open round of a partnership with police, council, ICB and lead members."""
    add_partnership(store)
    return add_round(store)
