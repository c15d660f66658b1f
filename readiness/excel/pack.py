"""The offline questionnaire pack: a workbook an agency fills in without the web app.

One row per question the agency's role answers (in the partnership's nation), with guidance,
an answer cell that is a dropdown of the allowed values, and evidence and comment columns,
pre-filled with the current answers. Multiple-choice questions are answered one option per row
on the Choices sheet (Yes or No) and the SNA data-source matrix one source per row on the Data
sources sheet, so every answer cell holds one value from a list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from readiness.bundle import ContentBundle
from readiness.excel import layout as L
from readiness.excel.metadata import RowStamp, WorkbookMeta, write_metadata
from readiness.excel.safe import (
    INPUT_FILL,
    LOCKED_FILL,
    WRAP,
    print_setup,
    set_text,
    set_value,
    set_widths,
    workbook_bytes,
    write_header,
)
from readiness.excel.source import WorkbookSource
from readiness.labels import AVAILABILITY_LABELS, GRANULARITY_LABELS, TIMELINESS_LABELS
from readiness.models import (
    DataSourceMatrixQuestion,
    DateQuestion,
    MultiChoiceQuestion,
    NumberQuestion,
    Question,
    TextQuestion,
)
from readiness.store.records import Agency, StoredAnswer
from readiness.uk_time import uk_clock, uk_short


class ListBook:
    """The hidden Lists sheet: one column per dropdown list, and a validation per list."""

    def __init__(self, wb: Workbook) -> None:
        self.ws = wb.create_sheet(L.LISTS)
        self.ws.sheet_state = "hidden"
        self.columns: dict[tuple[str, ...], str] = {}
        self.validations: dict[str, DataValidation] = {}

    def reference(self, values: Sequence[str]) -> str:
        key = tuple(values)
        if key not in self.columns:
            column = len(self.columns) + 1
            for row, value in enumerate(values, start=1):
                set_text(self.ws.cell(row=row, column=column), value)
            letter = get_column_letter(column)
            self.columns[key] = f"{quote_sheetname(L.LISTS)}!${letter}$1:${letter}${len(values)}"
        return self.columns[key]

    def dropdown(self, ws: Worksheet, cell: str, values: Sequence[str], what: str) -> None:
        ref = self.reference(values)
        dv_key = f"{ws.title}|{ref}"
        dv = self.validations.get(dv_key)
        if dv is None:
            shown = ", ".join(values[:5]) + (" …" if len(values) > 5 else "")
            dv = DataValidation(
                type="list",
                formula1=ref,
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="Choose from the list",
                error=f"Choose {what} from the list: {shown}"[:255],
            )
            ws.add_data_validation(dv)
            self.validations[dv_key] = dv
        dv.add(cell)


def _number_validation(question: NumberQuestion) -> DataValidation:
    low = question.minimum if question.minimum is not None else -1e12
    high = question.maximum if question.maximum is not None else 1e12
    return DataValidation(
        type="decimal",
        operator="between",
        formula1=f"{low:g}",
        formula2=f"{high:g}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Enter a number",
        error=L.how_to_answer(question),
    )


def _date_validation(question: DateQuestion) -> DataValidation:
    return DataValidation(
        type="date",
        operator="greaterThan",
        formula1="DATE(1990,1,1)",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Enter a date",
        error="Enter a date, for example 31/03/2026.",
    )


def _text_validation(question: TextQuestion) -> DataValidation:
    return DataValidation(
        type="textLength",
        operator="lessThanOrEqual",
        formula1=str(question.max_length),
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Answer too long",
        error=f"Shorten the answer to {question.max_length} characters or fewer.",
    )


def _no_validation(question: Any) -> DataValidation | None:
    """A dropdown, or a pointer to another sheet, already limits what the cell takes."""
    return None


# The check on each question type's answer cell (tests/test_question_dispatch.py).
VALIDATIONS: Mapping[str, Callable[[Any], DataValidation | None]] = {
    "scale": _no_validation,
    "yes_partly_no": _no_validation,
    "single_choice": _no_validation,
    "multi_choice": _no_validation,
    "number": _number_validation,
    "date": _date_validation,
    "text": _text_validation,
    "sna_data_sources": _no_validation,
}


def _validation(ws: Worksheet, question: Question, cell: str) -> None:
    """Number, date and text-length checks for cells without a dropdown."""
    dv = VALIDATIONS[question.type](question)
    if dv is not None:
        ws.add_data_validation(dv)
        dv.add(cell)


def _sheet(wb: Workbook, title: str, headers: list[str], widths: list[float]) -> Worksheet:
    ws: Worksheet = wb.create_sheet(title)
    write_header(ws, 1, headers)
    set_widths(ws, widths)
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}1"
    print_setup(ws)
    return ws


def _instructions(
    wb: Workbook, source: WorkbookSource, agency: Agency | None, generated_at: dt.datetime
) -> None:
    ws = wb.worksheets[0]
    ws.title = L.INSTRUCTIONS
    who = agency.name if agency else "every member agency"
    lines = [
        "Serious Violence Duty readiness: offline questionnaire",
        "",
        f"Partnership: {source.partnership.name}",
        f"Round: {source.round.label}",
        f"For: {who}",
        f"Made on: {uk_short(generated_at)} (UK time)",
        "",
        "How to fill in this workbook",
        "1. Answer each question on the 'Questions' sheet in the yellow cells.",
        "2. Choose answers from the dropdown lists. Do not type over them.",
        f"3. Tick options for multiple-choice questions on the '{L.CHOICES}' sheet (Yes or No).",
        f"4. Describe each data source on the '{L.SOURCES}' sheet.",
        "5. Give evidence: what shows this is in place (documents, minutes, links).",
        "6. If a question does not apply, leave the answer empty and give the reason.",
        "7. Do not add, delete, rename or reorder sheets, rows or columns, and do not merge cells.",
        "8. Save the file as .xlsx and upload it on the 'Upload a completed workbook' page.",
        "The grey columns 'Last changed by' and 'Last changed on' say who last changed each "
        "answer in the tool, and when (UK time). They are for reading only: changes to them are "
        "not saved.",
        "",
        "Nothing is saved until the whole file has been checked and you have confirmed the "
        "changes. If anything needs fixing, you will see a list naming each sheet and cell.",
    ]
    for row, line in enumerate(lines, start=1):
        set_text(ws.cell(row=row, column=1), line)
    ws["A1"].font = Font(bold=True, size=14)
    ws["A8"].font = Font(bold=True)
    ws.column_dimensions["A"].width = 110
    print_setup(ws, header_rows=None, landscape=False)


def pack_agencies(source: WorkbookSource, agency_id: str | None) -> list[Agency]:
    if agency_id is None:
        return sorted(source.agencies, key=lambda a: (a.name, a.id))
    found = source.agency(agency_id)
    return [found] if found else []


def build_pack(
    bundle: ContentBundle,
    source: WorkbookSource,
    *,
    generated_at: dt.datetime,
    agency_id: str | None = None,
) -> bytes:
    """The offline questionnaire workbook for one agency (or every member agency) as bytes."""
    nation = source.partnership.nation
    agencies = pack_agencies(source, agency_id)
    if agency_id is not None and not agencies:
        raise ValueError(f"The agency {agency_id} is not a member of this partnership.")
    answers = source.answers_by_key()
    wb = Workbook()
    _instructions(wb, source, agencies[0] if agency_id else None, generated_at)
    qs = _sheet(
        wb,
        L.QUESTIONS,
        [*L.QUESTION_HEADERS, *L.QUESTION_INFO_HEADERS],
        [22, 14, 20, 48, 60, 26, 26, 26, 40, 30, 30, 14, 30, 16],
    )
    cs = _sheet(wb, L.CHOICES, L.CHOICE_HEADERS, [22, 14, 48, 48, 12, 14, 18])
    ss = _sheet(wb, L.SOURCES, L.SOURCE_HEADERS, [22, 14, 28, 44, 30, 22, 26, 14, 14, 14, 18])
    lists = ListBook(wb)
    stamps: list[RowStamp] = []
    q_row, c_row, s_row = 2, 2, 2
    domain_of = bundle.domain_of
    for agency in agencies:
        for question in bundle.questions_for(agency.role_id, nation):
            stored = answers.get((agency.id, question.id))
            value: Any = stored.value if stored else None
            values: list[object] = [
                agency.name,
                question.id,
                domain_of[question.id].title,
                question.text,
                L.guidance_text(question),
                L.how_to_answer(question),
                L.answer_cell(question, value),
                stored.na_reason if stored else None,
                stored.evidence if stored else None,
                "\n".join(stored.evidence_links) if stored else None,
                stored.comment if stored else None,
                agency.id,
            ]
            for column, item in enumerate(values, start=1):
                cell = qs.cell(row=q_row, column=column)
                set_value(cell, item)
                cell.alignment = WRAP
            answer_ref = f"{get_column_letter(L.Q_ANSWER)}{q_row}"
            choices = L.question_choices(question)
            if isinstance(question, MultiChoiceQuestion | DataSourceMatrixQuestion):
                qs[answer_ref].fill = LOCKED_FILL
            else:
                qs[answer_ref].fill = INPUT_FILL
                if choices is not None:
                    lists.dropdown(qs, answer_ref, choices, "an answer")
                else:
                    _validation(qs, question, answer_ref)
            for column in (L.Q_NA, L.Q_EVIDENCE, L.Q_LINKS, L.Q_COMMENT):
                qs.cell(row=q_row, column=column).fill = (
                    LOCKED_FILL if column == L.Q_NA and not question.allow_na else INPUT_FILL
                )
            _last_change(qs, q_row, stored)
            stamps.append(_stamp(bundle, agency.id, question, stored))
            q_row += 1
            if isinstance(question, MultiChoiceQuestion):
                c_row = _choice_rows(
                    cs, lists, c_row, agency=agency, question=question, value=value
                )
            elif isinstance(question, DataSourceMatrixQuestion):
                s_row = _source_rows(
                    ss, lists, s_row, agency=agency, question=question, value=value
                )
    meta = WorkbookMeta(
        kind="questionnaire_pack",
        partnership_id=source.partnership.id,
        partnership_name=source.partnership.name,
        round_id=source.round.id,
        round_label=source.round.label,
        agency_id=agency_id,
        questionnaire_id=bundle.questionnaire.id,
        questionnaire_version=bundle.questionnaire.version,
        nation=nation,
        generated_at=generated_at,
        rows=stamps,
    )
    write_metadata(wb, meta)
    _properties(wb, "Serious Violence Duty readiness questionnaire", source, generated_at)
    wb.active = 1
    return workbook_bytes(wb)


def _last_change(ws: Worksheet, row: int, stored: StoredAnswer | None) -> None:
    """Who last changed the answer and when, beside it (for reading: never imported)."""
    for column, item in (
        (L.Q_CHANGED_BY, stored.updated_by if stored else None),
        (L.Q_CHANGED_ON, uk_clock(stored.updated_at) if stored else None),  # UK time
    ):
        cell = ws.cell(row=row, column=column)
        set_value(cell, item)
        cell.alignment = WRAP
        cell.fill = LOCKED_FILL


def _stamp(
    bundle: ContentBundle, agency_id: str, question: Question, stored: StoredAnswer | None
) -> RowStamp:
    fields = (
        L.canonical_answer(
            question,
            value=stored.value,
            na_reason=stored.na_reason,
            evidence=stored.evidence,
            evidence_links=stored.evidence_links,
            comment=stored.comment,
        )
        if stored
        else L.AnswerFields()
    )
    return RowStamp(
        sheet=L.QUESTIONS,
        key=f"{agency_id}/{question.id}",
        revision=stored.revision if stored else None,
        fingerprint=fields.digest(),
    )


def _choice_rows(
    ws: Worksheet,
    lists: ListBook,
    row: int,
    *,
    agency: Agency,
    question: MultiChoiceQuestion,
    value: Any,
) -> int:
    ticked = set(value) if isinstance(value, list) else None
    for option in question.options:
        shown = None if ticked is None else ("Yes" if option.id in ticked else "No")
        values: list[object] = [
            agency.name,
            question.id,
            question.text,
            option.label,
            shown,
            agency.id,
            option.id,
        ]
        for column, item in enumerate(values, start=1):
            cell = ws.cell(row=row, column=column)
            set_value(cell, item)
            cell.alignment = WRAP
        ref = f"{get_column_letter(L.C_TICKED)}{row}"
        ws[ref].fill = INPUT_FILL
        lists.dropdown(ws, ref, L.YES_NO, "Yes or No")
        row += 1
    return row


def _source_rows(
    ws: Worksheet,
    lists: ListBook,
    row: int,
    *,
    agency: Agency,
    question: DataSourceMatrixQuestion,
    value: Any,
) -> int:
    rows = value if isinstance(value, dict) else {}
    for source in question.sources:
        given = rows.get(source.id)
        shown: list[object] = L.matrix_labels(given) if isinstance(given, dict) else [None] * 5
        values: list[object] = [
            agency.name,
            question.id,
            source.name,
            source.description,
            *shown,
            agency.id,
            source.id,
        ]
        for column, item in enumerate(values, start=1):
            cell = ws.cell(row=row, column=column)
            set_value(cell, item)
            cell.alignment = WRAP
        for column, choices, what in (
            (L.S_AVAILABILITY, list(AVAILABILITY_LABELS.values()), "the availability"),
            (L.S_TIMELINESS, list(TIMELINESS_LABELS.values()), "how recent the data is"),
            (L.S_GRANULARITY, list(GRANULARITY_LABELS.values()), "the finest geography"),
            (L.S_AGREEMENT, L.YES_NO, "Yes or No"),
            (L.S_USED, L.YES_NO, "Yes or No"),
        ):
            ref = f"{get_column_letter(column)}{row}"
            ws[ref].fill = INPUT_FILL
            lists.dropdown(ws, ref, choices, what)
        row += 1
    return row


def _properties(
    wb: Workbook, title: str, source: WorkbookSource, generated_at: dt.datetime
) -> None:
    wb.properties.title = f"{title}: {source.partnership.name}, {source.round.label}"
    wb.properties.creator = "SVD readiness tool"
    wb.properties.created = generated_at.replace(tzinfo=None)
    wb.properties.modified = generated_at.replace(tzinfo=None)
