"""The action-plan workbook a partnership takes to its board.

Sheets: Summary (maturity, compliance band and blockers, maturity by domain as a table and a
chart), Action plan (an Excel table with dropdowns for status and RAG, RAG coloured and written
as a word, real due dates), Responses, SNA gaps, Disagreements, What the evidence says (the
rated approaches each action relates to, and a warning where an action names an approach rated
as harmful), About, and the hidden metadata
that lets updates to status, RAG, due date, lead and notes be imported back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from readiness.action_owner import owner_words
from readiness.bundle import ContentBundle
from readiness.excel import layout as L
from readiness.excel.metadata import RowStamp, WorkbookMeta, fingerprint, write_metadata
from readiness.excel.pack import ListBook
from readiness.excel.safe import (
    DATE_FORMAT,
    INPUT_FILL,
    WRAP,
    print_setup,
    set_text,
    set_value,
    set_widths,
    workbook_bytes,
    write_header,
    write_row,
)
from readiness.excel.source import WorkbookSource
from readiness.labels import ANSWER_STATUS_LABELS
from readiness.method_note import METHOD_NOTE
from readiness.plain_words import requirements_words
from readiness.scoring import ScoringResult, method
from readiness.store.records import Agency, StoredAction
from readiness.uk_time import uk_clock
from readiness.what_works import WhatWorks

RAG_STYLES = {
    "Red": ("FFC7CE", "9C0006"),
    "Amber": ("FFEB9C", "7F4F00"),
    "Green": ("C6EFCE", "006100"),
}
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)


def plan_actions(source: WorkbookSource, agency_id: str | None) -> list[StoredAction]:
    """The current actions, or those owned by one agency (directly or through its role)."""
    actions = [a for a in source.actions if a.is_current]
    if agency_id is None:
        return actions
    agency = source.agency(agency_id)
    role = agency.role_id if agency else None
    return [
        a
        for a in actions
        if a.owner_agency_id == agency_id or (a.owner_agency_id is None and a.owner_role == role)
    ]


def editable_fields(action: StoredAction) -> tuple[str, dt.date | None, str, str, str]:
    """Lead, due date, status, RAG and notes: what an action plan may change on import."""
    return (
        L.canonical_text(action.lead_person),
        action.due,
        action.status,
        action.rag or "",
        L.canonical_text(action.notes),
    )


def fixed_cells(row: Sequence[object]) -> str:
    """Fingerprint of the cells of an action row that must not be changed in the workbook."""
    return fingerprint(*(_plain(v) for v in row))


def _plain(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return L.canonical_text(value)
    return value


def plan_row(
    bundle: ContentBundle, action: StoredAction, agencies: dict[str, Agency]
) -> list[object]:
    domain = next((d.title for d in bundle.questionnaire.domains if d.id == action.domain_id), "")
    owner = owner_words(
        action.owner_agency_id,
        action.owner_role,
        {a.id: a.name for a in agencies.values()},
        {r.id: r.name for r in bundle.roles.roles},
    )
    return [
        action.id,
        domain,
        ", ".join(action.requirement_ids),
        action.gap,
        action.text,
        action.priority,
        "Yes" if action.statutory else "No",
        owner,
        action.lead_person,
        action.due,
        action.status,
        action.rag,
        action.success_measure or "",
        action.notes,
    ]


FIXED_COLUMNS = (
    L.P_REF,
    L.P_DOMAIN,
    L.P_REQS,
    L.P_GAP,
    L.P_ACTION,
    L.P_PRIORITY,
    L.P_LEGAL,
    L.P_OWNER,
    L.P_MEASURE,
)


def fixed_values(row: Sequence[object]) -> list[object]:
    return [row[c - 1] for c in FIXED_COLUMNS]


def build_action_plan(
    bundle: ContentBundle,
    source: WorkbookSource,
    result: ScoringResult,
    *,
    generated_at: dt.datetime,
    agency_id: str | None = None,
    what_works: WhatWorks | None = None,
) -> bytes:
    """The action-plan workbook for a round (optionally one agency's actions) as bytes.

    With ``what_works``, a "What the evidence says" sheet lists the rated approaches each
    action relates to.
    """
    agency = source.agency(agency_id) if agency_id else None
    if agency_id is not None and agency is None:
        raise ValueError(f"The agency {agency_id} is not a member of this partnership.")
    wb = Workbook()
    summary = wb.worksheets[0]
    summary.title = L.SUMMARY
    _summary(summary, bundle, source, result, agency, generated_at)
    stamps = _plan_sheet(wb, bundle, source, agency_id)
    _responses(wb, bundle, source, agency_id)
    _sna(wb, result)
    _disagreements(wb, result)
    if what_works is not None:
        _evidence(wb, plan_actions(source, agency_id), what_works)
    _about(wb, result)
    meta = WorkbookMeta(
        kind="action_plan",
        partnership_id=source.partnership.id,
        partnership_name=source.partnership.name,
        round_id=source.round.id,
        round_label=source.round.label,
        agency_id=agency_id,
        questionnaire_id=bundle.questionnaire.id,
        questionnaire_version=bundle.questionnaire.version,
        nation=source.partnership.nation,
        generated_at=generated_at,
        rows=stamps,
    )
    write_metadata(wb, meta)
    wb.properties.title = (
        f"Serious Violence Duty readiness action plan: {source.partnership.name}, "
        f"{source.round.label}"
    )
    wb.properties.creator = "SVD readiness tool"
    wb.properties.created = generated_at.replace(tzinfo=None)
    wb.properties.modified = generated_at.replace(tzinfo=None)
    return workbook_bytes(wb)


def _summary(  # noqa: PLR0917 - the sheet and what it summarises
    ws: Worksheet,
    bundle: ContentBundle,
    source: WorkbookSource,
    result: ScoringResult,
    agency: Agency | None,
    generated_at: dt.datetime,
) -> None:
    set_text(ws["A1"], "Serious Violence Duty readiness: action plan")
    ws["A1"].font = TITLE
    overall = result.overall
    maturity = overall.maturity
    rows: list[tuple[str, object]] = [
        ("Partnership", source.partnership.name),
        ("Round", source.round.label),
        ("As of", result.as_of),
        ("Actions for", agency.name if agency else "All agencies"),
        ("Questionnaire", f"{result.questionnaire_id} version {result.questionnaire_version}"),
        (
            "Overall maturity (0 to 4)",
            method.shown_score(maturity) if maturity is not None else "Not scored",
        ),
        ("Maturity level", overall.label),
        ("Answered", f"{overall.answered} of {overall.applicable} questions"),
        ("Compliance with the legal duties", result.compliance.band),
        ("Summary", result.compliance.summary),
        ("To reach the next band", result.compliance.next_band_needs or "Nothing: top band"),
        ("Generated (UK time)", uk_clock(generated_at)),
    ]
    for index, (label, value) in enumerate(rows, start=3):
        set_text(ws.cell(row=index, column=1), label)
        ws.cell(row=index, column=1).font = BOLD
        cell = ws.cell(row=index, column=2)
        set_value(cell, value)
        cell.alignment = WRAP
        if isinstance(value, float):
            cell.number_format = "0.0"  # the one rounding rule: readiness.scoring.method
    row = 3 + len(rows) + 1
    set_text(ws.cell(row=row, column=1), "Blocking the next compliance band")
    ws.cell(row=row, column=1).font = BOLD
    row += 1
    if not result.compliance.blockers:
        set_text(ws.cell(row=row, column=1), "Nothing is blocking the next band.")
        row += 1
    for blocker in result.compliance.blockers:
        # what the law asks, in words (the question's reference stays on the Responses sheet)
        set_text(
            ws.cell(row=row, column=1),
            requirements_words(bundle, blocker.requirement_ids) or "A legal duty",
        )
        ws.cell(row=row, column=1).alignment = WRAP
        set_text(
            ws.cell(row=row, column=2),
            f"{blocker.text} Now: {blocker.current}. Needed: {blocker.needed}. "
            f"{blocker.how_to_unblock}",
        )
        ws.cell(row=row, column=2).alignment = WRAP
        row += 1
    row += 1
    set_text(ws.cell(row=row, column=1), "Maturity by domain")
    ws.cell(row=row, column=1).font = BOLD
    row += 1
    header_row = row
    write_header(ws, header_row, ["Domain", "Maturity (0 to 4)", "Level", "Answered", "Of"])
    for domain in result.domains:
        row += 1
        write_row(
            ws,
            row,
            [
                domain.title,
                method.shown_score(domain.maturity) if domain.maturity is not None else None,
                domain.label,
                domain.answered,
                domain.applicable,
            ],
        )
        ws.cell(row=row, column=2).number_format = "0.0"
    set_widths(ws, [40, 60, 16, 10, 10])
    if result.domains:
        chart = BarChart()
        chart.type = "bar"
        chart.style = 10
        chart.title = "Maturity by domain (0 to 4)"
        chart.y_axis.title = "Maturity"
        chart.y_axis.scaling.min = 0
        chart.y_axis.scaling.max = 4
        chart.y_axis.majorUnit = 1
        chart.legend = None
        data = Reference(ws, min_col=2, min_row=header_row, max_row=row)
        cats = Reference(ws, min_col=1, min_row=header_row + 1, max_row=row)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(cats)
        chart.height = max(7.5, 0.8 * len(result.domains))
        chart.width = 18
        ws.add_chart(chart, f"G{header_row}")
    print_setup(ws, header_rows=None)


def _plan_sheet(
    wb: Workbook, bundle: ContentBundle, source: WorkbookSource, agency_id: str | None
) -> list[RowStamp]:
    ws = wb.create_sheet(L.PLAN)
    write_header(ws, 1, L.PLAN_HEADERS)
    set_widths(ws, [14, 22, 16, 40, 48, 9, 9, 24, 18, 12, 14, 10, 36, 36])
    agencies = {a.id: a for a in source.agencies}
    lists = ListBook(wb)
    actions = plan_actions(source, agency_id)
    stamps: list[RowStamp] = []
    for row, action in enumerate(actions, start=2):
        values = plan_row(bundle, action, agencies)
        write_row(ws, row, values)
        ws.cell(row=row, column=L.P_DUE).number_format = DATE_FORMAT
        stamps.append(
            RowStamp(
                sheet=L.PLAN,
                key=action.id,
                revision=action.revision,
                fingerprint=fingerprint(*editable_fields(action)),
                fixed=fixed_cells(fixed_values(values)),
            )
        )
    last = max(2, len(actions) + 1)
    last_col = get_column_letter(len(L.PLAN_HEADERS))
    table = Table(displayName=L.PLAN_TABLE, ref=f"A1:{last_col}{last}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    ws.add_table(table)
    for column in (L.P_LEAD, L.P_DUE, L.P_STATUS, L.P_RAG, L.P_NOTES):
        for row in range(2, last + 1):
            ws.cell(row=row, column=column).fill = INPUT_FILL
    status_col = get_column_letter(L.P_STATUS)
    rag_col = get_column_letter(L.P_RAG)
    due_col = get_column_letter(L.P_DUE)
    lists.dropdown(ws, f"{status_col}2:{status_col}{last}", L.STATUS_CHOICES, "a status")
    lists.dropdown(ws, f"{rag_col}2:{rag_col}{last}", L.RAG_CHOICES, "Red, Amber or Green")
    dates = DataValidation(
        type="date",
        operator="greaterThan",
        formula1="DATE(2000,1,1)",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Enter a date",
        error="Enter the due date as a date, for example 31/03/2027.",
    )
    ws.add_data_validation(dates)
    dates.add(f"{due_col}2:{due_col}{last}")
    for word, (fill, font) in RAG_STYLES.items():
        ws.conditional_formatting.add(
            f"{rag_col}2:{rag_col}{last}",
            CellIsRule(  # type: ignore[no-untyped-call]
                operator="equal",
                formula=[f'"{word}"'],
                fill=PatternFill(start_color=fill, end_color=fill, fill_type="solid"),
                font=Font(color=font, bold=True),
            ),
        )
    ws.freeze_panes = "B2"
    print_setup(ws)
    return stamps


def _responses(
    wb: Workbook, bundle: ContentBundle, source: WorkbookSource, agency_id: str | None
) -> None:
    ws = wb.create_sheet(L.RESPONSES)
    headers = [
        "Agency",
        "Role",
        "Domain",
        "Question ref",
        "Question",
        "Answer",
        "Not applicable reason",
        "Evidence",
        "Evidence links",
        "Comment",
        "Status",
        "Last updated by",
        "Last updated",
    ]
    write_header(ws, 1, headers)
    set_widths(ws, [22, 18, 20, 14, 44, 28, 24, 40, 28, 30, 16, 16, 16])
    agencies = {a.id: a for a in source.agencies}
    order = {q.id: i for i, q in enumerate(bundle.questionnaire.questions())}
    answers = sorted(
        (a for a in source.answers if agency_id is None or a.agency_id == agency_id),
        key=lambda a: (
            agencies[a.agency_id].name if a.agency_id in agencies else a.agency_id,
            order.get(a.question_id, len(order)),
        ),
    )
    for row, answer in enumerate(answers, start=2):
        agency = agencies.get(answer.agency_id)
        question = bundle.questions.get(answer.question_id)
        role = bundle.role_by_id.get(agency.role_id) if agency else None
        write_row(
            ws,
            row,
            [
                agency.name if agency else answer.agency_id,
                role.name if role else "",
                bundle.domain_of[question.id].title if question else "",
                answer.question_id,
                question.text if question else "",
                L.describe_value(question, answer.value),
                answer.na_reason,
                answer.evidence,
                "\n".join(answer.evidence_links),
                answer.comment,
                ANSWER_STATUS_LABELS.get(answer.status, answer.status),
                answer.updated_by,
                uk_clock(answer.updated_at),
            ],
        )
    _table_like(ws, len(headers), len(answers))


def _sna(wb: Workbook, result: ScoringResult) -> None:
    ws = wb.create_sheet(L.SNA_GAPS)
    coverage = result.sna.coverage
    set_text(
        ws["A1"],
        "Strategic Needs Assessment coverage: "
        + (f"{coverage:.0f}%" if coverage is not None else "not assessed"),
    )
    ws["A1"].font = BOLD
    write_header(ws, 3, ["Ref", "Gap"])
    row = 3
    for gap in result.sna.gaps:
        row += 1
        write_row(ws, row, [gap.id, gap.text])
    if not result.sna.gaps:
        row += 1
        write_row(ws, row, ["", "No gaps found in the Strategic Needs Assessment."])
    row += 2
    write_header(ws, row, ["Component", "Status", "Note"])
    for component in result.sna.components:
        row += 1
        write_row(ws, row, [component.id, component.status.replace("_", " "), component.note])
    set_widths(ws, [14, 80, 60])
    ws.freeze_panes = "A4"
    print_setup(ws, header_rows="3:3")


def _disagreements(wb: Workbook, result: ScoringResult) -> None:
    ws = wb.create_sheet(L.DISAGREEMENTS)
    headers = ["Question ref", "Question", "Spread (levels)", "Agency", "Role", "Level", "Comment"]
    write_header(ws, 1, headers)
    set_widths(ws, [14, 48, 10, 24, 18, 18, 40])
    row = 1
    for item in result.disagreements:
        for view in item.views:
            row += 1
            write_row(
                ws,
                row,
                [
                    item.question_id,
                    item.text,
                    item.spread,
                    view.agency,
                    view.role,
                    view.label,
                    view.comment,
                ],
            )
    if row == 1:
        write_row(ws, 2, ["", "No agencies are two or more levels apart on any question."])
        row = 2
    _table_like(ws, len(headers), row - 1)


EVIDENCE_SHEET = "What the evidence says"


def _evidence(wb: Workbook, actions: list[StoredAction], what_works: WhatWorks) -> None:
    """One row per action and rated approach; a warning row where an action names an
    approach rated as harmful. Ratings not checked at the source are never shown."""
    ws = wb.create_sheet(EVIDENCE_SHEET)
    headers = [
        "Action ref",
        "Action",
        "Approach",
        "Estimated impact on violence",
        "Confidence in the estimate",
        "What the evidence says",
        "Source",
        "Link",
        "Checked",
    ]
    write_header(ws, 1, headers)
    set_widths(ws, [16, 44, 24, 18, 18, 60, 30, 40, 12])
    row = 1
    for action in actions:
        for item in what_works.for_action(action.id, action.question_id, action.text):
            approach = item.approach
            row += 1
            says = item.flag_text(what_works) if item.flagged else approach.rating_words()
            write_row(
                ws,
                row,
                [
                    action.id,
                    action.text,
                    approach.name,
                    "HARMFUL: named in this action" if item.flagged else approach.impact_short(),
                    approach.evidence_short(),
                    says,
                    approach.source.title,
                    approach.source.url,
                    approach.checked,
                ],
            )
            ws.cell(row=row, column=9).number_format = DATE_FORMAT
            if item.flagged:
                fill, font = RAG_STYLES["Red"]
                for column in (4, 6):
                    ws.cell(row=row, column=column).fill = PatternFill(
                        start_color=fill, end_color=fill, fill_type="solid"
                    )
                    ws.cell(row=row, column=column).font = Font(color=font, bold=True)
    if row == 1:
        write_row(
            ws, 2, ["", "No action on the plan relates to an approach rated in the evidence."]
        )
        row = 2
    _table_like(ws, len(headers), row - 1)


def _about(wb: Workbook, result: ScoringResult) -> None:
    """How the scores are worked out, in plain English (the same note as the board report:
    no file names or internal codes), and how to send updates back."""
    ws = wb.create_sheet(L.ABOUT)
    method = list(METHOD_NOTE)
    lines = [
        "About this workbook",
        "",
        "How the scores are worked out",
        *method,
        "",
        "Compliance with the legal duties is shown separately from maturity: a partnership can "
        "be mature in places and still not meet a legal duty.",
        "",
        "How to send updates back",
        "1. On the 'Action plan' sheet you can change the Lead, Due date, Status, RAG and Notes "
        "columns (the yellow cells).",
        "2. Choose Status and RAG from the dropdown lists. Enter due dates as dates.",
        "3. Do not change the other columns, add or delete rows, rename sheets or merge cells.",
        "4. Save the file as .xlsx and upload it on the 'Upload a completed workbook' page.",
        "5. You will see every change before anything is saved, or a list of what to fix "
        "(sheet and cell).",
    ]
    for row, line in enumerate(lines, start=1):
        set_text(ws.cell(row=row, column=1), line)
        ws.cell(row=row, column=1).alignment = WRAP
    for row, line in enumerate(lines, start=1):
        if line in (
            "About this workbook",
            "How the scores are worked out",
            "How to send updates back",
        ):
            ws.cell(row=row, column=1).font = BOLD
    ws.column_dimensions["A"].width = 110
    print_setup(ws, header_rows=None, landscape=False)


def _table_like(ws: Worksheet, columns: int, rows: int) -> None:
    """Frozen header, filters, landscape print with the header row repeated."""
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(columns)}{max(1, rows) + 1}"
    print_setup(ws)
