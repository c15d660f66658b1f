"""Low-level helpers shared by the store and the backup code: encoding rows, connections."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel
from pydantic_core import to_jsonable_python

#: Columns holding JSON text, per table.
JSON_COLUMNS: dict[str, frozenset[str]] = {
    "regions": frozenset(),
    "agencies": frozenset(),
    "partnerships": frozenset({"local_government_areas"}),
    "memberships": frozenset(),
    "rounds": frozenset({"dates"}),
    "answers": frozenset({"value", "evidence_links"}),
    "actions": frozenset({"requirement_ids"}),
    "audit_log": frozenset({"old_value", "new_value"}),
}

#: JSON columns where SQL NULL stands for None.
NULLABLE_JSON = frozenset({"value", "old_value", "new_value"})

#: Primary key columns, per table.
KEYS: dict[str, tuple[str, ...]] = {
    "regions": ("id",),
    "agencies": ("id",),
    "partnerships": ("id",),
    "memberships": ("partnership_id", "agency_id"),
    "rounds": ("id",),
    "answers": ("round_id", "agency_id", "question_id"),
    "actions": ("round_id", "id"),
}


def dump_json(value: Any) -> str:
    """Canonical JSON text (sorted keys, no NaN) so equal values give equal text."""
    return json.dumps(
        to_jsonable_python(value),
        sort_keys=True,
        ensure_ascii=False,
        allow_nan=False,
        separators=(",", ":"),
    )


def load_json(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def timestamp(moment: dt.datetime) -> str:
    return moment.isoformat()


def record_to_row(table: str, record: BaseModel) -> dict[str, Any]:
    """A record as a row: JSON columns as text, booleans as 0/1, dates as ISO text."""
    json_columns = JSON_COLUMNS[table]
    row: dict[str, Any] = {}
    for key, value in record.model_dump(mode="json").items():
        if key in json_columns:
            row[key] = None if value is None and key in NULLABLE_JSON else dump_json(value)
        elif isinstance(value, bool):
            row[key] = int(value)
        else:
            row[key] = value
    return row


def row_to_data(table: str, row: sqlite3.Row) -> dict[str, Any]:
    """A row as data a record can validate (JSON columns parsed)."""
    json_columns = JSON_COLUMNS[table]
    keys: list[str] = row.keys()
    return {key: load_json(row[key]) if key in json_columns else row[key] for key in keys}


def connect(path: str) -> sqlite3.Connection:
    """A new connection in autocommit mode; the store opens transactions explicitly."""
    conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def insert_sql(table: str, columns: Iterable[str]) -> str:
    """``INSERT INTO table (columns) VALUES (?, ...)``; names come from code, never from users."""
    names = list(columns)
    placeholders = ", ".join("?" for _ in names)
    return f"INSERT INTO {table} ({', '.join(names)}) VALUES ({placeholders})"  # noqa: S608


def update_sql(table: str, columns: Iterable[str], where: str) -> str:
    """``UPDATE table SET column = ?, ... WHERE where``; names come from code only."""
    sets = ", ".join(f"{c} = ?" for c in columns)
    return f"UPDATE {table} SET {sets} WHERE {where}"  # noqa: S608


def insert_rows(conn: sqlite3.Connection, table: str, rows: Iterable[Mapping[str, Any]]) -> int:
    """Insert many rows with one prepared statement; returns how many."""
    batch = list(rows)
    if not batch:
        return 0
    columns = list(batch[0].keys())
    sql = insert_sql(table, columns)
    conn.executemany(sql, ([row[c] for c in columns] for row in batch))
    return len(batch)
