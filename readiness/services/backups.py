"""Backups: export a partnership (or everything) as JSON, import a backup all or nothing."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from readiness.bundle import ContentBundle
from readiness.services.actor import Actor
from readiness.store.backup import check_content
from readiness.store.records import MAX_PROBLEMS, ImportReport

if TYPE_CHECKING:
    from readiness.store import Store


def export_backup(actor: Actor, store: Store, partnership_id: str | None = None) -> dict[str, Any]:
    """A versioned JSON document of one partnership, or of everything."""
    del actor  # access checks will go here
    return store.export_json(partnership_id)


def import_backup(
    actor: Actor, store: Store, document: Mapping[str, Any], bundle: ContentBundle | None = None
) -> ImportReport:
    """Check a backup completely, then add it in one transaction (or list every problem).

    With ``bundle``, the answers are first checked as ``score`` and the pages check them
    (:func:`readiness.store.backup.check_content`): any problem and nothing is written.
    """
    if bundle is not None:
        roles = {a.id: a.role_id for a in store.list_agencies()}
        problems = check_content(document, bundle, roles)
        if problems:
            return ImportReport(ok=False, problems=problems[:MAX_PROBLEMS])
    return store.import_json(document, user=f"{actor.name} import")


def listing(actor: Actor, store: Store) -> dict[str, list[dict[str, str]]]:
    """Regions, partnerships and rounds, for ``python -m readiness list``."""
    del actor
    return store.listing()
