"""The evidence service reads a partnership's evidence back: one incident store per database,
the rows grouped for the report, the report built once with the drill-down, and the annex
always of every record."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from openpyxl import load_workbook

from readiness.evidence.files import SourceFile
from readiness.evidence.health import read_health_files
from readiness.evidence.police import read_police_files
from readiness.evidence.profile import carried_flags
from readiness.evidence.report import build_report
from readiness.services import evidence as service
from readiness.services.actor import WEB_USER
from readiness.store import Store
from tests.evidence.conftest import CITY, ISTV_ROWS, istv_csv

WHEN = dt.datetime(2025, 2, 1, 9, 30, tzinfo=dt.UTC)
AS_OF = dt.date(2025, 3, 1)


def _main(tmp_path: Path) -> Store:
    """The main store beside the evidence (the services look up a partnership's region in it;
    open mode checks nothing)."""
    return Store(tmp_path / "main.db")


def test_one_incident_store_per_database(tmp_path: Path) -> None:
    first = service.incident_store(tmp_path / "a.db")
    assert service.incident_store(str(tmp_path / "a.db")) is first
    assert service.incident_store(tmp_path / "b.db") is not first


def test_nothing_uploaded_is_none(tmp_path: Path) -> None:
    store = service.incident_store(tmp_path / "empty.db")
    assert service.load_evidence(WEB_USER, _main(tmp_path), store, "city") is None


def test_evidence_is_grouped_with_who_uploaded_it(
    tmp_path: Path, street_files: list[SourceFile]
) -> None:
    store = service.incident_store(tmp_path / "grouped.db")
    police = read_police_files(street_files[:2], area=CITY)
    health = read_health_files([istv_csv(ISTV_ROWS)], kind="ed_istv")
    service.save_upload(WEB_USER, store, "city", police, uploaded_by="analyst", at=WHEN)
    service.save_upload(WEB_USER, store, "city", health, uploaded_by="", at=WHEN)
    data = service.load_evidence(WEB_USER, _main(tmp_path), store, "city")
    assert data is not None
    assert data.police is not None
    assert data.health is not None
    assert len(data.police.frame) == len(police.frame)
    assert len(data.health.frame) == len(health.frame)
    assert data.others == []
    uploads = data.police.uploads + data.health.uploads
    by = {u.source_type: data.provenance[u.upload_id][0] for u in uploads}
    assert by == {"police_street": "analyst", "ed_istv": "Web user"}
    # the health extract records weapons; police.uk street files record no flags
    assert data.flags == ["weapon"]
    assert carried_flags([data.police.frame]) == []


def test_the_report_is_the_core_report_and_the_annex_is_of_every_record(tmp_path: Path) -> None:
    store = service.incident_store(tmp_path / "report.db")
    health = read_health_files([istv_csv(ISTV_ROWS)], kind="ed_istv")
    service.save_upload(WEB_USER, store, "city", health, uploaded_by="a", at=WHEN)
    data = service.load_evidence(WEB_USER, _main(tmp_path), store, "city")
    assert data is not None
    assert data.health is not None
    full = service.evidence_report(data, as_of=AS_OF)
    assert full == build_report(None, data.health, as_of=AS_OF)
    narrowed = service.evidence_report(data, as_of=AS_OF, flag="weapon")
    assert narrowed.health is not None
    assert full.health is not None
    assert narrowed.health.serious_violence < full.health.serious_violence
    assert narrowed.suggestions == full.suggestions
    from_full = service.evidence_annex(data, full, as_of=AS_OF)
    from_narrowed = service.evidence_annex(data, narrowed, as_of=AS_OF, flag="weapon")

    def cells(data_: bytes) -> list[list[object]]:
        book = load_workbook(io.BytesIO(data_), read_only=True)
        return [list(row) for ws in book.worksheets for row in ws.iter_rows(values_only=True)]

    assert cells(from_narrowed) == cells(from_full)
