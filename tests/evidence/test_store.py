"""The incident store: provenance per partnership, re-uploads replace, nothing double counted."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from pathlib import Path

import pandas as pd
import pytest
from sqlite_utils import Database

from readiness.evidence.files import SourceFile
from readiness.evidence.health import read_health_files
from readiness.evidence.police import read_police_files
from readiness.evidence.profile import build_profile
from readiness.evidence.schema import CANONICAL_COLUMNS
from readiness.store import incidents
from readiness.store.incidents import IncidentStore
from tests.evidence.conftest import CITY, ISTV_ROWS, istv_csv

WHEN = dt.datetime(2025, 2, 1, 9, 30, tzinfo=dt.UTC)


def test_stored_rows_profile_exactly_like_the_upload(
    tmp_path: Path, street_files: list[SourceFile]
) -> None:
    store = IncidentStore(tmp_path / "incidents.db")
    ingest = read_police_files(street_files[:3], area=CITY)
    assert store.save("city", ingest, uploaded_by="analyst@city", uploaded_at=WHEN) == len(
        ingest.frame
    )
    loaded = store.load("city")
    assert build_profile(loaded) == build_profile(ingest.frame)
    uploads = store.uploads("city")
    assert [u.file_name for u, _, _ in uploads] == [f.name for f in street_files[:3]]
    assert {by for _, by, _ in uploads} == {"analyst@city"}


def test_re_uploading_a_period_replaces_it(tmp_path: Path, street_files: list[SourceFile]) -> None:
    store = IncidentStore(tmp_path / "incidents.db")
    first = read_police_files(street_files[:2], area=CITY)
    store.save("city", first, uploaded_by="a", uploaded_at=WHEN)
    store.save(
        "city", read_police_files(street_files[1:3], area=CITY), uploaded_by="b", uploaded_at=WHEN
    )
    expected = len(read_police_files(street_files[:3], area=CITY).frame)
    assert len(store.load("city")) == expected
    store.save(
        "city", read_police_files(street_files[1:3], area=CITY), uploaded_by="b", uploaded_at=WHEN
    )
    assert len(store.load("city")) == expected
    assert len(store.uploads("city")) == 3


def test_partnerships_do_not_see_each_others_rows(
    tmp_path: Path, street_files: list[SourceFile]
) -> None:
    store = IncidentStore(tmp_path / "incidents.db")
    store.save(
        "city", read_police_files(street_files[:1], area=CITY), uploaded_by="a", uploaded_at=WHEN
    )
    assert len(store.load("other")) == 0
    assert store.uploads("other") == []


def test_rows_kept_in_memory_are_refreshed_when_anyone_saves(
    tmp_path: Path, street_files: list[SourceFile]
) -> None:
    path = tmp_path / "incidents.db"
    page, other = IncidentStore(path), IncidentStore(path)
    assert page.version("city") == 0
    other.save(
        "city", read_police_files(street_files[:1], area=CITY), uploaded_by="a", uploaded_at=WHEN
    )
    first = page.load("city")
    assert page.load("city").equals(first)
    other.save(
        "city", read_police_files(street_files[1:2], area=CITY), uploaded_by="a", uploaded_at=WHEN
    )
    assert page.version("city") == 2
    assert len(page.load("city")) == len(first) + len(
        read_police_files(street_files[1:2], area=CITY).frame
    )


def test_police_and_health_rows_come_back_with_their_own_columns_and_types(
    tmp_path: Path, street_files: list[SourceFile]
) -> None:
    store = IncidentStore(tmp_path / "incidents.db")
    police = read_police_files(street_files[:2], area=CITY)
    health = read_health_files([istv_csv(ISTV_ROWS)], kind="ed_istv")
    store.save("city", police, uploaded_by="a", uploaded_at=WHEN)
    store.save("city", health, uploaded_by="b", uploaded_at=WHEN)
    back_police = store.load("city", ["police_street"])
    back_health = store.load("city", ["ed_istv"])
    assert build_profile(back_police) == build_profile(police.frame)
    assert build_profile(back_health, title="Health") == build_profile(health.frame, title="Health")
    assert back_health["event_datetime"].equals(health.frame["event_datetime"])
    everything = store.load("city")
    assert len(everything) == len(police.frame) + len(health.frame)
    # A column only one source carries is blank, not mistyped, for the other's rows.
    assert str(everything["in_partnership_area"].dtype) == "boolean"
    assert str(everything["longitude"].dtype) == "float64"
    assert str(everything["event_datetime"].dtype).startswith("datetime64")
    kinds = everything["source_type"].astype(str)
    mixed_police = everything[kinds.eq("police_street").to_numpy()].reset_index(drop=True)
    assert build_profile(mixed_police) == build_profile(police.frame)
    assert {u.source_type for u, _, _ in store.uploads("city")} == {"police_street", "ed_istv"}


def test_a_save_that_fails_part_way_leaves_the_stored_rows_as_they_were(
    tmp_path: Path, street_files: list[SourceFile], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = IncidentStore(tmp_path / "incidents.db")
    store.save(
        "city", read_police_files(street_files[:2], area=CITY), uploaded_by="a", uploaded_at=WHEN
    )
    before, uploads, version = store.load("city"), store.uploads("city"), store.version("city")
    calls = {"n": 0}
    real_save_upload = IncidentStore._save_upload

    def failing_save_upload(*args: object) -> None:
        # The new rows are written by now; the second upload's provenance fails.
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        real_save_upload(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(IncidentStore, "_save_upload", staticmethod(failing_save_upload))
    later = read_police_files(street_files[1:4], area=CITY)
    with pytest.raises(OSError, match="disk full"):
        store.save("city", later, uploaded_by="b", uploaded_at=WHEN)
    assert calls["n"] == 2
    fresh = IncidentStore(tmp_path / "incidents.db")
    assert fresh.version("city") == version
    assert fresh.load("city").equals(before)
    assert fresh.uploads("city") == uploads


def test_two_people_saving_at_once_both_keep_their_months(
    tmp_path: Path, street_files: list[SourceFile]
) -> None:
    path = tmp_path / "incidents.db"
    ingests = [read_police_files([f], area=CITY) for f in street_files[:6]]
    errors: list[BaseException] = []

    def save(index: int) -> None:
        try:
            IncidentStore(path).save(
                "city", ingests[index], uploaded_by=f"user{index}", uploaded_at=WHEN
            )
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=save, args=(i,)) for i in range(len(ingests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    loaded = IncidentStore(path).load("city")
    assert len(loaded) == sum(len(i.frame) for i in ingests)
    assert sorted(set(loaded["period_month"].astype(str))) == [f"2024-{m:02d}" for m in range(1, 7)]


def test_rows_stored_one_per_record_by_an_earlier_version_are_moved_across_unchanged(
    tmp_path: Path, street_files: list[SourceFile]
) -> None:
    path = tmp_path / "incidents.db"
    ingest = read_police_files(street_files[:2], area=CITY)
    conn = sqlite3.connect(path)
    incidents.MIGRATIONS.apply(Database(conn), stop_before="i003_chunks")
    columns = ["upload_id", *[c for c in CANONICAL_COLUMNS if c != "upload_id"]]
    rows = []
    for record in ingest.frame.astype(object).itertuples(index=False):
        values = dict(zip(ingest.frame.columns, record, strict=True))
        cells = [
            None if pd.isna(v) else (int(v) if isinstance(v, bool) else v)
            for v in (values.get(c) for c in columns)
        ]
        rows.append(("city", f"{values['upload_id']}:{values['row_number']}", *cells))
    conn.executemany(
        f"INSERT INTO incident_records (partnership_id, record_key, {', '.join(columns)}) "  # noqa: S608
        f"VALUES ({', '.join('?' * (len(columns) + 2))})",
        rows,
    )
    conn.commit()
    conn.close()
    store = IncidentStore(path)
    loaded = store.load("city")
    assert len(loaded) == len(ingest.frame)
    assert build_profile(loaded) == build_profile(ingest.frame)
    tables = {
        r[0]
        for r in sqlite3.connect(path).execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
        )
    }
    assert "incident_records" not in tables
    assert "incident_chunks" in tables
