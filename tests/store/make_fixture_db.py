"""Write the fixture database of the current schema: ``python -m tests.store.make_fixture_db``.

Run this once when a schema version is released (after adding a migration), and commit the
two files it writes: ``tests/fixtures/db/schema_vN.db`` and ``schema_vN.json`` (the export of
that database, which the migration tests compare against after migrating it). Never
regenerate the fixture of an earlier version: it stands for databases already in use.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

from readiness.store import Store
from readiness.store.migrations import SCHEMA_VERSION
from tests.store.sample import build_sample, ticking_clock

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "db"


def fixture_paths(version: int) -> tuple[Path, Path]:
    return FIXTURES / f"schema_v{version}.db", FIXTURES / f"schema_v{version}.json"


def main() -> int:
    db_path, json_path = fixture_paths(SCHEMA_VERSION)
    if db_path.exists():
        print(f"{db_path} already exists; fixtures of released schemas are never rewritten.")
        return 1
    store = Store(db_path, clock=ticking_clock())
    build_sample(store)
    document = store.export_json()
    document.pop("exported_at")
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    conn.execute("VACUUM")
    conn.close()
    json_path.write_text(json.dumps(document, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"Wrote {db_path} and {json_path}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
