"""Repeated Crime IDs are found exactly, however the fast path hashes them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped]
from hypothesis import given
from hypothesis import strategies as st

from readiness.evidence import _arrow


def _expected(values: list[str]) -> list[bool]:
    series = pd.Series(values)
    return list(series.duplicated(keep=False) & (series != ""))


hex_ids = st.text(alphabet="0123456789abcdef", min_size=64, max_size=64)


@given(st.lists(st.one_of(hex_ids, st.just("")), max_size=60), st.data())
def test_fixed_width_ids_match_a_plain_duplicate_check(ids: list[str], data: st.DataObject) -> None:
    if ids:  # repeat some of them, as police.uk does for crimes recorded twice
        ids = ids + data.draw(st.lists(st.sampled_from(ids), max_size=10))
    column = pa.chunked_array(
        [pa.array(ids[: len(ids) // 2], pa.string()), pa.array(ids[len(ids) // 2 :], pa.string())]
    )
    assert list(_arrow._repeated(column)) == _expected(ids)


@given(st.lists(st.text(max_size=12), max_size=60))
def test_ids_of_any_length_match_a_plain_duplicate_check(ids: list[str]) -> None:
    column = pa.chunked_array([pa.array(ids, pa.string())])
    assert list(_arrow._repeated(column)) == _expected(ids)


def test_ids_sharing_a_hash_bucket_are_still_told_apart() -> None:
    # Top bits equal (same bucket) but different values: not repeats.
    hashed = np.array([0xFFFF000000000001, 0xFFFF000000000002, 5, 5], dtype=np.uint64)
    assert list(_arrow._hash_repeats(hashed)) == [False, False, True, True]
