"""The incident store: provenance per partnership, re-uploads replace, nothing double counted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from readiness.evidence.files import SourceFile
from readiness.evidence.police import read_police_files
from readiness.evidence.profile import build_profile
from readiness.store.incidents import IncidentStore
from tests.evidence.conftest import CITY

WHEN = dt.datetime(2025, 2, 1, 9, 30, tzinfo=dt.UTC)


def test_stored_rows_profile_exactly_like_the_upload(
    tmp_path: Path, street_files: list[SourceFile]
) -> None:
    store = IncidentStore(tmp_path / "incidents.db")
    ingest = read_police_files(street_files[:3], area=CITY)
    assert store.save("city", ingest, uploaded_by="analyst@city", uploaded_at=WHEN) == len(
        ingest.frame)
    loaded = store.load("city")
    assert build_profile(loaded) == build_profile(ingest.frame)
    uploads = store.uploads("city")
    assert [u.file_name for u, _, _ in uploads] == [f.name for f in street_files[:3]]
    assert {by for _, by, _ in uploads} == {"analyst@city"}


def test_re_uploading_a_period_replaces_it(tmp_path: Path,
                                           street_files: list[SourceFile]) -> None:
    store = IncidentStore(tmp_path / "incidents.db")
    first = read_police_files(street_files[:2], area=CITY)
    store.save("city", first, uploaded_by="a", uploaded_at=WHEN)
    store.save("city", read_police_files(street_files[1:3], area=CITY), uploaded_by="b",
               uploaded_at=WHEN)
    expected = len(read_police_files(street_files[:3], area=CITY).frame)
    assert len(store.load("city")) == expected
    store.save("city", read_police_files(street_files[1:3], area=CITY), uploaded_by="b",
               uploaded_at=WHEN)
    assert len(store.load("city")) == expected
    assert len(store.uploads("city")) == 3


def test_partnerships_do_not_see_each_others_rows(tmp_path: Path,
                                                  street_files: list[SourceFile]) -> None:
    store = IncidentStore(tmp_path / "incidents.db")
    store.save("city", read_police_files(street_files[:1], area=CITY), uploaded_by="a",
               uploaded_at=WHEN)
    assert len(store.load("other")) == 0
    assert store.uploads("other") == []


def test_rows_kept_in_memory_are_refreshed_when_anyone_saves(
    tmp_path: Path, street_files: list[SourceFile]
) -> None:
    path = tmp_path / "incidents.db"
    page, other = IncidentStore(path), IncidentStore(path)
    assert page.version("city") == 0
    other.save("city", read_police_files(street_files[:1], area=CITY), uploaded_by="a",
               uploaded_at=WHEN)
    first = page.load("city")
    assert page.load("city").equals(first)
    other.save("city", read_police_files(street_files[1:2], area=CITY), uploaded_by="a",
               uploaded_at=WHEN)
    assert page.version("city") == 2
    assert len(page.load("city")) == len(first) + len(
        read_police_files(street_files[1:2], area=CITY).frame)
