"""The store: the only place that reads and writes the SQLite database.

Every operation opens its own short-lived connection, so one :class:`Store` can be shared by
every Streamlit session thread. Writes run in one ``BEGIN IMMEDIATE`` transaction together
with their audit-log rows: either the whole change and its audit trail are saved, or nothing.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import os
import re
import sqlite3
import threading
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel
from sqlite_utils import Database

from readiness.loading import load_default_bundle
from readiness.models import Answer, AnswerSet, RecordedDates
from readiness.scoring._build import build
from readiness.store import backup
from readiness.store._sql import (
    connect,
    dump_json,
    insert_sql,
    load_json,
    record_to_row,
    row_to_data,
    timestamp,
    update_sql,
)
from readiness.store.errors import AlreadyExistsError, NotFoundError, RoundClosedError, StoreError
from readiness.store.migrations import MIGRATIONS, schema_version
from readiness.store.records import (
    ActionConflict,
    ActionDraft,
    ActionEdit,
    ActionSaveResult,
    ActionStatus,
    Agency,
    AnswerInput,
    AuditEntry,
    BatchResult,
    CachedScore,
    Conflict,
    ImportReport,
    Membership,
    Partnership,
    Rag,
    Region,
    Round,
    SaveResult,
    ScoreKey,
    StoredAction,
    StoredAnswer,
    SyncReport,
)

if TYPE_CHECKING:
    from readiness.bundle import ContentBundle

DEFAULT_DB_PATH = Path("data") / "readiness.db"
ENV_VAR = "READINESS_DB"

Clock = Callable[[], dt.datetime]
R = TypeVar("R", bound=BaseModel)

_MIGRATION_LOCK = threading.Lock()
_ANSWER_FIELDS = ("value", "na_reason", "evidence", "evidence_links", "comment")
_EDITABLE_ACTION_FIELDS = ("owner_agency_id", "lead_person", "due", "status", "rag", "notes")
_GENERATED_ACTION_FIELDS = (
    "priority",
    "question_id",
    "domain_id",
    "requirement_ids",
    "owner_role",
    "text",
    "gap",
    "success_measure",
    "statutory",
    "generated_due",
)


def default_db_path() -> Path:
    """The database path: ``READINESS_DB`` if set, otherwise ``data/readiness.db``."""
    return Path(os.environ.get(ENV_VAR) or DEFAULT_DB_PATH)


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def slug(text: str) -> str:
    """A lower-case id fragment: "2026/27" -> "2026-27"."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


class Store:
    """Regions, partnerships, agencies, rounds, answers, actions and the audit log.

    ``path`` defaults to :func:`default_db_path`; ``clock`` (returning an aware datetime) is
    used for ``updated_at`` and audit timestamps and can be replaced in tests.
    """

    def __init__(self, path: str | Path | None = None, *, clock: Clock | None = None) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._clock: Clock = clock or _utc_now
        self._migrate()

    # ------------------------------------------------------------------ connections

    def _migrate(self) -> None:
        with _MIGRATION_LOCK:
            conn = self._raw_connect()
            try:
                db = Database(conn)
                db.enable_wal()
                if MIGRATIONS.pending(db):
                    conn.execute("BEGIN IMMEDIATE")  # one migrator at a time, across processes
                    try:
                        MIGRATIONS.apply(db)
                    except BaseException:
                        conn.execute("ROLLBACK")
                        raise
                    conn.execute("COMMIT")
            finally:
                conn.close()

    def _raw_connect(self) -> sqlite3.Connection:
        try:
            return connect(str(self.path))
        except sqlite3.Error as exc:
            raise StoreError(f"The database {self.path} could not be opened: {exc}.") from exc

    def schema_version(self) -> int:
        """How many schema migrations the database has (see ``migrations.SCHEMA_VERSION``)."""
        conn = self._raw_connect()
        try:
            return schema_version(Database(conn))
        finally:
            conn.close()

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """A connection with a read transaction, so several queries see one snapshot."""
        conn = self._raw_connect()
        try:
            conn.execute("BEGIN")
            yield conn
        except sqlite3.Error as exc:
            raise StoreError(f"The database could not be read: {exc}.") from exc
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            conn.close()

    @contextmanager
    def _write(self, *, busy_wait_ms: int | None = None) -> Iterator[sqlite3.Connection]:
        """A connection holding the write lock; commits at the end, rolls back on any error.

        ``busy_wait_ms`` shortens how long to wait for another writer (30 seconds otherwise).
        """
        conn = self._raw_connect()
        try:
            if busy_wait_ms is not None:
                conn.execute(f"PRAGMA busy_timeout = {int(busy_wait_ms)}")
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            if conn.in_transaction:  # an import that found problems has rolled back already
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

    def _now(self) -> dt.datetime:
        moment = self._clock()
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)

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
        keys = [k for k in new_row if k == "id"]
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
        changed = [k for k in new_row if k not in keys and old_data[k] != new_data[k]]
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

    # ------------------------------------------------------------------ organisation

    def save_region(self, region: Region, *, user: str) -> Region:
        """Add a region, or update it if its id exists."""
        with self._write() as conn:
            self._upsert(
                conn, "regions", region, entity="region", entity_id=region.id, user=user,
                partnership_id=None,
            )
        return region

    def save_agency(self, agency: Agency, *, user: str) -> Agency:
        """Add an agency, or update it if its id exists. Agency names must be unique."""
        with self._write() as conn:
            clash = conn.execute(
                "SELECT id FROM agencies WHERE name = ? AND id != ?", [agency.name, agency.id]
            ).fetchone()
            if clash:
                raise AlreadyExistsError(
                    f"There is already an agency called {agency.name}. Use that agency, or "
                    "give this one a different name."
                )
            self._upsert(
                conn, "agencies", agency, entity="agency", entity_id=agency.id, user=user,
                partnership_id=None,
            )
        return agency

    def save_partnership(self, partnership: Partnership, *, user: str) -> Partnership:
        """Add a partnership, or update it if its id exists.

        The lead agency, when given, is made a member if it is not one already.
        """
        with self._write() as conn:
            if not conn.execute(
                "SELECT 1 FROM regions WHERE id = ?", [partnership.region_id]
            ).fetchone():
                raise NotFoundError(f"There is no region with the id {partnership.region_id}.")
            lead = partnership.lead_agency_id
            if lead and not conn.execute("SELECT 1 FROM agencies WHERE id = ?", [lead]).fetchone():
                raise NotFoundError(f"There is no agency with the id {lead}.")
            self._upsert(
                conn, "partnerships", partnership, entity="partnership",
                entity_id=partnership.id, user=user, partnership_id=partnership.id,
            )
            if lead:
                self._add_member(conn, partnership.id, lead, user)
        return partnership

    def _add_member(
        self, conn: sqlite3.Connection, partnership_id: str, agency_id: str, user: str
    ) -> bool:
        cursor = conn.execute(
            "INSERT OR IGNORE INTO memberships (partnership_id, agency_id) VALUES (?, ?)",
            [partnership_id, agency_id],
        )
        if cursor.rowcount:
            self._audit(
                conn, at=self._now(), user=user, entity="membership",
                entity_id=f"{partnership_id}/{agency_id}",
                changes=[("member", None, agency_id)],
                partnership_id=partnership_id, round_id=None,
            )
        return bool(cursor.rowcount)

    def add_member(self, partnership_id: str, agency_id: str, *, user: str) -> bool:
        """Make an agency a member of a partnership; False if it already was one."""
        with self._write() as conn:
            self._require(conn, "partnerships", partnership_id, "partnership")
            self._require(conn, "agencies", agency_id, "agency")
            return self._add_member(conn, partnership_id, agency_id, user)

    def remove_member(self, partnership_id: str, agency_id: str, *, user: str) -> bool:
        """Take an agency out of a partnership (its saved answers are kept)."""
        with self._write() as conn:
            lead = conn.execute(
                "SELECT lead_agency_id FROM partnerships WHERE id = ?", [partnership_id]
            ).fetchone()
            if lead and lead[0] == agency_id:
                raise StoreError(
                    "This agency leads the partnership. Choose another lead agency first."
                )
            cursor = conn.execute(
                "DELETE FROM memberships WHERE partnership_id = ? AND agency_id = ?",
                [partnership_id, agency_id],
            )
            if cursor.rowcount:
                self._audit(
                    conn, at=self._now(), user=user, entity="membership",
                    entity_id=f"{partnership_id}/{agency_id}",
                    changes=[("member", agency_id, None)],
                    partnership_id=partnership_id, round_id=None,
                )
            return bool(cursor.rowcount)

    @staticmethod
    def _require(conn: sqlite3.Connection, table: str, id_: str, what: str) -> None:
        sql = f"SELECT 1 FROM {table} WHERE id = ?"  # noqa: S608 - table name from code
        if not conn.execute(sql, [id_]).fetchone():
            raise NotFoundError(f"There is no {what} with the id {id_}.")

    def get_region(self, region_id: str) -> Region:
        return self._get_by_id("regions", Region, region_id, "region")

    def get_partnership(self, partnership_id: str) -> Partnership:
        return self._get_by_id("partnerships", Partnership, partnership_id, "partnership")

    def get_agency(self, agency_id: str) -> Agency:
        return self._get_by_id("agencies", Agency, agency_id, "agency")

    def list_regions(self) -> list[Region]:
        with self._read() as conn:
            return self._all(conn, "regions", Region, "SELECT * FROM regions ORDER BY name, id")

    def list_partnerships(self, region_id: str | None = None) -> list[Partnership]:
        with self._read() as conn:
            if region_id is None:
                return self._all(
                    conn, "partnerships", Partnership,
                    "SELECT * FROM partnerships ORDER BY name, id",
                )
            return self._all(
                conn, "partnerships", Partnership,
                "SELECT * FROM partnerships WHERE region_id = ? ORDER BY name, id", [region_id],
            )

    def list_agencies(self, partnership_id: str | None = None) -> list[Agency]:
        """Every agency, or the members of one partnership."""
        with self._read() as conn:
            if partnership_id is None:
                return self._all(conn, "agencies", Agency, "SELECT * FROM agencies ORDER BY name")
            return self._all(
                conn, "agencies", Agency,
                "SELECT a.* FROM agencies a JOIN memberships m ON m.agency_id = a.id "
                "WHERE m.partnership_id = ? ORDER BY a.name", [partnership_id],
            )

    def memberships(self, agency_id: str | None = None) -> list[Membership]:
        with self._read() as conn:
            if agency_id is None:
                sql, params = "SELECT * FROM memberships ORDER BY partnership_id, agency_id", []
            else:
                sql = "SELECT * FROM memberships WHERE agency_id = ? ORDER BY partnership_id"
                params = [agency_id]
            return self._all(conn, "memberships", Membership, sql, params)

    def has_data(self) -> bool:
        """Whether any region has been set up (an empty database offers the demo data)."""
        with self._read() as conn:
            return conn.execute("SELECT 1 FROM regions LIMIT 1").fetchone() is not None

    # ------------------------------------------------------------------ rounds

    def get_round(self, round_id: str) -> Round:
        with self._read() as conn:
            return self._round(conn, round_id)

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

    def list_rounds(self, partnership_id: str | None = None) -> list[Round]:
        """Rounds, oldest first (by as-of date)."""
        with self._read() as conn:
            if partnership_id is None:
                return self._all(
                    conn, "rounds", Round,
                    "SELECT * FROM rounds ORDER BY partnership_id, as_of, created_at, id",
                )
            return self._all(
                conn, "rounds", Round,
                "SELECT * FROM rounds WHERE partnership_id = ? ORDER BY as_of, created_at, id",
                [partnership_id],
            )

    def latest_round(self, partnership_id: str) -> Round | None:
        with self._read() as conn:
            return self._get(
                conn, "rounds", Round,
                "partnership_id = ? ORDER BY as_of DESC, created_at DESC, id DESC LIMIT 1",
                [partnership_id],
            )

    def create_round(
        self,
        partnership_id: str,
        label: str,
        as_of: dt.date,
        *,
        questionnaire_id: str,
        questionnaire_version: str,
        user: str,
        dates: RecordedDates | None = None,
        round_id: str | None = None,
    ) -> Round:
        """Open a new, empty assessment round."""
        with self._write() as conn:
            return self._create_round(
                conn, partnership_id, label, as_of, questionnaire_id=questionnaire_id,
                questionnaire_version=questionnaire_version, user=user,
                dates=dates or RecordedDates(), round_id=round_id, carried_from=None,
            )

    def _create_round(
        self,
        conn: sqlite3.Connection,
        partnership_id: str,
        label: str,
        as_of: dt.date,
        *,
        questionnaire_id: str,
        questionnaire_version: str,
        user: str,
        dates: RecordedDates,
        round_id: str | None,
        carried_from: str | None,
    ) -> Round:
        self._require(conn, "partnerships", partnership_id, "partnership")
        if conn.execute(
            "SELECT 1 FROM rounds WHERE partnership_id = ? AND label = ?", [partnership_id, label]
        ).fetchone():
            raise AlreadyExistsError(f"This partnership already has a round called {label}.")
        new_id = round_id or f"{partnership_id}.{slug(label)}"
        if conn.execute("SELECT 1 FROM rounds WHERE id = ?", [new_id]).fetchone():
            raise AlreadyExistsError(f"There is already a round with the id {new_id}.")
        now = self._now()
        record = Round(
            id=new_id, partnership_id=partnership_id, questionnaire_id=questionnaire_id,
            questionnaire_version=questionnaire_version, label=label, as_of=as_of, dates=dates,
            status="open", carried_from_round_id=carried_from, created_at=now,
        )
        row = record_to_row("rounds", record)
        conn.execute(insert_sql("rounds", row), list(row.values()))
        self._audit(
            conn, at=now, user=user, entity="round", entity_id=new_id,
            changes=[("created", None, record.model_dump(mode="json"))],
            partnership_id=partnership_id, round_id=new_id,
        )
        return record

    def update_round(
        self,
        round_id: str,
        *,
        user: str,
        label: str | None = None,
        as_of: dt.date | None = None,
        dates: RecordedDates | None = None,
    ) -> Round:
        """Change an open round's label, as-of date or recorded dates."""
        with self._write() as conn:
            current = self._open_round(conn, round_id)
            changes: dict[str, Any] = {}
            if label is not None and label != current.label:
                changes["label"] = label
            if as_of is not None and as_of != current.as_of:
                changes["as_of"] = as_of
            if dates is not None and dates != current.dates:
                changes["dates"] = dates
            if not changes:
                return current
            updated = current.model_copy(update=changes)
            Round.model_validate(updated.model_dump())  # re-validate the new values
            old_data, new_data = current.model_dump(mode="json"), updated.model_dump(mode="json")
            row = record_to_row("rounds", updated)
            conn.execute(
                update_sql("rounds", changes, "id = ?"), [*(row[c] for c in changes), round_id]
            )
            self._audit(
                conn, at=self._now(), user=user, entity="round", entity_id=round_id,
                changes=[(c, old_data[c], new_data[c]) for c in changes],
                partnership_id=current.partnership_id, round_id=round_id,
            )
            return updated

    def close_round(self, round_id: str, *, user: str) -> Round:
        """Freeze a round: afterwards every write to it is refused."""
        with self._write() as conn:
            current = self._open_round(conn, round_id)
            now = self._now()
            conn.execute(
                "UPDATE rounds SET status = 'closed', closed_at = ? WHERE id = ?",
                [timestamp(now), round_id],
            )
            self._audit(
                conn, at=now, user=user, entity="round", entity_id=round_id,
                changes=[("status", "open", "closed")],
                partnership_id=current.partnership_id, round_id=round_id,
            )
            return current.model_copy(update={"status": "closed", "closed_at": now})

    def carry_forward(
        self,
        from_round_id: str,
        label: str,
        as_of: dt.date,
        *,
        user: str,
        dates: RecordedDates | None = None,
        questionnaire_version: str | None = None,
        question_ids: Collection[str] | None = None,
        carry_actions: bool = True,
        close_previous: bool = False,
        round_id: str | None = None,
    ) -> Round:
        """Open a new round with the previous round's answers, each marked "to re-confirm".

        ``question_ids`` limits the copy to questions still asked (e.g. in a new questionnaire
        version). Actions not yet completed are carried over too, unless ``carry_actions`` is
        False. ``close_previous`` closes the previous round in the same transaction.
        """
        with self._write() as conn:
            previous = self._round(conn, from_round_id)
            new = self._create_round(
                conn, previous.partnership_id, label, as_of,
                questionnaire_id=previous.questionnaire_id,
                questionnaire_version=questionnaire_version or previous.questionnaire_version,
                user=user, dates=dates if dates is not None else previous.dates,
                round_id=round_id, carried_from=previous.id,
            )
            rows = conn.execute(
                "SELECT * FROM answers WHERE round_id = ?", [from_round_id]
            ).fetchall()
            keep = None if question_ids is None else set(question_ids)
            copied = [
                {**dict(r), "round_id": new.id, "revision": 1, "status": "to_reconfirm"}
                for r in rows
                if keep is None or r["question_id"] in keep
            ]
            if copied:
                columns = list(copied[0])
                conn.executemany(
                    insert_sql("answers", columns), [[r[c] for c in columns] for r in copied]
                )
            actions_copied = 0
            if carry_actions:
                now = timestamp(self._now())
                action_rows = conn.execute(
                    "SELECT * FROM actions WHERE round_id = ? AND status != 'Completed' "
                    "AND removed = 0 AND obsolete = 0",
                    [from_round_id],
                ).fetchall()
                carried = [
                    {**dict(r), "round_id": new.id, "revision": 1, "updated_by": user,
                     "updated_at": now}
                    for r in action_rows
                ]
                if carried:
                    columns = list(carried[0])
                    conn.executemany(
                        insert_sql("actions", columns), [[r[c] for c in columns] for r in carried]
                    )
                actions_copied = len(carried)
            self._audit(
                conn, at=self._now(), user=user, entity="round", entity_id=new.id,
                changes=[
                    ("carried_forward_from", None, from_round_id),
                    ("answers_carried_forward", None, len(copied)),
                    ("actions_carried_forward", None, actions_copied),
                ],
                partnership_id=new.partnership_id, round_id=new.id,
            )
            if close_previous and previous.status == "open":
                now_dt = self._now()
                conn.execute(
                    "UPDATE rounds SET status = 'closed', closed_at = ? WHERE id = ?",
                    [timestamp(now_dt), previous.id],
                )
                self._audit(
                    conn, at=now_dt, user=user, entity="round", entity_id=previous.id,
                    changes=[("status", "open", "closed")],
                    partnership_id=previous.partnership_id, round_id=previous.id,
                )
            return new

    # ------------------------------------------------------------------ answers

    def save_answer(
        self,
        round_id: str,
        agency_id: str,
        question_id: str,
        *,
        expected_revision: int | None,
        user: str,
        value: Any = None,
        na_reason: str = "",
        evidence: str = "",
        evidence_links: Sequence[str] = (),
        comment: str = "",
    ) -> SaveResult:
        """Save one agency's answer to one question.

        ``expected_revision`` is the revision the agency's form showed (``None``: no answer
        yet). If someone has changed the answer since, nothing is written and the result holds
        a :class:`Conflict` naming both answers.
        """
        answer = AnswerInput(
            question_id=question_id, value=value, na_reason=na_reason, evidence=evidence,
            evidence_links=list(evidence_links), comment=comment,
            expected_revision=expected_revision,
        )
        return self.save_answers(round_id, agency_id, [answer], user=user)

    def save_answers(
        self, round_id: str, agency_id: str, answers: Sequence[AnswerInput], *, user: str
    ) -> SaveResult:
        """Save a whole form of one agency's answers in one transaction: all or nothing.

        If any answer's expected revision is stale, nothing is written and every conflict is
        returned. Saving an unchanged answer writes nothing, except that it confirms an answer
        carried forward from the last round.
        """
        encoded = self._encode_form(answers)
        with self._write() as conn:
            current_round = self._open_round(conn, round_id)
            existing, conflicts = self._check_answers(
                conn, current_round, agency_id, answers, encoded
            )
            if conflicts:
                return SaveResult(conflicts=conflicts)
            saved = self._write_answers(
                conn, current_round, agency_id, answers, encoded, existing=existing,
                now=self._now(), user=user,
            )
            return SaveResult(saved=saved)

    def apply_batch(
        self,
        round_id: str,
        answers_by_agency: Mapping[str, Sequence[AnswerInput]],
        action_edits: Sequence[tuple[str, ActionEdit, int]],
        *,
        user: str,
    ) -> BatchResult:
        """Save several agencies' answers and several action edits in ONE transaction.

        ``action_edits`` holds ``(action id, edit, expected revision)``. Every revision is
        checked first: if any answer or action was changed by someone else since it was read,
        nothing at all is written and the result lists every conflict. Any other failure (an
        agency that is not a member, a refused write) raises :class:`StoreError` and also
        leaves the database as it was, audit log included.
        """
        encoded = {agency: self._encode_form(items) for agency, items in answers_by_agency.items()}
        seen: set[str] = set()
        for action_id, _, _ in action_edits:
            if action_id in seen:
                raise StoreError(f"The action {action_id} is changed twice in one batch.")
            seen.add(action_id)
        with self._write() as conn:
            round_ = self._open_round(conn, round_id)
            checked: list[tuple[str, Sequence[AnswerInput], dict[str, sqlite3.Row]]] = []
            conflicts: list[Conflict] = []
            for agency_id, items in answers_by_agency.items():
                existing, found = self._check_answers(
                    conn, round_, agency_id, items, encoded[agency_id]
                )
                conflicts.extend(found)
                checked.append((agency_id, items, existing))
            planned: list[_PlannedEdit] = []
            action_conflicts: list[ActionConflict] = []
            for action_id, edit, expected_revision in action_edits:
                plan = self._plan_action_edit(conn, round_, action_id, edit, expected_revision)
                if isinstance(plan, ActionConflict):
                    action_conflicts.append(plan)
                else:
                    planned.append(plan)
            if conflicts or action_conflicts:
                return BatchResult(conflicts=conflicts, action_conflicts=action_conflicts)
            now = self._now()
            saved: list[StoredAnswer] = []
            for agency_id, items, existing in checked:
                saved.extend(
                    self._write_answers(
                        conn, round_, agency_id, items, encoded[agency_id],
                        existing=existing, now=now, user=user,
                    )
                )
            actions = [
                self._update_action(
                    conn, round_, plan.current, plan.update, user=user, now=now,
                    cleared=plan.cleared,
                )
                for plan in planned
            ]
            return BatchResult(answers=saved, actions=actions)

    def _encode_form(self, answers: Sequence[AnswerInput]) -> dict[str, dict[str, Any]]:
        """Each answer encoded for its row, keyed by question; a question twice is refused."""
        seen: set[str] = set()
        for item in answers:
            if item.question_id in seen:
                raise StoreError(f"The question {item.question_id} is answered twice in one form.")
            seen.add(item.question_id)
        return {item.question_id: self._encode_answer(item) for item in answers}

    def _check_answers(
        self,
        conn: sqlite3.Connection,
        round_: Round,
        agency_id: str,
        answers: Sequence[AnswerInput],
        encoded: Mapping[str, Mapping[str, Any]],
    ) -> tuple[dict[str, sqlite3.Row], list[Conflict]]:
        """The agency's saved rows by question, and a conflict for each stale revision."""
        self._require_member(conn, round_.partnership_id, agency_id)
        existing = {
            r["question_id"]: r
            for r in conn.execute(
                "SELECT * FROM answers WHERE round_id = ? AND agency_id = ?",
                [round_.id, agency_id],
            )
        }
        conflicts: list[Conflict] = []
        for item in answers:
            row = existing.get(item.question_id)
            current_revision = None if row is None else int(row["revision"])
            if current_revision == item.expected_revision:
                continue
            if row is not None and _same_content(row, encoded[item.question_id]):
                continue  # they saved what you are saving: nothing to resolve
            conflicts.append(
                Conflict(
                    round_id=round_.id, agency_id=agency_id, question_id=item.question_id,
                    expected_revision=item.expected_revision, yours=item,
                    theirs=None if row is None else _stored_answer(row),
                )
            )
        return existing, conflicts

    def _write_answers(
        self,
        conn: sqlite3.Connection,
        round_: Round,
        agency_id: str,
        answers: Sequence[AnswerInput],
        encoded: Mapping[str, Mapping[str, Any]],
        *,
        existing: Mapping[str, sqlite3.Row],
        now: dt.datetime,
        user: str,
    ) -> list[StoredAnswer]:
        return [
            self._write_answer(
                conn=conn, round_=round_, agency_id=agency_id, question_id=item.question_id,
                encoded=encoded[item.question_id], row=existing.get(item.question_id),
                now=now, user=user,
            )
            for item in answers
        ]

    @staticmethod
    def _encode_answer(item: AnswerInput) -> dict[str, Any]:
        try:
            value = None if item.value is None else dump_json(item.value)
        except (TypeError, ValueError) as exc:
            raise StoreError(
                f"The answer to {item.question_id} cannot be saved: its value is not "
                "plain data (text, numbers, true or false, lists or objects)."
            ) from exc
        return {
            "value": value,
            "na_reason": item.na_reason,
            "evidence": item.evidence,
            "evidence_links": dump_json(item.evidence_links),
            "comment": item.comment,
        }

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

    def _write_answer(
        self,
        *,
        conn: sqlite3.Connection,
        round_: Round,
        agency_id: str,
        question_id: str,
        encoded: Mapping[str, Any],
        row: sqlite3.Row | None,
        now: dt.datetime,
        user: str,
    ) -> StoredAnswer:
        entity_id = f"{round_.id}/{agency_id}/{question_id}"
        if row is None:
            conn.execute(
                "INSERT INTO answers (round_id, agency_id, question_id, value, na_reason, "
                "evidence, evidence_links, comment, updated_by, updated_at, revision, status) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 'confirmed')",
                [
                    round_.id, agency_id, question_id, encoded["value"], encoded["na_reason"],
                    encoded["evidence"], encoded["evidence_links"], encoded["comment"], user,
                    timestamp(now),
                ],
            )
            changes = [
                (field, None, load_json(encoded[field]) if field in _JSON_FIELDS
                 else encoded[field])
                for field in _ANSWER_FIELDS
                if encoded[field] not in (None, "", "[]")
            ] or [("value", None, None)]
            self._audit(
                conn, at=now, user=user, entity="answer", entity_id=entity_id, changes=changes,
                partnership_id=round_.partnership_id, round_id=round_.id,
            )
            return _stored_answer_from(round_.id, agency_id, question_id, encoded, 1).model_copy(
                update={"updated_by": user, "updated_at": now}
            )
        changed = [f for f in _ANSWER_FIELDS if row[f] != encoded[f]]
        if not changed and row["status"] == "confirmed":
            return _stored_answer(row)
        revision = int(row["revision"]) + 1
        conn.execute(
            update_sql(
                "answers",
                [*changed, "updated_by", "updated_at", "revision", "status"],
                "round_id = ? AND agency_id = ? AND question_id = ?",
            ),
            [
                *(encoded[f] for f in changed),
                *(user, timestamp(now), revision, "confirmed", round_.id, agency_id, question_id),
            ],
        )
        audit = [
            (
                f,
                load_json(row[f]) if f in _JSON_FIELDS else row[f],
                load_json(encoded[f]) if f in _JSON_FIELDS else encoded[f],
            )
            for f in changed
        ]
        if row["status"] != "confirmed":
            audit.append(("status", row["status"], "confirmed"))
        self._audit(
            conn, at=now, user=user, entity="answer", entity_id=entity_id, changes=audit,
            partnership_id=round_.partnership_id, round_id=round_.id,
        )
        return _stored_answer_from(round_.id, agency_id, question_id, encoded, revision).model_copy(
            update={"updated_by": user, "updated_at": now}
        )

    def confirm_answer(
        self,
        round_id: str,
        agency_id: str,
        question_id: str,
        *,
        expected_revision: int,
        user: str,
    ) -> SaveResult:
        """Confirm an answer carried forward from the last round, without changing it."""
        with self._write() as conn:
            current_round = self._open_round(conn, round_id)
            row = conn.execute(
                "SELECT * FROM answers WHERE round_id = ? AND agency_id = ? AND question_id = ?",
                [round_id, agency_id, question_id],
            ).fetchone()
            if row is None:
                raise NotFoundError(
                    f"There is no answer to {question_id} from this agency to confirm."
                )
            current = _stored_answer(row)
            if current.revision != expected_revision:
                yours = AnswerInput(
                    question_id=question_id, value=current.value, na_reason=current.na_reason,
                    evidence=current.evidence, evidence_links=current.evidence_links,
                    comment=current.comment, expected_revision=expected_revision,
                )
                return SaveResult(
                    conflicts=[
                        Conflict(
                            round_id=round_id, agency_id=agency_id, question_id=question_id,
                            expected_revision=expected_revision, yours=yours, theirs=current,
                        )
                    ]
                )
            if current.status == "confirmed":
                return SaveResult(saved=[current])
            now = self._now()
            revision = current.revision + 1
            conn.execute(
                "UPDATE answers SET status = 'confirmed', revision = ?, updated_by = ?, "
                "updated_at = ? WHERE round_id = ? AND agency_id = ? AND question_id = ?",
                [revision, user, timestamp(now), round_id, agency_id, question_id],
            )
            self._audit(
                conn, at=now, user=user, entity="answer",
                entity_id=f"{round_id}/{agency_id}/{question_id}",
                changes=[("status", "to_reconfirm", "confirmed")],
                partnership_id=current_round.partnership_id, round_id=round_id,
            )
            return SaveResult(
                saved=[
                    current.model_copy(
                        update={"status": "confirmed", "revision": revision,
                                "updated_by": user, "updated_at": now}
                    )
                ]
            )

    def answers_for(self, round_id: str, agency_id: str | None = None) -> list[StoredAnswer]:
        """Saved answers in a round (optionally one agency's), by agency then question."""
        with self._read() as conn:
            self._round(conn, round_id)
            if agency_id is None:
                rows = conn.execute(
                    "SELECT * FROM answers WHERE round_id = ? ORDER BY agency_id, question_id",
                    [round_id],
                )
            else:
                rows = conn.execute(
                    "SELECT * FROM answers WHERE round_id = ? AND agency_id = ? "
                    "ORDER BY question_id",
                    [round_id, agency_id],
                )
            return [_stored_answer(r) for r in rows]

    def round_answer_set(self, round_id: str, *, include_unconfirmed: bool = True) -> AnswerSet:
        """The round as the scoring engine's :class:`AnswerSet`.

        Answers carried forward and not yet re-confirmed count unless ``include_unconfirmed``
        is False.
        """
        with self._read() as conn:
            return self._answer_set(conn, self._round(conn, round_id), include_unconfirmed)

    def answer_sets(
        self, round_ids: Sequence[str], *, include_unconfirmed: bool = True
    ) -> dict[str, AnswerSet]:
        """Several rounds as :class:`AnswerSet` objects, keyed by round id, read together.

        One read transaction and one query per 500 rounds, instead of a connection and two
        queries per round. An unknown round id raises :class:`NotFoundError`.
        """
        wanted = list(dict.fromkeys(round_ids))
        with self._read() as conn:
            rounds = self._rounds_by_id(conn, wanted)
            built = self._answer_sets(conn, [rounds[r] for r in wanted], include_unconfirmed)
        return {r: built[r] for r in wanted}

    def answer_digests(
        self, round_ids: Sequence[str], *, include_unconfirmed: bool = True
    ) -> dict[str, str]:
        """A digest of what each round's :class:`AnswerSet` is built from, by round id.

        The digest covers every stored value :meth:`answer_sets` reads for the round (each
        answer with its agency's name and role, the round's questionnaire, "as of" date and
        recorded dates, the partnership's nation and lead agency), so equal digests mean equal
        answer sets. It is several times quicker than building the answer sets: a result worked
        out from an answer set can be reused for as long as its digest stays the same. An
        unknown round id raises :class:`NotFoundError`.
        """
        wanted = list(dict.fromkeys(round_ids))
        with self._read() as conn:
            self._rounds_by_id(conn, wanted)
            digests = _answer_digests(conn, wanted, include_unconfirmed)
        return {r: digests[r] for r in wanted}

    def answer_sets_with_digests(
        self, round_ids: Sequence[str], *, include_unconfirmed: bool = True
    ) -> tuple[dict[str, AnswerSet], dict[str, str]]:
        """:meth:`answer_sets` and :meth:`answer_digests` read in one transaction, so each
        digest is the digest of the answer set returned with it."""
        wanted = list(dict.fromkeys(round_ids))
        with self._read() as conn:
            rounds = self._rounds_by_id(conn, wanted)
            built = self._answer_sets(conn, [rounds[r] for r in wanted], include_unconfirmed)
            digests = _answer_digests(conn, wanted, include_unconfirmed)
        return {r: built[r] for r in wanted}, {r: digests[r] for r in wanted}

    def _rounds_by_id(self, conn: sqlite3.Connection, wanted: Sequence[str]) -> dict[str, Round]:
        """The rounds with these ids; an unknown id raises :class:`NotFoundError`."""
        rounds: dict[str, Round] = {}
        for chunk in _chunks(wanted):
            marks = ",".join("?" for _ in chunk)
            rounds.update(
                (r.id, r)
                for r in self._all(
                    conn, "rounds", Round,
                    f"SELECT * FROM rounds WHERE id IN ({marks})",  # noqa: S608 - only ?s
                    chunk,
                )
            )
        missing = [r for r in wanted if r not in rounds]
        if missing:
            raise NotFoundError(f"There is no assessment round with the id {missing[0]}.")
        return rounds

    def latest_answer_sets(
        self, region_id: str, *, include_unconfirmed: bool = True
    ) -> dict[str, AnswerSet]:
        """Every partnership's latest round in a region, keyed by partnership id."""
        with self._read() as conn:
            rounds = self._all(
                conn, "rounds", Round,
                "SELECT r.* FROM rounds r JOIN partnerships p ON p.id = r.partnership_id "
                "WHERE p.region_id = ? AND r.id = ("
                "  SELECT r2.id FROM rounds r2 WHERE r2.partnership_id = r.partnership_id "
                "  ORDER BY r2.as_of DESC, r2.created_at DESC, r2.id DESC LIMIT 1) "
                "ORDER BY p.name, p.id",
                [region_id],
            )
            built = self._answer_sets(conn, rounds, include_unconfirmed)
            return {r.partnership_id: built[r.id] for r in rounds}

    def _answer_set(
        self, conn: sqlite3.Connection, round_: Round, include_unconfirmed: bool
    ) -> AnswerSet:
        return self._answer_sets(conn, [round_], include_unconfirmed)[round_.id]

    @staticmethod
    def _answer_sets(
        conn: sqlite3.Connection, rounds: Sequence[Round], include_unconfirmed: bool
    ) -> dict[str, AnswerSet]:
        """The rounds as answer sets: one query for their partnerships, one per 500 rounds."""
        partnership_ids = list(dict.fromkeys(r.partnership_id for r in rounds))
        partnerships: dict[str, sqlite3.Row] = {}
        for chunk in _chunks(partnership_ids):
            marks = ",".join("?" for _ in chunk)
            partnerships.update(
                (row["id"], row)
                for row in conn.execute(
                    "SELECT p.id, p.nation, a.name FROM partnerships p "  # noqa: S608 - only ?s
                    f"LEFT JOIN agencies a ON a.id = p.lead_agency_id WHERE p.id IN ({marks})",
                    chunk,
                )
            )
        status = "" if include_unconfirmed else " AND status = 'confirmed'"
        answers: dict[str, list[Answer]] = {r.id: [] for r in rounds}
        agencies: dict[str, tuple[str, str]] = {}
        cursor = conn.cursor()
        cursor.row_factory = None  # plain tuples: noticeably cheaper than sqlite3.Row here
        with _paused_gc():  # tens of thousands of new objects: no cyclic GC passes meanwhile
            for chunk in _chunks([r.id for r in rounds]):
                marks = ",".join("?" for _ in chunk)
                sql = (
                    "SELECT round_id, agency_id, question_id, value, evidence, "  # noqa: S608
                    "evidence_links, na_reason, comment FROM answers "
                    f"WHERE round_id IN ({marks}){status} "
                    "ORDER BY round_id, agency_id, question_id"
                )  # S608: only "?" placeholders and a fixed clause are put in the text
                rows = cursor.execute(sql, chunk).fetchall()
                unknown = list({r[1] for r in rows} - agencies.keys())
                for some in _chunks(unknown):
                    marks = ",".join("?" for _ in some)
                    agencies.update(
                        (agency_id, (name, role))
                        for agency_id, name, role in cursor.execute(
                            f"SELECT id, name, role_id FROM agencies WHERE id IN ({marks})",  # noqa: S608
                            some,
                        )
                    )
                # one JSON decode for all the rows is several times faster than one per answer
                values = json.loads("[" + ",".join("null" if r[3] is None else r[3] for r in rows)
                                    + "]")
                links = json.loads("[" + ",".join(r[5] for r in rows) + "]")
                for row, value, link_list in zip(rows, values, links, strict=True):
                    round_id, agency_id, question_id, _, evidence, _, na_reason, comment = row
                    name, role = agencies[agency_id]
                    answers[round_id].append(
                        _answer_from_row(
                            name, role, question_id, value, evidence, link_list, na_reason, comment
                        )
                    )
        return {
            r.id: AnswerSet(
                questionnaire_id=r.questionnaire_id,
                questionnaire_version=r.questionnaire_version,
                as_of=r.as_of,
                nation=partnerships[r.partnership_id]["nation"],
                dates=r.dates,
                lead_agency=partnerships[r.partnership_id]["name"],
                answers=answers[r.id],
            )
            for r in rounds
        }

    # ------------------------------------------------------------------ score cache

    def cached_scores(self, keys: Sequence[ScoreKey]) -> dict[str, str]:
        """Cached scoring results (JSON text) by round id, for the keys that match in full.

        An entry saved under any other key (other answers, content, scoring version or result
        format) is left out, as are rounds with no entry: the caller scores those again.
        """
        wanted = {k.round_id: k for k in keys}
        found: dict[str, str] = {}
        with self._read() as conn:
            cursor = conn.cursor()
            cursor.row_factory = None
            for chunk in _chunks(list(wanted)):
                marks = ",".join("?" for _ in chunk)
                sql = f"SELECT {_SCORE_KEY_COLUMNS}, result FROM score_cache "  # noqa: S608
                sql += f"WHERE round_id IN ({marks})"  # S608: only "?" placeholders
                for row in cursor.execute(sql, chunk):
                    key = wanted[row[0]]
                    if row[:-1] == _score_key_row(key):
                        found[key.round_id] = row[-1]
        return found

    def save_cached_scores(
        self, entries: Sequence[CachedScore], *, per_transaction: int = 50, busy_wait_ms: int = 250
    ) -> int:
        """Cache scoring results, replacing any earlier entry of the same round; returns how many.

        Written ``per_transaction`` at a time, and waiting at most ``busy_wait_ms`` for the
        write lock each time, so people saving answers are never held up for long. Raises
        :class:`StoreError` (the database is busy, read-only or full) with the entries of
        earlier transactions saved: the cache is only ever a shortcut, so callers can carry on.
        """
        saved = 0
        step = max(per_transaction, 1)
        for start in range(0, len(entries), step):
            batch = entries[start : start + step]
            with self._write(busy_wait_ms=busy_wait_ms) as conn:
                at = timestamp(self._now())
                conn.executemany(
                    _SAVE_SCORE_SQL, [(*_score_key_row(e.key), e.result, at) for e in batch]
                )
            saved += len(batch)
        return saved

    # ------------------------------------------------------------------ actions

    def actions_for(self, round_id: str, *, include_inactive: bool = False) -> list[StoredAction]:
        """A round's action plan by priority; removed and resolved actions only on request."""
        with self._read() as conn:
            self._round(conn, round_id)
            sql = "SELECT * FROM actions WHERE round_id = ?"
            if not include_inactive:
                sql += " AND removed = 0 AND obsolete = 0"
            return self._all(
                conn, "actions", StoredAction,
                sql + " ORDER BY removed, obsolete, priority, id", [round_id],
            )

    def get_action(self, round_id: str, action_id: str) -> StoredAction:
        with self._read() as conn:
            return self._action(conn, round_id, action_id)

    def _action(self, conn: sqlite3.Connection, round_id: str, action_id: str) -> StoredAction:
        found = self._get(
            conn, "actions", StoredAction, "round_id = ? AND id = ?", [round_id, action_id]
        )
        if found is None:
            raise NotFoundError(f"There is no action {action_id} in this round.")
        return found

    def sync_generated_actions(
        self, round_id: str, drafts: Sequence[ActionDraft], *, user: str
    ) -> SyncReport:
        """Bring the round's generated actions in line with the scoring engine's drafts.

        New drafts are added. Existing generated actions get the draft's wording, priority,
        links and due date (unless someone changed the due date), but keep what the
        partnership edited: owner agency, lead person, status, RAG and notes. A generated
        action whose gap has gone is marked resolved (``obsolete``), never deleted; it comes
        back if the gap reappears.
        """
        seen: set[str] = set()
        for draft in drafts:
            if draft.id in seen:
                raise StoreError(f"The draft action {draft.id} appears twice.")
            seen.add(draft.id)
        with self._write() as conn:
            round_ = self._open_round(conn, round_id)
            now = self._now()
            existing = {
                a.id: a
                for a in self._all(
                    conn, "actions", StoredAction,
                    "SELECT * FROM actions WHERE round_id = ?", [round_id],
                )
            }
            owners = self._single_owner_by_role(conn, round_.partnership_id)
            report: dict[str, list[str]] = {
                "added": [], "refreshed": [], "resolved": [], "reopened": []
            }
            for draft in drafts:
                generated = {
                    "priority": int(draft.priority),
                    "question_id": draft.question_id,
                    "domain_id": draft.domain_id,
                    "requirement_ids": list(draft.requirement_ids),
                    "owner_role": draft.owner_role,
                    "text": draft.text,
                    "gap": draft.gap,
                    "success_measure": draft.success_measure,
                    "statutory": bool(draft.statutory),
                    "generated_due": draft.due,
                }
                current = existing.get(draft.id)
                if current is None:
                    action = StoredAction.model_validate(
                        {
                            **generated, "round_id": round_id, "id": draft.id,
                            "source": "generated", "owner_agency_id": owners.get(draft.owner_role),
                            "due": draft.due, "updated_by": user, "updated_at": now,
                        }
                    )
                    self._insert_action(conn, action)
                    self._audit(
                        conn, at=now, user=user, entity="action",
                        entity_id=f"{round_id}/{draft.id}",
                        changes=[("created", None, action.model_dump(mode="json"))],
                        partnership_id=round_.partnership_id, round_id=round_id,
                    )
                    report["added"].append(draft.id)
                    continue
                if current.source != "generated":
                    continue
                update = {k: v for k, v in generated.items() if getattr(current, k) != v}
                if not current.due_edited and current.due != draft.due:
                    update["due"] = draft.due
                if current.obsolete:
                    update["obsolete"] = False
                    report["reopened"].append(draft.id)
                elif update:
                    report["refreshed"].append(draft.id)
                self._update_action(conn, round_, current, update, user=user, now=now)
            for action_id, current in existing.items():
                if current.source == "generated" and not current.obsolete and (
                    action_id not in seen
                ):
                    self._update_action(
                        conn, round_, current, {"obsolete": True}, user=user, now=now
                    )
                    report["resolved"].append(action_id)
            return SyncReport(**report)

    @staticmethod
    def _single_owner_by_role(conn: sqlite3.Connection, partnership_id: str) -> dict[str, str]:
        """Role -> agency id, for roles held by exactly one member agency."""
        rows = conn.execute(
            "SELECT g.role_id, MIN(g.id), COUNT(*) FROM agencies g "
            "JOIN memberships m ON m.agency_id = g.id WHERE m.partnership_id = ? "
            "GROUP BY g.role_id",
            [partnership_id],
        ).fetchall()
        return {role: agency for role, agency, count in rows if count == 1}

    @staticmethod
    def _insert_action(conn: sqlite3.Connection, action: StoredAction) -> None:
        row = record_to_row("actions", action)
        conn.execute(insert_sql("actions", row), list(row.values()))

    def _update_action(
        self,
        conn: sqlite3.Connection,
        round_: Round,
        current: StoredAction,
        update: Mapping[str, Any],
        *,
        user: str,
        now: dt.datetime,
        cleared: Collection[str] = (),
    ) -> StoredAction:
        if not update:
            return current
        updated = StoredAction.model_validate(
            {
                **current.model_dump(),
                **update,
                "revision": current.revision + 1,
                "updated_by": user,
                "updated_at": now,
            }
        )
        row = record_to_row("actions", updated)
        columns = [*update, "revision", "updated_by", "updated_at"]
        conn.execute(
            update_sql("actions", columns, "round_id = ? AND id = ?"),
            [*(row[c] for c in columns), round_.id, current.id],
        )
        old_data, new_data = current.model_dump(mode="json"), updated.model_dump(mode="json")
        self._audit(
            conn, at=now, user=user, entity="action", entity_id=f"{round_.id}/{current.id}",
            changes=[(c, old_data[c], None if c in cleared else new_data[c]) for c in update],
            partnership_id=round_.partnership_id, round_id=round_.id,
        )
        return updated

    def add_manual_action(
        self,
        round_id: str,
        *,
        text: str,
        user: str,
        owner_agency_id: str | None = None,
        lead_person: str = "",
        due: dt.date | None = None,
        status: ActionStatus = "Not started",
        rag: Rag | None = None,
        notes: str = "",
        priority: int = 0,
        question_id: str | None = None,
        domain_id: str | None = None,
        requirement_ids: Sequence[str] = (),
        success_measure: str | None = None,
    ) -> StoredAction:
        """Add an action by hand (it is never changed or resolved by a re-sync)."""
        with self._write() as conn:
            round_ = self._open_round(conn, round_id)
            if owner_agency_id is not None:
                self._require_member(conn, round_.partnership_id, owner_agency_id)
            count = conn.execute(
                "SELECT COUNT(*) FROM actions WHERE round_id = ? AND source = 'manual'",
                [round_id],
            ).fetchone()[0]
            number = int(count) + 1
            while conn.execute(
                "SELECT 1 FROM actions WHERE round_id = ? AND id = ?",
                [round_id, f"manual-{number}"],
            ).fetchone():
                number += 1
            now = self._now()
            action = StoredAction(
                round_id=round_id, id=f"manual-{number}", source="manual", priority=priority,
                question_id=question_id, domain_id=domain_id,
                requirement_ids=list(requirement_ids), text=text,
                success_measure=success_measure, owner_agency_id=owner_agency_id,
                lead_person=lead_person, due=due, due_edited=due is not None, status=status,
                rag=rag, notes=notes, updated_by=user, updated_at=now,
            )
            self._insert_action(conn, action)
            self._audit(
                conn, at=now, user=user, entity="action", entity_id=f"{round_id}/{action.id}",
                changes=[("created", None, action.model_dump(mode="json"))],
                partnership_id=round_.partnership_id, round_id=round_id,
            )
            return action

    def update_action(
        self,
        round_id: str,
        action_id: str,
        edit: ActionEdit,
        *,
        expected_revision: int,
        user: str,
    ) -> ActionSaveResult:
        """Change the editable fields of an action.

        Only the fields ``edit`` sets or clears change (``ActionEdit(clear={"rag"})`` removes
        the RAG rating; the audit log records a cleared field's new value as empty). If someone
        else changed the action since ``expected_revision``, nothing is
        written and the result holds an :class:`ActionConflict`.
        """
        with self._write() as conn:
            round_ = self._open_round(conn, round_id)
            plan = self._plan_action_edit(conn, round_, action_id, edit, expected_revision)
            if isinstance(plan, ActionConflict):
                return ActionSaveResult(conflict=plan)
            updated = self._update_action(
                conn, round_, plan.current, plan.update, user=user, now=self._now(),
                cleared=plan.cleared,
            )
            return ActionSaveResult(action=updated)

    def _plan_action_edit(
        self,
        conn: sqlite3.Connection,
        round_: Round,
        action_id: str,
        edit: ActionEdit,
        expected_revision: int,
    ) -> _PlannedEdit | ActionConflict:
        """Check an edit against the saved action and work out the columns it changes.

        Writes nothing. A stale revision is returned as a conflict; an edit that is not allowed
        raises :class:`StoreError`.
        """
        current = self._action(conn, round_.id, action_id)
        if current.revision != expected_revision:
            return ActionConflict(
                action_id=action_id, expected_revision=expected_revision, theirs=current
            )
        requested = edit.requested()
        if current.source == "generated" and {"text", "success_measure"} & set(requested):
            raise StoreError(
                "The wording of a generated action comes from the questionnaire and cannot "
                "be changed. Add a note instead, or add your own action."
            )
        owner = requested.get("owner_agency_id")
        if owner is not None:
            self._require_member(conn, round_.partnership_id, owner)
        update = {k: v for k, v in requested.items() if getattr(current, k) != v}
        if "due" in update:
            # set or cleared by a person: a re-sync must not put the generated date back
            update["due_edited"] = True
        return _PlannedEdit(
            current=current, update=update, cleared=frozenset(edit.clear & set(update))
        )

    def remove_action(
        self, round_id: str, action_id: str, *, expected_revision: int, user: str
    ) -> ActionSaveResult:
        """Take an action off the plan. It is kept (marked removed) for the record."""
        return self._set_removed(round_id, action_id, True, expected_revision, user)

    def restore_action(
        self, round_id: str, action_id: str, *, expected_revision: int, user: str
    ) -> ActionSaveResult:
        """Put a removed action back on the plan."""
        return self._set_removed(round_id, action_id, False, expected_revision, user)

    def _set_removed(
        self, round_id: str, action_id: str, removed: bool, expected_revision: int, user: str
    ) -> ActionSaveResult:
        with self._write() as conn:
            round_ = self._open_round(conn, round_id)
            current = self._action(conn, round_id, action_id)
            if current.revision != expected_revision:
                return ActionSaveResult(
                    conflict=ActionConflict(
                        action_id=action_id, expected_revision=expected_revision, theirs=current
                    )
                )
            update = {"removed": removed} if current.removed != removed else {}
            updated = self._update_action(
                conn, round_, current, update, user=user, now=self._now()
            )
            return ActionSaveResult(action=updated)

    # ------------------------------------------------------------------ audit

    def audit_log(
        self,
        *,
        partnership_id: str | None = None,
        round_id: str | None = None,
        entity: str | None = None,
        entity_id: str | None = None,
    ) -> list[AuditEntry]:
        """Audit entries, oldest first. There is deliberately no way to change or delete them."""
        clauses, params = [], []
        for column, wanted in (
            ("partnership_id", partnership_id),
            ("round_id", round_id),
            ("entity", entity),
            ("entity_id", entity_id),
        ):
            if wanted is not None:
                clauses.append(f"{column} = ?")
                params.append(wanted)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        sql = f"{_AUDIT_SELECT}{where} ORDER BY id"
        with self._read() as conn:
            return self._all(conn, "audit_log", AuditEntry, sql, params)

    # ------------------------------------------------------------------ listing, backup, demo

    def listing(self) -> dict[str, list[dict[str, str]]]:
        """Regions, partnerships and rounds in the shape ``python -m readiness list --json``."""
        with self._read() as conn:
            return {
                "regions": [
                    {"id": r["id"], "name": r["name"]}
                    for r in conn.execute("SELECT id, name FROM regions ORDER BY name, id")
                ],
                "partnerships": [
                    {"id": r["id"], "name": r["name"], "region_id": r["region_id"],
                     "nation": r["nation"]}
                    for r in conn.execute(
                        "SELECT id, name, region_id, nation FROM partnerships "
                        "ORDER BY region_id, name, id"
                    )
                ],
                "rounds": [
                    {"id": r["id"], "partnership_id": r["partnership_id"], "label": r["label"],
                     "status": r["status"]}
                    for r in conn.execute(
                        "SELECT id, partnership_id, label, status FROM rounds "
                        "ORDER BY partnership_id, as_of, id"
                    )
                ],
            }

    def export_json(self, partnership_id: str | None = None) -> dict[str, Any]:
        """A versioned JSON document of one partnership (or everything), audit log included."""
        with self._read() as conn:
            if partnership_id is not None:
                self._require(conn, "partnerships", partnership_id, "partnership")
            document = backup.export_document(conn, partnership_id, self._now())
        return document.model_dump(mode="json")

    def import_json(self, document: Mapping[str, Any], *, user: str = "import") -> ImportReport:
        """Check a backup document completely, then add it in one transaction.

        If any part is invalid, or clashes with what is already in the database, nothing is
        written and the report lists every problem with its JSON path.
        """
        with self._write() as conn:
            report = backup.import_document(conn, document, user=user, now=self._now())
            if not report.ok:
                conn.execute("ROLLBACK")
            return report

    def load_demo(
        self, bundle: ContentBundle | None = None, *, seed: int | None = None
    ) -> ImportReport:
        """Add the fictional demo region (see :mod:`readiness.demo`)."""
        from readiness import demo  # noqa: PLC0415 - demo imports the records: avoid a cycle

        if bundle is None:
            bundle = load_default_bundle()
        document = demo.demo_document(bundle, seed=demo.DEMO_SEED if seed is None else seed)
        with self._read() as conn:
            if conn.execute(
                "SELECT 1 FROM regions WHERE id = ?", [demo.DEMO_REGION_ID]
            ).fetchone():
                raise AlreadyExistsError("The demo data is already in this database.")
        return self.import_json(document.model_dump(mode="json"), user="demo")


_JSON_FIELDS = frozenset({"value", "evidence_links"})
_MAX_ID = 80  # readiness.models Id
_AUDIT_SELECT = (
    "SELECT at, user, entity, entity_id, field, old_value, new_value, partnership_id, round_id "
    "FROM audit_log"
)


#: Part of every answer digest: change it whenever ``Store._answer_sets`` reads anything else
#: (another column, table or rule), so that digests made before no longer match.
_ANSWER_DIGEST_FORMAT = "answer-set-digest-1"


def _answer_digests(
    conn: sqlite3.Connection, round_ids: Sequence[str], include_unconfirmed: bool
) -> dict[str, str]:
    """sha256 digests of the stored values ``Store._answer_sets`` builds each round from.

    The same columns, joins and answer filter as ``_answer_sets``. SQLite writes each answer as
    a JSON array (every value as stored, JSON columns as their text, so no two answers read the
    same) and joins a round's arrays in key order, which is several times quicker than handing
    every value over to Python. Were SQLite ever to join them in another order, the digest
    would only differ, never match wrongly: the round would be scored again.
    """
    contexts: dict[str, str] = {}
    answers: dict[str, str] = {}
    status = "" if include_unconfirmed else " AND a.status = 'confirmed'"
    for chunk in _chunks(round_ids):
        marks = ",".join("?" for _ in chunk)
        sql = (
            "SELECT r.id, r.questionnaire_id, r.questionnaire_version, r.as_of, "  # noqa: S608
            "r.dates, p.nation, lead.name FROM rounds r "
            "JOIN partnerships p ON p.id = r.partnership_id "
            f"LEFT JOIN agencies lead ON lead.id = p.lead_agency_id WHERE r.id IN ({marks})"
        )  # S608: only "?" placeholders are put in the text
        for row in conn.execute(sql, chunk):
            contexts[row[0]] = json.dumps(
                [_ANSWER_DIGEST_FORMAT, include_unconfirmed, *tuple(row)[1:]],
                ensure_ascii=False, separators=(",", ":"),
            )
        sql = (
            "SELECT a.round_id, group_concat(json_array(g.name, g.role_id, "  # noqa: S608
            "a.question_id, a.value, a.evidence, a.evidence_links, a.na_reason, a.comment), ',') "
            "FROM answers a JOIN agencies g ON g.id = a.agency_id "
            f"WHERE a.round_id IN ({marks}){status} GROUP BY a.round_id"
        )  # S608: only "?" placeholders and a fixed clause are put in the text
        answers.update((row[0], row[1]) for row in conn.execute(sql, chunk))
    return {
        round_id: hashlib.sha256(
            f"{context}\n{answers.get(round_id, '')}".encode()
        ).hexdigest()
        for round_id, context in contexts.items()
    }


_SCORE_KEY_COLUMNS = (
    "round_id, answers_digest, questionnaire_id, questionnaire_version, bundle_digest, nation, "
    "scoring_version, result_format"
)
_SAVE_SCORE_SQL = (
    f"INSERT OR REPLACE INTO score_cache ({_SCORE_KEY_COLUMNS}, result, saved_at) "  # noqa: S608
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)  # S608: column names from code only


def _score_key_row(key: ScoreKey) -> tuple[str, str, str, str, str, str, int, str]:
    """A score key as the values of ``_SCORE_KEY_COLUMNS``, in that order."""
    return (
        key.round_id, key.answers_digest, key.questionnaire_id, key.questionnaire_version,
        key.bundle_digest, key.nation, key.scoring_version, key.result_format,
    )


@contextmanager
def _paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while many acyclic objects are built.

    Building a region's answers (about 40,000 models) otherwise triggers repeated collections
    that each walk the whole heap: a third of the time. Only the thread that paused the
    collector turns it back on, so it is never left off.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


_CHUNK = 500  # ids per IN (...) list, well under SQLite's limit on parameters


def _chunks(ids: Sequence[str]) -> Iterator[list[str]]:
    for start in range(0, len(ids), _CHUNK):
        yield list(ids[start : start + _CHUNK])


def _answer_from_row(  # noqa: PLR0917 - one argument per column
    agency: str,
    role: str,
    question_id: str,
    value: Any,
    evidence: str,
    evidence_links: list[str],
    na_reason: str,
    comment: str,
) -> Answer:
    """An :class:`Answer` built from a row of our own database.

    The row was validated when it was written (``AnswerInput``, ``Agency``), so when its text
    is already as validation would leave it (no surrounding whitespace to strip: Python's
    ``str.strip`` removes every character pydantic's would, and more) the model is built
    without validating again (``build``, a leaner ``model_construct``), several times faster.
    Anything else is validated.
    """
    if (  # written out rather than any()/all(): this runs for every answer of every round
        len(role) <= _MAX_ID
        and len(question_id) <= _MAX_ID  # store ids may be longer than content ids
        and agency == agency.strip()
        and evidence == evidence.strip()
        and na_reason == na_reason.strip()
        and comment == comment.strip()
        and (not evidence_links or all(
            isinstance(link, str) and link == link.strip() for link in evidence_links
        ))
    ):
        return build(  # every field given, in the model's order: what model_construct does
            Answer, agency=agency, role=role, question_id=question_id, value=value,
            evidence=evidence, evidence_links=evidence_links, na_reason=na_reason,
            comment=comment,
        )
    return Answer(
        agency=agency, role=role, question_id=question_id, value=value, evidence=evidence,
        evidence_links=evidence_links, na_reason=na_reason, comment=comment,
    )


@dataclass(frozen=True)
class _PlannedEdit:
    """An action edit that has been checked and is ready to write."""

    current: StoredAction
    update: dict[str, Any]
    cleared: frozenset[str]


def _same_content(row: sqlite3.Row, encoded: Mapping[str, Any]) -> bool:
    return all(row[f] == encoded[f] for f in _ANSWER_FIELDS)


def _stored_answer(row: sqlite3.Row) -> StoredAnswer:
    return StoredAnswer.model_validate(row_to_data("answers", row))


def _stored_answer_from(
    round_id: str, agency_id: str, question_id: str, encoded: Mapping[str, Any], revision: int
) -> StoredAnswer:
    return StoredAnswer(
        round_id=round_id,
        agency_id=agency_id,
        question_id=question_id,
        value=load_json(encoded["value"]),
        na_reason=encoded["na_reason"],
        evidence=encoded["evidence"],
        evidence_links=load_json(encoded["evidence_links"]),
        comment=encoded["comment"],
        updated_by="-",
        updated_at=dt.datetime.min.replace(tzinfo=dt.UTC),
        revision=revision,
        status="confirmed",
    )
