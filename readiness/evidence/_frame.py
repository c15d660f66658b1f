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


def concat(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate frames, keeping categorical columns categorical (union of categories)."""
    frames = [f for f in frames if len(f.columns)]
    if not frames:
        return pd.DataFrame()
    if len(frames) == 1:
        return frames[0].reset_index(drop=True)
    columns: list[str] = list(dict.fromkeys(c for f in frames for c in f.columns))
    out: dict[str, object] = {}
    for column in columns:
        parts = [f[column] if column in f.columns else pd.Series([pd.NA] * len(f), dtype="object")
                 for f in frames]
        if all(isinstance(p.dtype, pd.CategoricalDtype) for p in parts):
            out[column] = pd.api.types.union_categoricals(parts, ignore_order=True)
        else:
            if any(isinstance(p.dtype, pd.CategoricalDtype) for p in parts):
                parts = [p.astype("object") for p in parts]
            out[column] = pd.concat(parts, ignore_index=True)
            if any(isinstance(f[column].dtype, pd.CategoricalDtype) for f in frames
                   if column in f.columns):
                out[column] = pd.Series(out[column]).astype("category")
    return pd.DataFrame({k: pd.Series(v).reset_index(drop=True) for k, v in out.items()})
