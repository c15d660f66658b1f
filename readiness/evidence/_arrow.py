"""The fast CSV reader (pyarrow's multi-threaded parser), kept behind one small function.

pyarrow ships without type information, so it is only touched here.
"""

from __future__ import annotations

from typing import Any, BinaryIO

import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.csv as pacsv  # type: ignore[import-untyped]

ArrowInvalid: type[Exception] = pa.ArrowInvalid


def read_csv(
    stream: BinaryIO,
    *,
    columns: list[str],
    categorical: set[str],
    floats: set[str],
    encoding: str,
) -> pd.DataFrame:
    """Read only ``columns``; ``categorical`` ones come back as pandas categoricals, ``floats``
    as float64 (blank is NaN), the rest as strings."""
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
        read_options=pacsv.ReadOptions(encoding=encoding, block_size=8 << 20),
        convert_options=pacsv.ConvertOptions(
            include_columns=columns,
            column_types=types,
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    frame: pd.DataFrame = table.to_pandas()
    return frame
