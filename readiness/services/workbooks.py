"""Workbooks: preview an upload (writes nothing), apply a confirmed one (one transaction),
and the downloads. Wraps :mod:`readiness.excel.service`."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from readiness.bundle import ContentBundle
from readiness.excel import service as excel
from readiness.excel.changes import ChangeSet, ImportOutcome
from readiness.services.actions import sync_generated
from readiness.services.actor import Actor

if TYPE_CHECKING:
    from readiness.store import Store

ApplyResult = excel.ApplyResult


def preview(
    actor: Actor,
    store: Store,
    bundle: ContentBundle,
    data: bytes,
    *,
    expected_partnership: str | None = None,
    expected_round: str | None = None,
) -> ImportOutcome:
    """Every problem with an uploaded workbook, or the changes it would make."""
    del actor  # access checks will go here
    return excel.preview_upload(
        store,
        bundle,
        data,
        expected_partnership=expected_partnership,
        expected_round=expected_round,
    )


def apply(actor: Actor, store: Store, bundle: ContentBundle, changes: ChangeSet) -> ApplyResult:
    """Save a confirmed change set and sync the generated actions, in one transaction."""
    with store.transaction():
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
) -> bytes:
    """The action-plan workbook (an open round's plan is brought up to date first)."""
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
    """The offline questionnaire pack for one agency, or every member agency."""
    del actor
    return excel.pack_workbook(
        store, bundle, round_id, generated_at=generated_at, agency_id=agency_id
    )
