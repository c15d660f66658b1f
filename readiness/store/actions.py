"""The action plan: generated actions kept in line with the scores, edits, own actions."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from readiness.store._db import StoreBase
from readiness.store._sql import insert_sql, record_to_row, update_sql
from readiness.store.errors import NotFoundError, StoreError
from readiness.store.records import (
    ActionConflict,
    ActionDraft,
    ActionEdit,
    ActionSaveResult,
    ActionStatus,
    Rag,
    Round,
    StoredAction,
    SyncReport,
)


class ActionsMixin(StoreBase):
    """A round's action plan."""

    # ------------------------------------------------------------------ actions

    def actions_for(self, round_id: str, *, include_inactive: bool = False) -> list[StoredAction]:
        """A round's action plan by priority; removed and resolved actions only on request."""
        with self._read() as conn:
            self._round(conn, round_id)
            sql = "SELECT * FROM actions WHERE round_id = ?"
            if not include_inactive:
                sql += " AND removed = 0 AND obsolete = 0"
            return self._all(
                conn,
                "actions",
                StoredAction,
                sql + " ORDER BY removed, obsolete, priority, id",
                [round_id],
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
                    conn,
                    "actions",
                    StoredAction,
                    "SELECT * FROM actions WHERE round_id = ?",
                    [round_id],
                )
            }
            owners = self._single_owner_by_role(conn, round_.partnership_id)
            report: dict[str, list[str]] = {
                "added": [],
                "refreshed": [],
                "resolved": [],
                "reopened": [],
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
                            **generated,
                            "round_id": round_id,
                            "id": draft.id,
                            "source": "generated",
                            "owner_agency_id": owners.get(draft.owner_role),
                            "due": draft.due,
                            "updated_by": user,
                            "updated_at": now,
                        }
                    )
                    self._insert_action(conn, action)
                    self._audit(
                        conn,
                        at=now,
                        user=user,
                        entity="action",
                        entity_id=f"{round_id}/{draft.id}",
                        changes=[("created", None, action.model_dump(mode="json"))],
                        partnership_id=round_.partnership_id,
                        round_id=round_id,
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
                if (
                    current.source == "generated"
                    and not current.obsolete
                    and (action_id not in seen)
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
            conn,
            at=now,
            user=user,
            entity="action",
            entity_id=f"{round_.id}/{current.id}",
            changes=[(c, old_data[c], None if c in cleared else new_data[c]) for c in update],
            partnership_id=round_.partnership_id,
            round_id=round_.id,
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
                round_id=round_id,
                id=f"manual-{number}",
                source="manual",
                priority=priority,
                question_id=question_id,
                domain_id=domain_id,
                requirement_ids=list(requirement_ids),
                text=text,
                success_measure=success_measure,
                owner_agency_id=owner_agency_id,
                lead_person=lead_person,
                due=due,
                due_edited=due is not None,
                status=status,
                rag=rag,
                notes=notes,
                updated_by=user,
                updated_at=now,
            )
            self._insert_action(conn, action)
            self._audit(
                conn,
                at=now,
                user=user,
                entity="action",
                entity_id=f"{round_id}/{action.id}",
                changes=[("created", None, action.model_dump(mode="json"))],
                partnership_id=round_.partnership_id,
                round_id=round_id,
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
                conn,
                round_,
                plan.current,
                plan.update,
                user=user,
                now=self._now(),
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
            updated = self._update_action(conn, round_, current, update, user=user, now=self._now())
            return ActionSaveResult(action=updated)


@dataclass(frozen=True)
class _PlannedEdit:
    """An action edit that has been checked and is ready to write."""

    current: StoredAction
    update: dict[str, Any]
    cleared: frozenset[str]
