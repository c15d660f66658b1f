"""Reading an uploaded CSV or the first sheet of an XLSX into a table of text cells, with the
size, type, encoding and zip checks (used by :mod:`readiness.evidence.mapping`)."""

from __future__ import annotations

import csv
import io
import itertools
import zipfile
from datetime import datetime

import numpy as np
import pandas as pd

from readiness.evidence import _arrow
from readiness.evidence.errors import EvidenceInputError
from readiness.evidence.files import (
    DEFAULT_MAX_BYTES,
    NEWLINE,
    SourceFile,
    check_not_office,
    check_size,
    decode_header,
    sniff_file,
    undecodable,
)
from readiness.uploads import DATA_WORKBOOK_LIMITS, UploadError, open_zip

#: Excel stops at this many rows a sheet; a "workbook" with more was not made by Excel.
EXCEL_MAX_ROWS = 1_048_576
#: Files bigger than this are first read from their first megabyte, so a file that is not what
#: it claims (wrong columns, no dates, garbage) is refused in a second, not after a full read.
SAMPLE_FROM = 4 * 1024 * 1024
SAMPLE_BYTES = 1024 * 1024
COLUMN_ROWS = 50
SAMPLE_ROWS = 5000


def read_table(
    file: SourceFile, max_bytes: int = DEFAULT_MAX_BYTES, *, max_rows: int | None = None
) -> pd.DataFrame:
    """Every cell of a CSV or the first sheet of an XLSX, as text (blank cells are "").

    With ``max_rows``, only the heading and the first rows are read (from the first megabyte of
    a CSV). Zip-based files get the shared zip checks first (:mod:`readiness.uploads`).
    """
    check_size(file, max_bytes)
    kind = sniff_file(file)
    check_not_office(file, kind, "a CSV or Excel (.xlsx) file")
    head = file.head()
    if file.name.lower().endswith(".xlsx") or (kind == "zip" and b"xl/" in head[:4096]):
        return _read_xlsx(file, max_rows)
    columns, encoding = decode_header(file, head)
    if max_rows is None:
        fast = _read_csv_arrow(file, columns, encoding)
        if fast is not None:
            return fast
    if max_rows is not None:
        with file.open() as stream:
            data = stream.read(SAMPLE_BYTES)
        if len(data) == SAMPLE_BYTES and NEWLINE in data:
            data = data[: data.rindex(NEWLINE) + 1]  # whole rows only
    else:
        with file.open() as stream:
            data = stream.read()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    text = _decode(file.name, data, encoding)
    del data
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        rows = list(reader if max_rows is None else itertools.islice(reader, max_rows + 1))
    except csv.Error as exc:
        raise EvidenceInputError(
            f"{file.name} could not be read as a CSV file ({exc}). Check it is the CSV file "
            "exported from your system, saved as 'CSV UTF-8 (comma delimited)'."
        ) from exc
    return _frame_from_rows(file.name, rows)


def _read_csv_arrow(file: SourceFile, columns: list[str], encoding: str) -> pd.DataFrame | None:
    """The whole CSV through Arrow's reader, every column as text: about a tenth of the time and
    memory of reading it line by line into Python strings. None when the file needs the line
    by line reader (rows of different lengths, blank or repeated headings)."""
    if not all(columns) or len(set(columns)) != len(columns):
        return None
    for attempt in dict.fromkeys((encoding, "cp1252")):
        try:
            with file.open() as stream:
                frame = _arrow.read_text_csv(stream, columns=columns, encoding=attempt)
        except UnicodeDecodeError as exc:  # a byte Windows-1252 does not define
            raise undecodable(file.name, None, exc) from exc
        except _arrow.ArrowInvalid as exc:
            if "UTF8" in str(exc) and attempt == "utf-8":
                continue
            return None
        filled = np.zeros(len(frame), dtype=bool)
        for column in frame.columns:
            filled |= (frame[column].str.strip() != "").to_numpy(dtype=bool)
        if not filled.all():
            frame = frame[filled].reset_index(drop=True)
        if frame.empty:
            raise EvidenceInputError(
                f"{file.name} has column headings but no rows. Upload a file with data."
            )
        return frame
    return None


def read_columns(file: SourceFile, max_bytes: int = DEFAULT_MAX_BYTES) -> list[str]:
    """The column headings of a CSV or XLSX, from its first rows only (for the matching step)."""
    return [str(c) for c in read_table(file, max_bytes, max_rows=COLUMN_ROWS).columns]


def _decode(name: str, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise undecodable(name, data, exc) from exc


def _read_xlsx(file: SourceFile, max_rows: int | None = None) -> pd.DataFrame:
    from openpyxl import load_workbook  # noqa: PLC0415 - only for spreadsheets

    rows: list[list[str]] = []
    with file.open() as stream:
        try:
            open_zip(
                stream, name=file.name, limits=DATA_WORKBOOK_LIMITS, what="spreadsheet"
            ).close()
        except UploadError as exc:
            raise EvidenceInputError(str(exc)) from exc
        stream.seek(0)
        try:
            book = load_workbook(stream, read_only=True, data_only=True)
        except zipfile.BadZipFile as exc:  # a bad CRC in the parts openpyxl reads first
            raise _bad_crc(file.name) from exc
        except Exception as exc:  # openpyxl raises many types for corrupt files
            raise EvidenceInputError(
                f"{file.name} is not a readable Excel (.xlsx) file. Save it again from Excel as "
                "an Excel Workbook (.xlsx), or as CSV UTF-8, and upload that."
            ) from exc
        try:
            for index, values in enumerate(book.worksheets[0].iter_rows(values_only=True)):
                if max_rows is not None and index > max_rows:
                    break
                if index >= EXCEL_MAX_ROWS:
                    raise EvidenceInputError(
                        f"{file.name} has more rows than Excel allows in a sheet "
                        f"({EXCEL_MAX_ROWS:,}), so it was not made by Excel. Upload the data "
                        "as a CSV file instead."
                    )
                rows.append([_cell_text(v) for v in values])
        except EvidenceInputError:
            raise
        except zipfile.BadZipFile as exc:  # a bad CRC met while reading the sheet
            raise _bad_crc(file.name) from exc
        except Exception as exc:  # damaged XML or data inside the workbook
            raise EvidenceInputError(
                f"{file.name} is damaged: its first sheet could not be read. Save it again from "
                "Excel and upload the new copy."
            ) from exc
        finally:
            book.close()
    return _frame_from_rows(file.name, rows)


def _bad_crc(name: str) -> EvidenceInputError:
    return EvidenceInputError(
        f"{name} could not be unpacked: its check sum does not match (a bad CRC), so it is "
        "damaged. Save it again from Excel and upload the new copy."
    )


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S" if (value.hour or value.minute) else "%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _frame_from_rows(name: str, rows: list[list[str]]) -> pd.DataFrame:
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        raise EvidenceInputError(f"{name} is empty. Upload a file with data in it.")
    header = [h.strip() for h in rows[0]]
    if len(rows) == 1:
        raise EvidenceInputError(
            f"{name} has column headings but no rows. Upload a file with data."
        )
    width = len(header)
    body = [(r + [""] * width)[:width] for r in rows[1:]]
    return pd.DataFrame(body, columns=header, dtype=object).fillna("")
