"""Backups: export a partnership (or everything) as JSON, import a backup all or nothing.

Access: the whole database is exported and backups are imported by administrators; one
partnership is exported by those who may change its set-up (its partnership lead).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from readiness.access.policy import Permission, Target
from readiness.bundle import ContentBundle
from readiness.services.access import (
    ADMINISTRATOR_ONLY,
    may,
    require_administrator,
    require_for_partnership,
)
from readiness.services.actor import Actor
from readiness.store.backup import check_content
from readiness.store.records import MAX_PROBLEMS, ImportReport

if TYPE_CHECKING:
    from readiness.store import Store


def export_backup(actor: Actor, store: Store, partnership_id: str | None = None) -> dict[str, Any]:
    """A versioned JSON document of one partnership, or of everything."""
    if partnership_id is None:
        require_administrator(actor)
    else:
        require_for_partnership(actor, store, Permission.EDIT_SETUP, partnership_id)
    return store.export_json(partnership_id)


def import_backup(
    actor: Actor, store: Store, document: Mapping[str, Any], bundle: ContentBundle | None = None
) -> ImportReport:
    """Check a backup completely, then add it in one transaction (or list every problem).

    With ``bundle``, the answers are first checked as ``score`` and the pages check them
    (:func:`readiness.store.backup.check_content`): any problem and nothing is written.
    For administrators.
    """
    require_administrator(actor)
    if bundle is not None:
        roles = {a.id: a.role_id for a in store.list_agencies()}
        problems = check_content(document, bundle, roles)
        if problems:
            return ImportReport(ok=False, problems=problems[:MAX_PROBLEMS])
    return store.import_json(document, user=f"{actor.name} import")


def listing(actor: Actor, store: Store) -> dict[str, list[dict[str, str]]]:
    """Regions, partnerships and rounds, for ``python -m readiness list``: everything for an
    administrator (and in open mode), otherwise what the person may see."""
    found = store.listing()
    if may(actor, ADMINISTRATOR_ONLY, Target()):
        return found
    partnerships = [
        p
        for p in found["partnerships"]
        if may(actor, Permission.VIEW_RESULTS, Target(p["region_id"], p["id"]))
    ]
    seen = {p["id"] for p in partnerships}
    regions = {p["region_id"] for p in partnerships}
    return {
        "regions": [r for r in found["regions"] if r["id"] in regions],
        "partnerships": partnerships,
        "rounds": [r for r in found["rounds"] if r["partnership_id"] in seen],
    }
