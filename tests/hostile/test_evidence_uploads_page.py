"""The evidence page with hostile uploads: a workbook bomb is refused in seconds with a clear
message and nothing saved; column names and cell values from a file are shown as text."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from readiness.store.incidents import IncidentStore
from tests.evidence.conftest import make_city
from tests.hostile import corpus as C
from tests.hostile.pages import IMAGE, LINK, problems, seen_markers

PAGE = str(Path(__file__).resolve().parents[2] / "readiness" / "ui" / "pages" / "evidence.py")


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "evidence-hostile.db"
    monkeypatch.setenv("READINESS_DB", str(path))
    monkeypatch.delenv("READINESS_QUESTIONNAIRE", raising=False)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield path
    st.cache_data.clear()
    st.cache_resource.clear()


def _upload(name: str, data: bytes, mime: str) -> AppTest:
    app = AppTest.from_file(PAGE, default_timeout=60).run()
    app.radio(key="evidence-kind").set_value("ed_istv").run()
    app.file_uploader(key="evidence-mapped-files.ed_istv").set_value((name, data, mime)).run()
    return app


def test_a_health_workbook_bomb_is_refused_on_the_page_in_seconds(db: Path) -> None:
    make_city(db)
    bomb = C.xlsx_bomb(unpacked_mb=150)
    started = time.perf_counter()
    app = _upload("istv.xlsx", bomb, "application/vnd.ms-excel")
    assert time.perf_counter() - started < 10
    assert not app.exception
    message = " ".join(e.value for e in app.error)
    assert "Nothing has been saved" in message
    assert "istv.xlsx expands to far more data than a spreadsheet can hold" in message
    assert IncidentStore(db).load("city").empty


def test_column_names_and_values_from_a_file_are_shown_as_text(db: Path) -> None:
    make_city(db)
    hostile_column = f"Where {LINK}"
    csv = (
        f"ASSAULT DATE AND TIME,ASSAULT METHOD,SITE CODE,{hostile_column}\n{IMAGE},Knife,RXX01,x\n"
    ).encode()
    app = _upload("istv.csv", csv, "text/csv")
    assert not app.exception
    assert "zqxlink" in seen_markers(app), "the column names are listed on the page"
    assert problems(app) == []
    app.text_input(key="evidence-mapped.ed_istv.who").set_value("nurse@trust")
    button = next(
        i for i, b in enumerate(app.button) if b.label == "Confirm the columns and upload"
    )
    app.button[button].click().run()
    assert not app.exception
    assert "zqximg" in seen_markers(app), "the bad date is quoted in the message"
    assert problems(app) == []
    assert IncidentStore(db).load("city").empty
