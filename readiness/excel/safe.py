"""Writing cells safely: user text is always text, never a formula, an error or a control code.

openpyxl turns a string starting with ``=`` into a formula and a string such as ``#N/A`` into
an error cell, and refuses control characters. :func:`set_text` writes any user text as a
literal string and sets Excel's "quote prefix" on text that a spreadsheet would otherwise
treat as a formula (``=``, ``+``, ``-``, ``@``, tab, carriage return), so it stays text even when
someone re-edits the cell.
"""

from __future__ import annotations

import datetime as dt
import io
import re

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

#: Characters XML 1.0 (and so Excel) cannot hold; openpyxl raises on them.
ILLEGAL_CHARACTERS = re.compile(
    r"[\000-\010]|[\013-\014]|[\016-\037]|[\ud800-\udfff]|[\ufffe\uffff]"
)
#: Leading characters that make a spreadsheet treat text as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
#: Strings Excel reads as error values.
ERROR_CODES = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"}
)
#: Excel's limit on the characters in one cell.
MAX_CELL_CHARS = 32_767
DATE_FORMAT = "dd/mm/yyyy"

HEADER_FILL = PatternFill(start_color="1D70B8", end_color="1D70B8", fill_type="solid")
HEADER_FONT = Font(color="FFFFFF", bold=True)
INPUT_FILL = PatternFill(start_color="FFF7BF", end_color="FFF7BF", fill_type="solid")
LOCKED_FILL = PatternFill(start_color="F3F2F1", end_color="F3F2F1", fill_type="solid")
WRAP = Alignment(wrap_text=True, vertical="top")


def clean_text(text: str) -> str:
    """``text`` without characters a workbook cannot hold, cut to Excel's cell limit."""
    cleaned = ILLEGAL_CHARACTERS.sub("", text)
    if len(cleaned) > MAX_CELL_CHARS:
        cleaned = cleaned[: MAX_CELL_CHARS - 1] + "…"
    return cleaned


def needs_quote_prefix(text: str) -> bool:
    """Whether a spreadsheet would read ``text`` as a formula or an error value."""
    return text.startswith(FORMULA_PREFIXES) or text.strip().upper() in ERROR_CODES


def set_text(cell: Cell | MergedCell, text: str | None) -> None:
    """Write user text as a literal string (or leave the cell empty for ``None`` or "")."""
    if isinstance(cell, MergedCell):
        return
    if text is None or text == "":
        cell.value = None
        return
    value = clean_text(str(text))
    cell.value = value
    cell.data_type = "s"  # a literal string: no formula, no error-code coercion
    if needs_quote_prefix(value):
        cell.quotePrefix = True


def set_value(cell: Cell | MergedCell, value: object) -> None:
    """Write any value: text safely, dates as real dates, numbers as numbers."""
    if isinstance(cell, MergedCell):
        return
    if value is None:
        cell.value = None
    elif isinstance(value, bool):
        set_text(cell, "Yes" if value else "No")
    elif isinstance(value, dt.datetime):
        cell.value = value.replace(tzinfo=None)
        cell.number_format = "dd/mm/yyyy hh:mm"
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif isinstance(value, int | float):
        cell.value = value
    else:
        set_text(cell, str(value))


def write_row(ws: Worksheet, row: int, values: list[object], *, wrap: bool = True) -> None:
    """Write ``values`` into ``row`` from column A, every value through :func:`set_value`."""
    for column, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=column)
        set_value(cell, value)
        if wrap:
            cell.alignment = WRAP


def write_header(ws: Worksheet, row: int, headers: list[str]) -> None:
    for column, text in enumerate(headers, start=1):
        cell = ws.cell(row=row, column=column)
        set_text(cell, text)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")


def set_widths(ws: Worksheet, widths: list[float]) -> None:
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width


def print_setup(ws: Worksheet, *, header_rows: str | None = "1:1", landscape: bool = True) -> None:
    """Landscape, fitted to one page wide, with the header row repeated on every page."""
    if landscape:
        ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    if ws.sheet_properties.pageSetUpPr is None:
        ws.sheet_properties.pageSetUpPr = PageSetupProperties()
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if header_rows:
        ws.print_title_rows = header_rows


_POINTS_PER_LINE = 15.0
_MAX_ROW_POINTS = 409.0  # Excel's limit


def fit_row_heights(wb: Workbook) -> None:
    """Give rows with wrapped text a height that shows all of it.

    openpyxl writes no row heights, and LibreOffice (unlike Excel) does not grow rows to fit
    wrapped text when it opens a file, so long text would overlap the next row. The height is
    an estimate from the text length and the column width (about one character per unit).
    """
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        widths = {letter: (dim.width or 8.43) for letter, dim in ws.column_dimensions.items()}
        for row in ws.iter_rows():
            lines = 1
            for cell in row:
                if not isinstance(cell.value, str) or not cell.alignment.wrap_text:
                    continue
                width = widths.get(cell.column_letter, 8.43)
                per_line = max(1, int(width * 1.15))
                needed = sum(max(1, -(-len(part) // per_line)) for part in cell.value.split("\n"))
                lines = max(lines, needed)
            if lines > 1:
                height = min(_MAX_ROW_POINTS, lines * _POINTS_PER_LINE + 3)
                ws.row_dimensions[int(row[0].row or 1)].height = height


def workbook_bytes(wb: Workbook) -> bytes:
    """The finished workbook as .xlsx bytes, with rows sized to their wrapped text."""
    fit_row_heights(wb)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
