"""What a workbook is built from: one round of one partnership, as the store's records."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from readiness.store.records import Agency, Partnership, Round, StoredAction, StoredAnswer


class WorkbookSource(BaseModel):
    """A partnership's round with its member agencies, saved answers and action plan.

    The CLI and the UI read these from the store; tests build them directly.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    partnership: Partnership
    round: Round
    agencies: list[Agency] = Field(default_factory=list)
    answers: list[StoredAnswer] = Field(default_factory=list)
    actions: list[StoredAction] = Field(default_factory=list)

    def agency(self, agency_id: str) -> Agency | None:
        return next((a for a in self.agencies if a.id == agency_id), None)

    def answer(self, agency_id: str, question_id: str) -> StoredAnswer | None:
        return next(
            (a for a in self.answers if a.agency_id == agency_id and a.question_id == question_id),
            None,
        )

    def answers_by_key(self) -> dict[tuple[str, str], StoredAnswer]:
        return {(a.agency_id, a.question_id): a for a in self.answers}
