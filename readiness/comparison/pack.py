"""The comparison pack: an Excel workbook for the regional board, returned as bytes.

Sheets: Summary, Heatmap (values plus conditional formatting), Compliance, Common gaps,
Change since last round, and, on request, one sheet per partnership. Every piece of text goes
through :mod:`readiness.excel.safe`, so nothing a partnership typed can become a formula.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Collection, Mapping
from typing import cast

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.formatting.rule import CellIsRule, ColorScaleRule, Rule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from readiness.comparison import tables
from readiness.comparison.view import Comparison
from readiness.excel.safe import (
    print_setup,
    set_text,
    set_value,
    set_widths,
    workbook_bytes,
    write_header,
)
from readiness.labels import NATION_LABELS, PARTNERSHIP_TYPE_LABELS

SUMMARY = "Summary"
HEATMAP = "Heatmap"
COMPLIANCE = "Compliance"
GAPS = "Common gaps"
CHANGE = "Change since last round"
SHEETS = (SUMMARY, HEATMAP, COMPLIANCE, GAPS, CHANGE)

RED = PatternFill(start_color="FFC7CE", end_color="FFC7CE", fill_type="solid")
AMBER = PatternFill(start_color="FFEB9C", end_color="FFEB9C", fill_type="solid")
GREEN = PatternFill(start_color="C6EFCE", end_color="C6EFCE", fill_type="solid")
TITLE = Font(bold=True, size=14)
BOLD = Font(bold=True)
SCORE_FORMAT = "0.00"


def _cell(ws: Worksheet, *, row: int, column: int) -> Cell:
    """The cell at (row, column); these sheets never merge cells."""
    return cast(Cell, ws.cell(row=row, column=column))


def _equals(text: str, fill: PatternFill) -> Rule:
    rule: Rule = CellIsRule(  # type: ignore[no-untyped-call]
        operator="equal", formula=[f'"{text}"'], fill=fill
    )
    return rule


def _num(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else number


def _rows(ws: Worksheet, start: int, frame: pd.DataFrame, columns: list[str]) -> int:
    """Write ``frame[columns]`` from row ``start``; returns the next free row."""
    row = start
    for record in frame[columns].itertuples(index=False):
        for column, value in enumerate(record, start=1):
            cell = _cell(ws, row=row, column=column)
            if isinstance(value, list):
                set_text(cell, ", ".join(str(v) for v in value))
            elif isinstance(value, float):
                number = _num(value)
                set_value(cell, number)
            else:
                set_value(cell, value)
        row += 1
    return row


def _band_rules(ws: Worksheet, cells: str) -> None:
    for band, fill in (
        ("Not met", RED),
        ("Approaching", AMBER),
        ("Met", GREEN),
        ("Exceeded", GREEN),
    ):
        ws.conditional_formatting.add(cells, _equals(band, fill))


def _maturity_scale(ws: Worksheet, cells: str) -> None:
    ws.conditional_formatting.add(
        cells,
        ColorScaleRule(  # type: ignore[no-untyped-call]
            start_type="num",
            start_value=0,
            start_color="F8696B",
            mid_type="num",
            mid_value=2,
            mid_color="FFEB84",
            end_type="num",
            end_value=4,
            end_color="63BE7B",
        ),
    )


def _summary(
    ws: Worksheet, c: Comparison, region_name: str, generated: dt.date | None, min_share: float
) -> None:
    set_text(_cell(ws, row=1, column=1), "Serious Violence Duty readiness: regional comparison")
    _cell(ws, row=1, column=1).font = TITLE
    compliance = tables.compliance_table(c)
    facts: list[tuple[str, object]] = [
        ("Region", region_name),
        ("Round", c.round_label or "Each partnership's latest round"),
        ("Questionnaire", f"{c.questionnaire_id or '-'} version {c.questionnaire_version or '-'}"),
        ("Partnerships compared", len(c.current)),
        ("Partnerships left out", len(c.left_out)),
        ("Median overall maturity (0 to 4)", tables.overall_median(c)),
    ]
    if generated is not None:
        facts.append(("Produced on", generated))
    for band in ("Not met", "Approaching", "Met", "Exceeded"):
        facts.append(
            (
                f"Compliance band: {band}",
                int((compliance["band"] == band).sum()) if len(compliance) else 0,
            )
        )
    facts.append(("Common gaps: share of partnerships below Established", f"{min_share:.0%}"))
    row = 3
    for label, value in facts:
        set_text(_cell(ws, row=row, column=1), label)
        _cell(ws, row=row, column=1).font = BOLD
        set_value(_cell(ws, row=row, column=2), value)
        row += 1
    row += 1
    set_text(_cell(ws, row=row, column=1), "How to read this pack")
    _cell(ws, row=row, column=1).font = BOLD
    for line in (
        "Maturity is 0 (Not started) to 4 (Embedded); Established is 3.",
        "The compliance band (Not met, Approaching, Met, Exceeded) is about the legal duties "
        "and is kept separate from maturity.",
        "A blank cell means the partnership has no answers there, or the domain does not apply "
        "to it.",
        "Change is this round's maturity minus the previous round's: positive is better.",
    ):
        row += 1
        set_text(_cell(ws, row=row, column=1), line)
    if c.left_out or c.notes:
        row += 2
        set_text(_cell(ws, row=row, column=1), "Not compared, or compared in part")
        _cell(ws, row=row, column=1).font = BOLD
        for item in c.left_out:
            row += 1
            set_text(_cell(ws, row=row, column=1), item.partnership_name)
            set_text(_cell(ws, row=row, column=2), item.reason)
        names = tables.display_names(c)
        for pid, note in c.notes.items():
            row += 1
            set_text(_cell(ws, row=row, column=1), names.get(pid, pid))
            set_text(_cell(ws, row=row, column=2), note)
    set_widths(ws, [48, 90])
    print_setup(ws, header_rows=None, landscape=False)


def _heatmap(ws: Worksheet, c: Comparison) -> None:
    headers = ["Partnership", "Overall", *[d.title for d in c.domains]]
    write_header(ws, 1, headers)
    matrix = tables.maturity_matrix(c)
    names = tables.display_names(c)
    row = 2
    for s in c.current:
        set_text(_cell(ws, row=row, column=1), names[s.partnership_id])
        values = [
            s.result.overall.maturity,
            *[_num(matrix.at[s.partnership_id, d]) for d in c.domain_ids],
        ]
        for column, value in enumerate(values, start=2):
            cell = _cell(ws, row=row, column=column)
            set_value(cell, value)
            cell.number_format = SCORE_FORMAT
        row += 1
    distribution = tables.domain_distribution(c).set_index("domain_id")
    last = row - 1
    row += 1
    set_text(_cell(ws, row=row, column=1), "Regional median")
    _cell(ws, row=row, column=1).font = BOLD
    set_value(_cell(ws, row=row, column=2), tables.overall_median(c))
    for column, domain_id in enumerate(c.domain_ids, start=3):
        cell = _cell(ws, row=row, column=column)
        set_value(cell, _num(distribution.at[domain_id, "median"]))
        cell.number_format = SCORE_FORMAT
    if last >= 2:
        end = get_column_letter(len(headers))
        _maturity_scale(ws, f"B2:{end}{last}")
    ws.freeze_panes = "B2"
    set_widths(ws, [44, 10, *[16 for _ in c.domains]])
    print_setup(ws)


_COMPLIANCE_HEADERS = [
    "Rank",
    "Partnership",
    "Nation",
    "Type",
    "Round",
    "Questionnaire version",
    "Compliance band",
    "Blockers",
    "Next band",
    "Overall maturity",
    "Overall level",
    "Previous round",
    "Previous band",
    "Note",
]


def _compliance(ws: Worksheet, c: Comparison) -> None:
    write_header(ws, 1, _COMPLIANCE_HEADERS)
    frame = tables.ranking(c).copy()
    frame["nation"] = frame["nation"].map(lambda n: NATION_LABELS.get(str(n), str(n)))
    frame["partnership_type"] = frame["partnership_type"].map(
        lambda t: PARTNERSHIP_TYPE_LABELS.get(str(t), str(t))
    )
    end = _rows(
        ws,
        2,
        frame,
        [
            "rank",
            "partnership",
            "nation",
            "partnership_type",
            "round",
            "questionnaire_version",
            "band",
            "blockers",
            "next_band",
            "overall",
            "overall_label",
            "previous_round",
            "previous_band",
            "note",
        ],
    )
    for row in range(2, end):
        _cell(ws, row=row, column=10).number_format = SCORE_FORMAT
    if end > 2:
        _band_rules(ws, f"G2:G{end - 1}")
        _band_rules(ws, f"M2:M{end - 1}")
    ws.freeze_panes = "C2"
    set_widths(ws, [7, 44, 10, 30, 10, 12, 15, 10, 15, 12, 14, 12, 15, 60])
    print_setup(ws)


def _gaps(
    ws: Worksheet, c: Comparison, min_share: float, requirement_titles: Mapping[str, str] | None
) -> None:
    set_text(
        _cell(ws, row=1, column=1),
        f"Questions below Established in at least {min_share:.0%} of the partnerships that "
        "answered them",
    )
    _cell(ws, row=1, column=1).font = BOLD
    headers = [
        "Question ref",
        "Domain",
        "Question",
        "Requirements",
        "Statutory",
        "Below Established",
        "Answered",
        "Not answered",
        "Share",
        "Partnerships",
    ]
    write_header(ws, 2, headers)
    gaps = tables.common_gaps(c, min_share)
    end = _rows(
        ws,
        3,
        gaps,
        [
            "question_id",
            "domain",
            "text",
            "requirement_ids",
            "statutory",
            "below_established",
            "answered",
            "not_answered",
            "share",
            "partnerships",
        ],
    )
    for row in range(3, end):
        _cell(ws, row=row, column=9).number_format = "0%"
    if gaps.empty:
        set_text(_cell(ws, row=3, column=1), "No question is a gap in that share of partnerships.")
        end = 4
    row = end + 1
    set_text(
        _cell(ws, row=row, column=1),
        f"Requirements with a gap in at least {min_share:.0%} of partnerships",
    )
    _cell(ws, row=row, column=1).font = BOLD
    write_header(
        ws, row + 1, ["Requirement", "Title", "With a gap", "Answered", "Share", "Partnerships"]
    )
    requirements = tables.common_requirement_gaps(c, min_share, requirement_titles)
    req_end = _rows(
        ws,
        row + 2,
        requirements,
        [
            "requirement_id",
            "title",
            "with_gap",
            "answered",
            "share",
            "partnerships",
        ],
    )
    for r in range(row + 2, req_end):
        _cell(ws, row=r, column=5).number_format = "0%"
    if requirements.empty:
        set_text(
            _cell(ws, row=row + 2, column=1),
            "No requirement is a gap in that share of partnerships.",
        )
    set_widths(ws, [30, 24, 70, 22, 10, 12, 10, 10, 8, 60])
    print_setup(ws, header_rows="2:2")


def _change(ws: Worksheet, c: Comparison) -> None:
    headers = [
        "Partnership",
        "Area",
        "Previous round",
        "Previous",
        "This round",
        "Change",
        "Direction",
        "Note",
    ]
    write_header(ws, 1, headers)
    frame = tables.changes(c)
    end = _rows(
        ws,
        2,
        frame,
        [
            "partnership",
            "area",
            "previous_round",
            "previous",
            "current",
            "change",
            "direction",
            "note",
        ],
    )
    for row in range(2, end):
        for column in (4, 5):
            _cell(ws, row=row, column=column).number_format = SCORE_FORMAT
        _cell(ws, row=row, column=6).number_format = "+0.00;-0.00;0.00"
    if end > 2:
        ws.conditional_formatting.add(f"G2:G{end - 1}", _equals("Up", GREEN))
        ws.conditional_formatting.add(f"G2:G{end - 1}", _equals("Down", RED))
    ws.freeze_panes = "A2"
    set_widths(ws, [44, 40, 12, 10, 10, 10, 15, 60])
    print_setup(ws)


def sheet_title(name: str, used: Collection[str]) -> str:
    """A valid, unique sheet name (at most 31 characters, none of ``[]:*?/\\``)."""
    base = re.sub(r"[\[\]:*?/\\]", " ", name.removeprefix("Demo: "))
    base = re.sub(r"\s+", " ", base).strip().strip("'") or "Partnership"
    base = base[:31].strip()
    title, n = base, 2
    lowered = {u.lower() for u in used}
    while title.lower() in lowered:
        suffix = f" ({n})"
        title = base[: 31 - len(suffix)].strip() + suffix
        n += 1
    return title


def _partnership(
    ws: Worksheet,
    c: Comparison,
    partnership_id: str,
    distribution: pd.DataFrame,
    change: pd.DataFrame,
) -> None:
    s = next(x for x in c.current if x.partnership_id == partnership_id)
    r = s.result
    set_text(_cell(ws, row=1, column=1), s.name)
    _cell(ws, row=1, column=1).font = TITLE
    facts: list[tuple[str, object]] = [
        ("Round", s.info.round_label),
        ("Compliance band", r.compliance.band),
        ("Blockers", len(r.compliance.blockers)),
        ("Overall maturity", r.overall.maturity),
        ("Overall level", r.overall.label),
    ]
    row = 3
    for label, value in facts:
        set_text(_cell(ws, row=row, column=1), label)
        _cell(ws, row=row, column=1).font = BOLD
        set_value(_cell(ws, row=row, column=2), value)
        row += 1
    row += 1
    write_header(ws, row, ["Domain", "Maturity", "Level", "Regional median", "Change"])
    own = {d.id: d for d in r.domains}
    for domain in c.domains:
        row += 1
        d = own.get(domain.id)
        set_text(_cell(ws, row=row, column=1), domain.title)
        set_value(_cell(ws, row=row, column=2), None if d is None else d.maturity)
        set_text(_cell(ws, row=row, column=3), tables.DOES_NOT_APPLY if d is None else d.label)
        set_value(_cell(ws, row=row, column=4), _num(distribution.at[domain.id, "median"]))
        set_value(_cell(ws, row=row, column=5), _num(change.at[partnership_id, domain.id]))
        for column in (2, 4):
            _cell(ws, row=row, column=column).number_format = SCORE_FORMAT
        _cell(ws, row=row, column=5).number_format = "+0.00;-0.00;0.00"
    row += 2
    set_text(_cell(ws, row=row, column=1), "What blocks the next compliance band")
    _cell(ws, row=row, column=1).font = BOLD
    write_header(
        ws, row + 1, ["Question ref", "Question", "Requirements", "Now", "Needed", "How to unblock"]
    )
    row += 1
    for blocker in r.compliance.blockers:
        row += 1
        for column, value in enumerate(
            [
                blocker.question_id,
                blocker.text,
                ", ".join(blocker.requirement_ids),
                blocker.current,
                blocker.needed,
                blocker.how_to_unblock,
            ],
            start=1,
        ):
            set_text(_cell(ws, row=row, column=column), value)
    if not r.compliance.blockers:
        set_text(_cell(ws, row=row + 1, column=1), "Nothing blocks the next band.")
    set_widths(ws, [36, 60, 22, 16, 16, 60])
    print_setup(ws, header_rows=None)


def comparison_pack(
    c: Comparison,
    *,
    region_name: str,
    generated: dt.date | None = None,
    min_share: float = 0.5,
    partnership_sheets: Collection[str] = (),
    requirement_titles: Mapping[str, str] | None = None,
) -> bytes:
    """The comparison pack as .xlsx bytes.

    ``partnership_sheets`` lists partnership ids to give a sheet each (unknown ids raise
    ``ValueError`` with a plain message).
    """
    known = {s.partnership_id for s in c.current}
    unknown = [p for p in partnership_sheets if p not in known]
    if unknown:
        raise ValueError(
            f"These partnerships are not in the comparison, so they cannot have a sheet: "
            f"{', '.join(unknown)}."
        )
    wb = Workbook()
    summary = wb.active
    assert summary is not None  # noqa: S101 - a new workbook always has a sheet
    summary.title = SUMMARY
    _summary(summary, c, region_name, generated, min_share)
    _heatmap(wb.create_sheet(HEATMAP), c)
    _compliance(wb.create_sheet(COMPLIANCE), c)
    _gaps(wb.create_sheet(GAPS), c, min_share, requirement_titles)
    _change(wb.create_sheet(CHANGE), c)
    used = set(SHEETS)
    distribution = tables.domain_distribution(c).set_index("domain_id")
    change = tables.change_matrix(c)
    for s in c.current:
        if s.partnership_id in partnership_sheets:
            title = sheet_title(s.name, used)
            used.add(title)
            _partnership(wb.create_sheet(title), c, s.partnership_id, distribution, change)
    wb.properties.title = f"Serious Violence Duty regional comparison: {region_name}"
    wb.properties.creator = "SVD readiness tool"
    if generated is not None:
        moment = dt.datetime.combine(generated, dt.time())
        wb.properties.created = moment
        wb.properties.modified = moment
    return workbook_bytes(wb)
