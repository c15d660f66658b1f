"""Excel annex of the evidence profile for an SNA: bytes out, small numbers suppressed.

Every text cell goes through :mod:`readiness.excel.safe`, so place names or file names that
start with ``=`` cannot become formulas. The report passed in should already be suppressed
(:func:`readiness.evidence.report.build_report` does this); suppressed cells read "fewer than N".
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from readiness.evidence.definition import describe_definition
from readiness.evidence.profile import CountRow, Profile
from readiness.evidence.report import EvidenceReport
from readiness.evidence.schema import SOURCE_TYPE_LABELS
from readiness.evidence.suppress import suppress
from readiness.evidence.triangulate import TriangulationRow
from readiness.excel.safe import (
    print_setup,
    set_widths,
    workbook_bytes,
    write_header,
    write_row,
)


def _n(value: int | None, threshold: int) -> object:
    return f"fewer than {threshold}" if value is None else value


def _p(value: float | None) -> object:
    return None if value is None else round(value * 100, 1)


def _table(
    ws: Worksheet, row: int, title: str, headers: list[str], rows: list[list[object]]
) -> int:
    """A titled table; long text in its cells wraps (the title runs on across empty cells)."""
    write_row(ws, row, [title], wrap=False)
    write_header(ws, row + 1, headers)
    for i, values in enumerate(rows, start=row + 2):
        write_row(ws, i, values)
    return row + len(rows) + 3


def _counts(ws: Worksheet, row: int, title: str, items: list[CountRow], t: int) -> int:
    return _table(
        ws,
        row,
        title,
        ["Item", "Count", "Share (%)"],
        [[r.label, _n(r.count, t), _p(r.share)] for r in items],
    )


def _profile_sheet(ws: Worksheet, profile: Profile, t: int) -> None:
    facts: list[list[object]] = [
        ["Sources", ", ".join(SOURCE_TYPE_LABELS.get(s, s) for s in profile.sources)],
        ["Period", f"{profile.period_start} to {profile.period_end}"],
        ["Serious violence definition", profile.definition_name],
        ["Crimes (excluding anti-social behaviour)", profile.total],
        ["Serious violence", profile.serious_violence],
        ["Anti-social behaviour", profile.asb],
        ["Serious violence without a location", profile.unlocated_serious_violence],
    ]
    if profile.proxy_statement:
        facts.append(["Proxy", profile.proxy_statement])
    row = _table(ws, 1, profile.title, ["Fact", "Value"], facts)
    row = _table(
        ws,
        row,
        "Monthly trend",
        ["Month", "Crimes", "Serious violence", "Anti-social behaviour", "Peak or trough"],
        [
            [m.month, _n(m.total, t), _n(m.serious_violence, t), _n(m.asb, t), m.marker]
            for m in profile.monthly
        ],
    )
    row = _table(
        ws,
        row,
        "Year on year",
        ["Period", "Serious violence", "Previous", "Change (%)"],
        [
            [
                y.period,
                _n(y.serious_violence, t),
                _n(y.previous, t),
                None if y.change_percent is None else round(y.change_percent, 1),
            ]
            for y in profile.year_on_year
        ],
    )
    row = _table(
        ws,
        row,
        "Seasonality",
        ["Month", "Average", "Index (100 = average)"],
        [[s.month, s.average, s.index] for s in profile.seasonality],
    )
    row = _table(
        ws,
        row,
        "Top LSOAs for serious violence",
        ["LSOA code", "LSOA name", "Count", "Share (%)", "Cumulative share (%)"],
        [
            [h.code, h.name, _n(h.count, t), _p(h.share), _p(h.cumulative_share)]
            for h in profile.hotspots_lsoa
        ],
    )
    row = _counts(ws, row, "Top locations for serious violence", profile.hotspots_location, t)
    row = _counts(ws, row, "Offence mix", profile.offence_mix, t)
    if profile.hour_of_day:
        row = _counts(ws, row, "Hour of day", profile.hour_of_day, t)
    if profile.day_of_week:
        row = _counts(ws, row, "Day of week", profile.day_of_week, t)
    if profile.flags:
        row = _counts(ws, row, "Flags", profile.flags, t)
    if profile.outcomes:
        row = _counts(ws, row, "Outcomes", profile.outcomes, t)
    notes = [profile.time_note, profile.seasonality_note, *profile.notes]
    _table(ws, row, "Notes", ["Note"], [[n] for n in notes if n])
    set_widths(ws, [40, 60, 14, 14, 22])
    print_setup(ws, header_rows=None, landscape=False)


def export_workbook(report: EvidenceReport) -> bytes:
    """The SNA evidence annex as .xlsx bytes."""
    t = report.suppression_threshold
    report = suppress(report, t)
    book = Workbook()
    first = book.active
    assert first is not None  # noqa: S101 - a new workbook always has a sheet
    book.remove(first)
    if report.police:
        _profile_sheet(book.create_sheet("Police"), report.police, t)
    if report.health:
        _profile_sheet(book.create_sheet("Health"), report.health, t)
    if report.triangulation:
        tri = report.triangulation
        ws = book.create_sheet("Police and health")
        columns = [
            "Police",
            "Health",
            "Police share (%)",
            "Health share (%)",
            "Difference (points)",
            "Largest gaps",
        ]
        month_gaps = {r.key for r in tri.biggest_month_gaps}

        def gap_row(r: TriangulationRow, gaps: set[str]) -> list[object]:
            """One month's or area's police and health figures, side by side."""
            return [
                r.key,
                _n(r.police, t),
                _n(r.health, t),
                _p(r.police_share),
                _p(r.health_share),
                _p(r.divergence),
                "Health sees more" if r.key in gaps else "",
            ]

        area_gaps = {r.key for r in tri.biggest_area_gaps}
        row = _table(
            ws,
            1,
            tri.summary,
            ["Month", *columns],
            [gap_row(r, month_gaps) for r in tri.by_month],
        )
        _table(
            ws,
            row,
            tri.area_note,
            ["Area", *columns],
            [gap_row(r, area_gaps) for r in tri.by_area],
        )
        set_widths(ws, [30, 12, 12, 16, 16, 18, 18])
        print_setup(ws, header_rows=None, landscape=False)
    ws = book.create_sheet("Definition")
    _table(
        ws,
        1,
        "Serious violence definition used in this annex",
        ["", "Definition"],
        [[what, value] for what, value in describe_definition(report.definition)],
    )
    set_widths(ws, [40, 80])
    print_setup(ws, header_rows=None, landscape=False)
    ws = book.create_sheet("Data quality")
    _table(
        ws,
        1,
        "Data quality by upload",
        [
            "File",
            "Source",
            "Rows",
            "From",
            "To",
            "No location",
            "Repeated IDs",
            "Outside area",
            "Missing months",
            "Low months",
            "LSOA codes",
            "Suppressed cells",
        ],
        [
            [
                u.file_name,
                SOURCE_TYPE_LABELS.get(u.source_type, u.source_type),
                u.rows,
                u.period_start,
                u.period_end,
                u.quality.no_location,
                u.quality.duplicate_id_rows,
                u.quality.out_of_area,
                ", ".join(u.quality.missing_months),
                ", ".join(u.quality.low_months),
                u.quality.lsoa_vintage,
                u.quality.suppressed_cells,
            ]
            for u in report.uploads
        ],
    )
    set_widths(ws, [40, 24, 10, 10, 10, 12, 12, 12, 20, 20, 24, 12])
    print_setup(ws, header_rows="2:2")
    ws.cell(row=len(report.uploads) + 5, column=1).value = (
        f"Counts below {t} are suppressed in this workbook."
        if t > 1
        else "No counts are suppressed in this workbook."
    )
    return workbook_bytes(book)
