"""The demo data with police and health evidence for Ashby Vale, as the accessibility checks and
the screenshots of every page both need it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from readiness.evidence.files import SourceFile
from readiness.evidence.health import read_health_files
from readiness.evidence.police import read_police_files
from readiness.store import Store
from readiness.store.incidents import IncidentStore
from tests.evidence.conftest import CITY, ISTV_ROWS, istv_csv, street_paths

PARTNERSHIP = "demo-ashby-vale"


def demo_with_evidence(db: Path, *, police_months: int, uploaded_by: str) -> None:
    """Load the demo into ``db`` and upload ``police_months`` months of the City of London
    police.uk fixture and a health extract for Ashby Vale."""
    assert Store(db).load_demo().ok
    when = dt.datetime(2026, 10, 1, tzinfo=dt.UTC)
    files = [SourceFile.from_bytes(p.name, p.read_bytes()) for p in street_paths()[:police_months]]
    incidents = IncidentStore(db)
    police = read_police_files(files, area=CITY)
    incidents.save(PARTNERSHIP, police, uploaded_by=uploaded_by, uploaded_at=when)
    health = read_health_files([istv_csv(ISTV_ROWS)], kind="ed_istv")
    incidents.save(PARTNERSHIP, health, uploaded_by=uploaded_by, uploaded_at=when)
