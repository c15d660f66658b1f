"""Exported workbooks read back with openpyxl, and the strict importer (no database)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.workbook.workbook import Workbook as WorkbookType

from readiness.excel import build_action_plan, build_pack, check_workbook, open_workbook
from readiness.excel import layout as L
from readiness.excel.importer import ImportOutcome
from readiness.excel.metadata import META_SHEET
from readiness.excel.safe import ILLEGAL_CHARACTERS, set_text
from tests.excel import factory as F
from tests.excel.make_corpus import BAD, edit, row_of, very_large


def _pack(**changes: Any) -> bytes:
    source = F.source()
    return build_pack(F.bundle(), source.model_copy(update=changes), generated_at=F.GENERATED)


def _plan(agency_id: str | None = None) -> bytes:
    return build_action_plan(
        F.bundle(), F.source(), F.result(), generated_at=F.GENERATED, agency_id=agency_id
    )


def _read(data: bytes) -> WorkbookType:
    return load_workbook(io.BytesIO(data))


def _check(data: bytes, *, status: str = "open", version: str | None = None) -> ImportOutcome:
    opened, problems = open_workbook(data)
    if opened is None:
        return ImportOutcome(problems=problems)
    return check_workbook(opened, F.bundle(), F.source(status=status, version=version))


# --------------------------------------------------------------------------- safe cells

INJECTION = [
    ("=1+1", True),
    ("+44 20 7946 0000", True),
    ("-2 on last year", True),
    ("@SUM(A1:A9)", True),
    ("\tindented", True),
    ("#N/A", True),
    ("#REF!", True),
    ("Board minutes, March", False),
]


@pytest.mark.parametrize(
    ("text", "quoted"),
    INJECTION,
    ids=["equals", "plus", "minus", "at", "tab", "na-error", "ref-error", "plain"],
)
def test_user_text_is_stored_as_text_never_a_formula_or_error(text: str, quoted: bool) -> None:
    wb = Workbook()
    ws = wb.worksheets[0]
    set_text(ws["A1"], text)
    buffer = io.BytesIO()
    wb.save(buffer)
    cell = load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0]["A1"]
    assert cell.data_type == "s"
    assert cell.value == text
    assert bool(cell.quotePrefix) is quoted


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=60))
def test_any_text_survives_a_save_as_text(text: str) -> None:
    wb = Workbook()
    set_text(wb.worksheets[0]["A1"], text)
    buffer = io.BytesIO()
    wb.save(buffer)
    cell = load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0]["A1"]
    expected = ILLEGAL_CHARACTERS.sub("", text)
    if expected == "":
        assert cell.value is None
    else:
        assert cell.data_type == "s"
        # XML turns line endings into "\n"; the importer compares text the same way
        assert _lines(cell.value) == _lines(expected)


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --------------------------------------------------------------------------- action plan


def test_action_plan_has_every_sheet_a_board_needs() -> None:
    wb = _read(_plan())
    assert wb.sheetnames == [
        "Summary",
        "Action plan",
        "Lists",
        "Responses",
        "SNA gaps",
        "Disagreements",
        "About",
        META_SHEET,
    ]
    assert wb[META_SHEET].sheet_state == "veryHidden"
    assert wb["Lists"].sheet_state == "hidden"
    summary = wb["Summary"]
    labels = {
        summary.cell(row=r, column=1).value: summary.cell(row=r, column=2).value
        for r in range(1, 20)
    }
    assert labels["Partnership"] == "Testshire Community Safety Partnership"
    assert labels["Round"] == "2026/27"
    assert labels["Questionnaire"] == "svd-readiness version 1.0"
    assert labels["Compliance with the legal duties"] == F.result().compliance.band
    assert len(summary._charts) == 1  # maturity by domain, beside its table
    domains = [c.value for c in summary["A"] if c.value in {d.title for d in F.result().domains}]
    assert len(domains) == len(F.result().domains)


def test_action_plan_sheet_is_a_filterable_table_with_dropdowns_and_rag_colours() -> None:
    ws = _read(_plan())["Action plan"]
    headers = [c.value for c in ws[1]]
    assert headers == L.PLAN_HEADERS
    table = ws.tables["ActionPlan"]
    assert table.ref == f"A1:N{len(F.actions()) + 1}"
    assert ws.freeze_panes == "B2"
    assert ws.print_title_rows == "$1:$1"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1
    assert ws.column_dimensions["E"].width == 48
    formulas = {dv.formula1 for dv in ws.data_validations.dataValidation}
    assert "'Lists'!$A$1:$A$4" in formulas  # status
    assert "'Lists'!$B$1:$B$3" in formulas  # RAG
    rules = [r for cf in ws.conditional_formatting for r in cf.rules]
    assert sorted(r.formula[0] for r in rules) == ['"Amber"', '"Green"', '"Red"']
    due = ws.cell(row=2, column=L.P_DUE)
    assert isinstance(due.value, dt.datetime)
    assert due.number_format == "dd/mm/yyyy"
    rags = [ws.cell(row=r, column=L.P_RAG).value for r in range(2, 6)]
    assert rags == [None, "Red", "Amber", "Green"]  # the word, not only the colour


def test_action_text_that_looks_like_a_formula_stays_text() -> None:
    ws = _read(_plan())["Action plan"]
    notes = ws.cell(row=3, column=L.P_NOTES)
    assert notes.value == "=cmd|' /C calc'!A0"
    assert notes.data_type == "s"


@pytest.mark.parametrize(
    ("agency", "owner"),
    [(F.POLICE, "Testshire Police"), (F.COUNCIL, "Testshire Council")],
    ids=["police-only", "council-only"],
)
def test_an_agency_plan_holds_only_that_agencys_actions(agency: str, owner: str) -> None:
    wb = _read(_plan(agency))
    owners = {c.value for c in wb["Action plan"]["H"][1:]}
    assert owners == {owner}
    agencies = {c.value for c in wb["Responses"]["A"][1:]}
    assert agencies == {owner}


# --------------------------------------------------------------------------- pack


def test_pack_has_a_row_per_question_for_each_agency_with_dropdown_answers() -> None:
    wb = _read(_pack())
    ws = wb["Questions"]
    assert [c.value for c in ws[1]] == [*L.QUESTION_HEADERS, *L.QUESTION_INFO_HEADERS]
    expected = sum(len(F.bundle().questions_for(a.role_id, "england")) for a in F.agencies())
    assert ws.max_row == expected + 1
    dropdowns = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    scale_list = next(
        dv
        for dv in dropdowns
        if wb["Lists"][dv.formula1.split("!")[1].split(":")[0].replace("$", "")].value
        == "0 - Not started"
    )
    scale_row = row_of(ws, "scale")
    assert f"G{scale_row}" in str(scale_list.sqref)
    assert ws.cell(row=scale_row, column=L.Q_ANSWER).value in L.SCALE_CHOICES
    assert "4 - Embedded:" in ws.cell(row=scale_row, column=L.Q_GUIDANCE).value


def test_pack_for_one_agency_holds_only_its_role_questions() -> None:
    data = build_pack(F.bundle(), F.source(), generated_at=F.GENERATED, agency_id=F.POLICE)
    ws = _read(data)["Questions"]
    ids = [ws.cell(row=r, column=L.Q_REF).value for r in range(2, ws.max_row + 1)]
    assert ids == [q.id for q in F.bundle().questions_for("police", "england")]


def test_an_untouched_pack_and_plan_import_with_no_changes() -> None:
    for data in (_pack(), _plan()):
        outcome = _check(data)
        assert outcome.problems == []
        assert outcome.changes is not None
        assert outcome.changes.is_empty


def _set(sheet: str, cell_for: Any, value: object) -> Any:
    def change(wb: Workbook) -> None:
        ws = wb[sheet]
        ws[cell_for(ws)] = value

    return change


def _question_cell(question_type: str, column: int) -> Any:
    return lambda ws: f"{chr(64 + column)}{row_of(ws, question_type)}"


EDITS = [
    (L.QUESTIONS, _question_cell("scale", L.Q_ANSWER), "4 - embedded", "Answer", "4 - Embedded"),
    (L.QUESTIONS, _question_cell("scale", L.Q_ANSWER), 3, "Answer", "3 - Established"),
    (L.QUESTIONS, _question_cell("yes_partly_no", L.Q_ANSWER), "Partly", "Answer", "Partly"),
    (
        L.QUESTIONS,
        _question_cell("date", L.Q_ANSWER),
        dt.datetime(2026, 1, 31),
        "Answer",
        "31/01/2026",
    ),
    (
        L.QUESTIONS,
        _question_cell("scale", L.Q_EVIDENCE),
        "-2 incidents on last year",
        "Evidence",
        "-2 incidents on last year",
    ),
    (L.CHOICES, lambda ws: "E2", "No", "Answer", None),
]


@pytest.mark.parametrize(
    ("sheet", "where", "value", "field", "shown"),
    EDITS,
    ids=[
        "scale-label-any-case",
        "scale-number",
        "yes-partly-no",
        "real-date",
        "minus-sign-evidence-is-text",
        "untick-an-option",
    ],
)
def test_an_edited_pack_previews_exactly_the_change(
    sheet: str, where: Any, value: object, field: str, shown: str | None
) -> None:
    data = edit(_pack(), _set(sheet, where, value))
    outcome = _check(data)
    assert outcome.problems == []
    assert outcome.changes is not None
    assert len(outcome.changes.answers) == 1
    rows = outcome.changes.preview(F.bundle())
    assert [r.field for r in rows] == [field]
    if shown is not None:
        assert rows[0].new == shown


def test_an_action_update_previews_old_and_new_values() -> None:
    def change(wb: Workbook) -> None:
        ws = wb["Action plan"]
        ws.cell(row=2, column=L.P_STATUS).value = "Completed"
        ws.cell(row=2, column=L.P_RAG).value = "Green"
        ws.cell(row=2, column=L.P_DUE).value = dt.datetime(2027, 3, 31)
        ws.cell(row=2, column=L.P_LEAD).value = "Sam Patel"

    outcome = _check(edit(_plan(), change))
    assert outcome.problems == []
    assert outcome.changes is not None
    [action] = outcome.changes.actions
    shown = {f.field: (f.old, f.new) for f in action.fields}
    assert shown["Status"] == ("Not started", "Completed")
    assert shown["RAG"] == ("", "Green")
    assert shown["Due date"][1] == "31/03/2027"
    assert shown["Lead"] == ("", "Sam Patel")
    assert action.edit.status == "Completed"
    assert action.edit.due == dt.date(2027, 3, 31)


def test_an_answer_changed_in_the_tool_after_download_is_not_overwritten() -> None:
    data = edit(_pack(), _set(L.QUESTIONS, _question_cell("scale", L.Q_ANSWER), "4 - Embedded"))
    opened, _ = open_workbook(data)
    assert opened is not None
    key = next(r.key for r in opened.meta.rows if r.revision is not None)
    agency_id, question_id = key.split("/", 1)
    source = F.source()
    bumped = [
        a.model_copy(update={"revision": 2, "value": 0, "updated_by": "Jo Bloggs"})
        if (a.agency_id, a.question_id) == (agency_id, question_id)
        else a
        for a in source.answers
    ]
    ws = opened.workbook[L.QUESTIONS]
    row = next(
        r
        for r in range(2, ws.max_row + 1)
        if ws.cell(row=r, column=L.Q_REF).value == question_id
        and ws.cell(row=r, column=L.Q_AGENCY_ID).value == agency_id
    )
    ws.cell(row=row, column=L.Q_ANSWER).value = "4 - Embedded"
    outcome = check_workbook(opened, F.bundle(), source.model_copy(update={"answers": bumped}))
    assert any("Jo Bloggs changed the answer" in p.message for p in outcome.problems)
    assert outcome.changes is None


# --------------------------------------------------------------------------- bad corpus

CORPUS = [
    ("not-a-workbook.xlsx", None, "not an Excel workbook"),
    ("corrupt-zip.xlsx", None, "damaged"),
    ("csv-renamed.xlsx", None, "CSV"),
    ("empty.xlsx", None, "The file is empty"),
    ("old-xls-format.xlsx", None, "Excel 97-2003"),
    ("zip-not-a-workbook.xlsx", None, "zip archive but not an Excel workbook"),
    ("xml-bomb.xlsx", None, "XML definitions that are not allowed"),
    ("zip-bomb.xlsx", None, "expands to far more data"),
    ("no-metadata.xlsx", None, "not made by this tool"),
    ("libreoffice-made.xlsx", None, "not made by this tool"),
    ("other-partnership.xlsx", None, "is for Otherton CSP, round 2026/27. You chose"),
    ("other-round.xlsx", None, "Partnership, round 2025/26. You chose"),
    ("older-questionnaire.xlsx", None, "version 0.9"),
    ("closed-round.xlsx", "closed", "is closed"),
    ("missing-sheet.xlsx", None, "The sheet 'Choices' is missing"),
    ("renamed-sheet.xlsx", None, "The sheet 'Questions' is missing"),
    ("typed-over-dropdown.xlsx", None, "'Quite good' is not one of the choices"),
    ("number-as-words.xlsx", None, "'Definitely' is not one of the choices"),
    ("formula-in-answer.xlsx", None, "holds a formula"),
    ("date-as-text.xlsx", None, "not a date"),
    ("merged-cells.xlsx", None, "are merged"),
    ("extra-column.xlsx", None, "an added column"),
    ("deleted-row.xlsx", None, "is missing. Do not delete rows"),
    ("bad-tick.xlsx", None, "Choose Yes or No"),
    ("plan-status-typed.xlsx", None, "Choose a status from the list"),
    ("plan-rag-typed.xlsx", None, "Choose Red, Amber or Green"),
    ("plan-date-as-text.xlsx", None, "not a date"),
    ("plan-action-text-changed.xlsx", None, "The Action column cannot be changed"),
    ("plan-added-row.xlsx", None, "Add new actions in the tool"),
]


@pytest.mark.parametrize(
    ("name", "status", "expected"), CORPUS, ids=[c[0].removesuffix(".xlsx") for c in CORPUS]
)
def test_every_bad_file_gets_a_clear_message_and_no_changes(
    name: str, status: str | None, expected: str
) -> None:
    outcome = _check((BAD / name).read_bytes(), status=status or "open")
    assert outcome.changes is None
    assert any(expected in str(p) for p in outcome.problems), [str(p) for p in outcome.problems]
    located = [p for p in outcome.problems if p.cell]
    for problem in located:
        assert problem.sheet, "a cell is always named with its sheet"


def test_the_corpus_has_at_least_twenty_files() -> None:
    assert len(list(Path(BAD).glob("*.xlsx"))) >= 20
    assert {name for name, _, _ in CORPUS} == {p.name for p in BAD.glob("*.xlsx")}


def test_a_very_large_file_is_refused_before_it_is_opened() -> None:
    outcome = _check(very_large())
    assert "too big" in outcome.problems[0].message


def test_a_pack_for_an_older_questionnaire_round_is_refused() -> None:
    outcome = _check(_pack(), version="0.9")
    assert "version 0.9" in outcome.problems[0].message
