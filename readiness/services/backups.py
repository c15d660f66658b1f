"""Backups: export a partnership (or everything) as JSON, import a backup all or nothing."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from readiness.services.actor import Actor
from readiness.store.records import ImportReport

if TYPE_CHECKING:
    from readiness.store import Store


def export_backup(actor: Actor, store: Store, partnership_id: str | None = None) -> dict[str, Any]:
    """A versioned JSON document of one partnership, or of everything."""
    del actor  # access checks will go here
    return store.export_json(partnership_id)


def import_backup(actor: Actor, store: Store, document: Mapping[str, Any]) -> ImportReport:
    """Check a backup completely, then add it in one transaction (or list every problem)."""
    return store.import_json(document, user=f"{actor.name} import")


def listing(actor: Actor, store: Store) -> dict[str, list[dict[str, str]]]:
    """Regions, partnerships and rounds, for ``python -m readiness list``."""
    del actor
    return store.listing()
