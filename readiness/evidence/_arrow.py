"""The fast CSV reader (pyarrow's multi-threaded parser), kept behind two small functions.

pyarrow ships without type information, so it is only touched here.
"""

from __future__ import annotations

from typing import Any, BinaryIO

import numpy as np
import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]
import pyarrow.csv as pacsv  # type: ignore[import-untyped]

ArrowInvalid: type[Exception] = pa.ArrowInvalid
_MIX = np.uint64(0x9E3779B97F4A7C15)


def read_csv(
    stream: BinaryIO,
    *,
    columns: list[str],
    categorical: set[str],
    floats: set[str],
    encoding: str,
    repeated: str | None = None,
) -> tuple[pd.DataFrame, np.ndarray | None]:
    """Read only ``columns``: ``categorical`` ones come back as pandas categoricals, ``floats``
    as float64 (blank is NaN), the rest as strings.

    With ``repeated`` (a column name), also return a boolean array marking the rows whose
    non-blank value in that column appears on more than one row.
    """
    dictionary = pa.dictionary(pa.int32(), pa.string())
    types: dict[str, Any] = {}
    for column in columns:
        if column in floats:
            types[column] = pa.float64()
        elif column in categorical:
            types[column] = dictionary
        else:
            types[column] = pa.string()
    table = pacsv.read_csv(
        stream,
        read_options=pacsv.ReadOptions(encoding=encoding, block_size=4 << 20),
        convert_options=pacsv.ConvertOptions(
            include_columns=columns,
            column_types=types,
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    flags = None
    if repeated is not None and repeated in table.column_names:
        flags = _repeated(table.column(repeated))
    frame: pd.DataFrame = table.unify_dictionaries().to_pandas()
    return frame, flags


def _repeated(column: Any) -> np.ndarray:
    """Rows whose non-blank value appears more than once (exact).

    Fixed-length identifiers (data.police.uk Crime IDs are 64 hex characters) are hashed
    straight from the string buffers, and only rows whose hashes collide are compared as text;
    anything else goes through a hash table of the strings.
    """
    n = len(column)
    lengths = pc.binary_length(column).to_numpy()
    blank = lengths == 0
    result = np.zeros(n, dtype=bool)
    if blank.all():
        return result
    filled = lengths[~blank]
    width = int(filled.max())
    if int(filled.min()) != width or width % 8:
        values = pd.Series(column.to_pandas())
        return np.asarray(values.duplicated(keep=False).to_numpy() & ~blank, dtype=bool)
    hashed = np.concatenate([_hash_chunk(chunk, width) for chunk in column.chunks])
    candidate = _hash_repeats(hashed)
    check = np.zeros(n, dtype=bool)
    check[np.flatnonzero(~blank)[candidate]] = True
    if check.any():
        text = pd.Series(column.filter(pa.array(check)).to_pandas())
        result[check] = text.duplicated(keep=False).to_numpy()
    return result


def _hash_repeats(hashed: np.ndarray) -> np.ndarray:
    """Which hashes occur more than once. A bucket count on the top bits first rules out most
    values cheaply; only values sharing a bucket go through a hash table."""
    bits = max(16, min(26, len(hashed).bit_length() + 2))
    bucket = (hashed >> np.uint64(64 - bits)).astype(np.int64)
    shared = np.bincount(bucket, minlength=1 << bits)[bucket] > 1
    result = np.zeros(len(hashed), dtype=bool)
    if shared.any():
        result[shared] = pd.Series(hashed[shared]).duplicated(keep=False).to_numpy()
    return result


def _hash_chunk(array: Any, width: int) -> np.ndarray:
    """A 64-bit hash of each non-blank value of one chunk of fixed-width strings."""
    n = len(array)
    offset_type = np.int64 if pa.types.is_large_string(array.type) else np.int32
    start = array.offset
    offsets = np.frombuffer(array.buffers()[1], dtype=offset_type)[start : start + n + 1]
    data = np.frombuffer(array.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
    words = data.reshape(-1, width).view("<u8")
    hashed: np.ndarray = words[:, 0].copy()
    with np.errstate(over="ignore"):
        for k in range(1, words.shape[1]):
            hashed *= _MIX
            hashed ^= words[:, k]
    return hashed


def read_text_csv(stream: BinaryIO, *, columns: list[str], encoding: str) -> pd.DataFrame:
    """Every column as text (blank cells are ""), the heading row skipped and the columns
    named ``columns``. Raises :data:`ArrowInvalid` for rows of another length."""
    table = pacsv.read_csv(
        stream,
        read_options=pacsv.ReadOptions(
            encoding=encoding, block_size=8 << 20, skip_rows=1, column_names=columns
        ),
        parse_options=pacsv.ParseOptions(newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(columns, pa.string()),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    frame: pd.DataFrame = table.to_pandas()
    return frame
