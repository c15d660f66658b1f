"""Column-mapping reader for force extracts, health extracts and any other CSV or XLSX.

The user (or :func:`suggest_mapping`) says which column holds the date, the offence code or
category, the location or LSOA, the weapon, flags and age band; the reader turns each row into
canonical incident rows. Aggregated files (a count per area and month) map a ``count`` column;
suppressed cells ("*", "<5", "c", "x") are kept as suppressed, not as zero.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
import zipfile
from collections.abc import Callable, Sequence
from datetime import datetime

import numpy as np
import pandas as pd

from readiness.evidence import _arrow
from readiness.evidence._frame import category_flags, concat, constant, map_categories
from readiness.evidence.area import PartnershipArea, lsoa_vintage
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
from readiness.evidence.police import Ingest, fingerprint
from readiness.evidence.schema import (
    Frozen,
    Geography,
    SourceType,
    UploadInfo,
    UploadQuality,
    gaps_and_lows,
)
from readiness.uploads import DATA_WORKBOOK_LIMITS, UploadError, open_zip

MAPPABLE: dict[str, str] = {
    "event_datetime": "Date and time (or date) of the incident",
    "event_time": "Time of the incident, when it is in its own column",
    "month": "Month (for monthly counts)",
    "record_id": "Reference number",
    "offence_code": "Home Office offence code",
    "category": "Offence, category or call type",
    "location_text": "Location description",
    "lsoa": "LSOA code",
    "area": "Area (ward, district or LSOA) for monthly counts",
    "weapon": "Weapon or assault method",
    "domestic_abuse": "Domestic abuse flag",
    "alcohol_drugs": "Alcohol or drugs flag",
    "age_band": "Age or age band",
    "sex": "Sex",
    "outcome": "Outcome",
    "count": "Number of incidents (for monthly counts)",
    "provider": "Site, trust or force",
}
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "event_datetime": (
        "assault date and time",
        "incident date and time",
        "call date and time",
        "date and time",
        "incident datetime",
        "call datetime",
        "datetime",
        "assault date",
        "incident date",
        "offence date",
        "call date",
        "date of offence",
        "date of incident",
        "date of assault",
        "date of call",
        "date committed",
        "committed date",
        "occurred date",
        "date",
    ),
    "event_time": ("time", "incident time", "call time", "assault time"),
    "month": ("month", "period", "period month"),
    "record_id": ("reference", "incident number", "crime reference", "crime id", "ref", "id"),
    "offence_code": ("ho code", "home office code", "offence code", "hoc"),
    "category": (
        "offence",
        "offence description",
        "category",
        "crime type",
        "call category",
        "incident category",
        "chief complaint",
        "ampds",
        "classification",
    ),
    "location_text": ("assault location description", "location description", "location"),
    "lsoa": ("lsoa", "lsoa code", "lsoa21cd", "lsoa11cd", "lsoa 2021"),
    "area": ("area", "ward", "area code", "district", "local authority"),
    "weapon": ("assault method", "weapon", "method", "weapon type"),
    "domestic_abuse": ("domestic abuse", "domestic", "da flag", "domestic abuse flag"),
    "alcohol_drugs": ("alcohol or drugs", "alcohol", "alcohol drugs flag", "drugs"),
    "age_band": ("age band", "age group", "age", "victim age"),
    "sex": ("sex", "gender", "victim sex"),
    "outcome": ("outcome", "last outcome category", "outcome type"),
    "count": ("count", "number", "incidents", "number of incidents", "assaults", "calls"),
    "provider": ("site code", "site", "trust", "force", "ambulance service", "provider"),
}
SUPPRESSED_MARKERS = {"*", "c", "x", "<5", "< 5", "<10", "suppressed", "[c]", "[x]", "~"}
_TRUE = {"y", "yes", "true", "1", "t"}
_FALSE = {"n", "no", "false", "0", "f"}
_DATETIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%Y-%m-%d",
    "%d-%m-%Y",
    "%d.%m.%Y",
)
_MONTH_FORMATS = ("%Y-%m", "%Y-%m-%d", "%b %Y", "%B %Y", "%m/%Y", "%d/%m/%Y", "%b-%y", "%Y%m")
#: Home Office code -> harmonised category (data-formats.md section 3.2).
HO_CODE_CATEGORY: dict[str, str] = {
    **dict.fromkeys(["1", "4.1", "4.2", "4.10"], "homicide"),
    **dict.fromkeys(["2", "5D", "5E", "8N", "8P", "8S", "4.7", "4.3"], "violence_with_injury"),
    **dict.fromkeys(
        ["105A", "105B", "104", "3A", "3B", "11A", "13", "36", "106", "14"],
        "violence_without_injury",
    ),
    **dict.fromkeys(["8L", "8M", "8Q", "8R"], "stalking_harassment"),
    **dict.fromkeys(
        [
            "19C",
            "19D",
            "19E",
            "19F",
            "19G",
            "19H",
            "17A",
            "17B",
            "20A",
            "20B",
            "21",
            "22A",
            "22B",
            "23",
            "70",
            "71",
            "72",
            "73",
            "88A",
            "88C",
            "88D",
            "88E",
        ],
        "sexual_offences",
    ),
    **dict.fromkeys(["34A", "34B"], "robbery"),
    **dict.fromkeys(["10A", "10B", "10C", "10D", "81", "90"], "weapon_possession"),
    **dict.fromkeys(["9A", "9B", "62A", "66"], "public_order"),
}
_CATEGORY_WORDS = (
    ("homicide", ("murder", "manslaughter", "homicide")),
    ("robbery", ("robbery",)),
    (
        "weapon_possession",
        (
            "possession of weapon",
            "possession of an article",
            "offensive weapon",
            "possession of firearm",
        ),
    ),
    ("stalking_harassment", ("stalking", "harassment", "malicious communication")),
    ("sexual_offences", ("rape", "sexual")),
    (
        "violence_with_injury",
        ("with injury", "gbh", "grievous", "abh", "actual bodily", "wounding", "attempted murder"),
    ),
    ("violence_without_injury", ("without injury", "common assault", "threats to kill")),
    ("public_order", ("public order", "violent disorder", "affray")),
    ("asb", ("anti-social", "antisocial")),
)
_WEAPON_WORDS = (
    ("none", ("no weapon", "none")),
    ("knife_sharp", ("knife", "blade", "sharp", "stab", "machete", "sword", "scissors")),
    ("firearm", ("gun", "firearm", "shot", "shooting", "pistol", "rifle")),
    ("corrosive", ("acid", "corrosive", "noxious", "ammonia")),
    ("glass_bottle", ("glass", "bottle")),
    ("blunt", ("blunt", "bat", "club", "hammer", "stick", "bar", "brick")),
    (
        "body_part",
        ("fist", "foot", "feet", "punch", "kick", "hand", "body", "head", "bite", "unarmed"),
    ),
    ("unknown", ("unknown", "not known", "not recorded")),
)


class ColumnMapping(Frozen):
    """Which column of the uploaded file holds each canonical field (None: not in the file)."""

    event_datetime: str | None = None
    event_time: str | None = None
    month: str | None = None
    record_id: str | None = None
    offence_code: str | None = None
    category: str | None = None
    location_text: str | None = None
    lsoa: str | None = None
    area: str | None = None
    weapon: str | None = None
    domestic_abuse: str | None = None
    alcohol_drugs: str | None = None
    age_band: str | None = None
    sex: str | None = None
    outcome: str | None = None
    count: str | None = None
    provider: str | None = None

    def used(self) -> dict[str, str]:
        return {k: v for k, v in self.model_dump().items() if v}


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9<]+", " ", text.casefold()).strip()


def suggest_mapping(columns: Sequence[str]) -> ColumnMapping:
    """Match column headings to canonical fields by common names (case and punctuation
    ignored). The user confirms or changes the suggestion."""
    by_norm = {_norm(c): c for c in columns}
    chosen: dict[str, str] = {}
    taken: set[str] = set()
    for field, names in _SYNONYMS.items():
        for name in names:
            column = by_norm.get(_norm(name))
            if column and column not in taken:
                chosen[field] = column
                taken.add(column)
                break
    if "event_datetime" not in chosen and "month" not in chosen:
        dated = [c for c in columns if c not in taken and "date" in _norm(c).split()]
        if dated:
            chosen["event_datetime"] = dated[0]
    return ColumnMapping(**chosen)


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


def _parse_dates(
    name: str, label: str, values: pd.Series, formats: Sequence[str]
) -> tuple[pd.Series, np.ndarray]:
    """Parse each value with the first format that fits; also returns, per row, whether the
    value carried a time. Blank values stay NaT; any other unparseable value is an error."""
    text = values.astype(str).str.strip().reset_index(drop=True)
    filled = text != ""
    if not filled.any():
        raise EvidenceInputError(f"The {label} column in {name} is empty on every row.")
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    timed = np.zeros(len(text), dtype=bool)
    todo = filled.to_numpy().copy()
    for fmt in formats:
        if not todo.any():
            break
        parsed = pd.to_datetime(text[todo], format=fmt, errors="coerce")
        ok = parsed.notna()
        index = parsed.index[ok.to_numpy()]
        out[index] = parsed[ok]
        if "%H" in fmt:
            timed[index] = True
        todo[index] = False
    if todo.any():
        first_bad = int(np.argmax(todo))
        raise EvidenceInputError(
            f"Row {first_bad + 2} of {name} has the {label} {text[first_bad]!r}, which is not a "
            "date this tool recognises. Use a date like 2024-03-31 or 31/03/2024 (with a time "
            "like 22:15 if known)."
        )
    return out, timed


def _weapon(text: str) -> str:
    value = text.casefold().strip()
    if not value:
        return "unknown"
    for std, words in _WEAPON_WORDS:
        if any(w in value for w in words):
            return std
    return "other"


def _category_std(code: str, text: str, default: str) -> str:
    if code.strip().upper() in HO_CODE_CATEGORY:
        return HO_CODE_CATEGORY[code.strip().upper()]
    value = text.casefold()
    for std, words in _CATEGORY_WORDS:
        if any(w in value for w in words):
            return std
    return default


def _pair_std(pair: str, default: str) -> str:
    code, _, text = pair.partition("\x1f")
    return _category_std(code, text, default)


def _bool(values: pd.Series) -> pd.Series:
    text = values.astype(str).str.strip().str.casefold()
    out = pd.Series(pd.array([pd.NA] * len(text), dtype="boolean"), index=values.index)
    out[text.isin(_TRUE)] = True
    out[text.isin(_FALSE)] = False
    return out


def _under_25(values: pd.Series) -> pd.Series:
    def one(text: str) -> bool | None:
        numbers = [int(n) for n in re.findall(r"\d+", text)]
        if not numbers:
            return None
        upper = numbers[-1] if len(numbers) > 1 else numbers[0]
        if "+" in text or "over" in text.casefold():
            return False
        return upper < 25

    return _per_value(values.astype(str), one, "boolean")


def _per_value(values: pd.Series, func: Callable[[str], object], dtype: str) -> pd.Series:
    """``func`` applied once per distinct value and spread back to every row."""
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=False)
    results = pd.Series([func(str(u)) for u in uniques], dtype=dtype)
    return pd.Series(results.array.take(codes), index=values.index)


def _counts(name: str, column: str, values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    text = values.astype(str).str.strip()
    suppressed = text.str.casefold().isin(SUPPRESSED_MARKERS).to_numpy()
    numbers = pd.to_numeric(text.where(~suppressed, "0").str.replace(",", ""), errors="coerce")
    bad = numbers.isna() | (numbers < 0) | (numbers % 1 != 0)
    if bad.any():
        position = int(np.argmax(bad.to_numpy()))
        raise EvidenceInputError(
            f"Row {position + 2} of {name} has {text.iloc[position]!r} in the {column} column, "
            "which is not a whole number of incidents (or a suppression mark such as *)."
        )
    ints = numbers.to_numpy(dtype=np.int64)
    counts = pd.Series(pd.arrays.IntegerArray(ints, suppressed.copy()), index=values.index)
    return counts, suppressed


def read_mapped(
    file: SourceFile,
    mapping: ColumnMapping,
    *,
    source_type: SourceType,
    provider: str = "",
    area: PartnershipArea | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Ingest:
    """Read one CSV or XLSX through ``mapping`` into canonical rows.

    Raises :class:`EvidenceInputError` for mapped columns that are not in the file, a missing
    date, empty files and unparseable dates, months or counts.
    """
    if file.size > SAMPLE_FROM and not file.name.lower().endswith(".xlsx"):
        # the first rows go through every check first: a wrong file fails in a second
        _ingest_table(
            file,
            read_table(file, max_bytes, max_rows=SAMPLE_ROWS),
            mapping,
            source_type=source_type,
            provider=provider,
            area=area,
        )
    return _ingest_table(
        file,
        read_table(file, max_bytes),
        mapping,
        source_type=source_type,
        provider=provider,
        area=area,
    )


def _ingest_table(
    file: SourceFile,
    table: pd.DataFrame,
    mapping: ColumnMapping,
    *,
    source_type: SourceType,
    provider: str,
    area: PartnershipArea | None,
) -> Ingest:
    name = file.name
    used = mapping.used()
    missing = sorted({c for c in used.values() if c not in table.columns})
    if missing:
        raise EvidenceInputError(
            f"{name} has no column called {', '.join(repr(c) for c in missing)}. The columns in "
            f"the file are: {', '.join(table.columns)}. Check the column matching."
        )
    if not mapping.event_datetime and not mapping.month:
        raise EvidenceInputError(
            f"Choose which column of {name} holds the date (or the month, for monthly counts)."
        )
    if source_type == "police_extract" and not (mapping.offence_code or mapping.category):
        raise EvidenceInputError(
            f"Choose which column of {name} holds the offence code or the offence category."
        )
    n = len(table)
    data: dict[str, object] = {
        "row_number": np.arange(1, n + 1, dtype=np.int64),
        "source_type": constant(source_type, n),
    }
    precision = "month"
    if mapping.event_datetime:
        raw = table[mapping.event_datetime].astype(str)
        if mapping.event_time:
            raw = raw.str.strip() + " " + table[mapping.event_time].astype(str).str.strip()
        when, timed = _parse_dates(name, f"date ({mapping.event_datetime})", raw, _DATETIME_FORMATS)
        precision = "minute" if timed.all() else ("day" if not timed.any() else "mixed")
        if when.isna().any():
            row = int(np.argmax(when.isna().to_numpy())) + 2
            raise EvidenceInputError(f"Row {row} of {name} has no date.")
        data["event_datetime"] = when
        data["period_month"] = when.dt.strftime("%Y-%m").astype("category")
    else:
        month = mapping.month or ""
        when, timed = _parse_dates(name, f"month ({month})", table[month], _MONTH_FORMATS)
        if when.isna().any():
            row = int(np.argmax(when.isna().to_numpy())) + 2
            raise EvidenceInputError(f"Row {row} of {name} has no month.")
        data["period_month"] = when.dt.strftime("%Y-%m").astype("category")
    if precision == "mixed":
        data["event_time_precision"] = pd.Categorical(np.where(timed, "minute", "day"))
    else:
        data["event_time_precision"] = constant(precision, n)
    providers = (
        table[mapping.provider].astype(str).str.strip().replace("", provider or "unknown")
        if mapping.provider
        else pd.Series([provider or "unknown"] * n)
    )
    data["provider"] = providers.astype("category")
    if mapping.record_id:
        data["source_record_id"] = table[mapping.record_id].astype(str).astype("category")
    codes = table[mapping.offence_code].astype(str) if mapping.offence_code else pd.Series([""] * n)
    cats = table[mapping.category].astype(str) if mapping.category else pd.Series([""] * n)
    default_std = "assault_health" if source_type in ("ed_istv", "ambulance") else "other"
    raw_cat = cats.where(cats.str.strip() != "", codes)
    data["category_raw"] = raw_cat.replace("", "Not recorded").astype("category")
    if mapping.offence_code:
        data["offence_code"] = codes.str.strip().str.upper().astype("category")
    if default_std == "assault_health":
        std = pd.Series(["assault_health"] * n)
    else:
        pairs = codes.str.cat(cats, sep="\x1f")
        std = _per_value(pairs, lambda p: _pair_std(p, default_std), "object")
    data["category_std"] = std.astype("category")
    data["is_asb"] = (std == "asb").to_numpy()
    if mapping.weapon:
        weapon_raw = table[mapping.weapon].astype(str)
        data["weapon_std"] = map_categories(weapon_raw.astype("category"), _weapon)
    if mapping.location_text:
        data["location_text"] = table[mapping.location_text].astype(str).astype("category")
    lsoa_col = mapping.lsoa or (mapping.area if mapping.area else None)
    has_location = np.zeros(n, dtype=bool)
    if lsoa_col:
        codes_area = table[lsoa_col].astype(str).str.strip()
        has_location = (codes_area != "").to_numpy()
        if mapping.lsoa:
            data["lsoa_code"] = codes_area.astype("category")
            data["lsoa_vintage"] = map_categories(codes_area.astype("category"), lsoa_vintage)
        data["area_code"] = codes_area.astype("category")
    elif mapping.location_text:
        has_location = (table[mapping.location_text].astype(str).str.strip() != "").to_numpy()
    data["no_location"] = ~has_location
    in_area = pd.array([pd.NA] * n, dtype="boolean")
    if area is not None and mapping.lsoa and area.lsoa_codes:
        inside = table[mapping.lsoa].astype(str).str.strip().isin(area.lsoa_codes).to_numpy()
        in_area = pd.array(np.where(has_location, inside, False), dtype="boolean")
        in_area[~has_location] = pd.NA
    data["in_partnership_area"] = in_area
    for flag in ("domestic_abuse", "alcohol_drugs"):
        column = getattr(mapping, flag)
        if column:
            data[flag] = _bool(table[column])
    if mapping.age_band:
        data["age_band"] = table[mapping.age_band].astype(str).astype("category")
        data["under_25"] = _under_25(table[mapping.age_band])
    if mapping.sex:
        data["sex"] = table[mapping.sex].astype(str).astype("category")
    if mapping.outcome:
        data["outcome_raw"] = table[mapping.outcome].astype(str).astype("category")
    suppressed = np.zeros(n, dtype=bool)
    if mapping.count:
        counts, suppressed = _counts(name, mapping.count, table[mapping.count])
        data["count"] = counts
        data["is_suppressed"] = suppressed
    upload_id = fingerprint(file)
    data["upload_id"] = constant(upload_id, n)
    frame = pd.DataFrame(
        {k: (v.reset_index(drop=True) if isinstance(v, pd.Series) else v) for k, v in data.items()}
    )
    if area is not None and source_type == "police_extract" and mapping.provider:
        wrong = [p for p in frame["provider"].astype(str).unique() if not area.force_matches(p)]
        if wrong and area.forces:
            raise EvidenceInputError(
                f"{name} is from {', '.join(wrong)}, but {area.name} is covered by "
                f"{' or '.join(sorted(area.forces))}. Check you chose the right file."
            )
    return Ingest(
        frame=frame,
        uploads=[
            _info(file, upload_id, frame, source_type, suppressed=suppressed, mapping=mapping)
        ],
    )


def _info(
    file: SourceFile,
    upload_id: str,
    frame: pd.DataFrame,
    source_type: SourceType,
    *,
    suppressed: np.ndarray,
    mapping: ColumnMapping,
) -> UploadInfo:
    rows = len(frame)
    weights = frame["count"].fillna(0).to_numpy(dtype=float) if "count" in frame else None
    month_counts: dict[str, int] = {}
    months_series = frame["period_month"].astype(str)
    if weights is None:
        month_counts = {str(k): int(v) for k, v in months_series.value_counts().items()}
    else:
        sums = pd.Series(weights).groupby(months_series.to_numpy()).sum()
        month_counts = {str(k): round(float(v)) for k, v in sums.items()}
    missing, lows = gaps_and_lows(month_counts)
    months = sorted(month_counts)
    geography: Geography = "none"
    if mapping.lsoa:
        geography = "neighbourhood"
    elif mapping.area:
        geography = "local_authority"
    elif mapping.location_text:
        geography = "point"
    incidents = rows if weights is None else round(float(weights.sum()))
    ids = frame["source_record_id"].astype(str) if "source_record_id" in frame else None
    dup = 0 if ids is None else int((ids.duplicated(keep=False) & (ids.str.strip() != "")).sum())
    lsoas = frame["lsoa_code"].astype(str) if "lsoa_code" in frame else pd.Series([], dtype=str)
    new_codes = (
        int(category_flags(lsoas, lambda c: lsoa_vintage(c) == "2021").sum()) if len(lsoas) else 0
    )
    quality = UploadQuality(
        rows=rows,
        months=months,
        missing_months=missing,
        low_months=lows,
        no_location=int(frame["no_location"].sum()),
        blank_ids=0 if ids is None else int((ids.str.strip() == "").sum()),
        duplicate_id_rows=dup,
        lsoa_vintage="2021"
        if new_codes
        else ("2011 or 2021 (codes valid in both)" if len(lsoas) else "not supplied"),
        lsoa_2021_only_codes=new_codes,
        suppressed_cells=int(suppressed.sum()),
        time_precision={
            str(k): int(v)
            for k, v in frame["event_time_precision"].astype(str).value_counts().items()
        },
    )
    providers = sorted(frame["provider"].astype(str).unique())
    return UploadInfo(
        upload_id=upload_id,
        file_name=file.name,
        fingerprint=upload_id,
        source_type=source_type,
        providers=providers,
        granularity="aggregate" if mapping.count else "record_level",
        geography=geography,
        rows=rows,
        incidents=incidents,
        period_start=months[0] if months else None,
        period_end=months[-1] if months else None,
        quality=quality,
    )


def read_mapped_files(
    files: Sequence[SourceFile],
    mapping: ColumnMapping | None,
    *,
    source_type: SourceType,
    area: PartnershipArea | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Ingest:
    """Read several files with one mapping (or each with a suggested mapping). Later files
    replace earlier ones for the same provider and month; every problem is reported."""
    problems: list[str] = []
    ingests: list[Ingest] = []
    for file in files:
        try:
            chosen = mapping
            if chosen is None:
                chosen = suggest_mapping(read_columns(file, max_bytes))
            ingests.append(
                read_mapped(file, chosen, source_type=source_type, area=area, max_bytes=max_bytes)
            )
        except EvidenceInputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise EvidenceInputError(problems)
    seen: set[str] = set()  # provider and month, joined by a separator
    frames: list[pd.DataFrame] = []
    for ingest in reversed(ingests):
        frame = ingest.frame
        keys = frame["provider"].astype(str) + "\x1f" + frame["period_month"].astype(str)
        keep = ~keys.isin(seen).to_numpy(dtype=bool)
        seen |= set(keys.unique())
        frames.append(frame[keep])
    frames.reverse()
    return Ingest(frame=concat(frames), uploads=[u for i in ingests for u in i.uploads])
