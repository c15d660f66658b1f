"""Glue between the store and the pure workbook code, shared by the CLI and the UI.

The store object is passed in by the caller; this module never imports SQLite. Exports take the
time to print as an argument, and imports only write through :func:`apply_changes`, after the
user has seen the change preview and confirmed it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from readiness.bundle import ContentBundle
from readiness.excel.importer import (
    ChangeSet,
    Chosen,
    ImportOutcome,
    WorkbookProblem,
    check_workbook,
    open_workbook,
    place,
)
from readiness.excel.pack import build_pack
from readiness.excel.plan import build_action_plan
from readiness.excel.source import WorkbookSource
from readiness.scoring import ScoringResult
from readiness.services.results import score_answer_set
from readiness.store.errors import NotFoundError, StoreError
from readiness.store.records import AnswerInput
from readiness.what_works import shipped_what_works

if TYPE_CHECKING:
    from readiness.store import Store

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def load_source(store: Store, round_id: str) -> WorkbookSource:
    """The round, its partnership, member agencies, answers and every action."""
    round_ = store.get_round(round_id)
    return WorkbookSource(
        partnership=store.get_partnership(round_.partnership_id),
        round=round_,
        agencies=store.list_agencies(round_.partnership_id),
        answers=store.answers_for(round_id),
        actions=store.actions_for(round_id, include_inactive=True),
    )


def round_result(store: Store, bundle: ContentBundle, round_id: str) -> ScoringResult:
    """The round scored with ``bundle`` (``services.results.score_answer_set``)."""
    return score_answer_set(bundle, store.round_answer_set(round_id))


def plan_workbook(
    store: Store,
    bundle: ContentBundle,
    round_id: str,
    *,
    generated_at: dt.datetime,
    agency_id: str | None = None,
    user: str = "export",
    sync: bool = True,
) -> bytes:
    """The action-plan workbook for a round.

    When the round is open the saved plan is first brought in line with the latest scores
    (``sync_generated_actions``: partners' edits are kept), so that the actions in the workbook
    are saved ones whose updates can be imported back.
    """
    result = round_result(store, bundle, round_id)
    if sync and store.get_round(round_id).status == "open":
        store.sync_generated_actions(round_id, result.actions, user=user)
    source = load_source(store, round_id)
    return build_action_plan(
        bundle,
        source,
        result,
        generated_at=generated_at,
        agency_id=agency_id,
        what_works=shipped_what_works(bundle),
    )


def pack_workbook(
    store: Store,
    bundle: ContentBundle,
    round_id: str,
    *,
    generated_at: dt.datetime,
    agency_id: str | None = None,
) -> bytes:
    """The offline questionnaire pack for one agency (or every member agency)."""
    return build_pack(
        bundle, load_source(store, round_id), generated_at=generated_at, agency_id=agency_id
    )


def preview_upload(
    store: Store,
    bundle: ContentBundle,
    data: bytes,
    *,
    expected_partnership: str | None = None,
    expected_round: str | None = None,
) -> ImportOutcome:
    """Every problem with an uploaded workbook, or the changes it would make. Writes nothing."""
    opened, problems = open_workbook(data)
    if opened is None:
        return ImportOutcome(problems=problems)
    try:
        meta = opened.meta
        try:
            source = load_source(store, meta.round_id)
        except NotFoundError:
            return ImportOutcome(
                meta=meta,
                problems=[
                    WorkbookProblem(
                        message=(
                            "This workbook is for "
                            f"{place(meta.partnership_name, meta.round_label)}, which is not "
                            "in this database. Check you are using the right copy of the tool, "
                            "or download a fresh workbook."
                        )
                    )
                ],
            )
        chosen = _chosen(store, source, expected_partnership, expected_round)
        return check_workbook(opened, bundle, source, chosen=chosen)
    finally:
        opened.workbook.close()


def _chosen(
    store: Store,
    source: WorkbookSource,
    partnership_id: str | None,
    round_id: str | None,
) -> Chosen | None:
    """The partnership and round the person chose, with their names (None: the workbook's)."""
    if partnership_id is None and round_id is None:
        return None
    round_ = store.get_round(round_id) if round_id is not None else source.round
    partnership = store.get_partnership(partnership_id or round_.partnership_id)
    return Chosen(partnership.id, partnership.name, round_.id, round_.label)


class ApplyResult(BaseModel):
    """What saving a change set did."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    answers_saved: int = 0
    actions_saved: int = 0
    problems: list[str] = Field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if self.ok:
            return (
                f"Saved {self.answers_saved} answer(s) and {self.actions_saved} action update(s)."
            )
        return "Nothing from the workbook was saved. " + " ".join(self.problems)


def apply_changes(store: Store, changes: ChangeSet, *, user: str) -> ApplyResult:
    """Save a confirmed change set through the store (revisions and audit log included).

    Everything in the workbook is saved in one all-or-nothing transaction
    (:meth:`Store.apply_batch`): if someone changed an answer or an action in the tool since
    the preview, nothing is saved and every such conflict is reported.
    """
    by_agency: dict[str, list[AnswerInput]] = {}
    for change in changes.answers:
        new = change.new
        by_agency.setdefault(change.agency_id, []).append(
            AnswerInput(
                question_id=change.question_id,
                value=new.value,
                na_reason=new.na_reason,
                evidence=new.evidence,
                evidence_links=new.evidence_links,
                comment=new.comment,
                expected_revision=change.expected_revision,
            )
        )
    edits = [(a.action_id, a.edit, a.expected_revision) for a in changes.actions]
    try:
        result = store.apply_batch(changes.round_id, by_agency, edits, user=user)
    except StoreError as exc:
        return ApplyResult(problems=[str(exc)])
    if not result.ok:
        return ApplyResult(problems=result.messages)
    return ApplyResult(answers_saved=len(result.answers), actions_saved=len(result.actions))
