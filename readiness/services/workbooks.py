"""Workbooks: preview an upload (writes nothing), apply a confirmed one (one transaction),
and the downloads. Wraps :mod:`readiness.excel.service`.

Access: a workbook for one agency may be imported by whoever may import that agency's pack (a
respondent for their own agency); any other import needs the right to confirm any import for
the partnership. The whole action plan is for those who may download it; one agency's plan
and pack for those who may download that agency's.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from readiness.access.policy import Permission, Target, decide
from readiness.bundle import ContentBundle
from readiness.excel import service as excel
from readiness.excel.changes import ChangeSet, ImportOutcome
from readiness.services.access import may, require_for_round, round_target
from readiness.services.actions import sync_generated
from readiness.services.actor import AccessRefusedError, Actor

if TYPE_CHECKING:
    from readiness.store import Store

ApplyResult = excel.ApplyResult


def _may_import(actor: Actor, target: Target) -> bool:
    """Whether the actor may import a workbook for ``target`` (an agency, or any agency of
    a respondent's own when ``target`` names none: the form before the file is read)."""
    if may(actor, Permission.CONFIRM_ANY_IMPORT, target):
        return True
    if target.agency_id is not None:
        return may(actor, Permission.IMPORT_AGENCY_PACK, target)
    own = {g.agency_id for g in actor.grants or () if g.agency_id is not None}
    return any(
        may(
            actor, Permission.IMPORT_AGENCY_PACK, Target(target.region_id, target.partnership_id, a)
        )
        for a in sorted(own)
    )


def _require_import(actor: Actor, store: Store, round_id: str, agency_id: str | None) -> None:
    if actor.grants is None:
        return
    target = round_target(store, round_id, agency_id)
    if not _may_import(actor, target):
        # the policy's words for this permission: the same whatever the round is
        raise AccessRefusedError(decide([], Permission.IMPORT_AGENCY_PACK, target).because)


def preview(
    actor: Actor,
    store: Store,
    bundle: ContentBundle,
    data: bytes,
    *,
    expected_partnership: str | None = None,
    expected_round: str | None = None,
) -> ImportOutcome:
    """Every problem with an uploaded workbook, or the changes it would make.

    Refused before the file is read unless the actor may import a workbook into
    ``expected_round``; then refused (nothing of the comparison shown) unless they may import
    the workbook's own round and agency."""
    if expected_round is not None:
        _require_import(actor, store, expected_round, None)
    outcome = excel.preview_upload(
        store,
        bundle,
        data,
        expected_partnership=expected_partnership,
        expected_round=expected_round,
    )
    if outcome.meta is not None:
        agency_id = outcome.changes.agency_id if outcome.changes else outcome.meta.agency_id
        _require_import(actor, store, outcome.meta.round_id, agency_id)
    return outcome


def apply(actor: Actor, store: Store, bundle: ContentBundle, changes: ChangeSet) -> ApplyResult:
    """Save a confirmed change set and sync the generated actions, in one transaction.
    Refused unless the actor may import a workbook for the change set's round and agency."""
    with store.transaction():
        _require_import(actor, store, changes.round_id, changes.agency_id)
        result = excel.apply_changes(store, changes, user=actor.name)
        if result.ok and changes.answers:
            sync_generated(actor, store, bundle, changes.round_id)
        return result


def plan_workbook(
    actor: Actor,
    store: Store,
    bundle: ContentBundle,
    round_id: str,
    *,
    generated_at: dt.datetime,
    agency_id: str | None = None,
    sync: bool = True,
) -> bytes:
    """The action-plan workbook (an open round's plan is brought up to date first): the whole
    plan, or one agency's (``agency_id``), for those who may download it. ``sync=False``:
    built from the saved actions without changing them (a page that has synced already)."""
    if agency_id is None:
        require_for_round(actor, store, Permission.DOWNLOAD_PLAN, round_id)
    elif not may(actor, Permission.DOWNLOAD_PLAN, round_target(store, round_id)):
        require_for_round(actor, store, Permission.DOWNLOAD_AGENCY_PLAN, round_id, agency_id)
    if sync:
        with store.transaction():
            sync_generated(actor, store, bundle, round_id)
    return excel.plan_workbook(
        store, bundle, round_id, generated_at=generated_at, agency_id=agency_id, sync=False
    )


def pack_workbook(
    actor: Actor,
    store: Store,
    bundle: ContentBundle,
    round_id: str,
    *,
    generated_at: dt.datetime,
    agency_id: str | None = None,
) -> bytes:
    """The offline questionnaire pack for one agency, or every member agency (for those who
    may download every agency's pack: not a respondent)."""
    require_for_round(actor, store, Permission.DOWNLOAD_PACK, round_id, agency_id)
    return excel.pack_workbook(
        store, bundle, round_id, generated_at=generated_at, agency_id=agency_id
    )
