"""Evidence uploads: saving police and health extracts and the partnership's definition of
serious violence, in the incident store (its own transactions: one per call); and reading a
partnership's evidence back, building its report once and its SNA annex on demand."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field
from pathlib import Path

from readiness.evidence.definition import DEFAULT_DEFINITION, SeriousViolenceDefinition
from readiness.evidence.export import export_workbook
from readiness.evidence.police import Ingest
from readiness.evidence.profile import carried_flags
from readiness.evidence.report import EvidenceReport, build_report
from readiness.evidence.schema import HEALTH_SOURCES, POLICE_SOURCES, UploadInfo
from readiness.services.actor import Actor
from readiness.store.incidents import IncidentStore

_OPEN: dict[Path, IncidentStore] = {}
_OPEN_LOCK = threading.Lock()


def incident_store(path: str | Path) -> IncidentStore:
    """The one incident store for the database at ``path`` in this process (it keeps the rows
    it has loaded in memory, so every page and rerun shares it)."""
    key = Path(path)
    with _OPEN_LOCK:
        found = _OPEN.get(key)
        if found is None:
            found = _OPEN[key] = IncidentStore(key)
        return found


@dataclass(frozen=True)
class EvidenceData:
    """A partnership's stored evidence, grouped as the report needs it."""

    police: Ingest | None
    health: Ingest | None
    others: list[UploadInfo]
    #: Upload id -> (who uploaded it, when: ISO text in UTC).
    provenance: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def flags(self) -> list[str]:
        """The flags the police or health rows record: the drill-down choices."""
        return carried_flags([i.frame for i in (self.police, self.health) if i is not None])


def load_evidence(incidents: IncidentStore, partnership_id: str) -> EvidenceData | None:
    """The partnership's uploads and rows (None when nothing is uploaded yet)."""
    stored = incidents.uploads(partnership_id)
    if not stored:
        return None
    uploads = [u for u, _, _ in stored]

    def group(sources: tuple[str, ...]) -> Ingest | None:
        frame = incidents.load(partnership_id, sources)
        if not len(frame):
            return None
        return Ingest(frame=frame, uploads=[u for u in uploads if u.source_type in sources])

    return EvidenceData(
        police=group(POLICE_SOURCES),
        health=group(HEALTH_SOURCES),
        others=[u for u in uploads if u.source_type not in (*POLICE_SOURCES, *HEALTH_SOURCES)],
        provenance={u.upload_id: (by, at) for u, by, at in stored},
    )


def evidence_report(
    data: EvidenceData,
    definition: SeriousViolenceDefinition = DEFAULT_DEFINITION,
    *,
    as_of: dt.date | None = None,
    flag: str | None = None,
) -> EvidenceReport:
    """The report on ``data`` (profiles narrowed to ``flag`` when given; the comparison of
    police and health, the data quality and the suggested answers are always of every record)."""
    return build_report(
        data.police,
        data.health,
        definition=definition,
        as_of=as_of,
        other_uploads=data.others,
        flag=flag,
    )


def evidence_annex(
    data: EvidenceData,
    report: EvidenceReport,
    definition: SeriousViolenceDefinition = DEFAULT_DEFINITION,
    *,
    as_of: dt.date | None = None,
    flag: str | None = None,
) -> bytes:
    """The SNA evidence annex (Excel) of every record: ``report`` itself when it was built
    without a drill-down ``flag``, else the full report, built only now."""
    full = report if flag is None else evidence_report(data, definition, as_of=as_of)
    return export_workbook(full)


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
