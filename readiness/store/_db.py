"""The store's foundation: opening the database, migrations, transactions and the audit log.

Every operation opens its own short-lived connection, so one store can be shared by every
Streamlit session thread. Writes run in one ``BEGIN IMMEDIATE`` transaction together with
their audit-log rows: either the whole change and its audit trail are saved, or nothing.

:meth:`StoreBase.transaction` lets a caller (a service) put several store writes in ONE
transaction: inside it, on the same thread, every read and write of the store uses the same
connection (a write becomes a savepoint), and the whole is committed at the end or rolled
back if anything fails. Other threads are not affected: the transaction is thread-local.

Opening an existing, migrated database writes nothing: no migration, no change of journal
mode, no folder made. A database in a folder that cannot be written (a read-only copy) is
opened read-only, so listing, scoring and exporting still work; writes are then refused
with a plain message.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

from pydantic import BaseModel
from sqlite_utils import Database, Migrations

from readiness.settings import settings
from readiness.store._sql import (
    dump_json,
    insert_sql,
    record_to_row,
    row_to_data,
    timestamp,
    update_sql,
)
from readiness.store.errors import NotFoundError, RoundClosedError, StoreError
from readiness.store.migrations import MIGRATIONS, schema_version
from readiness.store.records import Round

Clock = Callable[[], dt.datetime]
R = TypeVar("R", bound=BaseModel)

_MIGRATION_LOCK = threading.Lock()
_CHUNK = 500  # ids per IN (...) list, well under SQLite's limit on parameters

#: How a connection opens the file: as usual, read-only, or read-only and unchanging (a
#: database in a folder nobody can write to, so no other process can be changing it).
_MODES = ("rw", "ro", "immutable")


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def chunks(ids: Sequence[str]) -> Iterator[list[str]]:
    for start in range(0, len(ids), _CHUNK):
        yield list(ids[start : start + _CHUNK])


def migrate(path: Path, migrations: Migrations) -> None:
    """Make the folder if needed and apply ``migrations`` that are pending, one process at a
    time; writes nothing when there are none. Shared by the store and the incident store."""
    if not path.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"The folder {path.parent} for the database could not be created "
                f"({exc.strerror or exc}). Give a database path in a folder you can write to."
            ) from exc
    with _MIGRATION_LOCK:
        try:
            conn = sqlite3.connect(str(path), timeout=30, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"The database {path} could not be opened: {exc}.") from exc
        try:
            db = Database(conn)
            if migrations.pending(db):
                db.enable_wal()
                conn.execute("BEGIN IMMEDIATE")  # one migrator at a time, across processes
                try:
                    migrations.apply(db)
                except BaseException:
                    conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise StoreError(f"The database {path} could not be set up: {exc}.") from exc
        finally:
            conn.close()


class _Discard(Exception):
    """Raised inside :meth:`StoreBase._write` to roll its writes back and carry on."""


class StoreBase:
    """Connections, transactions, migrations and the helpers every part of the store uses.

    ``path`` defaults to the ``READINESS_DB`` setting; ``clock`` (returning an aware datetime)
    is used for ``updated_at`` and audit timestamps and can be replaced in tests.
    ``read_only`` opens an existing database without ever writing to it.
    ``keep_readers`` read connections are kept open for the next reads (the app's long-lived
    store: a new connection costs several milliseconds, as SQLite reads the schema again on its
    first query; a kept one starts a fresh snapshot with each read, and one opened on a file
    since replaced is not reused). The default, 0, closes each one, so the database's WAL files
    go when the last operation ends (the command line, tests copying a database file).
    """

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        clock: Clock | None = None,
        read_only: bool = False,
        keep_readers: int = 0,
    ) -> None:
        self.path = Path(path) if path is not None else settings().db_path
        self._clock: Clock = clock or utc_now
        self._local = threading.local()
        self._idle: list[tuple[sqlite3.Connection, tuple[int, int]]] = []
        self._idle_lock = threading.Lock()
        self._keep_readers = max(0, keep_readers)
        self._mode = "ro" if read_only else "rw"
        self._open(read_only=read_only)

    # ------------------------------------------------------------------ opening

    @property
    def read_only(self) -> bool:
        """Whether this store was opened read-only (asked for, or the folder is read-only)."""
        return self._mode != "rw"

    def _open(self, *, read_only: bool) -> None:
        try:
            is_dir, exists = self.path.is_dir(), self.path.exists()
        except OSError as exc:
            raise StoreError(
                f"The database {self.path} cannot be reached ({exc.strerror or exc}). Check "
                "the path and that you may read it."
            ) from exc
        if is_dir:
            raise StoreError(f"{self.path} is a folder. Give the path of a database file.")
        if not exists:
            if read_only:
                raise StoreError(f"There is no database at {self.path}. Check the path.")
            migrate(self.path, MIGRATIONS)
            return
        pending = self._pending()
        if pending and self.read_only:
            raise StoreError(
                f"The database {self.path} needs upgrading to this version of the tool, but "
                "it cannot be written to. Copy it to a folder you can write to, or open it "
                "once with write access."
            )
        if pending:
            migrate(self.path, MIGRATIONS)

    def _pending(self) -> int:
        """How many migrations are pending; falls back to read-only if the file needs it."""
        for mode in _MODES[_MODES.index(self._mode) :]:
            self._mode = mode
            conn = self._raw_connect()
            try:
                return len(MIGRATIONS.pending(Database(conn)))
            except sqlite3.OperationalError as exc:
                last: sqlite3.Error = exc  # e.g. a WAL database whose folder is read-only
            except sqlite3.DatabaseError as exc:
                raise StoreError(
                    f"{self.path} is not a database this tool can open: {exc}."
                ) from exc
            finally:
                conn.close()
        raise StoreError(f"The database {self.path} could not be opened: {last}.")

    def _raw_connect(self) -> sqlite3.Connection:
        try:
            if self._mode == "rw":
                conn = sqlite3.connect(
                    str(self.path), timeout=30, isolation_level=None, check_same_thread=False
                )
            else:
                flag = "immutable=1" if self._mode == "immutable" else "mode=ro"
                uri = f"file:{quote(str(self.path.resolve()))}?{flag}"
                conn = sqlite3.connect(
                    uri, timeout=30, isolation_level=None, check_same_thread=False, uri=True
                )
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys = ON")
        except sqlite3.Error as exc:
            raise StoreError(f"The database {self.path} could not be opened: {exc}.") from exc
        return conn

    def schema_version(self) -> int:
        """How many schema migrations the database has (see ``migrations.SCHEMA_VERSION``)."""
        with self._read() as conn:
            return schema_version(Database(conn))

    # ------------------------------------------------------------------ transactions

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One transaction for several store calls made inside it on this thread.

        Holds the write lock from the start (``BEGIN IMMEDIATE``), so what is read inside
        (e.g. to choose a free id) cannot change before the writes. Committed at the end;
        if anything raises, nothing is written. Nested transactions join the outer one.
        """
        with self._write():
            yield

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """A connection with a read transaction, so several queries see one snapshot.

        Inside :meth:`transaction` on this thread, the transaction's own connection (which
        sees its uncommitted writes).
        """
        current: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if current is not None:
            try:
                yield current
            except sqlite3.Error as exc:
                raise StoreError(f"The database could not be read: {exc}.") from exc
            return
        conn, identity = self._reader()
        reusable = False
        try:
            conn.execute("BEGIN")
            yield conn
            reusable = True
        except sqlite3.Error as exc:
            raise StoreError(f"The database could not be read: {exc}.") from exc
        finally:
            try:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
            except sqlite3.Error:
                reusable = False
            self._release(conn, identity, reusable=reusable)

    def _file_identity(self) -> tuple[int, int]:
        try:
            stat = self.path.stat()
        except OSError:
            return (-1, -1)
        return (stat.st_dev, stat.st_ino)

    def _reader(self) -> tuple[sqlite3.Connection, tuple[int, int]]:
        """A kept read connection to the same file (not one replaced since), or a new one."""
        identity = self._file_identity()
        while True:
            with self._idle_lock:
                if not self._idle:
                    break
                conn, opened_on = self._idle.pop()
            if opened_on == identity:
                return conn, identity
            conn.close()  # the file was replaced (e.g. a restored copy): read the new one
        return self._raw_connect(), identity

    def _release(
        self, conn: sqlite3.Connection, identity: tuple[int, int], *, reusable: bool
    ) -> None:
        if reusable:
            with self._idle_lock:
                if len(self._idle) < self._keep_readers:
                    self._idle.append((conn, identity))
                    return
        conn.close()

    @contextmanager
    def _write(self, *, busy_wait_ms: int | None = None) -> Iterator[sqlite3.Connection]:
        """A connection holding the write lock; commits at the end, rolls back on any error.

        ``busy_wait_ms`` shortens how long to wait for another writer (30 seconds otherwise).
        Inside :meth:`transaction` on this thread, a savepoint in that transaction.
        Raising :class:`_Discard` inside rolls the writes back without an error.
        """
        current: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if current is not None:
            with self._savepoint(current):
                yield current
            return
        if self.read_only:
            raise StoreError(
                f"Nothing was saved: the database {self.path} is open read-only (asked for, "
                "or its folder cannot be written to)."
            )
        conn = self._raw_connect()
        try:
            if busy_wait_ms is not None:
                conn.execute(f"PRAGMA busy_timeout = {int(busy_wait_ms)}")
            conn.execute("BEGIN IMMEDIATE")
            self._local.conn = conn
            try:
                yield conn
            except _Discard:
                conn.execute("ROLLBACK")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            finally:
                self._local.conn = None
            if conn.in_transaction:
                conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise StoreError(
                    "The database is busy. Nothing was saved. Wait a moment and try again."
                ) from exc
            raise StoreError(f"Nothing was saved because the database refused it: {exc}.") from exc
        except sqlite3.Error as exc:
            raise StoreError(f"Nothing was saved because the database refused it: {exc}.") from exc
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            conn.close()

    def _savepoint(self, conn: sqlite3.Connection) -> Any:
        depth = int(getattr(self._local, "depth", 0)) + 1
        return _Savepoint(conn, f"sp{depth}", self._local)

    def _now(self) -> dt.datetime:
        moment = self._clock()
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)

    # ------------------------------------------------------------------ audit

    @staticmethod
    def _audit(
        conn: sqlite3.Connection,
        *,
        at: dt.datetime,
        user: str,
        entity: str,
        entity_id: str,
        changes: Sequence[tuple[str, Any, Any]],
        partnership_id: str | None,
        round_id: str | None,
    ) -> None:
        conn.executemany(
            "INSERT INTO audit_log (at, user, entity, entity_id, field, old_value, new_value, "
            "partnership_id, round_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    timestamp(at),
                    user,
                    entity,
                    entity_id,
                    field,
                    None if old is None else dump_json(old),
                    None if new is None else dump_json(new),
                    partnership_id,
                    round_id,
                )
                for field, old, new in changes
            ],
        )

    # ------------------------------------------------------------------ generic helpers

    @staticmethod
    def _get(
        conn: sqlite3.Connection, table: str, model: type[R], where: str, params: Sequence[Any]
    ) -> R | None:
        sql = f"SELECT * FROM {table} WHERE {where}"  # noqa: S608 - names from code
        row = conn.execute(sql, params).fetchone()
        return None if row is None else model.model_validate(row_to_data(table, row))

    def _get_by_id(self, table: str, model: type[R], id_: str, what: str) -> R:
        with self._read() as conn:
            found = self._get(conn, table, model, "id = ?", [id_])
        if found is None:
            raise NotFoundError(f"There is no {what} with the id {id_}.")
        return found

    @staticmethod
    def _all(
        conn: sqlite3.Connection, table: str, model: type[R], sql: str, params: Sequence[Any] = ()
    ) -> list[R]:
        return [model.model_validate(row_to_data(table, r)) for r in conn.execute(sql, params)]

    @staticmethod
    def _require(conn: sqlite3.Connection, table: str, id_: str, what: str) -> None:
        sql = f"SELECT 1 FROM {table} WHERE id = ?"  # noqa: S608 - table name from code
        if not conn.execute(sql, [id_]).fetchone():
            raise NotFoundError(f"There is no {what} with the id {id_}.")

    @staticmethod
    def _require_member(conn: sqlite3.Connection, partnership_id: str, agency_id: str) -> None:
        if not conn.execute(
            "SELECT 1 FROM memberships WHERE partnership_id = ? AND agency_id = ?",
            [partnership_id, agency_id],
        ).fetchone():
            raise NotFoundError(
                f"The agency {agency_id} is not a member of this partnership, so it cannot "
                "answer for it."
            )

    def _round(self, conn: sqlite3.Connection, round_id: str) -> Round:
        found = self._get(conn, "rounds", Round, "id = ?", [round_id])
        if found is None:
            raise NotFoundError(f"There is no assessment round with the id {round_id}.")
        return found

    def _open_round(self, conn: sqlite3.Connection, round_id: str) -> Round:
        found = self._round(conn, round_id)
        if found.status == "closed":
            raise RoundClosedError(found.label)
        return found

    def _upsert(
        self,
        conn: sqlite3.Connection,
        table: str,
        record: BaseModel,
        *,
        entity: str,
        entity_id: str,
        user: str,
        partnership_id: str | None,
    ) -> None:
        """Insert or update a simple record, auditing each changed field."""
        now = self._now()
        new_row = record_to_row(table, record)
        sql = f"SELECT * FROM {table} WHERE id = ?"  # noqa: S608 - table name from code
        old = conn.execute(sql, [new_row["id"]]).fetchone()
        if old is None:
            columns = list(new_row)
            conn.execute(insert_sql(table, columns), [new_row[c] for c in columns])
            self._audit(
                conn,
                at=now,
                user=user,
                entity=entity,
                entity_id=entity_id,
                changes=[("created", None, record.model_dump(mode="json"))],
                partnership_id=partnership_id,
                round_id=None,
            )
            return
        old_data = record.__class__.model_validate(row_to_data(table, old)).model_dump(mode="json")
        new_data = record.model_dump(mode="json")
        changed = [k for k in new_row if k != "id" and old_data[k] != new_data[k]]
        if not changed:
            return
        conn.execute(
            update_sql(table, changed, "id = ?"), [*(new_row[c] for c in changed), new_row["id"]]
        )
        self._audit(
            conn,
            at=now,
            user=user,
            entity=entity,
            entity_id=entity_id,
            changes=[(c, old_data[c], new_data[c]) for c in changed],
            partnership_id=partnership_id,
            round_id=None,
        )


class _Savepoint:
    """A savepoint inside the thread's transaction: released at the end, rolled back to on
    an error (which still reaches the caller, so the transaction as a whole is refused unless
    the caller handles it)."""

    def __init__(self, conn: sqlite3.Connection, name: str, local: threading.local) -> None:
        self.conn, self.name, self.local = conn, name, local

    def __enter__(self) -> sqlite3.Connection:
        self.local.depth = int(getattr(self.local, "depth", 0)) + 1
        self.conn.execute(f"SAVEPOINT {self.name}")
        return self.conn

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> bool:
        self.local.depth -= 1
        if kind is not None:
            self.conn.execute(f"ROLLBACK TO {self.name}")
        self.conn.execute(f"RELEASE {self.name}")
        return kind is not None and issubclass(kind, _Discard)
