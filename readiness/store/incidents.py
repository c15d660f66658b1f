"""The canonical incident table and upload provenance, per partnership.

Its own migration set (``readiness_incidents``) keeps it apart from the main store's schema.
Rows are kept packed (``evidence.packing``): one value per partnership, source type, provider
and year, so a million rows save in about a second and load in a fraction of one. Saving an
upload replaces every stored row for the same partnership, source type, provider and month in
one transaction, so re-uploading a period never double counts.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sqlite_utils import Database, Migrations

from readiness.evidence._frame import concat, used_categories
from readiness.evidence.definition import DEFAULT_DEFINITION, SeriousViolenceDefinition
from readiness.evidence.packing import Chunk, ChunkKey, chunk_keys, pack, unpack
from readiness.evidence.police import Ingest
from readiness.evidence.schema import CANONICAL_COLUMNS, UploadInfo
from readiness.store._db import migrate
from readiness.store.errors import NotFoundError

MIGRATIONS = Migrations("readiness_incidents")
_COLUMNS = [c for c in CANONICAL_COLUMNS if c != "upload_id"]
_BOOL = {
    "is_asb",
    "in_partnership_area",
    "no_location",
    "duplicate_source_id",
    "domestic_abuse",
    "alcohol_drugs",
    "under_25",
    "is_suppressed",
}
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
    db.execute(
        "CREATE INDEX incident_period ON incident_records "
        "(partnership_id, source_type, provider, period_month)"
    )


@MIGRATIONS(name="i002_versions")
def _i002(db: Database) -> None:
    db.execute(
        "CREATE TABLE incident_versions (partnership_id TEXT PRIMARY KEY, version INTEGER NOT NULL)"
    )


@MIGRATIONS(name="i003_chunks")
def _i003(db: Database) -> None:
    """Move per-row records into packed chunks (same rows, same types)."""
    db.execute("""
        CREATE TABLE incident_chunks (
            partnership_id TEXT NOT NULL, source_type TEXT NOT NULL, provider TEXT NOT NULL,
            year TEXT NOT NULL, rows INTEGER NOT NULL, months_json TEXT NOT NULL,
            upload_ids_json TEXT NOT NULL, data BLOB NOT NULL,
            PRIMARY KEY (partnership_id, source_type, provider, year))""")
    partnerships = [
        r[0] for r in db.execute("SELECT DISTINCT partnership_id FROM incident_records").fetchall()
    ]
    for partnership_id in partnerships:
        frame = _legacy_rows(db.conn, partnership_id)
        for chunk in pack(frame):
            _put(db.conn, partnership_id, chunk)
    db.execute("DROP TABLE incident_records")


@MIGRATIONS(name="i004_definitions")
def _i004(db: Database) -> None:
    db.execute("""
        CREATE TABLE sv_definitions (
            partnership_id TEXT PRIMARY KEY, version INTEGER NOT NULL,
            definition_json TEXT NOT NULL, saved_by TEXT NOT NULL, saved_at TEXT NOT NULL)""")


@MIGRATIONS(name="i005_evidence_audit")
def _i005(db: Database) -> None:
    """Who deleted an upload or downloaded record-level rows, and when (never changed)."""
    db.execute("""
        CREATE TABLE evidence_audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, user TEXT NOT NULL,
            action TEXT NOT NULL, partnership_id TEXT NOT NULL, upload_id TEXT,
            detail TEXT NOT NULL)""")


def _legacy_rows(conn: sqlite3.Connection, partnership_id: str) -> pd.DataFrame:
    """One partnership's rows from the per-row table of migrations i001-i002."""
    frame = pd.read_sql_query(
        f"SELECT upload_id, {', '.join(_COLUMNS)} FROM incident_records "  # noqa: S608
        "WHERE partnership_id = ? ORDER BY rowid",
        conn,
        params=(partnership_id,),
    )
    out: dict[str, Any] = {}
    for column in frame.columns:
        series = frame[column]
        if series.isna().all() and column not in ("row_number",):
            continue
        if column in _BOOL:
            out[column] = series.astype("boolean") if series.isna().any() else series.astype(bool)
        elif column in _REAL:
            out[column] = series.astype(float)
        elif column == "count":
            out[column] = series.astype("Int64")
        elif column == "row_number":
            out[column] = series.astype("int64")
        elif column == "event_datetime":
            out[column] = pd.to_datetime(series)
        elif column == "source_record_id":
            out[column] = series.fillna("").astype(str)
        else:
            out[column] = series.fillna("").astype("category")
    return pd.DataFrame(out)


def _put(conn: sqlite3.Connection, partnership_id: str, chunk: Chunk) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO incident_chunks VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            partnership_id,
            *chunk.key,
            chunk.rows,
            json.dumps(list(chunk.months)),
            json.dumps(list(chunk.upload_ids)),
            chunk.data,
        ),
    )


def _connect(path: Path) -> sqlite3.Connection:
    """A plain connection: the schema was brought up to date once, when the store opened."""
    return sqlite3.connect(str(path), timeout=30, isolation_level=None)


@contextmanager
def _transaction(path: Path, begin: str = "BEGIN IMMEDIATE") -> Iterator[sqlite3.Connection]:
    """A connection in a transaction (``BEGIN IMMEDIATE`` holds the write lock): committed at
    the end, rolled back on any error, closed either way."""
    conn = _connect(path)
    try:
        conn.execute(begin)
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    finally:
        conn.close()


@contextmanager
def _reading(path: Path) -> Iterator[sqlite3.Connection]:
    conn = _connect(path)
    try:
        yield conn
    finally:
        conn.close()


@dataclass(frozen=True)
class EvidenceAuditEntry:
    """One deletion or download of record-level evidence: who, what and when (ISO, UTC)."""

    at: str
    user: str
    action: str
    partnership_id: str
    upload_id: str | None
    detail: str


def _audit(
    conn: sqlite3.Connection,
    partnership_id: str,
    *,
    user: str,
    at: dt.datetime,
    action: str,
    detail: str,
    upload_id: str | None = None,
) -> None:
    conn.execute(
        "INSERT INTO evidence_audit (at, user, action, partnership_id, upload_id, detail) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (at.isoformat(), user, action, partnership_id, upload_id, detail),
    )


@dataclass(frozen=True)
class SavedDefinition:
    """A partnership's serious violence definition, who saved it and when (ISO timestamp)."""

    definition: SeriousViolenceDefinition
    saved_by: str
    saved_at: str

    @property
    def is_default(self) -> bool:
        return self.definition.id == DEFAULT_DEFINITION.id


class IncidentStore:
    """Incidents and uploads for every partnership, in the SQLite file at ``path``."""

    #: How many loaded row sets (a partnership's police or health rows) are kept in memory.
    CACHE_SIZE = 8

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._cache: OrderedDict[tuple[str, tuple[str, ...] | None], tuple[int, pd.DataFrame]] = (
            OrderedDict()
        )
        self._lock = threading.Lock()
        migrate(self.path, MIGRATIONS)  # once, here: no migration check on every connection

    def version(self, partnership_id: str) -> int:
        """A number that changes every time the partnership's rows change (0: never saved)."""
        with _reading(self.path) as conn:
            row = conn.execute(
                "SELECT version FROM incident_versions WHERE partnership_id = ?", (partnership_id,)
            ).fetchone()
        return int(row[0]) if row else 0

    def save(
        self, partnership_id: str, ingest: Ingest, *, uploaded_by: str, uploaded_at: dt.datetime
    ) -> int:
        """Store an ingest, replacing the same partnership's rows for the same source type,
        provider and months. Returns the number of rows stored. All or nothing."""
        frame = ingest.frame.reset_index(drop=True)
        groups, keys = chunk_keys(frame)
        with _transaction(self.path) as conn:
            stored_keys = set(
                conn.execute(
                    "SELECT source_type, provider, year FROM incident_chunks "
                    "WHERE partnership_id = ?",
                    (partnership_id,),
                ).fetchall()
            )
            touched = [i for i, key in enumerate(keys) if key in stored_keys]
            rows = frame
            if touched:
                fresh = ~np.isin(groups, touched)
                rows = concat(
                    [
                        frame[fresh],
                        *(
                            self._merge(conn, partnership_id, keys[i], frame[groups == i])
                            for i in touched
                        ),
                    ]
                )
            for chunk in pack(rows):
                _put(conn, partnership_id, chunk)
            for upload in ingest.uploads:
                self._save_upload(conn, partnership_id, upload, uploaded_by, uploaded_at)
            used = {
                u
                for (j,) in conn.execute(
                    "SELECT upload_ids_json FROM incident_chunks WHERE partnership_id = ?",
                    (partnership_id,),
                ).fetchall()
                for u in json.loads(j)
            }
            stored = [
                u
                for (u,) in conn.execute(
                    "SELECT upload_id FROM evidence_uploads WHERE partnership_id = ?",
                    (partnership_id,),
                ).fetchall()
            ]
            conn.executemany(
                "DELETE FROM evidence_uploads WHERE partnership_id = ? AND upload_id = ?",
                [(partnership_id, u) for u in stored if u not in used],
            )
            conn.execute(
                "INSERT INTO incident_versions VALUES (?, 1) ON CONFLICT (partnership_id) "
                "DO UPDATE SET version = version + 1",
                (partnership_id,),
            )
        return len(frame)

    @staticmethod
    def _merge(
        conn: sqlite3.Connection, partnership_id: str, key: ChunkKey, new: pd.DataFrame
    ) -> pd.DataFrame:
        """The rows a chunk will hold: the stored ones for months ``new`` does not cover,
        then ``new``."""
        found = conn.execute(
            "SELECT data FROM incident_chunks WHERE partnership_id = ? AND source_type = ? "
            "AND provider = ? AND year = ?",
            (partnership_id, *key),
        ).fetchone()
        if found is None:
            return new
        old = unpack([found[0]])
        months = set(used_categories(new["period_month"]))
        keep = ~old["period_month"].astype(str).isin(months).to_numpy()
        return concat([old[keep], new])

    @staticmethod
    def _save_upload(
        conn: sqlite3.Connection,
        partnership_id: str,
        upload: UploadInfo,
        uploaded_by: str,
        uploaded_at: dt.datetime,
    ) -> None:
        conn.execute(
            "INSERT OR REPLACE INTO evidence_uploads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                partnership_id,
                upload.upload_id,
                upload.file_name,
                upload.source_type,
                upload.rows,
                upload.period_start,
                upload.period_end,
                uploaded_by,
                uploaded_at.isoformat(),
                upload.model_dump_json(),
            ),
        )

    def uploads(self, partnership_id: str) -> list[tuple[UploadInfo, str, str]]:
        """Each stored upload with who uploaded it and when (ISO timestamp)."""
        with _reading(self.path) as conn:
            found = conn.execute(
                "SELECT info_json, uploaded_by, uploaded_at FROM evidence_uploads "
                "WHERE partnership_id = ? ORDER BY uploaded_at, file_name",
                (partnership_id,),
            ).fetchall()
        return [(UploadInfo.model_validate(json.loads(j)), by, at) for j, by, at in found]

    def definition(self, partnership_id: str) -> SavedDefinition | None:
        """The partnership's serious violence definition, or None when it uses the default."""
        with _reading(self.path) as conn:
            row = conn.execute(
                "SELECT definition_json, saved_by, saved_at FROM sv_definitions "
                "WHERE partnership_id = ?",
                (partnership_id,),
            ).fetchone()
        if row is None:
            return None
        return SavedDefinition(
            SeriousViolenceDefinition.model_validate_json(row[0]), row[1], row[2]
        )

    def save_definition(
        self,
        partnership_id: str,
        definition: SeriousViolenceDefinition | None,
        *,
        saved_by: str,
        saved_at: dt.datetime,
    ) -> SeriousViolenceDefinition:
        """Save the partnership's own definition (``None``: go back to the default). A saved
        definition gets the next version number, so profiles say which version they used."""
        with _transaction(self.path) as conn:
            row = conn.execute(
                "SELECT version FROM sv_definitions WHERE partnership_id = ?", (partnership_id,)
            ).fetchone()
            version = (int(row[0]) if row else 0) + 1
            saved = (
                DEFAULT_DEFINITION
                if definition is None
                else definition.model_copy(update={"version": version})
            )
            conn.execute(
                "INSERT INTO sv_definitions VALUES (?, ?, ?, ?, ?) ON CONFLICT "
                "(partnership_id) DO UPDATE SET version = excluded.version, "
                "definition_json = excluded.definition_json, saved_by = excluded.saved_by, "
                "saved_at = excluded.saved_at",
                (partnership_id, version, saved.model_dump_json(), saved_by, saved_at.isoformat()),
            )
        return saved

    def load(self, partnership_id: str, source_types: Sequence[str] | None = None) -> pd.DataFrame:
        """The partnership's canonical rows (only ``source_types`` when given), typed like a
        fresh ingest.

        The rows are read from the database once per change: later calls (every rerun of the
        evidence page) get the rows kept in memory, as long as nothing was saved since.
        Treat the frame as read-only.
        """
        key = (partnership_id, tuple(sorted(source_types)) if source_types is not None else None)
        version = self.version(partnership_id)
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None and cached[0] == version:
                self._cache.move_to_end(key)
                return cached[1].copy(deep=False)
        version, frame = self._read(partnership_id, key[1])
        with self._lock:
            self._cache[key] = (version, frame)
            self._cache.move_to_end(key)
            while len(self._cache) > self.CACHE_SIZE:
                self._cache.popitem(last=False)
        return frame.copy(deep=False)

    def _read(
        self, partnership_id: str, source_types: tuple[str, ...] | None
    ) -> tuple[int, pd.DataFrame]:
        """The version and the rows, read in one transaction so they belong together."""
        query = "SELECT data FROM incident_chunks WHERE partnership_id = ?"
        params: list[str] = [partnership_id]
        if source_types is not None:
            query += f" AND source_type IN ({', '.join('?' * len(source_types))})"
            params.extend(source_types)
        with _transaction(self.path, "BEGIN") as conn:
            row = conn.execute(
                "SELECT version FROM incident_versions WHERE partnership_id = ?", (partnership_id,)
            ).fetchone()
            blobs = [
                b
                for (b,) in conn.execute(
                    query + " ORDER BY source_type, provider, year", params
                ).fetchall()
            ]
        return (int(row[0]) if row else 0), unpack(blobs)

    # ------------------------------------------------------------------ deletion and audit

    def delete_upload(
        self, partnership_id: str, upload_id: str, *, user: str, at: dt.datetime
    ) -> int:
        """Delete one upload and every row it brought, and write who did it to the evidence
        audit log, in one transaction. Returns the number of rows deleted; raises
        :class:`NotFoundError` (nothing changed) if the partnership has no such upload."""
        with _transaction(self.path) as conn:
            found = conn.execute(
                "SELECT file_name, source_type FROM evidence_uploads "
                "WHERE partnership_id = ? AND upload_id = ?",
                (partnership_id, upload_id),
            ).fetchone()
            if found is None:
                raise NotFoundError(
                    "That upload is not in this partnership's evidence (it may have been "
                    "deleted already). Nothing was changed."
                )
            removed = 0
            chunks = conn.execute(
                "SELECT source_type, provider, year, upload_ids_json, data FROM incident_chunks "
                "WHERE partnership_id = ?",
                (partnership_id,),
            ).fetchall()
            for source_type, provider, year, ids_json, data in chunks:
                if upload_id not in json.loads(ids_json):
                    continue
                frame = unpack([data])
                keep = (frame["upload_id"].astype(str) != upload_id).to_numpy()
                removed += int((~keep).sum())
                conn.execute(
                    "DELETE FROM incident_chunks WHERE partnership_id = ? AND source_type = ? "
                    "AND provider = ? AND year = ?",
                    (partnership_id, source_type, provider, year),
                )
                for chunk in pack(frame[keep]):
                    _put(conn, partnership_id, chunk)
            conn.execute(
                "DELETE FROM evidence_uploads WHERE partnership_id = ? AND upload_id = ?",
                (partnership_id, upload_id),
            )
            conn.execute(
                "INSERT INTO incident_versions VALUES (?, 1) ON CONFLICT (partnership_id) "
                "DO UPDATE SET version = version + 1",
                (partnership_id,),
            )
            _audit(
                conn,
                partnership_id,
                user=user,
                at=at,
                action="deleted upload",
                detail=f"{found[0]} ({found[1]}): {removed} rows deleted",
                upload_id=upload_id,
            )
        return removed

    def log_download(self, partnership_id: str, *, user: str, at: dt.datetime, detail: str) -> None:
        """Write a download of record-level rows to the evidence audit log."""
        with _transaction(self.path) as conn:
            _audit(conn, partnership_id, user=user, at=at, action="downloaded rows", detail=detail)

    def audit(self, partnership_id: str | None = None) -> list[EvidenceAuditEntry]:
        """The evidence audit log (one partnership's, or all), oldest first. There is no way
        to change or delete it."""
        query = "SELECT at, user, action, partnership_id, upload_id, detail FROM evidence_audit"
        params: tuple[str, ...] = ()
        if partnership_id is not None:
            query += " WHERE partnership_id = ?"
            params = (partnership_id,)
        with _reading(self.path) as conn:
            rows = conn.execute(query + " ORDER BY id", params).fetchall()
        return [EvidenceAuditEntry(*row) for row in rows]
