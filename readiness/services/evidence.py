"""Evidence uploads: saving police and health extracts and the partnership's definition of
serious violence, in the incident store (its own transactions: one per call); and reading a
partnership's evidence back, building its report once and its SNA annex on demand.

Access (UK GDPR: police and NHS record-level data): reading the evidence for its profile (small
numbers suppressed) is for those who may read the profile; uploading and the definition for
those who may upload; deleting an upload for those who may delete; the record-level rows leave
the tool only through :func:`download_rows`, for those who may read them. Deletions and
downloads of rows are written to the incident store's evidence audit log, naming the person.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from readiness.access.policy import Permission, Target
from readiness.evidence.definition import DEFAULT_DEFINITION, SeriousViolenceDefinition
from readiness.evidence.export import export_workbook
from readiness.evidence.police import Ingest
from readiness.evidence.profile import carried_flags
from readiness.evidence.report import EvidenceReport, build_report
from readiness.evidence.schema import HEALTH_SOURCES, POLICE_SOURCES, UploadInfo
from readiness.excel.safe import needs_quote_prefix
from readiness.services.access import may, require_for_partnership
from readiness.services.actor import Actor, require
from readiness.store.incidents import IncidentStore, SavedDefinition

if TYPE_CHECKING:
    from readiness.store import Store

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


def _in(partnership_id: str) -> Target:
    """The target of an evidence write or a download of rows. Its region is left out: no
    role held for a region may do any of these, so only partnership grants (and
    administrators) can allow them."""
    return Target(None, partnership_id)


def load_evidence(
    actor: Actor, store: Store, incidents: IncidentStore, partnership_id: str
) -> EvidenceData | None:
    """The partnership's uploads and rows (None when nothing is uploaded yet), to build its
    profile: for those who may read the evidence profile. The rows stay on the server; only
    :func:`download_rows` lets them out."""
    require_for_partnership(actor, store, Permission.VIEW_EVIDENCE_PROFILE, partnership_id)
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


def definition(
    actor: Actor, store: Store, incidents: IncidentStore, partnership_id: str
) -> SavedDefinition | None:
    """The partnership's own definition of serious violence (None: the default), for those
    who may read the evidence profile."""
    require_for_partnership(actor, store, Permission.VIEW_EVIDENCE_PROFILE, partnership_id)
    return incidents.definition(partnership_id)


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
    Returns the number of rows stored. For those who may upload evidence."""
    require(actor, Permission.UPLOAD_EVIDENCE, _in(partnership_id))
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
    """Save the partnership's definition (None: back to the default); a new version each time.
    For those who may upload evidence."""
    require(actor, Permission.UPLOAD_EVIDENCE, _in(partnership_id))
    return incidents.save_definition(
        partnership_id,
        definition,
        saved_by=saved_by.strip() or actor.name,
        saved_at=at or dt.datetime.now(dt.UTC),
    )


def delete_upload(
    actor: Actor,
    incidents: IncidentStore,
    partnership_id: str,
    upload_id: str,
    *,
    at: dt.datetime | None = None,
) -> int:
    """Delete an upload: its rows are gone from the database, and the deletion is written to
    the evidence audit log with the person's name, in one transaction. Returns the number of
    rows deleted. For those who may delete evidence (partnership leads)."""
    require(actor, Permission.DELETE_EVIDENCE, _in(partnership_id))
    return incidents.delete_upload(
        partnership_id, upload_id, user=actor.name, at=at or dt.datetime.now(dt.UTC)
    )


def rows_csv(frame: pd.DataFrame) -> bytes:
    """Record-level rows as CSV (UTF-8 with a byte order mark, so Excel reads it; a cell a
    spreadsheet would run as a formula is written with a leading apostrophe)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(list(frame.columns))
    for row in frame.itertuples(index=False):
        cells = ["" if _blank(v) else str(v) for v in row]
        writer.writerow([f"'{c}" if needs_quote_prefix(c) else c for c in cells])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _blank(value: object) -> bool:
    return (
        value is None
        or value is pd.NaT
        or value is pd.NA
        or (isinstance(value, float) and math.isnan(value))
    )


def download_rows(
    actor: Actor,
    incidents: IncidentStore,
    partnership_id: str,
    *,
    at: dt.datetime | None = None,
) -> bytes:
    """The partnership's record-level rows (CSV bytes), for those who may read them: the
    download is written to the evidence audit log (who, what, when) before the bytes are
    returned."""
    require(actor, Permission.VIEW_EVIDENCE_ROWS, _in(partnership_id))
    frame = incidents.load(partnership_id)
    incidents.log_download(
        partnership_id,
        user=actor.name,
        at=at or dt.datetime.now(dt.UTC),
        detail=f"record-level rows as CSV: {len(frame)} rows",
    )
    return rows_csv(frame)


def may_read_rows(actor: Actor, partnership_id: str) -> bool:
    """Whether the page should offer the record-level rows (:func:`download_rows` checks)."""
    return may(actor, Permission.VIEW_EVIDENCE_ROWS, _in(partnership_id))


def may_delete(actor: Actor, partnership_id: str) -> bool:
    """Whether the page should offer deleting an upload (:func:`delete_upload` checks)."""
    return may(actor, Permission.DELETE_EVIDENCE, _in(partnership_id))
