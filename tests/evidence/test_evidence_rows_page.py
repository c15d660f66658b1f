"""The evidence page offers the record-level rows and deleting an upload only to those the
services allow: in open mode (one machine) both; to a signed-in region lead neither, while the
profile is still shown. Deleting from the page removes the rows and names who did it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from readiness.access.policy import Grant, Role
from readiness.evidence.health import read_health_files
from readiness.store.incidents import IncidentStore
from tests.evidence.conftest import ISTV_ROWS, istv_csv, make_city
from tests.ui.builders import AUTH

PAGE = str(Path(__file__).resolve().parents[2] / "readiness" / "ui" / "pages" / "evidence.py")
WHEN = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
ROWS_LABEL = "Download the record-level rows (CSV)"
VRN = "vrn@london.example.gov.uk"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "evidence-rows.db"
    monkeypatch.setenv("READINESS_DB", str(path))
    monkeypatch.delenv("READINESS_QUESTIONNAIRE", raising=False)
    monkeypatch.delenv("READINESS_ADMINS", raising=False)
    st.cache_data.clear()
    st.cache_resource.clear()
    store = make_city(path)
    store.add_grant(Grant(email=VRN, role=Role.REGION_LEAD, region_id="london"), user="test")
    health = read_health_files([istv_csv(ISTV_ROWS)], kind="ed_istv")
    IncidentStore(path).save("city", health, uploaded_by="nurse@trust", uploaded_at=WHEN)
    yield path
    st.cache_data.clear()
    st.cache_resource.clear()


def _download_labels(app: AppTest) -> list[str]:
    return [str(getattr(e.proto, "label", "")) for e in app.get("download_button")]


def _page(**signed_in: Any) -> AppTest:
    app = AppTest.from_file(PAGE, default_timeout=60)
    app.query_params["partnership"] = "city"
    if signed_in:
        app.secrets = dict(AUTH)
        app.user = {"is_logged_in": True, **signed_in}
    return app.run()


def test_open_mode_offers_the_rows_and_deletes_an_upload_naming_who(db: Path) -> None:
    app = _page()
    assert not app.exception
    assert ROWS_LABEL in _download_labels(app)
    assert "Delete an upload" in [e.label for e in app.expander]
    [sure] = [c for c in app.checkbox if c.label.startswith("I understand")]
    sure.check()
    [delete] = [b for b in app.button if b.label == "Delete the upload"]
    delete.click().run()
    assert not app.exception
    incidents = IncidentStore(db)
    assert incidents.load("city").empty
    [entry] = incidents.audit("city")
    assert entry.action == "deleted upload"
    assert entry.user == "Web user"


def test_deleting_needs_the_box_ticked(db: Path) -> None:
    app = _page()
    [delete] = [b for b in app.button if b.label == "Delete the upload"]
    delete.click().run()
    assert any("Tick the box" in e.value for e in app.error)
    assert not IncidentStore(db).load("city").empty
    assert IncidentStore(db).audit() == []


def test_a_region_lead_sees_the_profile_but_not_the_rows(db: Path) -> None:
    app = _page(email=VRN, name="Region Lead")
    assert not app.exception
    assert app.dataframe  # the profile's tables
    assert ROWS_LABEL not in _download_labels(app)
    assert "Delete an upload" not in [e.label for e in app.expander]
