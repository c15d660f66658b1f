"""The evidence page: the profile with stored data, suggested SNA answers confirmed before
they are saved, and the column-matching step for a force or health extract."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from readiness.evidence.files import SourceFile
from readiness.evidence.health import read_health_files
from readiness.evidence.police import read_police_files
from readiness.evidence.sources import SNA_QUESTION_ID
from readiness.store import Store
from readiness.store.incidents import IncidentStore
from readiness.store.records import Partnership
from readiness.ui.components.evidence_tables import NO_CHART, SUPPRESSED_NOTE
from tests.evidence.conftest import (
    CITY,
    ISTV_ROWS,
    LEAD,
    ROUND,
    USER,
    istv_csv,
    make_city,
)

PAGE = str(Path(__file__).resolve().parents[2] / "readiness" / "ui" / "pages" / "evidence.py")
WHEN = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
HEALTH_ROW = {
    "availability": "aggregate",
    "timeliness": "recent",
    "granularity": "none",
    "agreement": True,
    "used_in_sna": True,
}
POLICE_OLD = {
    "availability": "aggregate",
    "timeliness": "stale",
    "granularity": "force_area",
    "agreement": True,
    "used_in_sna": False,
}


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "evidence-page.db"
    monkeypatch.setenv("READINESS_DB", str(path))
    monkeypatch.delenv("READINESS_QUESTIONNAIRE", raising=False)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield path
    st.cache_data.clear()
    st.cache_resource.clear()


def _lead_answer(store: Store) -> tuple[object, int | None]:
    found = {a.question_id: a for a in store.answers_for(ROUND, LEAD)}.get(SNA_QUESTION_ID)
    return (found.value, found.revision) if found else (None, None)


def _with_police_data(db: Path, street_files: list[SourceFile]) -> Store:
    store = make_city(db)
    IncidentStore(db).save(
        "city",
        read_police_files(street_files[:2], area=CITY),
        uploaded_by="analyst",
        uploaded_at=WHEN,
    )
    return store


def _with_police_and_health_data(db: Path, street_files: list[SourceFile]) -> Store:
    store = _with_police_data(db, street_files)
    health = read_health_files([istv_csv(ISTV_ROWS)], kind="ed_istv")
    IncidentStore(db).save("city", health, uploaded_by="nurse@trust", uploaded_at=WHEN)
    return store


def _button(app: AppTest, label: str) -> int:
    labels = [b.label for b in app.button]
    assert label in labels, labels
    return labels.index(label)


def test_the_page_shows_the_profile_of_stored_data(
    db: Path, street_files: list[SourceFile]
) -> None:
    _with_police_data(db, street_files)
    app = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not app.exception
    assert app.title[0].value == "Evidence profile"
    assert "Police recorded crime" in [h.value for h in app.header]
    assert any("This is a proxy" in w.value for w in app.warning)
    # small numbers are left blank in every table on the page, as the introduction says
    tables = [d.value for d in app.dataframe]
    counts = [t[c] for t in tables for c in ("Count", "Serious violence") if c in t.columns]
    assert counts
    shown = [int(c.replace(",", "")) for column in counts for c in column if c]
    assert shown
    assert min(shown) >= 5
    assert any((column == "").any() for column in counts)
    assert "counts below 5 are left blank" in app.markdown[0].value
    assert any(c.value == SUPPRESSED_NOTE for c in app.caption)  # the footnote it promises


def test_the_profile_tables_are_in_words_percentages_and_month_names(
    db: Path, street_files: list[SourceFile]
) -> None:
    _with_police_data(db, street_files)
    app = AppTest.from_file(PAGE, default_timeout=60).run()
    tables = [d.value for d in app.dataframe]
    headings = {str(c) for t in tables for c in t.columns}
    raw = {"code", "name", "share", "cumulative_share", "count", "label", "month", "total"}
    assert not headings & raw, headings & raw
    assert "None" not in {str(v) for t in tables for v in t.to_numpy().ravel()}
    months = next(t for t in tables if "Anti-social behaviour" in t.columns)["Month"]
    assert all(re.fullmatch(r"[A-Z][a-z]+ 20\d\d", m) for m in months), list(months)
    hotspots = next(t for t in tables if "Running total share" in t.columns)
    shares = [v for v in hotspots["Share of the total"] if v]
    assert shares
    assert all(re.fullmatch(r"\d{1,3}\.\d%", v) for v in shares), shares
    quality = next(t for t in tables if "Uploaded by" in t.columns)
    assert all(re.fullmatch(r"[A-Z][a-z]+ 20\d\d", m) for m in quality["From"])


def test_suggested_answers_are_shown_against_the_current_answer_and_saved_on_confirm(
    db: Path, street_files: list[SourceFile]
) -> None:
    store = _with_police_data(db, street_files)
    first = store.save_answer(
        ROUND,
        LEAD,
        SNA_QUESTION_ID,
        expected_revision=None,
        user=USER,
        value={"ed_istv": HEALTH_ROW, "police_recorded_crime": POLICE_OLD},
        evidence="Data inventory 2025",
    )
    assert first.ok
    app = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not app.exception
    table = app.dataframe[-1].value
    assert list(table.columns) == ["Data source", "Current answer", "Suggested answer", "Why"]
    assert table["Data source"].tolist() == ["Police recorded crime"]
    assert table["Current answer"].tolist() == [
        "Aggregate counts only; More than 12 months old; Force or health-board area only"
    ]
    assert table["Suggested answer"].tolist() == [
        "Record-level (pseudonymised or anonymised records); More than 12 months old; Ward or LSOA"
    ]
    assert _lead_answer(store) == ({"ed_istv": HEALTH_ROW, "police_recorded_crime": POLICE_OLD}, 1)

    app.button[_button(app, "Save these answers for City of London Corporation")].click().run()
    assert not app.exception
    value, revision = _lead_answer(store)
    assert revision == 2
    assert value == {
        "ed_istv": HEALTH_ROW,
        "police_recorded_crime": {
            "availability": "record_level",
            "timeliness": "stale",
            "granularity": "neighbourhood",
            "agreement": True,
            "used_in_sna": False,
        },
    }
    saved = {a.question_id: a for a in store.answers_for(ROUND, LEAD)}[SNA_QUESTION_ID]
    assert saved.evidence == "Data inventory 2025"
    assert any("have been saved" in s.value for s in app.success)
    assert any("already matches" in s.value for s in app.success)


def test_a_change_made_by_someone_else_after_the_page_opened_is_not_overwritten(
    db: Path, street_files: list[SourceFile]
) -> None:
    store = _with_police_data(db, street_files)
    app = AppTest.from_file(PAGE, default_timeout=60).run()
    label = "Save these answers for City of London Corporation"
    assert label in [b.label for b in app.button]
    theirs = store.save_answer(
        ROUND,
        LEAD,
        SNA_QUESTION_ID,
        expected_revision=None,
        user="colleague",
        value={"ed_istv": HEALTH_ROW},
    )
    assert theirs.ok
    app.button[_button(app, label)].click().run()
    assert not app.exception
    assert any("colleague changed the answer" in e.value for e in app.error)
    assert _lead_answer(store) == ({"ed_istv": HEALTH_ROW}, 1)


ISTV = (
    "ASSAULT DATE AND TIME,ASSAULT METHOD,ASSAULT LOCATION DESCRIPTION,SITE CODE,Postcode area\n"
    "2024-01-06 23:15,Knife,Street outside club,RXX01,E01032739\n"
    "2024-01-07 01:40,Fist,Nightclub,RXX01,E01032739\n"
    "2024-02-03 00:30,Kicked,Street,RXX01,E01000001\n"
)


def _choose_istv(app: AppTest) -> AppTest:
    app.radio(key="evidence-kind").set_value("ed_istv").run()
    app.file_uploader(key="evidence-mapped-files.ed_istv").set_value(
        ("istv.csv", ISTV.encode(), "text/csv")
    ).run()
    return app


def test_a_health_extract_goes_through_the_column_matching_step(db: Path) -> None:
    make_city(db)
    app = _choose_istv(AppTest.from_file(PAGE, default_timeout=60).run())
    assert not app.exception
    boxes = {s.label: s.value for s in app.selectbox}
    assert boxes["Date and time (or date) of the incident"] == "ASSAULT DATE AND TIME"
    assert boxes["Weapon or assault method"] == "ASSAULT METHOD"
    assert boxes["Site, trust or force"] == "SITE CODE"
    assert boxes["LSOA code"] == "(not in this file)"
    assert IncidentStore(db).load("city").empty

    app.selectbox(key="evidence-map.ed_istv.lsoa").set_value("Postcode area")
    app.selectbox(key="evidence-map.ed_istv.location_text").set_value("(not in this file)")
    app.text_input(key="evidence-mapped.ed_istv.who").set_value("nurse@trust")
    app.button[_button(app, "Confirm the columns and upload")].click().run()
    assert not app.exception
    assert any("Saved 3 rows" in s.value for s in app.success)
    rows = IncidentStore(db).load("city")
    assert rows["source_type"].astype(str).unique().tolist() == ["ed_istv"]
    assert rows["lsoa_code"].astype(str).tolist() == ["E01032739", "E01032739", "E01000001"]
    assert "location_text" not in rows


def test_a_bad_column_choice_gets_a_clear_message_and_saves_nothing(db: Path) -> None:
    make_city(db)
    app = _choose_istv(AppTest.from_file(PAGE, default_timeout=60).run())
    app.selectbox(key="evidence-map.ed_istv.event_datetime").set_value("ASSAULT METHOD")
    app.text_input(key="evidence-mapped.ed_istv.who").set_value("nurse@trust")
    app.button[_button(app, "Confirm the columns and upload")].click().run()
    assert not app.exception
    message = " ".join(e.value for e in app.error)
    assert "Nothing has been saved" in message
    assert "Row 2 of istv.csv" in message
    assert IncidentStore(db).load("city").empty


def _upload_street_files(app: AppTest, street_files: list[SourceFile], who: str) -> AppTest:
    # Inside a form, values are sent together when the form is submitted.
    app.file_uploader(key="evidence-upload-files").set_value(
        [(f.name, f.head(f.size), "text/csv") for f in street_files]
    )
    app.text_input(key="evidence-police.who").set_value(who)
    app.button[_button(app, "Upload and save")].click().run()
    return app


def test_the_upload_form_suggests_the_area_from_the_partnership_record(db: Path) -> None:
    store = make_city(db)
    store.save_partnership(
        Partnership(
            id="city",
            name="City of London",
            region_id="london",
            nation="england",
            lead_agency_id=LEAD,
            local_government_areas=["City of London", "Westminster"],
        ),
        user=USER,
    )
    app = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not app.exception
    assert app.text_input(key="evidence-police.lads").value == "City of London, Westminster"
    assert app.text_input(key="evidence-police.force").value == "City of London Police"


def test_police_and_health_files_may_be_bigger_than_questionnaire_workbooks(db: Path) -> None:
    make_city(db)
    app = AppTest.from_file(PAGE, default_timeout=60).run()
    # A force's year of street files is 60-80 MB zipped; the workbook uploader keeps its own
    # 5 MB limit, and the readers refuse anything over 200 MB with a clear message.
    assert app.file_uploader(key="evidence-upload-files").proto.max_upload_size_mb == 200
    app = _choose_istv(app)
    assert app.file_uploader(key="evidence-mapped-files.ed_istv").proto.max_upload_size_mb == 200


def test_police_files_uploaded_on_the_page_are_saved_and_profiled(
    db: Path, street_files: list[SourceFile]
) -> None:
    make_city(db)
    app = _upload_street_files(
        AppTest.from_file(PAGE, default_timeout=60).run(), street_files[:2], "analyst@city"
    )
    assert not app.exception
    expected = len(read_police_files(street_files[:2], area=CITY).frame)
    assert any(f"Saved {expected:,} rows" in s.value for s in app.success)
    assert "Police recorded crime" in [h.value for h in app.header]
    uploads = IncidentStore(db).uploads("city")
    assert [(u.file_name, by) for u, by, _ in uploads] == [
        (f.name, "analyst@city") for f in street_files[:2]
    ]


def test_a_file_from_another_force_is_refused_and_nothing_is_saved(
    db: Path, street_files: list[SourceFile]
) -> None:
    make_city(db)
    app = AppTest.from_file(PAGE, default_timeout=60).run()
    app.text_input(key="evidence-police.force").set_value("Thames Valley Police")
    app = _upload_street_files(app, street_files[:1], "analyst@city")
    assert not app.exception
    message = " ".join(e.value for e in app.error)
    assert "Nothing has been saved" in message
    assert (
        "is from City of London Police, but City of London is covered by Thames Valley "
        "Police" in message
    )
    assert IncidentStore(db).load("city").empty
    assert IncidentStore(db).uploads("city") == []
    # the analyst corrects the force and tries again without choosing the files again
    assert [f.name for f in app.file_uploader(key="evidence-upload-files").value] == [
        street_files[0].name
    ]
    assert app.text_input(key="evidence-police.who").value == "analyst@city"
    assert app.text_input(key="evidence-police.force").value == "Thames Valley Police"
    app.text_input(key="evidence-police.force").set_value("City of London Police")
    app.button[_button(app, "Upload and save")].click().run()
    assert not app.exception
    assert any("Saved" in s.value for s in app.success)
    assert [u.file_name for u, _, _ in IncidentStore(db).uploads("city")] == [street_files[0].name]


YOUTH_JUSTICE = (
    "Date of offence,Offence,LSOA code\n"
    "2024-03-02,Possession of a bladed article,E01032739\n"
    "2024-04-11,Robbery,E01000001\n"
    "2024-05-20,Assault,E01000005\n"
)


def test_other_data_is_matched_to_a_row_of_the_sna_question_and_suggests_its_answer(
    db: Path,
) -> None:
    make_city(db)
    app = AppTest.from_file(PAGE, default_timeout=60).run()
    app.radio(key="evidence-kind").set_value("other").run()
    app.file_uploader(key="evidence-mapped-files.other").set_value(
        ("yot.csv", YOUTH_JUSTICE.encode(), "text/csv")
    ).run()
    assert not app.exception
    assert app.selectbox(key="evidence-map.other.event_datetime").value == "Date of offence"
    question = app.selectbox(key="evidence-mapped.other.sna_source")
    assert question.value == "(none of these)"
    question.set_value("youth_justice")
    app.text_input(key="evidence-mapped.other.who").set_value("yot@city")
    app.button[_button(app, "Confirm the columns and upload")].click().run()
    assert not app.exception
    assert any("Saved 3 rows" in s.value for s in app.success)
    upload = IncidentStore(db).uploads("city")[0][0]
    assert (upload.source_type, upload.sna_source_id) == ("other", "youth_justice")

    app = AppTest.from_file(PAGE, default_timeout=60).run()  # the page as anyone opens it now
    assert not app.exception
    quality = app.dataframe[-2].value  # the data-quality table, then the suggestions
    assert quality["Source"].tolist() == ["Other source (Youth justice)"]
    assert any("Other data is listed here" in c.value for c in app.caption)
    suggested = app.dataframe[-1].value
    assert suggested["Data source"].tolist() == ["Youth justice"]
    assert "record-level" in suggested["Why"].iloc[0]
    assert "Save these answers for City of London Corporation" in [b.label for b in app.button]


def _serious_violence(app: AppTest) -> int:
    metric = next(m for m in app.metric if m.label == "Serious violence")
    return int(str(metric.value).replace(",", ""))


def test_the_partnership_changes_its_definition_and_the_profile_follows(
    db: Path, street_files: list[SourceFile]
) -> None:
    _with_police_data(db, street_files)
    app = AppTest.from_file(PAGE, default_timeout=60).run()
    assert "Serious violence definition" in [h.value for h in app.header]
    before = _serious_violence(app)
    app.text_input(key="evidence-definition.name").set_value("Robbery and weapons")
    app.multiselect(key="evidence-definition.police_uk_categories").set_value(
        ["Robbery", "Possession of weapons"]
    )
    app.text_input(key="evidence-definition.who").set_value("analyst@city")
    app.button[_button(app, "Save the definition")].click().run()
    assert not app.exception
    assert any("now uses Robbery and weapons" in s.value for s in app.success)
    assert _serious_violence(app) < before
    saved = IncidentStore(db).definition("city")
    assert saved is not None
    assert (saved.definition.name, saved.saved_by) == ("Robbery and weapons", "analyst@city")

    app.text_input(key="evidence-definition.who").set_value("lead@city")
    app.button[_button(app, "Go back to the default definition")].click().run()
    assert not app.exception
    assert _serious_violence(app) == before
    back = IncidentStore(db).definition("city")
    assert back is not None
    assert back.is_default


def test_a_bad_definition_gets_an_error_summary_and_nothing_is_saved(
    db: Path, street_files: list[SourceFile]
) -> None:
    _with_police_data(db, street_files)
    app = AppTest.from_file(PAGE, default_timeout=60).run()
    app.text_input(key="evidence-definition.name").set_value("")
    app.text_area(key="evidence-definition.offence_codes").set_value("5D, knife")
    app.text_input(key="evidence-definition.who").set_value("analyst@city")
    app.button[_button(app, "Save the definition")].click().run()
    assert not app.exception
    summary = next(e.value for e in app.error if "There is a problem" in e.value)
    assert "Enter a name for the definition" in summary
    assert "KNIFE is not a Home Office offence code" in summary
    assert summary.index("Enter a name") < summary.index("KNIFE")
    assert any(e.value == "Error: Enter a name for the definition" for e in app.error)
    assert IncidentStore(db).definition("city") is None


def _points(words: str) -> float:
    """ "Health 4.2 points higher" -> 4.2, "Police 1.0 points higher" -> -1.0."""
    if words == "The same":
        return 0.0
    found = re.fullmatch(r"(Health|Police) (\d+\.\d) points higher", words)
    assert found, words
    return float(found.group(2)) * (1 if found.group(1) == "Health" else -1)


def test_police_and_health_are_compared_with_a_chart_a_table_and_the_largest_gaps(
    db: Path, street_files: list[SourceFile]
) -> None:
    _with_police_and_health_data(db, street_files)
    app = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not app.exception
    assert "Police and health compared" in [h.value for h in app.header]
    assert "By area" in [h.value for h in app.subheader]
    tables = [d.value for d in app.dataframe]
    by_month = next(t for t in tables if "Month" in t.columns and "Health share" in t.columns)
    assert "Health sees more" in by_month["Largest gaps"].tolist()
    assert all(re.fullmatch(r"[A-Z][a-z]+ 20\d\d", m) for m in by_month["Month"])
    assert all(re.fullmatch(r"(\d{1,3}\.\d%)?", v) for v in by_month["Health share"])
    by_area = next(t for t in tables if "Area" in t.columns)
    differences = [_points(v) for v in by_area["Difference"] if v]
    assert differences
    assert differences == sorted(differences, reverse=True)
    assert any("Months where health services saw more" in m.value for m in app.markdown)
    quality = next(t for t in tables if "Uploaded by" in t.columns)
    assert set(quality["Uploaded by"]) == {"analyst", "nurse@trust"}
    # the few health records are all held back by month: no empty chart, a line saying why
    assert any(c.value == NO_CHART for c in app.caption)
    assert len(app.get("vega_lite_chart")) < sum(
        1 for m in app.markdown if m.value.startswith("**") and m.value.endswith("**")
    )
    assert set(quality["Uploaded (UTC)"]) == {"2025-01-01 00:00"}


def test_the_profiles_can_be_narrowed_to_one_flag(db: Path, street_files: list[SourceFile]) -> None:
    _with_police_and_health_data(db, street_files)
    app = AppTest.from_file(PAGE, default_timeout=60).run()
    drill = app.selectbox(key="evidence-drill-down")
    assert drill.options == ["All records", "Only: weapon involved (knife, firearm or other)"]
    drill.set_value("weapon").run()
    assert not app.exception
    headers = [h.value for h in app.header]
    assert "Health-recorded assaults: weapon involved (knife, firearm or other) only" in headers
    assert "Police recorded crime: weapon involved (knife, firearm or other) only" in headers
    assert any("does not carry that flag" in c.value for c in app.caption)
    assert "Police and health compared" in headers  # always of every record
