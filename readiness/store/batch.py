"""Several agencies' answers and several action edits in one transaction (workbook import)."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence

from readiness.store.actions import ActionsMixin, _PlannedEdit
from readiness.store.answers import AnswersMixin
from readiness.store.errors import StoreError
from readiness.store.records import (
    ActionConflict,
    ActionEdit,
    AnswerInput,
    BatchResult,
    Conflict,
    StoredAnswer,
)


class BatchMixin(AnswersMixin, ActionsMixin):
    """Answers and action edits saved together, all or nothing."""

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
                        conn,
                        round_,
                        agency_id,
                        items,
                        encoded[agency_id],
                        existing=existing,
                        now=now,
                        user=user,
                    )
                )
            actions = [
                self._update_action(
                    conn,
                    round_,
                    plan.current,
                    plan.update,
                    user=user,
                    now=now,
                    cleared=plan.cleared,
                )
                for plan in planned
            ]
            return BatchResult(answers=saved, actions=actions)
