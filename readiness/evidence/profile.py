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

from readiness.evidence._frame import category_counts, category_flags
from readiness.evidence.definition import (
    DEFAULT_DEFINITION,
    SeriousViolenceDefinition,
    is_proxy,
    proxy_statement,
    serious_violence_mask,
)
from readiness.evidence.schema import Frozen, month_range

TOP_N = 10
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


def weights_of(frame: pd.DataFrame) -> np.ndarray | None:
    if "count" not in frame:
        return None
    values: np.ndarray = frame["count"].to_numpy(dtype=float, na_value=np.nan)
    suppressed = (frame["is_suppressed"].fillna(False).to_numpy(dtype=bool)
                  if "is_suppressed" in frame else np.zeros(len(frame), dtype=bool))
    return np.where(np.isnan(values), np.where(suppressed, 0.0, 1.0), values)


def _total(mask: np.ndarray, weights: np.ndarray | None) -> int:
    if weights is None:
        return int(mask.sum())
    return round(float(weights[mask].sum()))


def _counts(series: pd.Series, mask: np.ndarray, weights: np.ndarray | None) -> dict[str, int]:
    return category_counts(series[mask], None if weights is None else weights[mask])


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
    years = sorted({m[:4] for m in months})
    previous: int | None = None
    for year in years:
        in_year = [m for m in months if m.startswith(year)]
        value = sum(series.get(m, 0) for m in in_year)
        change = (value - previous) / previous * 100 if previous else None
        rows.append(YearRow(period=year, serious_violence=value, previous=previous,
                            change_percent=change, complete=len(in_year) == 12))
        previous = value
    if len(months) >= 24:
        last12, prev12 = months[-12:], months[-24:-12]
        now = sum(series.get(m, 0) for m in last12)
        before = sum(series.get(m, 0) for m in prev12)
        rows.append(YearRow(
            period=f"{last12[0]} to {last12[-1]} against the 12 months before",
            serious_violence=now, previous=before,
            change_percent=(now - before) / before * 100 if before else None, complete=True,
        ))
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
        SeasonRow(month=calendar.month_name[m], average=round(averages[m], 1),
                  index=round(averages[m] / overall * 100, 1) if overall else 0.0)
        for m in sorted(averages)
    ]
    years = len(months) / 12
    if years < 2:
        note = (f"Based on {len(months)} months only: with less than two years of data, "
                "seasonal patterns cannot be told apart from one-off changes.")
    else:
        note = (f"Average of each calendar month over {years:.1f} years; 100 is an average "
                "month.")
    return rows, note


def _hotspots(frame: pd.DataFrame, mask: np.ndarray, weights: np.ndarray | None,
              total: int) -> list[HotspotRow]:
    if "lsoa_code" not in frame:
        return []
    located = mask & category_flags(frame["lsoa_code"], lambda s: bool(s.strip()))
    counts = _counts(frame["lsoa_code"], located, weights)
    names: dict[str, str] = {}
    if "lsoa_name" in frame and counts:
        sub = frame.loc[located, ["lsoa_code", "lsoa_name"]].drop_duplicates("lsoa_code")
        names = dict(zip(sub["lsoa_code"].astype(str), sub["lsoa_name"].astype(str), strict=True))
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_N]
    rows: list[HotspotRow] = []
    running = 0
    for code, count in ordered:
        running += count
        rows.append(HotspotRow(code=code, name=names.get(code, code), count=count,
                               share=count / total if total else None,
                               cumulative_share=running / total if total else None))
    return rows


def _times(frame: pd.DataFrame, mask: np.ndarray,
           weights: np.ndarray | None) -> tuple[list[CountRow], list[CountRow], str]:
    if "event_datetime" not in frame or "event_time_precision" not in frame:
        return [], [], ("This source only gives the month of each incident, so time of day and "
                        "day of week cannot be shown. Force extracts and ISTV data carry times.")
    precision = frame["event_time_precision"].astype(str).to_numpy()
    times = pd.DatetimeIndex(frame["event_datetime"])
    w = np.ones(len(frame)) if weights is None else weights
    known = ~np.asarray(times.isna(), dtype=bool)
    has_day = mask & np.isin(precision, ["day", "minute"]) & known
    has_minute = mask & (precision == "minute") & known
    if not has_day.any():
        return [], [], "None of these records has a date, so day of week cannot be shown."
    days = np.bincount(times.day_of_week.to_numpy()[has_day], weights=w[has_day], minlength=7)
    hours = np.bincount(times.hour.to_numpy()[has_minute], weights=w[has_minute], minlength=24)
    total_day, total_hour = float(days.sum()), float(hours.sum())
    day_rows = [CountRow(label=WEEKDAYS[i], count=round(float(days[i])),
                         share=float(days[i]) / total_day if total_day else None)
                for i in range(7)]
    hour_rows = [CountRow(label=f"{i:02d}:00 to {i:02d}:59", count=round(float(hours[i])),
                          share=float(hours[i]) / total_hour if total_hour else None)
                 for i in range(24)] if total_hour else []
    note = (f"Times are known for {round(total_hour)} of these incidents and dates for "
            f"{round(total_day)}.")
    return hour_rows, day_rows, note


def _flags(frame: pd.DataFrame, mask: np.ndarray, weights: np.ndarray | None,
           total: int) -> tuple[list[CountRow], str]:
    rows: list[CountRow] = []
    for flag, label in FLAG_LABELS.items():
        if flag == "weapon":
            if "weapon_std" not in frame:
                continue
            values = category_flags(frame["weapon_std"], lambda s: s not in ("none", "unknown", ""))
        elif flag in frame:
            values = frame[flag].fillna(False).to_numpy(dtype=bool)
        else:
            continue
        count = _total(mask & values, weights)
        rows.append(CountRow(label=label, count=count, share=count / total if total else None))
    note = "" if rows else (
        "This source carries no flags (domestic abuse, alcohol or drugs, weapon, age). "
        "A force extract or health data can add them.")
    return rows, note


def build_profile(
    frame: pd.DataFrame,
    definition: SeriousViolenceDefinition = DEFAULT_DEFINITION,
    *,
    title: str = "Police recorded crime",
    in_area_only: bool = True,
) -> Profile:
    """Profile the rows in ``frame`` (normally one source group: police, or health)."""
    n = len(frame)
    weights = weights_of(frame)
    keep = np.ones(n, dtype=bool)
    excluded = 0
    if in_area_only and "in_partnership_area" in frame and n:
        outside = frame["in_partnership_area"].eq(False).fillna(False).to_numpy(dtype=bool)
        excluded = _total(outside, weights)
        keep &= ~outside
    asb_mask = (frame["is_asb"].to_numpy(dtype=bool) if "is_asb" in frame
                else np.zeros(n, dtype=bool)) & keep
    crime = keep & ~asb_mask
    sv = serious_violence_mask(frame, definition) & crime if n else np.zeros(0, dtype=bool)
    total, asb_total, sv_total = _total(crime, weights), _total(asb_mask, weights), _total(
        sv, weights)
    month_col = frame["period_month"] if n else pd.Series([], dtype="category")
    by_month_total = _counts(month_col, crime, weights) if n else {}
    by_month_sv = _counts(month_col, sv, weights) if n else {}
    by_month_asb = _counts(month_col, asb_mask, weights) if n else {}
    present = sorted(set(by_month_total) | set(by_month_asb))
    months = month_range(present[0], present[-1]) if present else []
    marks = peaks_and_troughs([by_month_sv.get(m, 0) for m in months])
    monthly = [
        MonthPoint(month=m, total=by_month_total.get(m, 0), serious_violence=by_month_sv.get(m, 0),
                   asb=by_month_asb.get(m, 0), marker=marks[i])
        for i, m in enumerate(months)
    ]
    seasonality, season_note = _seasonality(by_month_sv, months)
    mix = _counts(frame["category_raw"], crime, weights) if n else {}
    unlocated = 0
    if n and "no_location" in frame:
        unlocated = _total(sv & frame["no_location"].to_numpy(dtype=bool), weights)
    locations: dict[str, int] = {}
    if n and "location_text" in frame:
        located = sv & ~(frame["no_location"].to_numpy(dtype=bool) if "no_location" in frame
                         else np.zeros(n, dtype=bool))
        locations = _counts(frame["location_text"], located, weights)
        locations = {k: v for k, v in locations.items() if k.strip()}
    outcomes = _counts(frame["outcome_raw"], sv, weights) if n and "outcome_raw" in frame else {}
    hours, days, time_note = _times(frame, sv, weights) if n else ([], [], "No records.")
    flags, flags_note = _flags(frame, sv, weights, sv_total) if n else ([], "No records.")
    proxy = is_proxy(frame)
    notes: list[str] = []
    if unlocated:
        notes.append(f"{unlocated} serious violence records have no location: they are counted "
                     "in the totals and trends but not in the hotspot tables.")
    if excluded:
        notes.append(f"{excluded} records located outside the partnership's area are left out.")
    if asb_total:
        notes.append("Anti-social behaviour is an incident, not a crime: it is shown as its own "
                     "series and left out of crime totals.")
    sources = sorted(set(frame["source_type"].astype(str))) if n else []
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
        records=n,
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
        hotspots_lsoa=_hotspots(frame, sv, weights, sv_total) if n else [],
        hotspots_location=_rows(locations, sv_total, TOP_N),
        hour_of_day=hours,
        day_of_week=days,
        time_note=time_note,
        outcomes=_rows(outcomes, sv_total),
        flags=flags,
        flags_note=flags_note,
        notes=notes,
    )
