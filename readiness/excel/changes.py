"""What a valid workbook would change: answers and actions, old and new, and the problems
found in one that is not valid (sheet, cell, what is expected)."""

from __future__ import annotations

from pydantic import Field

from readiness.bundle import ContentBundle
from readiness.excel import layout as L
from readiness.excel.metadata import (
    Frozen,
    WorkbookMeta,
)
from readiness.store.records import ActionEdit

# --------------------------------------------------------------------------- results


class WorkbookProblem(Frozen):
    """One thing wrong with an uploaded workbook: where it is and what is expected."""

    sheet: str | None = None
    cell: str | None = None
    message: str

    @property
    def where(self) -> str:
        if self.sheet and self.cell:
            return f"Sheet '{self.sheet}', cell {self.cell}"
        if self.sheet:
            return f"Sheet '{self.sheet}'"
        return "The file"

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class AnswerChange(Frozen):
    """An agency's answer that the workbook would change."""

    agency_id: str
    agency_name: str
    role: str
    question_id: str
    question_text: str
    cell: str
    old: L.AnswerFields | None
    new: L.AnswerFields
    expected_revision: int | None


class FieldChange(Frozen):
    field: str
    old: str
    new: str


class ActionChange(Frozen):
    """An action whose lead, due date, status, RAG or notes the workbook would change."""

    action_id: str
    action_text: str
    cell: str
    expected_revision: int
    edit: ActionEdit
    fields: list[FieldChange]


class PreviewRow(Frozen):
    """One line of the change preview: what, which field, old value, new value."""

    item: str
    field: str
    old: str
    new: str


class ChangeSet(Frozen):
    """Everything a valid workbook would change. Applying it is the caller's job."""

    kind: str
    partnership_id: str
    round_id: str
    agency_id: str | None
    answers: list[AnswerChange] = Field(default_factory=list)
    actions: list[ActionChange] = Field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.answers and not self.actions

    def summary(self) -> str:
        if self.is_empty:
            return "The workbook is valid. It does not change anything."
        parts = []
        if self.answers:
            n = len(self.answers)
            parts.append(f"{n} answer{'s' if n != 1 else ''}")
        if self.actions:
            n = len(self.actions)
            parts.append(f"{n} action{'s' if n != 1 else ''}")
        return f"The workbook is valid. It would change {' and '.join(parts)}."

    def preview(self, bundle: ContentBundle) -> list[PreviewRow]:
        rows: list[PreviewRow] = []
        for change in self.answers:
            question = bundle.questions.get(change.question_id)
            old = change.old or L.AnswerFields()
            item = f"{change.agency_name}: {change.question_id} {change.question_text}"
            for name, label in (
                ("value", "Answer"),
                ("na_reason", "Not applicable reason"),
                ("evidence", "Evidence"),
                ("evidence_links", "Evidence links"),
                ("comment", "Comment"),
            ):
                before, after = getattr(old, name), getattr(change.new, name)
                if before == after:
                    continue
                if name == "value":
                    shown = (L.describe_value(question, before), L.describe_value(question, after))
                elif name == "evidence_links":
                    shown = ("\n".join(before), "\n".join(after))
                else:
                    shown = (str(before), str(after))
                rows.append(
                    PreviewRow(
                        item=item, field=label, old=shown[0] or "(empty)", new=shown[1] or "(empty)"
                    )
                )
        for action in self.actions:
            for edited in action.fields:
                rows.append(
                    PreviewRow(
                        item=f"Action {action.action_id}: {action.action_text}",
                        field=edited.field,
                        old=edited.old or "(empty)",
                        new=edited.new or "(empty)",
                    )
                )
        return rows


class ImportOutcome(Frozen):
    meta: WorkbookMeta | None = None
    problems: list[WorkbookProblem] = Field(default_factory=list)
    changes: ChangeSet | None = None

    @property
    def ok(self) -> bool:
        return not self.problems and self.changes is not None
