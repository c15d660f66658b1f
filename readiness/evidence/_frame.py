"""Small vectorised helpers over pandas categoricals (fast on millions of rows)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence

import numpy as np
import pandas as pd


def as_category(series: pd.Series) -> pd.Series:
    if isinstance(series.dtype, pd.CategoricalDtype):
        return series
    return series.astype("category")


def map_categories(series: pd.Series, func: Callable[[str], str]) -> pd.Series:
    """Map each category through ``func`` and re-encode (several may map to one)."""
    series = as_category(series)
    cats = [str(c) for c in series.cat.categories]
    mapped = [func(c) for c in cats]
    uniques = list(dict.fromkeys(mapped))
    position = {value: i for i, value in enumerate(uniques)}
    lookup = np.array([position[v] for v in mapped] + [-1], dtype=np.int64)
    codes = lookup[series.cat.codes.to_numpy()]
    return pd.Series(from_codes(codes, uniques), index=series.index)


def from_codes(codes: np.ndarray, categories: Sequence[str]) -> pd.Categorical[str]:
    return pd.Categorical.from_codes(codes.astype(np.int64), categories=pd.Index(categories))


def constant(value: str, n: int) -> pd.Categorical[str]:
    """A categorical column holding one value ``n`` times."""
    return from_codes(np.zeros(n, dtype=np.int64), [value])


def category_flags(series: pd.Series, test: Callable[[str], bool]) -> np.ndarray:
    """A boolean array: ``test`` applied to each row's category (missing is False)."""
    series = as_category(series)
    lookup = np.array([test(str(c)) for c in series.cat.categories] + [False], dtype=bool)
    result: np.ndarray = lookup[series.cat.codes.to_numpy()]
    return result


def category_is(series: pd.Series, value: str) -> np.ndarray:
    """A boolean array: rows whose category is exactly ``value`` (fast on huge categories)."""
    if not isinstance(series.dtype, pd.CategoricalDtype):
        return np.asarray((series == value).to_numpy(dtype=bool, na_value=False), dtype=bool)
    position = int(series.cat.categories.get_indexer(pd.Index([value]))[0])
    if position < 0:
        return np.zeros(len(series), dtype=bool)
    codes: np.ndarray = series.cat.codes.to_numpy()
    return np.asarray(codes == position, dtype=bool)


def category_counts(series: pd.Series, weights: np.ndarray | None = None) -> dict[str, int]:
    """Count (or sum ``weights``) per used category."""
    series = as_category(series)
    codes = series.cat.codes.to_numpy()
    keep = codes >= 0
    size = len(series.cat.categories)
    if weights is None:
        totals = np.bincount(codes[keep], minlength=size)
    else:
        totals = np.bincount(codes[keep], weights=weights[keep], minlength=size)
    return {
        str(cat): round(float(total))
        for cat, total in zip(series.cat.categories, totals, strict=True)
        if total > 0
    }


def used_categories(series: pd.Series) -> list[str]:
    series = as_category(series)
    codes = series.cat.codes.to_numpy()
    cats = series.cat.categories
    used = np.bincount(codes[codes >= 0], minlength=len(cats)) > 0
    return [str(c) for c in cats[used]]


def first_row_with(series: pd.Series, value: Hashable) -> int:
    """Zero-based position of the first row equal to ``value``."""
    return int(np.argmax((series == value).to_numpy()))


def blank_like(dtype: object, n: int) -> pd.Series:
    """``n`` missing values of a type that can hold what ``dtype`` holds (a bool column becomes
    a nullable boolean, a whole-number column a nullable integer)."""
    if isinstance(dtype, pd.CategoricalDtype):
        empty = dtype.categories[:0]
        return pd.Series(pd.Categorical.from_codes(np.full(n, -1), categories=empty))
    if pd.api.types.is_bool_dtype(dtype):  # type: ignore[arg-type]
        return pd.Series(pd.array([None] * n, dtype="boolean"))
    if pd.api.types.is_integer_dtype(dtype):  # type: ignore[arg-type]
        return pd.Series(pd.array([None] * n, dtype="Int64"))
    if pd.api.types.is_float_dtype(dtype):  # type: ignore[arg-type]
        return pd.Series(np.full(n, np.nan))
    if pd.api.types.is_datetime64_any_dtype(dtype):  # type: ignore[arg-type]
        return pd.Series(pd.array([pd.NaT] * n, dtype=dtype))  # type: ignore[call-overload]
    return pd.Series([pd.NA] * n, dtype="object")


def concat(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate frames, keeping each column's type: categoricals stay categorical (union
    of categories) and a column some frames lack is filled with typed blanks."""
    frames = [f for f in frames if len(f.columns)]
    if not frames:
        return pd.DataFrame()
    if len(frames) == 1:
        return frames[0].reset_index(drop=True)
    columns: list[str] = list(dict.fromkeys(c for f in frames for c in f.columns))
    out: dict[str, object] = {}
    for column in columns:
        dtype = next(f[column].dtype for f in frames if column in f.columns)
        parts = [
            f[column].reset_index(drop=True) if column in f.columns else blank_like(dtype, len(f))
            for f in frames
        ]
        if all(isinstance(p.dtype, pd.CategoricalDtype) for p in parts):
            out[column] = pd.api.types.union_categoricals(parts, ignore_order=True)
            continue
        if any(isinstance(p.dtype, pd.CategoricalDtype) for p in parts):
            parts = [p.astype("object") for p in parts]
        if any(p.dtype == bool for p in parts) and any(
            isinstance(p.dtype, pd.BooleanDtype) for p in parts
        ):
            parts = [p.astype("boolean") for p in parts]
        out[column] = pd.concat(parts, ignore_index=True)
        if isinstance(dtype, pd.CategoricalDtype):
            out[column] = pd.Series(out[column]).astype("category")
    return pd.DataFrame({k: pd.Series(v).reset_index(drop=True) for k, v in out.items()})
