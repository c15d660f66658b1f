"""Wrapped text gets row heights, so LibreOffice shows it without rows overlapping."""

from __future__ import annotations

from openpyxl import Workbook

from readiness.excel.safe import WRAP, fit_row_heights, set_text


def test_long_wrapped_text_gets_a_taller_row_and_short_text_does_not() -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.column_dimensions["A"].width = 20
    set_text(ws["A1"], "Short")
    set_text(ws["A2"], "A long action that will not fit on one line of a narrow column " * 2)
    set_text(ws["A3"], "First line\nSecond line\nThird line")
    for cell in (ws["A1"], ws["A2"], ws["A3"]):
        cell.alignment = WRAP
    fit_row_heights(wb)
    assert ws.row_dimensions[1].height is None
    assert ws.row_dimensions[2].height is not None
    assert ws.row_dimensions[2].height >= 5 * 15
    assert ws.row_dimensions[3].height == 3 * 15 + 3
