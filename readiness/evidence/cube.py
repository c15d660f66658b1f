"""The profile cube: canonical rows pre-aggregated into a few thousand cells (one row per
distinct combination of the columns that decide whether a row counts, with sparse counts per
breakdown), so every profile after the first (another definition, another filter) is a sum over
small arrays. :mod:`readiness.evidence.profile` computes the profile from it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from readiness.evidence._frame import as_category


def weights_of(frame: pd.DataFrame) -> np.ndarray | None:
    if "count" not in frame:
        return None
    values: np.ndarray = frame["count"].to_numpy(dtype=float, na_value=np.nan)
    suppressed = (
        frame["is_suppressed"].fillna(False).to_numpy(dtype=bool)
        if "is_suppressed" in frame
        else np.zeros(len(frame), dtype=bool)
    )
    return np.where(np.isnan(values), np.where(suppressed, 0.0, 1.0), values)


#: Columns that decide whether a row counts (definition, area, anti-social behaviour, flags).
CLASS_COLUMNS = (
    "source_type",
    "category_raw",
    "category_std",
    "offence_code",
    "weapon_std",
    "is_asb",
    "in_partnership_area",
    "no_location",
    "domestic_abuse",
    "alcohol_drugs",
    "under_25",
)
#: Columns the profile breaks counts down by.
DIMENSIONS = ("period_month", "lsoa_code", "location_text", "outcome_raw")
_OPTIONAL = (
    "offence_code",
    "weapon_std",
    "domestic_abuse",
    "alcohol_drugs",
    "under_25",
    "event_datetime",
    "event_time_precision",
)
_HOURS = [str(h) for h in range(24)]
_DAYS = [str(d) for d in range(7)]


@dataclass(frozen=True)
class _Breakdown:
    """Sparse counts of one dimension per class: class index, label index, weight, rows."""

    labels: list[str]
    cls: np.ndarray
    label: np.ndarray
    weight: np.ndarray
    rows: np.ndarray

    def counts(self, classes: np.ndarray) -> dict[str, int]:
        pick = classes[self.cls]
        totals = np.bincount(
            self.label[pick], weights=self.weight[pick], minlength=len(self.labels)
        )
        return {self.labels[i]: round(float(totals[i])) for i in np.flatnonzero(totals > 0)}

    def any_rows(self, classes: np.ndarray) -> bool:
        return bool(self.rows[classes[self.cls]].sum() > 0)


@dataclass(frozen=True)
class ProfileCube:
    """What a profile needs from the canonical rows, pre-aggregated (a few thousand cells).

    ``classes`` has one row per distinct combination of :data:`CLASS_COLUMNS` (typed like the
    canonical table, so the serious violence definition applies to it directly); every
    breakdown counts rows per class and label. Build it once with :func:`build_cube`; every
    profile after that (another definition, another filter) is a sum over small arrays.
    """

    records: int
    classes: pd.DataFrame
    weight: np.ndarray
    rows: np.ndarray
    breakdowns: dict[str, _Breakdown]
    lsoa_names: dict[str, str]
    has_times: bool


def _codes(series: pd.Series) -> tuple[np.ndarray, int]:
    """Small non-negative integer codes for a column, and how many there can be."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        return series.cat.codes.to_numpy().astype(np.int64) + 1, len(series.cat.categories) + 1
    if series.dtype == bool:
        return series.to_numpy().astype(np.int64), 2
    if isinstance(series.dtype, pd.BooleanDtype):
        values = series.array
        data = np.asarray(values.to_numpy(dtype=bool, na_value=False), dtype=np.int64)
        return np.where(np.asarray(series.isna().to_numpy(), dtype=bool), 2, data), 3
    return _codes(series.astype("category"))


def _compress(key: np.ndarray, size: int) -> tuple[np.ndarray, int]:
    """Renumber ``key`` (values below ``size``) to 0..k-1 in order of value."""
    if size <= 1 << 24:
        used = np.bincount(key, minlength=size) > 0
        lookup = np.cumsum(used) - 1
        return lookup[key], int(used.sum())
    uniques, inverse = np.unique(key, return_inverse=True)
    return inverse.astype(np.int64), len(uniques)


def _breakdown(
    cls: np.ndarray, n_cls: int, codes: np.ndarray, labels: list[str], weights: np.ndarray | None
) -> _Breakdown:
    known = codes >= 0
    size = len(labels)
    key = cls[known] * size + codes[known]
    w = None if weights is None else weights[known]
    if n_cls * size <= 1 << 24:
        rows = np.bincount(key, minlength=n_cls * size)
        totals = (
            rows.astype(float) if w is None else np.bincount(key, weights=w, minlength=n_cls * size)
        )
        cells = np.flatnonzero(rows)
        return _Breakdown(labels, cells // size, cells % size, totals[cells], rows[cells])
    uniques, inverse, rows = np.unique(key, return_inverse=True, return_counts=True)
    totals = rows.astype(float) if w is None else np.bincount(inverse, weights=w)
    return _Breakdown(labels, uniques // size, uniques % size, totals, rows)


def _category_codes(frame: pd.DataFrame, column: str) -> tuple[np.ndarray, list[str]]:
    series = as_category(frame[column])
    return (series.cat.codes.to_numpy().astype(np.int64), [str(c) for c in series.cat.categories])


def build_cube(frame: pd.DataFrame) -> ProfileCube:
    """Aggregate canonical rows into the compact form every profile is computed from.

    An optional column with no values at all (a police.uk file stored beside a force extract
    that has weapons or times) counts as not carried by the source.
    """
    empty = [c for c in _OPTIONAL if c in frame and not frame[c].notna().any()]
    if empty:
        frame = frame.drop(columns=empty)
    n = len(frame)
    weights = weights_of(frame)
    key = np.zeros(n, dtype=np.int64)
    size = 1
    present = [c for c in CLASS_COLUMNS if c in frame]
    for column in present:
        codes, card = _codes(frame[column])
        if size * card >= 1 << 62:
            key, size = _compress(key, size)
        key = key * card + codes
        size *= card
    cls, n_cls = _compress(key, size) if n else (key, 0)
    order = np.zeros(n_cls, dtype=np.int64)
    order[cls] = np.arange(n)  # any row of a class will do: they share every class column
    classes = frame.iloc[order][present].reset_index(drop=True)
    rows = np.bincount(cls, minlength=n_cls)
    weight = (
        rows.astype(float)
        if weights is None
        else np.bincount(cls, weights=weights, minlength=n_cls)
    )
    breakdowns: dict[str, _Breakdown] = {}
    for column in DIMENSIONS:
        if column in frame:
            codes, labels = _category_codes(frame, column)
            breakdowns[column] = _breakdown(cls, n_cls, codes, labels, weights)
    names: dict[str, str] = {}
    if "lsoa_code" in frame and "lsoa_name" in frame and n:
        codes, labels = _category_codes(frame, "lsoa_code")
        firsts = pd.Series(codes).drop_duplicates()
        firsts = firsts[firsts.to_numpy() >= 0]
        name_of = frame["lsoa_name"].iloc[firsts.index.to_numpy()].astype(str).to_numpy()
        names = {labels[c]: str(v) for c, v in zip(firsts.to_numpy(), name_of, strict=True)}
    has_times = "event_datetime" in frame and "event_time_precision" in frame
    if has_times and n:
        precision = frame["event_time_precision"].astype(str).to_numpy()
        times = pd.DatetimeIndex(frame["event_datetime"])
        known = ~np.asarray(times.isna(), dtype=bool)
        has_day = np.isin(precision, ["day", "minute"]) & known
        has_minute = (precision == "minute") & known
        dow = np.where(has_day, times.day_of_week.to_numpy(na_value=0), -1).astype(np.int64)
        hour = np.where(has_minute, times.hour.to_numpy(na_value=0), -1).astype(np.int64)
        breakdowns["day_of_week"] = _breakdown(cls, n_cls, dow, _DAYS, weights)
        breakdowns["hour"] = _breakdown(cls, n_cls, hour, _HOURS, weights)
    return ProfileCube(
        records=n,
        classes=classes,
        weight=weight,
        rows=rows,
        breakdowns=breakdowns,
        lsoa_names=names,
        has_times=has_times,
    )
