"""The upload page, run on its own with AppTest against the demo data."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from readiness.store import Store

PAGE = str(Path(__file__).resolve().parents[2] / "readiness" / "ui" / "pages" / "upload.py")


def test_the_upload_page_offers_a_file_upload_for_an_open_round(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "page.db"
    monkeypatch.setenv("READINESS_DB", str(db))
    Store(db).load_demo()
    at = AppTest.from_file(PAGE, default_timeout=30)
    at.run()
    assert [e.value for e in at.exception] == []
    assert at.title[0].value == "Upload a completed workbook"
    assert "nothing is saved until" in at.markdown[0].value.lower() or any(
        "nothing is saved" in m.value.lower() for m in at.markdown
    )
