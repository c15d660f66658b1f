"""The SNA evidence profile: where and when serious violence happens, from canonical rows.

Every figure is a group-by over the canonical table. Counts are the raw counts; suppression of
small numbers happens in anything exported (see :mod:`readiness.evidence.suppress`).
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import Field

from readiness.evidence._frame import (
    as_category,
    category_counts,
    category_flags,
    used_categories,
)
from readiness.evidence.cube import (
    CLASS_COLUMNS,
    DIMENSIONS,
    ProfileCube,
    build_cube,
    weights_of,
)
from readiness.evidence.definition import (
    DEFAULT_DEFINITION,
    SeriousViolenceDefinition,
    is_proxy,
    proxy_statement,
    serious_violence_mask,
)
from readiness.evidence.schema import Frozen, month_range

__all__ = [
    "CLASS_COLUMNS",
    "DIMENSIONS",
    "FLAG_LABELS",
    "CountRow",
    "Profile",
    "ProfileCube",
    "build_cube",
    "build_profile",
    "carried_flags",
    "flag_mask",
    "latest_years",
    "peaks_and_troughs",
    "profile_from_cube",
    "weights_of",
]

TOP_N = 10
#: The profile covers at most this many years, counted back from the newest month.
PROFILE_YEARS = 5
FLAG_LABELS = {
    "domestic_abuse": "Domestic abuse",
    "alcohol_drugs": "Alcohol or drugs involved",
    "weapon": "Weapon involved (knife, firearm or other)",
    "under_25": "Victim or suspect under 25",
}
WEEKDAYS = list(calendar.day_name)


class CountRow(Frozen):
    label: str
    count: int | None
    share: float | None = None
    suppressed: bool = False


class HotspotRow(Frozen):
    code: str
    name: str
    count: int | None
    share: float | None
    cumulative_share: float | None
    suppressed: bool = False


class MonthPoint(Frozen):
    month: str
    total: int | None
    serious_violence: int | None
    asb: int | None
    marker: Literal["peak", "trough", ""] = ""
    suppressed: bool = False


class SeasonRow(Frozen):
    month: str
    average: float
    index: float


class YearRow(Frozen):
    period: str
    serious_violence: int | None
    previous: int | None
    change_percent: float | None
    complete: bool
    suppressed: bool = False


class Profile(Frozen):
    """One source group's profile (police, or health)."""

    title: str
    sources: list[str]
    definition_id: str
    definition_version: int
    definition_name: str
    is_proxy: bool
    proxy_statement: str | None
    period_start: str | None
    period_end: str | None
    months: int
    records: int
    total: int
    asb: int
    serious_violence: int
    out_of_area_excluded: int
    unlocated_serious_violence: int
    monthly: list[MonthPoint]
    peaks: list[str]
    troughs: list[str]
    seasonality: list[SeasonRow]
    seasonality_note: str
    year_on_year: list[YearRow]
    offence_mix: list[CountRow]
    hotspots_lsoa: list[HotspotRow]
    hotspots_location: list[CountRow]
    hour_of_day: list[CountRow]
    day_of_week: list[CountRow]
    time_note: str
    outcomes: list[CountRow]
    flags: list[CountRow]
    flags_note: str
    notes: list[str] = Field(default_factory=list)


def _total(mask: np.ndarray, weight: np.ndarray) -> int:
    return round(float(weight[mask].sum()))


def _rows(counts: dict[str, int], total: int, limit: int | None = None) -> list[CountRow]:
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if limit is not None:
        ordered = ordered[:limit]
    return [CountRow(label=k, count=v, share=(v / total if total else None)) for k, v in ordered]


def peaks_and_troughs(values: Sequence[int]) -> list[Literal["peak", "trough", ""]]:
    """Mark local maxima and minima that stand out from the series (beyond half a standard
    deviation from the mean); ends count when they beat their one neighbour."""
    n = len(values)
    marks: list[Literal["peak", "trough", ""]] = [""] * n
    if n < 3:
        return marks
    arr = np.asarray(values, dtype=float)
    mean, spread = float(arr.mean()), float(arr.std())
    for i in range(n):
        left = arr[i - 1] if i > 0 else -np.inf
        right = arr[i + 1] if i < n - 1 else -np.inf
        if arr[i] > left and arr[i] > right and arr[i] > mean + 0.5 * spread:
            marks[i] = "peak"
        left = arr[i - 1] if i > 0 else np.inf
        right = arr[i + 1] if i < n - 1 else np.inf
        if arr[i] < left and arr[i] < right and arr[i] < mean - 0.5 * spread:
            marks[i] = "trough"
    return marks


def _year_on_year(series: dict[str, int], months: list[str]) -> list[YearRow]:
    rows: list[YearRow] = []
    if not months:
        return rows
    by_year: dict[str, list[str]] = {}
    for month in months:
        by_year.setdefault(month[:4], []).append(month)
    previous: int | None = None
    for year, in_year in sorted(by_year.items()):
        value = sum(series.get(m, 0) for m in in_year)
        change = (value - previous) / previous * 100 if previous else None
        rows.append(
            YearRow(
                period=year,
                serious_violence=value,
                previous=previous,
                change_percent=change,
                complete=len(in_year) == 12,
            )
        )
        previous = value
    if len(months) >= 24:
        last12, prev12 = months[-12:], months[-24:-12]
        now = sum(series.get(m, 0) for m in last12)
        before = sum(series.get(m, 0) for m in prev12)
        rows.append(
            YearRow(
                period=f"{last12[0]} to {last12[-1]} against the 12 months before",
                serious_violence=now,
                previous=before,
                change_percent=(now - before) / before * 100 if before else None,
                complete=True,
            )
        )
    return rows


def _seasonality(series: dict[str, int], months: list[str]) -> tuple[list[SeasonRow], str]:
    if not months:
        return [], "No months to show."
    by_calendar: dict[int, list[int]] = {}
    for month in months:
        by_calendar.setdefault(int(month[5:7]), []).append(series.get(month, 0))
    averages = {m: sum(v) / len(v) for m, v in by_calendar.items()}
    overall = sum(averages.values()) / len(averages) if averages else 0
    rows = [
        SeasonRow(
            month=calendar.month_name[m],
            average=round(averages[m], 1),
            index=round(averages[m] / overall * 100, 1) if overall else 0.0,
        )
        for m in sorted(averages)
    ]
    years = len(months) / 12
    if years < 2:
        note = (
            f"Based on {len(months)} months only: with less than two years of data, "
            "seasonal patterns cannot be told apart from one-off changes."
        )
    else:
        note = f"Average of each calendar month over {years:.1f} years; 100 is an average month."
    return rows, note


def _by(cube: ProfileCube, dimension: str, mask: np.ndarray) -> dict[str, int]:
    breakdown = cube.breakdowns.get(dimension)
    return {} if breakdown is None else breakdown.counts(mask)


def _hotspots(cube: ProfileCube, mask: np.ndarray, total: int) -> list[HotspotRow]:
    if "lsoa_code" not in cube.breakdowns:
        return []
    counts = {k: v for k, v in _by(cube, "lsoa_code", mask).items() if k.strip()}
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_N]
    rows: list[HotspotRow] = []
    running = 0
    for code, count in ordered:
        running += count
        rows.append(
            HotspotRow(
                code=code,
                name=cube.lsoa_names.get(code, code),
                count=count,
                share=count / total if total else None,
                cumulative_share=running / total if total else None,
            )
        )
    return rows


def _times(cube: ProfileCube, mask: np.ndarray) -> tuple[list[CountRow], list[CountRow], str]:
    if not cube.has_times:
        return (
            [],
            [],
            (
                "This source only gives the month of each incident, so time of day and "
                "day of week cannot be shown. Force extracts and ISTV data carry times."
            ),
        )
    days_b, hours_b = cube.breakdowns.get("day_of_week"), cube.breakdowns.get("hour")
    if days_b is None or hours_b is None or not days_b.any_rows(mask):
        return [], [], "None of these records has a date, so day of week cannot be shown."
    day_counts, hour_counts = days_b.counts(mask), hours_b.counts(mask)
    days = [day_counts.get(str(i), 0) for i in range(7)]
    hours = [hour_counts.get(str(i), 0) for i in range(24)]
    total_day, total_hour = sum(days), sum(hours)
    day_rows = [
        CountRow(label=WEEKDAYS[i], count=days[i], share=days[i] / total_day if total_day else None)
        for i in range(7)
    ]
    hour_rows = (
        [
            CountRow(
                label=f"{i:02d}:00 to {i:02d}:59",
                count=hours[i],
                share=hours[i] / total_hour if total_hour else None,
            )
            for i in range(24)
        ]
        if total_hour
        else []
    )
    note = f"Times are known for {total_hour} of these incidents and dates for {total_day}."
    return hour_rows, day_rows, note


def flag_mask(classes: pd.DataFrame, flag: str) -> np.ndarray | None:
    """Which rows carry ``flag`` (a key of :data:`FLAG_LABELS`); None when the source does
    not record it at all."""
    if flag not in FLAG_LABELS:
        raise ValueError(f"Unknown flag {flag!r}: expected one of {', '.join(FLAG_LABELS)}")
    if flag == "weapon":
        if "weapon_std" not in classes:
            return None
        # Hands, feet and other body parts are how an assault happened, not a weapon.
        return category_flags(
            classes["weapon_std"], lambda s: s not in ("none", "unknown", "body_part", "")
        )
    if flag not in classes:
        return None
    values: np.ndarray = classes[flag].fillna(False).to_numpy(dtype=bool)
    return values


def carried_flags(frames: Sequence[pd.DataFrame]) -> list[str]:
    """The flags (keys of :data:`FLAG_LABELS`) that any of ``frames`` records in the rows a
    profile covers (the latest :data:`PROFILE_YEARS` years): the drill-down choices, the same
    whichever flag is chosen."""
    columns = {"weapon": "weapon_std"}
    carried: list[str] = []
    for flag in FLAG_LABELS:
        column = columns.get(flag, flag)
        for frame in frames:
            recent = latest_years(frame)[0] if column in frame else frame
            if column in recent and recent[column].notna().any():
                carried.append(flag)
                break
    return carried


def _flags(cube: ProfileCube, mask: np.ndarray, total: int) -> tuple[list[CountRow], str]:
    rows: list[CountRow] = []
    for flag, label in FLAG_LABELS.items():
        values = flag_mask(cube.classes, flag)
        if values is None:
            continue
        count = _total(mask & values, cube.weight)
        rows.append(CountRow(label=label, count=count, share=count / total if total else None))
    note = (
        ""
        if rows
        else (
            "This source carries no flags (domestic abuse, alcohol or drugs, weapon, age). "
            "A force extract or health data can add them."
        )
    )
    return rows, note


def build_profile(
    frame: pd.DataFrame,
    definition: SeriousViolenceDefinition = DEFAULT_DEFINITION,
    *,
    title: str = "Police recorded crime",
    in_area_only: bool = True,
    flag: str | None = None,
) -> Profile:
    """Profile the rows in ``frame`` (normally one source group: police, or health); with
    ``flag`` (a key of :data:`FLAG_LABELS`), only the records carrying that flag.

    Only the latest :data:`PROFILE_YEARS` years of data are profiled; a note says how many
    older records were left out."""
    frame, older, start = latest_years(frame)
    profile = profile_from_cube(
        build_cube(frame), definition, title=title, in_area_only=in_area_only, flag=flag
    )
    if not older:
        return profile
    note = (
        f"Only the latest {PROFILE_YEARS} years are profiled, from {start}: {older:,} older "
        "records are left out."
    )
    return profile.model_copy(update={"notes": [note, *profile.notes]})


def latest_years(
    frame: pd.DataFrame, years: int | None = None
) -> tuple[pd.DataFrame, int, str | None]:
    """The rows of the latest ``years`` years (by month), how many older rows were dropped,
    and the first month kept."""
    years = PROFILE_YEARS if years is None else years
    if "period_month" not in frame or not len(frame):
        return frame, 0, None
    months = as_category(frame["period_month"])
    used = used_categories(months)
    if not used:
        return frame, 0, None
    last = max(used)
    index = int(last[:4]) * 12 + int(last[5:7]) - 1 - (years * 12 - 1)
    start = f"{index // 12:04d}-{index % 12 + 1:02d}"
    old = [m for m in used if m < start]
    if not old:
        return frame, 0, start
    keep = ~category_flags(months, lambda m: m < start)
    return frame[keep].reset_index(drop=True), int((~keep).sum()), start


def profile_from_cube(
    cube: ProfileCube,
    definition: SeriousViolenceDefinition = DEFAULT_DEFINITION,
    *,
    title: str = "Police recorded crime",
    in_area_only: bool = True,
    flag: str | None = None,
) -> Profile:
    """Profile from a :class:`ProfileCube` (the same result as :func:`build_profile` on the
    rows it was built from)."""
    classes, weight = cube.classes, cube.weight
    k = len(classes)
    keep = np.ones(k, dtype=bool)
    notes: list[str] = []
    if flag is not None:
        flagged = flag_mask(classes, flag)
        keep &= flagged if flagged is not None else np.zeros(k, dtype=bool)
        title = f"{title}: {FLAG_LABELS[flag].lower()} only"
        notes.append(
            f'Only records flagged "{FLAG_LABELS[flag]}" are counted here'
            + (
                "."
                if flagged is not None
                else ": this source does not carry that flag, so there are none."
            )
        )
    excluded = 0
    if in_area_only and "in_partnership_area" in classes and k:
        outside = classes["in_partnership_area"].eq(False).fillna(False).to_numpy(dtype=bool)
        excluded = _total(outside, weight)
        keep &= ~outside
    asb_mask = (
        classes["is_asb"].to_numpy(dtype=bool) if "is_asb" in classes else np.zeros(k, dtype=bool)
    ) & keep
    crime = keep & ~asb_mask
    sv = serious_violence_mask(classes, definition) & crime if k else np.zeros(0, dtype=bool)
    total, asb_total, sv_total = (
        _total(crime, weight),
        _total(asb_mask, weight),
        _total(sv, weight),
    )
    by_month_total = _by(cube, "period_month", crime)
    by_month_sv = _by(cube, "period_month", sv)
    by_month_asb = _by(cube, "period_month", asb_mask)
    present = sorted(set(by_month_total) | set(by_month_asb))
    months = month_range(present[0], present[-1]) if present else []
    marks = peaks_and_troughs([by_month_sv.get(m, 0) for m in months])
    monthly = [
        MonthPoint(
            month=m,
            total=by_month_total.get(m, 0),
            serious_violence=by_month_sv.get(m, 0),
            asb=by_month_asb.get(m, 0),
            marker=marks[i],
        )
        for i, m in enumerate(months)
    ]
    seasonality, season_note = _seasonality(by_month_sv, months)
    mix = category_counts(classes["category_raw"][crime], weight[crime]) if k else {}
    no_location = (
        classes["no_location"].to_numpy(dtype=bool)
        if "no_location" in classes
        else np.zeros(k, dtype=bool)
    )
    unlocated = _total(sv & no_location, weight) if "no_location" in classes else 0
    locations = {
        key: v for key, v in _by(cube, "location_text", sv & ~no_location).items() if key.strip()
    }
    outcomes = _by(cube, "outcome_raw", sv)
    hours, days, time_note = _times(cube, sv) if k else ([], [], "No records.")
    flags, flags_note = _flags(cube, sv, sv_total) if k else ([], "No records.")
    proxy = is_proxy(classes)
    if unlocated:
        notes.append(
            f"{unlocated} serious violence records have no location: they are counted "
            "in the totals and trends but not in the hotspot tables."
        )
    if excluded:
        notes.append(f"{excluded} records located outside the partnership's area are left out.")
    if asb_total:
        notes.append(
            "Anti-social behaviour is an incident, not a crime: it is shown as its own "
            "series and left out of crime totals."
        )
    sources = sorted(set(classes["source_type"].astype(str))) if k else []
    return Profile(
        title=title,
        sources=sources,
        definition_id=definition.id,
        definition_version=definition.version,
        definition_name=definition.name,
        is_proxy=proxy,
        proxy_statement=proxy_statement(definition) if proxy else None,
        period_start=months[0] if months else None,
        period_end=months[-1] if months else None,
        months=len(months),
        records=cube.records,
        total=total,
        asb=asb_total,
        serious_violence=sv_total,
        out_of_area_excluded=excluded,
        unlocated_serious_violence=unlocated,
        monthly=monthly,
        peaks=[m for m, mark in zip(months, marks, strict=True) if mark == "peak"],
        troughs=[m for m, mark in zip(months, marks, strict=True) if mark == "trough"],
        seasonality=seasonality,
        seasonality_note=season_note,
        year_on_year=_year_on_year(by_month_sv, months),
        offence_mix=_rows(mix, total),
        hotspots_lsoa=_hotspots(cube, sv, sv_total) if k else [],
        hotspots_location=_rows(locations, sv_total, TOP_N),
        hour_of_day=hours,
        day_of_week=days,
        time_note=time_note,
        outcomes=_rows(outcomes, sv_total),
        flags=flags,
        flags_note=flags_note,
        notes=notes,
    )
