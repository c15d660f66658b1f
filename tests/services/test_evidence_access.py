"""Data protection in the evidence services: deleting an upload removes its rows and is audited
with the person's name; record-level rows leave only through a logged download; the profile
is for those who may read it (a region lead) but the rows are not."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pandas as pd
import pytest

from readiness.evidence.files import SourceFile
from readiness.evidence.health import read_health_files
from readiness.evidence.police import Ingest
from readiness.services import COMMAND_LINE, AccessRefusedError, Actor, evidence
from readiness.services.partnerships import SetupResult, setup_partnership
from readiness.services.people import add_person, make_grant, person_actor
from readiness.store import Store
from readiness.store.errors import NotFoundError
from readiness.store.incidents import IncidentStore
from tests.evidence.conftest import ISTV_ROWS, istv_csv
from tests.services.conftest import ACTOR, setup_request

WHEN = dt.datetime(2026, 7, 1, 12, 0, tzinfo=dt.UTC)
LEAD = "lead@anytown.gov.uk"
ANALYST = "analyst@anytown.gov.uk"
VRN = "vrn@pcc.gov.uk"


@pytest.fixture
def anytown(store: Store, bundle: object) -> SetupResult:
    return setup_partnership(ACTOR, store, bundle, setup_request())  # type: ignore[arg-type]


@pytest.fixture
def incidents(store: Store) -> IncidentStore:
    return IncidentStore(store.path)  # the same database file, as in the app


def _person(store: Store, email: str, role: str, **scope: str) -> Actor:
    add_person(COMMAND_LINE, store, make_grant(email, role, **scope))
    return person_actor(store, email, email.split("@", maxsplit=1)[0].title())


def _health(rows: list[tuple[str, str, str, str]] = ISTV_ROWS, name: str = "istv.csv") -> Ingest:
    source = istv_csv(rows)
    return read_health_files([SourceFile.from_bytes(name, source.open().read())], kind="ed_istv")


def test_a_lead_deletes_an_upload_its_rows_go_and_the_deletion_names_them(
    store: Store, incidents: IncidentStore, anytown: SetupResult
) -> None:
    pid = anytown.partnership.id
    lead = _person(store, LEAD, "partnership_lead", partnership_id=pid)
    first, second = _health(ISTV_ROWS[:3], "january.csv"), _health(ISTV_ROWS[3:], "later.csv")
    evidence.save_upload(lead, incidents, pid, first, uploaded_by="", at=WHEN)
    evidence.save_upload(lead, incidents, pid, second, uploaded_by="", at=WHEN)
    before = len(incidents.load(pid))
    upload = first.uploads[0].upload_id

    removed = evidence.delete_upload(lead, incidents, pid, upload, at=WHEN)

    assert removed == len(first.frame)
    rows = incidents.load(pid)
    assert len(rows) == before - removed
    assert upload not in set(rows["upload_id"].astype(str))
    assert [u.upload_id for u, _, _ in incidents.uploads(pid)] == [second.uploads[0].upload_id]
    [entry] = incidents.audit(pid)
    assert entry.user == f"Lead <{LEAD}>"
    assert entry.action == "deleted upload"
    assert entry.upload_id == upload
    assert "january.csv" in entry.detail
    assert f"{removed} rows" in entry.detail
    with pytest.raises(NotFoundError, match="Nothing was changed"):
        evidence.delete_upload(lead, incidents, pid, upload, at=WHEN)
    assert len(incidents.audit(pid)) == 1


def test_an_analyst_may_not_delete_and_nothing_changes(
    store: Store, incidents: IncidentStore, anytown: SetupResult
) -> None:
    pid = anytown.partnership.id
    analyst = _person(store, ANALYST, "analyst", partnership_id=pid)
    ingest = _health()
    evidence.save_upload(analyst, incidents, pid, ingest, uploaded_by="", at=WHEN)
    with pytest.raises(AccessRefusedError, match="delete an evidence upload"):
        evidence.delete_upload(analyst, incidents, pid, ingest.uploads[0].upload_id)
    assert len(incidents.load(pid)) == len(ingest.frame)
    assert incidents.audit() == []


def test_a_download_of_rows_is_logged_before_the_bytes_are_given(
    store: Store, incidents: IncidentStore, anytown: SetupResult
) -> None:
    pid = anytown.partnership.id
    analyst = _person(store, ANALYST, "analyst", partnership_id=pid)
    ingest = _health()
    evidence.save_upload(analyst, incidents, pid, ingest, uploaded_by="", at=WHEN)

    data = evidence.download_rows(analyst, incidents, pid, at=WHEN)

    assert data.startswith(b"\xef\xbb\xbf")  # a byte order mark, so Excel reads UTF-8
    table = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(table) == len(ingest.frame)
    assert {"upload_id", "period_month", "source_type"} <= set(table[0])
    [entry] = incidents.audit(pid)
    assert (entry.user, entry.action, entry.at) == (
        f"Analyst <{ANALYST}>",
        "downloaded rows",
        WHEN.isoformat(),
    )
    assert f"{len(ingest.frame)} rows" in entry.detail


def test_a_region_lead_reads_the_profile_but_never_the_rows(
    store: Store, incidents: IncidentStore, anytown: SetupResult
) -> None:
    pid = anytown.partnership.id
    evidence.save_upload(ACTOR, incidents, pid, _health(), uploaded_by="", at=WHEN)
    vrn = _person(store, VRN, "region_lead", region_id=anytown.partnership.region_id or "")
    data = evidence.load_evidence(vrn, store, incidents, pid)
    assert data is not None
    assert data.health is not None
    with pytest.raises(AccessRefusedError, match="record-level evidence"):
        evidence.download_rows(vrn, incidents, pid)
    assert incidents.audit() == []


def test_a_cell_a_spreadsheet_would_run_is_written_as_text() -> None:
    frame = pd.DataFrame({"place": ["=HYPERLINK(1)", "+44", "Market St", None]})
    text = evidence.rows_csv(frame).decode("utf-8-sig")
    assert [row[0] for row in csv.reader(io.StringIO(text))] == [
        "place",
        "'=HYPERLINK(1)",
        "'+44",
        "Market St",
        "",
    ]


def test_open_mode_is_not_checked_and_is_named_in_the_log(tmp_path: Path) -> None:
    incidents = IncidentStore(tmp_path / "evidence.db")
    evidence.save_upload(COMMAND_LINE, incidents, "city", _health(), uploaded_by="", at=WHEN)
    assert evidence.download_rows(COMMAND_LINE, incidents, "city", at=WHEN)
    assert [e.user for e in incidents.audit("city")] == ["command line"]
