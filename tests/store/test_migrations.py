"""The schema is created from an empty file, and every released schema migrates with its data."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database, Migrations

from readiness.store import Store
from readiness.store.migrations import MIGRATIONS, SCHEMA_VERSION, migration_names
from tests.store.make_fixture_db import FIXTURES, fixture_paths
from tests.store.sample import ticking_clock

RELEASED = list(range(1, SCHEMA_VERSION + 1))


def _export(path: Path) -> dict[str, Any]:
    document = Store(path, clock=ticking_clock()).export_json()
    document.pop("exported_at")
    return document


def _differences(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    """Records in the fixture's export that are missing or changed after migrating."""
    problems = []
    for key, records in expected.items():
        found = actual.get(key)
        if isinstance(records, list):
            for index, record in enumerate(records):
                if found is None or index >= len(found):
                    problems.append(f"{key}[{index}] is missing")
                    continue
                for field, value in record.items():
                    if found[index].get(field) != value:
                        problems.append(f"{key}[{index}].{field} changed")
        elif found != records:
            problems.append(f"{key} changed")
    return problems


def test_an_empty_file_gets_the_whole_schema(tmp_path: Path) -> None:
    store = Store(tmp_path / "new.db")
    assert store.schema_version() == SCHEMA_VERSION
    assert not store.has_data()
    tables = set(Database(str(tmp_path / "new.db")).table_names())
    assert {
        "regions",
        "partnerships",
        "agencies",
        "memberships",
        "rounds",
        "answers",
        "actions",
        "audit_log",
    } <= tables


def test_the_database_uses_wal_and_opening_it_again_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "again.db"
    Store(path)
    before = Database(str(path)).execute("SELECT COUNT(*) FROM _sqlite_migrations").fetchone()
    Store(path)
    db = Database(str(path))
    assert db.journal_mode == "wal"
    assert db.execute("SELECT COUNT(*) FROM _sqlite_migrations").fetchone() == before


def test_the_default_path_comes_from_readiness_db(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("READINESS_DB", str(tmp_path / "deep" / "folder" / "env.db"))
    store = Store()
    assert store.path == tmp_path / "deep" / "folder" / "env.db"
    assert store.path.exists()


def test_every_released_schema_has_a_fixture_database() -> None:
    missing = [v for v in RELEASED if not all(p.exists() for p in fixture_paths(v))]
    assert missing == [], (
        f"No fixture for schema version(s) {missing}: run python -m tests.store.make_fixture_db"
    )


@pytest.mark.parametrize("version", RELEASED, ids=[f"schema v{v}" for v in RELEASED])
def test_a_released_database_migrates_with_every_record_intact(
    version: int, tmp_path: Path
) -> None:
    db_path, json_path = fixture_paths(version)
    copy = tmp_path / db_path.name
    shutil.copy(db_path, copy)
    expected = json.loads(json_path.read_text(encoding="utf-8"))
    store = Store(copy, clock=ticking_clock())
    assert store.schema_version() == SCHEMA_VERSION
    assert _differences(expected, _export(copy)) == []


def test_the_check_would_catch_a_migration_that_loses_data(tmp_path: Path) -> None:
    """A later migration that drops a column or rows must make the test above fail."""
    db_path, json_path = fixture_paths(1)
    copy = tmp_path / "lossy.db"
    shutil.copy(db_path, copy)
    lossy = Migrations("readiness")
    for name in migration_names():
        lossy(name=name)(lambda db: None)  # already applied

    @lossy(name="m999_lossy")
    def _lose(db: Database) -> None:
        db.execute("UPDATE answers SET comment = ''")
        db.execute("DELETE FROM actions WHERE source = 'manual'")

    conn = sqlite3.connect(copy)
    lossy.apply(Database(conn))
    conn.close()
    expected = json.loads(json_path.read_text(encoding="utf-8"))
    problems = _differences(expected, _export(copy))
    assert any(p.endswith(".comment changed") for p in problems)
    assert any(p.startswith("actions[") for p in problems)


def test_fixture_folder_holds_only_released_versions() -> None:
    names = {p.name for p in FIXTURES.glob("schema_v*.db")}
    assert names == {f"schema_v{v}.db" for v in RELEASED}
    assert len(MIGRATIONS._migrations) == SCHEMA_VERSION
