"""The Excel annex: opens, suppresses small numbers, keeps hostile text as text."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from readiness.evidence.export import export_workbook
from readiness.evidence.files import SourceFile
from readiness.evidence.police import read_police_files
from readiness.evidence.report import build_report
from tests.evidence.conftest import CITY, street_paths


def test_the_annex_suppresses_small_numbers_and_keeps_formulas_as_text() -> None:
    text = street_paths()[0].read_text(encoding="utf-8").replace(
        "On or near B500", "=HYPERLINK(\"http://x\")", 1)
    files = [SourceFile.from_bytes("=cmd.csv", text.encode())]
    report = build_report(read_police_files(files, area=CITY), threshold=5)
    book = load_workbook(io.BytesIO(export_workbook(report)))
    assert book.sheetnames == ["Police", "Data quality"]
    seen_suppressed = False
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert cell.data_type == "s"
                    seen_suppressed |= cell.value == "fewer than 5"
    assert seen_suppressed
    police = book["Police"]
    counts = [c.value for row in police.iter_rows(min_col=2, max_col=2) for c in row
              if isinstance(c.value, int)]
    assert counts
    assert book["Data quality"]["A3"].value == "=cmd.csv"
    assert book["Data quality"]["A3"].data_type == "s"
