"""Assessment rounds: open, change, close and carry forward."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Collection
from typing import Any

from readiness.ids import slug
from readiness.models import RecordedDates
from readiness.store._db import StoreBase
from readiness.store._sql import insert_sql, record_to_row, timestamp, update_sql
from readiness.store.errors import AlreadyExistsError
from readiness.store.records import Round


class RoundsMixin(StoreBase):
    """A partnership's assessment rounds."""

    def get_round(self, round_id: str) -> Round:
        with self._read() as conn:
            return self._round(conn, round_id)

    def list_rounds(self, partnership_id: str | None = None) -> list[Round]:
        """Rounds, oldest first (by as-of date)."""
        with self._read() as conn:
            if partnership_id is None:
                return self._all(
                    conn,
                    "rounds",
                    Round,
                    "SELECT * FROM rounds ORDER BY partnership_id, as_of, created_at, id",
                )
            return self._all(
                conn,
                "rounds",
                Round,
                "SELECT * FROM rounds WHERE partnership_id = ? ORDER BY as_of, created_at, id",
                [partnership_id],
            )

    def latest_round(self, partnership_id: str) -> Round | None:
        with self._read() as conn:
            return self._get(
                conn,
                "rounds",
                Round,
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
                conn,
                partnership_id,
                label,
                as_of,
                questionnaire_id=questionnaire_id,
                questionnaire_version=questionnaire_version,
                user=user,
                dates=dates or RecordedDates(),
                round_id=round_id,
                carried_from=None,
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
            id=new_id,
            partnership_id=partnership_id,
            questionnaire_id=questionnaire_id,
            questionnaire_version=questionnaire_version,
            label=label,
            as_of=as_of,
            dates=dates,
            status="open",
            carried_from_round_id=carried_from,
            created_at=now,
        )
        row = record_to_row("rounds", record)
        conn.execute(insert_sql("rounds", row), list(row.values()))
        self._audit(
            conn,
            at=now,
            user=user,
            entity="round",
            entity_id=new_id,
            changes=[("created", None, record.model_dump(mode="json"))],
            partnership_id=partnership_id,
            round_id=new_id,
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
                conn,
                at=self._now(),
                user=user,
                entity="round",
                entity_id=round_id,
                changes=[(c, old_data[c], new_data[c]) for c in changes],
                partnership_id=current.partnership_id,
                round_id=round_id,
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
                conn,
                at=now,
                user=user,
                entity="round",
                entity_id=round_id,
                changes=[("status", "open", "closed")],
                partnership_id=current.partnership_id,
                round_id=round_id,
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
                conn,
                previous.partnership_id,
                label,
                as_of,
                questionnaire_id=previous.questionnaire_id,
                questionnaire_version=questionnaire_version or previous.questionnaire_version,
                user=user,
                dates=dates if dates is not None else previous.dates,
                round_id=round_id,
                carried_from=previous.id,
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
                    {
                        **dict(r),
                        "round_id": new.id,
                        "revision": 1,
                        "updated_by": user,
                        "updated_at": now,
                    }
                    for r in action_rows
                ]
                if carried:
                    columns = list(carried[0])
                    conn.executemany(
                        insert_sql("actions", columns), [[r[c] for c in columns] for r in carried]
                    )
                actions_copied = len(carried)
            self._audit(
                conn,
                at=self._now(),
                user=user,
                entity="round",
                entity_id=new.id,
                changes=[
                    ("carried_forward_from", None, from_round_id),
                    ("answers_carried_forward", None, len(copied)),
                    ("actions_carried_forward", None, actions_copied),
                ],
                partnership_id=new.partnership_id,
                round_id=new.id,
            )
            if close_previous and previous.status == "open":
                now_dt = self._now()
                conn.execute(
                    "UPDATE rounds SET status = 'closed', closed_at = ? WHERE id = ?",
                    [timestamp(now_dt), previous.id],
                )
                self._audit(
                    conn,
                    at=now_dt,
                    user=user,
                    entity="round",
                    entity_id=previous.id,
                    changes=[("status", "open", "closed")],
                    partnership_id=previous.partnership_id,
                    round_id=previous.id,
                )
            return new
