"""The Excel annex: opens, suppresses small numbers, keeps hostile text as text."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from readiness.evidence.export import export_workbook
from readiness.evidence.files import SourceFile
from readiness.evidence.health import read_health_files
from readiness.evidence.police import read_police_files
from readiness.evidence.report import build_report
from tests.evidence.conftest import CITY, ISTV_ROWS, as_source, istv_csv, street_paths
from tests.excel.test_libreoffice import CSV_ALL_SHEETS, convert


def test_the_annex_suppresses_small_numbers_and_keeps_formulas_as_text() -> None:
    text = (
        street_paths()[0]
        .read_text(encoding="utf-8")
        .replace("On or near B500", '=HYPERLINK("http://x")', 1)
    )
    files = [SourceFile.from_bytes("=cmd.csv", text.encode())]
    report = build_report(read_police_files(files, area=CITY), threshold=5)
    book = load_workbook(io.BytesIO(export_workbook(report)))
    assert book.sheetnames == ["Police", "Definition", "Data quality"]
    seen_suppressed = False
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert cell.data_type == "s"
                    seen_suppressed |= cell.value == "fewer than 5"
    assert seen_suppressed
    police = book["Police"]
    counts = [
        c.value
        for row in police.iter_rows(min_col=2, max_col=2)
        for c in row
        if isinstance(c.value, int)
    ]
    assert counts
    assert book["Data quality"]["A3"].value == "=cmd.csv"
    assert book["Data quality"]["A3"].data_type == "s"


def test_long_text_in_the_annex_wraps_in_rows_tall_enough_to_show_it() -> None:
    report = build_report(read_police_files([as_source(street_paths()[0])], area=CITY))
    book = load_workbook(io.BytesIO(export_workbook(report)))
    police = book["Police"]
    proxy = next(row for row in police.iter_rows() if row[0].value == "Proxy")
    statement = proxy[1]
    assert isinstance(statement.value, str)
    assert len(statement.value) > 200
    assert statement.alignment.wrap_text
    height = police.row_dimensions[statement.row].height
    assert height is not None
    assert height >= 4 * 15  # more than 200 characters in a 60-wide column: four lines at least


@pytest.mark.libreoffice
def test_libreoffice_opens_the_annex_and_reads_every_sheet(tmp_path: Path) -> None:
    report = build_report(read_police_files([as_source(p) for p in street_paths()[:3]], area=CITY))
    annex = tmp_path / "annex.xlsx"
    annex.write_bytes(export_workbook(report))
    out = convert(annex, "pdf", tmp_path)
    assert (out / "annex.pdf").read_bytes().startswith(b"%PDF")
    out = convert(annex, CSV_ALL_SHEETS, tmp_path)
    sheets = {p.name: p.read_text(encoding="utf-8") for p in out.glob("*.csv")}
    police = next(text for name, text in sheets.items() if "Police" in name)
    quality = next(text for name, text in sheets.items() if "Data quality" in name)
    assert "Top LSOAs for serious violence" in police
    assert "This is a proxy" in police
    assert street_paths()[0].name in quality
    assert "data.police.uk street-level crime" in quality


def test_the_annex_compares_police_and_health_and_marks_the_largest_gaps() -> None:
    police = read_police_files([as_source(p) for p in street_paths()[:3]], area=CITY)
    health = read_health_files([istv_csv(ISTV_ROWS)], kind="ed_istv")
    report = build_report(police, health, threshold=0)
    book = load_workbook(io.BytesIO(export_workbook(report)))
    sheet = book["Police and health"]
    header = [c.value for c in sheet[2]]
    assert header == [
        "Month",
        "Police",
        "Health",
        "Police share (%)",
        "Health share (%)",
        "Difference (points)",
        "Largest gaps",
    ]
    marked = [r[0].value for r in sheet.iter_rows(min_row=3) if r[6].value == "Health sees more"]
    assert report.triangulation is not None
    expected = {r.key for r in report.triangulation.biggest_month_gaps} | {
        r.key for r in report.triangulation.biggest_area_gaps
    }
    assert set(marked) == expected
