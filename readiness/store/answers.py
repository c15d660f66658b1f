"""Answers: saving a form (with revisions and conflicts), confirming, reading."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

from readiness.store._db import StoreBase
from readiness.store._sql import dump_json, load_json, row_to_data, timestamp, update_sql
from readiness.store.errors import NotFoundError, StoreError
from readiness.store.records import AnswerInput, Conflict, Round, SaveResult, StoredAnswer

_ANSWER_FIELDS = ("value", "na_reason", "evidence", "evidence_links", "comment")


class AnswersMixin(StoreBase):
    """Each agency's answers in a round."""

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
            question_id=question_id,
            value=value,
            na_reason=na_reason,
            evidence=evidence,
            evidence_links=list(evidence_links),
            comment=comment,
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
                conn,
                current_round,
                agency_id,
                answers,
                encoded,
                existing=existing,
                now=self._now(),
                user=user,
            )
            return SaveResult(saved=saved)

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
                    round_id=round_.id,
                    agency_id=agency_id,
                    question_id=item.question_id,
                    expected_revision=item.expected_revision,
                    yours=item,
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
                conn=conn,
                round_=round_,
                agency_id=agency_id,
                question_id=item.question_id,
                encoded=encoded[item.question_id],
                row=existing.get(item.question_id),
                now=now,
                user=user,
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
                    round_.id,
                    agency_id,
                    question_id,
                    encoded["value"],
                    encoded["na_reason"],
                    encoded["evidence"],
                    encoded["evidence_links"],
                    encoded["comment"],
                    user,
                    timestamp(now),
                ],
            )
            changes = [
                (
                    field,
                    None,
                    load_json(encoded[field]) if field in _JSON_FIELDS else encoded[field],
                )
                for field in _ANSWER_FIELDS
                if encoded[field] not in (None, "", "[]")
            ] or [("value", None, None)]
            self._audit(
                conn,
                at=now,
                user=user,
                entity="answer",
                entity_id=entity_id,
                changes=changes,
                partnership_id=round_.partnership_id,
                round_id=round_.id,
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
            conn,
            at=now,
            user=user,
            entity="answer",
            entity_id=entity_id,
            changes=audit,
            partnership_id=round_.partnership_id,
            round_id=round_.id,
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
                    question_id=question_id,
                    value=current.value,
                    na_reason=current.na_reason,
                    evidence=current.evidence,
                    evidence_links=current.evidence_links,
                    comment=current.comment,
                    expected_revision=expected_revision,
                )
                return SaveResult(
                    conflicts=[
                        Conflict(
                            round_id=round_id,
                            agency_id=agency_id,
                            question_id=question_id,
                            expected_revision=expected_revision,
                            yours=yours,
                            theirs=current,
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
                conn,
                at=now,
                user=user,
                entity="answer",
                entity_id=f"{round_id}/{agency_id}/{question_id}",
                changes=[("status", "to_reconfirm", "confirmed")],
                partnership_id=current_round.partnership_id,
                round_id=round_id,
            )
            return SaveResult(
                saved=[
                    current.model_copy(
                        update={
                            "status": "confirmed",
                            "revision": revision,
                            "updated_by": user,
                            "updated_at": now,
                        }
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


_JSON_FIELDS = frozenset({"value", "evidence_links"})


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
