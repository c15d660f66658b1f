"""Canonical rows to and from compact bytes (Arrow IPC, LZ4-compressed), one chunk per source
type, provider and year.

The incident store keeps each chunk as one value, so a million rows are saved in under a
second and read back in a fraction of one, with every column's type kept exactly (categories,
nullable booleans, whole numbers, dates and times). A chunk holds at most a year, so replacing
a month rewrites at most a year of one source. pyarrow ships without type information, so it is
only touched here and in ``_arrow``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped]

from readiness.evidence._frame import as_category, concat

_OPTIONS = pa.ipc.IpcWriteOptions(compression="lz4")

ChunkKey = tuple[str, str, str]
"""Source type, provider and year (``"2024"``) of a chunk."""


@dataclass(frozen=True)
class Chunk:
    """The rows of one source type, provider and year, packed."""

    key: ChunkKey
    rows: int
    months: tuple[str, ...]
    upload_ids: tuple[str, ...]
    data: bytes


def _labels(series: pd.Series, func: Any = str) -> tuple[np.ndarray, list[str]]:
    """Codes 0..k-1 for each row (blank and missing share one code) and the label of each."""
    series = as_category(series)
    cats = [func(str(c)) for c in series.cat.categories]
    labels = list(dict.fromkeys(["", *cats]))
    position = {label: i for i, label in enumerate(labels)}
    lookup = np.array([0] + [position[c] for c in cats], dtype=np.int64)
    return lookup[series.cat.codes.to_numpy() + 1], labels


def chunk_keys(frame: pd.DataFrame) -> tuple[np.ndarray, list[ChunkKey]]:
    """For each row, the index of its chunk in the returned list of chunk keys."""
    key = np.zeros(len(frame), dtype=np.int64)
    parts: list[list[str]] = []
    for column, func in (
        ("source_type", str),
        ("provider", str),
        ("period_month", lambda m: m[:4]),
    ):
        codes, labels = _labels(frame[column], func)
        key = key * len(labels) + codes
        parts.append(labels)
    used, inverse = np.unique(key, return_inverse=True)
    keys: list[ChunkKey] = []
    for value in used.tolist():
        rest, year = divmod(value, len(parts[2]))
        source, provider = divmod(rest, len(parts[1]))
        keys.append((parts[0][source], parts[1][provider], parts[2][year]))
    return inverse.astype(np.int64), keys


def pack(frame: pd.DataFrame) -> list[Chunk]:
    """Pack canonical rows into one :class:`Chunk` per source type, provider and year."""
    if not len(frame):
        return []
    frame = frame.reset_index(drop=True)
    groups, keys = chunk_keys(frame)
    order = np.argsort(groups, kind="stable")
    table = pa.Table.from_pandas(frame, preserve_index=False).take(pa.array(order))
    starts = np.searchsorted(groups[order], np.arange(len(keys)))
    ends = [*starts[1:].tolist(), len(frame)]
    months = _labels_per_group(groups, frame["period_month"], len(keys))
    uploads = (
        _labels_per_group(groups, frame["upload_id"], len(keys))
        if "upload_id" in frame
        else [()] * len(keys)
    )
    chunks: list[Chunk] = []
    for index, key in enumerate(keys):
        start, end = int(starts[index]), int(ends[index])
        sink = pa.BufferOutputStream()
        part = table.slice(start, end - start)
        with pa.ipc.new_stream(sink, part.schema, options=_OPTIONS) as writer:
            writer.write_table(part)
        chunks.append(
            Chunk(key, end - start, months[index], uploads[index], sink.getvalue().to_pybytes())
        )
    return chunks


def _labels_per_group(
    groups: np.ndarray, series: pd.Series, n_groups: int
) -> list[tuple[str, ...]]:
    """The sorted distinct non-blank values of ``series`` within each group."""
    codes, labels = _labels(series)
    pairs = np.unique(groups * len(labels) + codes)
    out: list[list[str]] = [[] for _ in range(n_groups)]
    for pair in pairs.tolist():
        label = labels[pair % len(labels)]
        if label:
            out[pair // len(labels)].append(label)
    return [tuple(sorted(values)) for values in out]


def unpack(blobs: Sequence[bytes]) -> pd.DataFrame:
    """The rows of packed chunks as one frame, typed as they were packed.

    Chunks with the same columns are joined by Arrow in one step (their categories merged);
    chunks from sources with other columns are then joined with missing columns left blank.
    """
    groups: dict[tuple[str, ...], list[Any]] = {}
    for blob in blobs:
        table = pa.ipc.open_stream(pa.py_buffer(blob)).read_all()
        groups.setdefault(tuple(table.schema.names), []).append(table)
    frames = [
        pa.concat_tables(tables).unify_dictionaries().to_pandas() for tables in groups.values()
    ]
    return concat(frames) if frames else pd.DataFrame()
