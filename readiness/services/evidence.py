"""Evidence uploads: saving police and health extracts and the partnership's definition of
serious violence, in the incident store (its own transactions: one per call)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from readiness.evidence.definition import SeriousViolenceDefinition
from readiness.evidence.police import Ingest
from readiness.services.actor import Actor

if TYPE_CHECKING:
    from readiness.store.incidents import IncidentStore


def save_upload(
    actor: Actor,
    incidents: IncidentStore,
    partnership_id: str,
    ingest: Ingest,
    *,
    uploaded_by: str,
    at: dt.datetime | None = None,
) -> int:
    """Store an upload, replacing the partnership's rows for the same source, provider and
    months (all or nothing). ``uploaded_by`` is the name typed on the form, else the actor's.
    Returns the number of rows stored."""
    return incidents.save(
        partnership_id,
        ingest,
        uploaded_by=uploaded_by.strip() or actor.name,
        uploaded_at=at or dt.datetime.now(dt.UTC),
    )


def save_definition(
    actor: Actor,
    incidents: IncidentStore,
    partnership_id: str,
    definition: SeriousViolenceDefinition | None,
    *,
    saved_by: str,
    at: dt.datetime | None = None,
) -> SeriousViolenceDefinition:
    """Save the partnership's definition (None: back to the default); a new version each time."""
    return incidents.save_definition(
        partnership_id,
        definition,
        saved_by=saved_by.strip() or actor.name,
        saved_at=at or dt.datetime.now(dt.UTC),
    )
