"""The canonical incident table and upload provenance, per partnership.

Its own migration set (``readiness_incidents``) keeps it apart from the main store's schema.
Saving an upload replaces every stored row for the same partnership, source type, provider and
month in one transaction, so re-uploading a period never double counts.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlite_utils import Database, Migrations

from readiness.evidence.police import Ingest
from readiness.evidence.schema import CANONICAL_COLUMNS, UploadInfo

MIGRATIONS = Migrations("readiness_incidents")
_COLUMNS = [c for c in CANONICAL_COLUMNS if c != "upload_id"]
_BOOL = {"is_asb", "in_partnership_area", "no_location", "duplicate_source_id", "domestic_abuse",
         "alcohol_drugs", "under_25", "is_suppressed"}
_REAL = {"longitude", "latitude"}
_INT = {"row_number", "count"}


@MIGRATIONS(name="i001_incidents")
def _i001(db: Database) -> None:
    cols = ",\n".join(
        f"{c} {'REAL' if c in _REAL else 'INTEGER' if c in _INT | _BOOL else 'TEXT'}"
        for c in _COLUMNS
    )
    db.execute("""
        CREATE TABLE evidence_uploads (
            partnership_id TEXT NOT NULL, upload_id TEXT NOT NULL, file_name TEXT NOT NULL,
            source_type TEXT NOT NULL, rows INTEGER NOT NULL, period_start TEXT,
            period_end TEXT, uploaded_by TEXT NOT NULL, uploaded_at TEXT NOT NULL,
            info_json TEXT NOT NULL, PRIMARY KEY (partnership_id, upload_id))""")
    db.execute(f"""
        CREATE TABLE incident_records (
            partnership_id TEXT NOT NULL, record_key TEXT NOT NULL, upload_id TEXT NOT NULL,
            {cols}, PRIMARY KEY (partnership_id, record_key))""")
    db.execute("CREATE INDEX incident_period ON incident_records "
               "(partnership_id, source_type, provider, period_month)")


@MIGRATIONS(name="i002_versions")
def _i002(db: Database) -> None:
    db.execute("CREATE TABLE incident_versions (partnership_id TEXT PRIMARY KEY, "
               "version INTEGER NOT NULL)")


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), timeout=30, isolation_level=None)
    db = Database(conn)
    if MIGRATIONS.pending(db):
        conn.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS.apply(db)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return conn


def _cell(value: Any, column: str) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    if column in _BOOL:
        return int(bool(value))
    if column in _INT:
        return int(value)
    if column in _REAL:
        return float(value)
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return str(value)


class IncidentStore:
    """Incidents and uploads for every partnership, in the SQLite file at ``path``."""

    #: How many partnerships' loaded rows are kept in memory (most recently used).
    CACHE_SIZE = 4

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._cache: OrderedDict[str, tuple[int, pd.DataFrame]] = OrderedDict()
        self._lock = threading.Lock()
        _connect(self.path).close()

    def version(self, partnership_id: str) -> int:
        """A number that changes every time the partnership's rows change (0: never saved)."""
        conn = _connect(self.path)
        try:
            row = conn.execute("SELECT version FROM incident_versions WHERE partnership_id = ?",
                               (partnership_id,)).fetchone()
        finally:
            conn.close()
        return int(row[0]) if row else 0

    def save(self, partnership_id: str, ingest: Ingest, *, uploaded_by: str,
             uploaded_at: dt.datetime) -> int:
        """Store an ingest, replacing the same partnership's rows for the same source type,
        provider and months. Returns the number of rows stored. All or nothing."""
        frame = ingest.frame
        rows = self._rows(partnership_id, frame)
        keys = {(str(s), str(p), str(m)) for s, p, m in zip(
            frame["source_type"], frame["provider"], frame["period_month"], strict=True)}
        conn = _connect(self.path)
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.executemany(
                    "DELETE FROM incident_records WHERE partnership_id = ? AND source_type = ? "
                    "AND provider = ? AND period_month = ?",
                    [(partnership_id, *k) for k in keys])
                names = ["partnership_id", "record_key", "upload_id", *_COLUMNS]
                conn.executemany(
                    f"INSERT OR REPLACE INTO incident_records ({', '.join(names)}) "  # noqa: S608
                    f"VALUES ({', '.join('?' * len(names))})", rows)
                for upload in ingest.uploads:
                    self._save_upload(conn, partnership_id, upload, uploaded_by, uploaded_at)
                conn.execute(
                    "DELETE FROM evidence_uploads WHERE partnership_id = ? AND upload_id NOT IN "
                    "(SELECT DISTINCT upload_id FROM incident_records WHERE partnership_id = ?)",
                    (partnership_id, partnership_id))
                conn.execute(
                    "INSERT INTO incident_versions VALUES (?, 1) ON CONFLICT (partnership_id) "
                    "DO UPDATE SET version = version + 1", (partnership_id,))
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        finally:
            conn.close()
        return len(rows)

    @staticmethod
    def _rows(partnership_id: str, frame: pd.DataFrame) -> list[tuple[Any, ...]]:
        columns: list[list[Any]] = []
        n = len(frame)
        for column in _COLUMNS:
            if column in frame:
                values = frame[column].astype(object).tolist()
                columns.append([_cell(v, column) for v in values])
            else:
                columns.append([1 if column == "count" else None] * n)
        uploads = frame["upload_id"].astype(str).tolist()
        numbers = frame["row_number"].tolist()
        keys = [f"{u}:{r}" for u, r in zip(uploads, numbers, strict=True)]
        return [(partnership_id, keys[i], uploads[i], *(c[i] for c in columns))
                for i in range(n)]

    @staticmethod
    def _save_upload(conn: sqlite3.Connection, partnership_id: str, upload: UploadInfo,
                     uploaded_by: str, uploaded_at: dt.datetime) -> None:
        conn.execute(
            "INSERT OR REPLACE INTO evidence_uploads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (partnership_id, upload.upload_id, upload.file_name, upload.source_type, upload.rows,
             upload.period_start, upload.period_end, uploaded_by, uploaded_at.isoformat(),
             upload.model_dump_json()))

    def uploads(self, partnership_id: str) -> list[tuple[UploadInfo, str, str]]:
        """Each stored upload with who uploaded it and when (ISO timestamp)."""
        conn = _connect(self.path)
        try:
            found = conn.execute(
                "SELECT info_json, uploaded_by, uploaded_at FROM evidence_uploads "
                "WHERE partnership_id = ? ORDER BY uploaded_at, file_name", (partnership_id,)
            ).fetchall()
        finally:
            conn.close()
        return [(UploadInfo.model_validate(json.loads(j)), by, at) for j, by, at in found]

    def load(self, partnership_id: str) -> pd.DataFrame:
        """The partnership's canonical rows, typed like a fresh ingest.

        The rows are read from the database once per change: later calls (every rerun of the
        evidence page) get the rows kept in memory, as long as nothing was saved since.
        Treat the frame as read-only.
        """
        version = self.version(partnership_id)
        with self._lock:
            cached = self._cache.get(partnership_id)
            if cached is not None and cached[0] == version:
                self._cache.move_to_end(partnership_id)
                return cached[1].copy(deep=False)
        frame = self._read(partnership_id)
        with self._lock:
            self._cache[partnership_id] = (version, frame)
            self._cache.move_to_end(partnership_id)
            while len(self._cache) > self.CACHE_SIZE:
                self._cache.popitem(last=False)
        return frame.copy(deep=False)

    def _read(self, partnership_id: str) -> pd.DataFrame:
        conn = _connect(self.path)
        try:
            frame = pd.read_sql_query(
                f"SELECT upload_id, {', '.join(_COLUMNS)} FROM incident_records "  # noqa: S608
                "WHERE partnership_id = ?", conn, params=(partnership_id,))
        finally:
            conn.close()
        out: dict[str, Any] = {}
        for column in frame.columns:
            series = frame[column]
            if series.isna().all() and column not in ("row_number",):
                continue
            if column in _BOOL:
                out[column] = (series.astype("boolean") if series.isna().any()
                               else series.astype(bool))
            elif column in _REAL:
                out[column] = series.astype(float)
            elif column == "count":
                out[column] = series.astype("Int64")
            elif column == "row_number":
                out[column] = series.astype("int64")
            elif column == "event_datetime":
                out[column] = pd.to_datetime(series)
            else:
                out[column] = series.fillna("").astype("category")
        return pd.DataFrame(out)
