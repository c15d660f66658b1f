"""Cell checks shared by the pack and plan readers: every problem collected with its sheet and
cell, formulas refused, text and drop-down choices read the way the writers wrote them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from readiness.excel import layout as L
from readiness.excel.changes import WorkbookProblem
from readiness.excel.metadata import (
    META_SHEET,
    WorkbookMeta,
)

MAX_ROWS = 5000
MAX_PROBLEMS = 200

FRESH = "Download a fresh copy from the tool and make your changes in that."


def problem(message: str, sheet: str | None = None, cell: str | None = None) -> WorkbookProblem:
    return WorkbookProblem(sheet=sheet, cell=cell, message=message)


# --------------------------------------------------------------------------- sheet checks


AnyCell = Cell | MergedCell


def ref(column: int, row: int) -> str:
    return f"{get_column_letter(column)}{row}"


class Collector:
    def __init__(self) -> None:
        self.problems: list[WorkbookProblem] = []

    def add(self, sheet: str | None, cell: str | None, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem(message, sheet, cell))


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    return str(value)


def check_sheet(
    wb: Workbook,
    name: str,
    headers: Sequence[str],
    out: Collector,
    info_headers: Sequence[str] = (),
) -> Worksheet | None:
    """The sheet, with its heading row and shape checked (None when it is missing).

    ``info_headers`` name columns after ``headers`` that the tool writes for reading only:
    they are never read, and are not an added column while their heading is as written."""
    if name not in wb.sheetnames:
        present = [s for s in wb.sheetnames if s != META_SHEET]
        out.add(
            None,
            None,
            f"The sheet '{name}' is missing. The workbook has: {', '.join(present)}. Put back or "
            f"rename the sheet to '{name}', or download a fresh copy.",
        )
        return None
    ws = wb[name]
    for column, expected in enumerate(headers, start=1):
        got = L.canonical_text(ws.cell(row=1, column=column).value)
        if got != expected:
            shown = f"'{got}'" if got else "empty"
            out.add(
                name,
                ref(column, 1),
                f"The column heading should be '{expected}' but is {shown}. Columns must not "
                "be moved, renamed or deleted.",
            )
    for merged in ws.merged_cells.ranges:
        out.add(
            name,
            str(merged),
            f"Cells {merged} are merged. Unmerge them so each cell holds one value.",
        )
    if ws.max_row > MAX_ROWS:
        out.add(name, None, f"The sheet has {ws.max_row} rows, more than the {MAX_ROWS} allowed.")
        return None
    width = len(headers)
    info = {
        column
        for column, heading in enumerate(info_headers, start=width + 1)
        if L.canonical_text(ws.cell(row=1, column=column).value) == heading
    }
    if ws.max_column > width:
        for row in ws.iter_rows(min_row=1, max_row=ws.max_row, min_col=width + 1):
            for cell in row:
                if isinstance(cell, Cell) and cell.column in info:
                    continue
                if cell.value not in (None, "") and isinstance(cell, Cell):
                    out.add(
                        name,
                        cell.coordinate,
                        "This cell is outside the workbook's columns (an added column). "
                        f"Remove it: only columns A to {get_column_letter(width)} are read.",
                    )
                    break
    return ws


def no_formula(cell: AnyCell, sheet: str, out: Collector) -> bool:
    if isinstance(cell, Cell) and cell.data_type == "f":
        out.add(
            sheet,
            cell.coordinate,
            "This cell holds a formula. Type or choose the value itself; formulas are not "
            "imported.",
        )
        return False
    return True


def text_cell(cell: AnyCell, sheet: str, out: Collector) -> str:
    if not no_formula(cell, sheet, out):
        return ""
    return L.canonical_text(cell_text(cell.value))


def read_choice(
    cell: AnyCell, sheet: str, choices: Choices, what: str, out: Collector
) -> tuple[bool, str | None]:
    """Match a dropdown cell to its list: (ok, id or None when empty)."""
    if not no_formula(cell, sheet, out):
        return False, None
    text = cell_text(cell.value).strip()
    if not text:
        return True, None
    found = choices.table.get(L.normalise(text))
    if found is None:
        shown = "; ".join(f"'{v}'" for v in choices.labels)
        out.add(
            sheet,
            cell.coordinate,
            f"'{text}' is not one of the choices. Choose {what} from the list: {shown}."
            if len(choices.labels) < 30
            else f"'{text}' is not one of the choices. Choose {what} from the list.",
        )
        return False, None
    return True, found


@dataclass(frozen=True)
class Choices:
    """A dropdown list: typed text (normalised) -> id, and the labels to show."""

    table: dict[str, str]
    labels: list[str]


def choices_of(pairs: Sequence[tuple[str, str]]) -> Choices:
    """label -> id, matched loosely (case, spaces, dashes); ids match too."""
    table: dict[str, str] = {}
    for ident, label in pairs:
        table.setdefault(L.normalise(label), ident)
    for ident, _label in pairs:
        table.setdefault(L.normalise(ident), ident)
    return Choices(table=table, labels=[label for _, label in pairs])


YES_NO = choices_of([("yes", "Yes"), ("no", "No")])


@dataclass
class OpenedWorkbook:
    """A parsed workbook and its metadata."""

    workbook: Workbook
    meta: WorkbookMeta


def keyed_rows(
    ws: Worksheet, key_columns: Sequence[int], out: Collector
) -> list[tuple[int, tuple[str, ...], tuple[AnyCell, ...]]]:
    """Non-empty data rows with their key (the values of ``key_columns``)."""
    rows = []
    width = max(ws.max_column, *key_columns, len(L.QUESTION_HEADERS), len(L.PLAN_HEADERS))
    for index, cells in enumerate(
        ws.iter_rows(min_row=2, max_row=ws.max_row, max_col=width), start=2
    ):
        typed = tuple(cells)
        if all(c.value in (None, "") for c in typed):
            continue
        key = tuple(
            cell_text(typed[k - 1].value).strip() if k <= len(typed) else "" for k in key_columns
        )
        rows.append((index, key, typed))
    return rows
