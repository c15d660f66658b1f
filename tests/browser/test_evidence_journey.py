"""An analyst's evidence journey in a real browser: upload a zip of data.police.uk street files
for the partnership, see the profile (chart and table), download the SNA annex and read it,
and confirm a suggested SNA answer."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from readiness.evidence.sources import SNA_QUESTION_ID
from readiness.store import Store
from readiness.store.incidents import IncidentStore
from tests.browser.conftest import (
    SCREENSHOTS,
    Server,
    fill,
    run_axe,
    settle,
    start_server,
    stop_server,
    upload,
    wait_for_app,
)
from tests.evidence.conftest import LEAD, ROUND, make_city, street_paths

pytestmark = pytest.mark.browser


@pytest.fixture
def city_server(tmp_path: Path, chromium_path: Path) -> Iterator[Server]:
    db = tmp_path / "city.db"
    make_city(db)
    running = start_server(tmp_path, db)
    yield running
    stop_server(running)


def _police_uk_zip(tmp: Path) -> Path:
    """The shape of a data.police.uk download: one folder per month."""
    target = tmp / "police-download.zip"
    with zipfile.ZipFile(target, "w") as archive:
        for path in street_paths()[:3]:
            archive.write(path, f"{path.name[:7]}/{path.name}")
    return target


def test_an_analyst_uploads_police_data_reads_the_profile_and_downloads_the_annex(
    city_server: Server, page: Page, tmp_path: Path, axe_source: str
) -> None:
    page.goto(f"{city_server.url}/evidence")
    wait_for_app(page)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name="Evidence profile", exact=True)).to_be_visible()
    expect(main.get_by_text("No data uploaded for this partnership yet.")).to_be_visible()
    # the form suggests the area from the partnership record
    expect(
        main.get_by_role(
            "textbox", name="Police forces covering the area (comma separated)", exact=True
        )
    ).to_have_value("City of London Police")

    upload(page, main.get_by_test_id("stFileUploader"), _police_uk_zip(tmp_path))
    fill(page, "Your name or email (recorded with the upload)", "analyst@city.gov.uk")
    main.get_by_role("button", name="Upload and save").click()
    wait_for_app(page)
    expect(main.get_by_text("Saved", exact=False).first).to_be_visible()
    expect(main.get_by_role("heading", name="Police recorded crime", exact=True)).to_be_visible()
    expect(main.get_by_text("This is a proxy", exact=False).first).to_be_visible()
    expect(main.locator("[data-testid='stVegaLiteChart']").first).to_be_visible()
    expect(main.get_by_role("heading", name="Data quality", exact=True)).to_be_visible()
    months = {str(u.period_start) for u, _, _ in IncidentStore(city_server.db).uploads("city")}
    assert months == {"2024-01"}
    page.screenshot(path=str(SCREENSHOTS / "evidence.png"), full_page=True)
    # the whole profile, with the definition form open, meets WCAG 2.2 AA (axe-core)
    main.locator("[data-testid='stExpander'] summary").first.click()
    settle(page)
    assert run_axe(page, axe_source) == []

    with page.expect_download() as download_info:
        main.get_by_role("button", name="Download the SNA evidence annex (Excel)").click()
    download = download_info.value
    assert download.suggested_filename == "sna-evidence-annex.xlsx"
    workbook = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    assert workbook.sheetnames == ["Police", "Definition", "Data quality"]
    quality = " ".join(str(c.value) for row in workbook["Data quality"].iter_rows() for c in row)
    assert "police-download.zip" in quality

    # the uploads suggest answers for the SNA data-source question; saved only on confirm
    store = Store(city_server.db)
    assert SNA_QUESTION_ID not in {a.question_id for a in store.answers_for(ROUND, LEAD)}
    expect(
        main.get_by_role(
            "heading", name="Suggested answers for the SNA data-source question", exact=True
        )
    ).to_be_visible()
    main.get_by_role("button", name="Save these answers for City of London Corporation").click()
    wait_for_app(page)
    expect(
        main.get_by_text("The data-source answers for City of London Corporation have been saved.")
    ).to_be_visible()
    saved = {a.question_id: a for a in store.answers_for(ROUND, LEAD)}[SNA_QUESTION_ID]
    assert isinstance(saved.value, dict)
    assert saved.value["police_recorded_crime"]["availability"] == "record_level"

    # reload: the stored data is still there, and the answer now matches it
    page.reload()
    wait_for_app(page)
    expect(main.get_by_role("heading", name="Police recorded crime", exact=True)).to_be_visible()
    expect(
        main.get_by_text("City of London Corporation's answer already matches the uploaded data.")
    ).to_be_visible()


def _big_street_file(tmp: Path, years: int) -> Path:
    """A street file above the app-wide 10 MB limit: the real 2024 files, repeated with the
    months moved back a year per copy (Crime IDs made unique per copy)."""
    header, rows = "", []
    for path in street_paths():
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        header = lines[0]
        rows.extend(line.split(",", 2) for line in lines[1:])
    target = tmp / "2015-01-city-of-london-street.csv"
    with target.open("w", encoding="utf-8", newline="") as out:
        out.write(header)
        for back in range(years):
            out.writelines(
                f"{crime_id[:-4] + f'{back:04x}' if crime_id else ''},"
                f"{int(month[:4]) - back:04d}{month[4:]},{rest}"
                for crime_id, month, rest in rows
            )
    return target


def test_a_file_over_ten_megabytes_is_accepted(
    city_server: Server, page: Page, tmp_path: Path
) -> None:
    big = _big_street_file(tmp_path, years=6)
    assert big.stat().st_size > 10 * 1024 * 1024
    page.goto(f"{city_server.url}/evidence")
    wait_for_app(page)
    main = page.get_by_test_id("stMain")
    upload(page, main.get_by_test_id("stFileUploader"), big)
    fill(page, "Your name or email (recorded with the upload)", "analyst@city.gov.uk")
    main.get_by_role("button", name="Upload and save").click()
    wait_for_app(page)
    expect(main.get_by_role("heading", name="Police recorded crime", exact=True)).to_be_visible()
    uploads = IncidentStore(city_server.db).uploads("city")
    assert [u.file_name for u, _, _ in uploads] == [big.name]
    assert uploads[0][0].period_start == "2019-01"
    assert uploads[0][0].period_end == "2024-12"
