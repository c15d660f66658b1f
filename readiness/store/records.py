"""The records the store takes and returns: pydantic models, never dicts.

This module is pure (no SQLite) so that the demo-data generator and the backup format can use
it without touching a database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Annotated, Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from readiness.models import Nation, RecordedDates

#: Ids used by the store: lower case letters, digits, ".", "_" and "-".
StoreId = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]*$", min_length=1, max_length=120),
]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]

PartnershipType = Literal["csp", "duty_partnership", "vru_area"]

RoundStatus = Literal["open", "closed"]
AnswerStatus = Literal["confirmed", "to_reconfirm"]

ActionStatus = Literal["Not started", "In progress", "Completed", "Blocked"]
ACTION_STATUSES: tuple[ActionStatus, ...] = ("Not started", "In progress", "Completed", "Blocked")
Rag = Literal["Red", "Amber", "Green"]
RAGS: tuple[Rag, ...] = ("Red", "Amber", "Green")
ActionSource = Literal["generated", "manual"]


class Record(BaseModel):
    """Frozen record that refuses unknown fields."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --------------------------------------------------------------------------- organisation


class Region(Record):
    """A Violence Reduction Unit or Network area."""

    id: StoreId
    name: Name
    description: str = ""
    is_demo: bool = False


class Partnership(Record):
    """A Community Safety Partnership or Duty partnership."""

    id: StoreId
    name: Name
    region_id: StoreId
    nation: Nation
    local_government_areas: list[Name] = Field(default_factory=list)
    partnership_type: PartnershipType = "csp"
    lead_agency_id: StoreId | None = None
    is_demo: bool = False


class Agency(Record):
    """A member organisation; ``role_id`` comes from the roles vocabulary."""

    id: StoreId
    name: Name
    role_id: StoreId


class Membership(Record):
    """An agency sits in a partnership (an agency may sit in several)."""

    partnership_id: StoreId
    agency_id: StoreId


# --------------------------------------------------------------------------- rounds


class Round(Record):
    """One assessment round of one partnership, e.g. "2026/27"."""

    id: StoreId
    partnership_id: StoreId
    questionnaire_id: StoreId
    questionnaire_version: str = Field(min_length=1, max_length=20)
    label: Name
    as_of: dt.date
    dates: RecordedDates = Field(default_factory=RecordedDates)
    status: RoundStatus = "open"
    carried_from_round_id: StoreId | None = None
    created_at: dt.datetime
    closed_at: dt.datetime | None = None


# --------------------------------------------------------------------------- answers


class AnswerInput(Record):
    """What an agency submits for one question.

    ``expected_revision`` is the revision the agency's form was showing: ``None`` means "I
    expect there is no answer yet".
    """

    question_id: StoreId
    value: Any = None
    na_reason: str = ""
    evidence: str = ""
    evidence_links: list[str] = Field(default_factory=list)
    comment: str = ""
    expected_revision: int | None = Field(default=None, ge=1)


class StoredAnswer(Record):
    """One agency's saved answer to one question in one round."""

    round_id: StoreId
    agency_id: StoreId
    question_id: StoreId
    value: Any = None
    na_reason: str = ""
    evidence: str = ""
    evidence_links: list[str] = Field(default_factory=list)
    comment: str = ""
    updated_by: str
    updated_at: dt.datetime
    revision: int = Field(ge=1)
    status: AnswerStatus = "confirmed"

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence.strip()) or bool(self.evidence_links)


class Conflict(Record):
    """Someone else changed an answer after the form was opened; nothing was written."""

    round_id: StoreId
    agency_id: StoreId
    question_id: StoreId
    expected_revision: int | None
    yours: AnswerInput
    theirs: StoredAnswer | None  # None when their answer has since been removed

    @property
    def message(self) -> str:
        if self.theirs is None:
            return (
                f"The answer to {self.question_id} has changed since you opened this page. "
                "Check it and save again."
            )
        when = self.theirs.updated_at.strftime("%d %B %Y at %H:%M")
        return (
            f"{self.theirs.updated_by} changed the answer to {self.question_id} on {when} "
            "after you opened this page. Your answer has not been saved. Compare the two "
            "answers, then save again."
        )


class SaveResult(Record):
    """The outcome of saving one or more answers: either everything saved or nothing."""

    saved: list[StoredAnswer] = Field(default_factory=list)
    conflicts: list[Conflict] = Field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.conflicts

    @property
    def answer(self) -> StoredAnswer | None:
        return self.saved[0] if self.saved else None

    @property
    def conflict(self) -> Conflict | None:
        return self.conflicts[0] if self.conflicts else None


# --------------------------------------------------------------------------- actions


class ActionDraft(Protocol):
    """A draft action as produced by the scoring engine (any object with these attributes)."""

    @property
    def id(self) -> str: ...
    @property
    def priority(self) -> int: ...
    @property
    def question_id(self) -> str | None: ...
    @property
    def domain_id(self) -> str: ...
    @property
    def requirement_ids(self) -> Sequence[str]: ...
    @property
    def owner_role(self) -> str: ...
    @property
    def due(self) -> dt.date: ...
    @property
    def text(self) -> str: ...
    @property
    def gap(self) -> str: ...
    @property
    def success_measure(self) -> str | None: ...
    @property
    def statutory(self) -> bool: ...


class DraftAction(Record):
    """A concrete :class:`ActionDraft` (used by the demo data and tests)."""

    id: str = Field(min_length=1, max_length=120)
    priority: int
    question_id: str
    domain_id: str
    requirement_ids: list[str] = Field(default_factory=list)
    owner_role: str
    due: dt.date
    text: str
    gap: str
    success_measure: str | None = None
    statutory: bool = False


class StoredAction(Record):
    """One action in a round's action plan.

    Generated actions come from the scoring engine's drafts; the partnership edits the owner
    agency, lead person, due date, status, RAG and notes, and those edits survive a re-sync.
    ``obsolete`` is set when the gap behind a generated action has gone; ``removed`` when
    someone takes the action off the plan.
    """

    round_id: StoreId
    id: str = Field(min_length=1, max_length=120)
    source: ActionSource
    priority: int = 0
    question_id: str | None = None
    domain_id: str | None = None
    requirement_ids: list[str] = Field(default_factory=list)
    owner_role: str | None = None
    text: str = Field(min_length=1)
    gap: str = ""
    success_measure: str | None = None
    statutory: bool = False
    generated_due: dt.date | None = None
    owner_agency_id: StoreId | None = None
    lead_person: str = ""
    due: dt.date | None = None
    due_edited: bool = False
    status: ActionStatus = "Not started"
    rag: Rag | None = None
    notes: str = ""
    obsolete: bool = False
    removed: bool = False
    revision: int = Field(default=1, ge=1)
    updated_by: str
    updated_at: dt.datetime

    @property
    def is_current(self) -> bool:
        """Whether the action belongs on the plan (not removed, gap not resolved)."""
        return not (self.obsolete or self.removed)


ClearableField = Literal["owner_agency_id", "lead_person", "due", "rag", "notes", "success_measure"]
#: What each clearable field holds once cleared (text fields hold "", the others nothing).
CLEARED_VALUES: dict[str, Any] = {
    "owner_agency_id": None,
    "lead_person": "",
    "due": None,
    "rag": None,
    "notes": "",
    "success_measure": None,
}


class ActionEdit(Record):
    """The fields a partnership may edit on an action.

    A field left at ``None`` is left unchanged. To empty a field, name it in ``clear``:
    ``ActionEdit(clear={"rag"})`` removes the RAG rating. Setting a clearable field explicitly
    to ``None`` (``ActionEdit(rag=None)``) means the same and is turned into ``clear``, so
    ``model_fields_set`` never decides what happens. Status and wording cannot be emptied.
    """

    owner_agency_id: StoreId | None = None
    lead_person: str | None = None
    due: dt.date | None = None
    status: ActionStatus | None = None
    rag: Rag | None = None
    notes: str | None = None
    text: str | None = Field(default=None, min_length=1)
    success_measure: str | None = None
    clear: frozenset[ClearableField] = frozenset()

    @model_validator(mode="before")
    @classmethod
    def _explicit_none_clears(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        nones = {k for k, v in data.items() if v is None and k != "clear"}
        if not nones:
            return data
        cleaned = {k: v for k, v in data.items() if k not in nones}
        wanted = nones & set(CLEARED_VALUES)
        if wanted:
            cleaned["clear"] = frozenset(cleaned.get("clear") or ()) | wanted
        return cleaned

    @model_validator(mode="after")
    def _not_set_and_cleared(self) -> ActionEdit:
        both = sorted(f for f in self.clear if getattr(self, f) is not None)
        if both:
            raise ValueError(
                f"{', '.join(both)} cannot be both given a new value and cleared in one edit"
            )
        return self

    def requested(self) -> dict[str, Any]:
        """Field -> new value for every field this edit sets or clears."""
        values: dict[str, Any] = {
            f: getattr(self, f)
            for f in type(self).model_fields
            if f != "clear" and getattr(self, f) is not None
        }
        values.update({f: CLEARED_VALUES[f] for f in sorted(self.clear)})
        return values


class ActionConflict(Record):
    """Someone else changed the action after the form was opened; nothing was written."""

    action_id: str
    expected_revision: int
    theirs: StoredAction

    @property
    def message(self) -> str:
        when = self.theirs.updated_at.strftime("%d %B %Y at %H:%M")
        return (
            f"{self.theirs.updated_by} changed this action on {when} after you opened this "
            "page. Your changes have not been saved. Check the action and save again."
        )


class ActionSaveResult(Record):
    action: StoredAction | None = None
    conflict: ActionConflict | None = None

    @property
    def ok(self) -> bool:
        return self.conflict is None


class SyncReport(Record):
    """What :meth:`Store.sync_generated_actions` did."""

    added: list[str] = Field(default_factory=list)
    refreshed: list[str] = Field(default_factory=list)
    resolved: list[str] = Field(default_factory=list)
    reopened: list[str] = Field(default_factory=list)


class BatchResult(Record):
    """What :meth:`Store.apply_batch` saved, or (having saved nothing) every conflict."""

    answers: list[StoredAnswer] = Field(default_factory=list)
    actions: list[StoredAction] = Field(default_factory=list)
    conflicts: list[Conflict] = Field(default_factory=list)
    action_conflicts: list[ActionConflict] = Field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.conflicts or self.action_conflicts)

    @property
    def messages(self) -> list[str]:
        """One plain-English message per conflict, answers first."""
        return [c.message for c in self.conflicts] + [c.message for c in self.action_conflicts]


# --------------------------------------------------------------------------- audit


class AuditEntry(Record):
    """One line of the append-only audit log."""

    at: dt.datetime
    user: str
    entity: str
    entity_id: str
    field: str
    old_value: Any = None
    new_value: Any = None
    partnership_id: str | None = None
    round_id: str | None = None


# --------------------------------------------------------------------------- score cache


class ScoreKey(Record):
    """Everything a round's scoring result depends on.

    A cached result is reused only when every field is the same as when it was saved.
    ``answers_digest`` (``Store.answer_digests``) covers everything the round's answer set is
    built from, the partnership context too (nation, "as of" date, recorded dates, lead
    agency).
    """

    round_id: str
    answers_digest: str
    questionnaire_id: str
    questionnaire_version: str
    bundle_digest: str
    nation: Nation
    scoring_version: int
    result_format: str


class CachedScore(Record):
    """A scoring result (JSON text, in the format ``key.result_format`` names) and its key."""

    key: ScoreKey
    result: str


# --------------------------------------------------------------------------- listings


class RoundSummary(Record):
    id: str
    partnership_id: str
    label: str
    status: RoundStatus


# --------------------------------------------------------------------------- backup

FORMAT = "svd-readiness-backup"
FORMAT_VERSION = 1
MAX_PROBLEMS = 200


class BackupDocument(Record):
    """The export format (version 1)."""

    format: Literal["svd-readiness-backup"] = "svd-readiness-backup"
    format_version: Literal[1] = 1
    exported_at: dt.datetime
    partnership_id: str | None = None
    regions: list[Region] = Field(default_factory=list)
    agencies: list[Agency] = Field(default_factory=list)
    partnerships: list[Partnership] = Field(default_factory=list)
    memberships: list[Membership] = Field(default_factory=list)
    rounds: list[Round] = Field(default_factory=list)
    answers: list[StoredAnswer] = Field(default_factory=list)
    actions: list[StoredAction] = Field(default_factory=list)
    audit_log: list[AuditEntry] = Field(default_factory=list)


class ImportProblem(Record):
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class ImportReport(Record):
    """What an import did, or why it did nothing."""

    ok: bool
    problems: list[ImportProblem] = Field(default_factory=list)
    added: dict[str, int] = Field(default_factory=dict)
    already_present: dict[str, int] = Field(default_factory=dict)

    def summary(self) -> str:
        if not self.ok:
            count = len(self.problems)
            return (
                f"The file was not imported because it has {count} "
                f"problem{'s' if count != 1 else ''}. Nothing was changed."
            )
        parts = [_count(n, name) for name, n in self.added.items() if n]
        return "Imported " + (", ".join(parts) if parts else "nothing new") + "."


_SINGULAR = {
    "regions": "region",
    "agencies": "agency",
    "partnerships": "partnership",
    "memberships": "membership",
    "rounds": "round",
    "answers": "answer",
    "actions": "action",
    "audit_entries": "audit entry",
}


def _count(n: int, name: str) -> str:
    return f"{n} {_SINGULAR.get(name, name) if n == 1 else name.replace('_', ' ')}"
