"""Column-mapping reader for force extracts, health extracts and any other CSV or XLSX.

The user (or :func:`suggest_mapping`) says which column holds the date, the offence code or
category, the location or LSOA, the weapon, flags and age band; the reader turns each row into
canonical incident rows. Aggregated files (a count per area and month) map a ``count`` column;
suppressed cells ("*", "<5", "c", "x") are kept as suppressed, not as zero.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from readiness.evidence._frame import category_flags, concat, constant, map_categories
from readiness.evidence.area import PartnershipArea, lsoa_vintage
from readiness.evidence.errors import EvidenceInputError
from readiness.evidence.files import DEFAULT_MAX_BYTES, SourceFile
from readiness.evidence.police import Ingest, fingerprint
from readiness.evidence.schema import (
    Frozen,
    Geography,
    SourceType,
    UploadInfo,
    UploadQuality,
    gaps_and_lows,
)
from readiness.evidence.tables import SAMPLE_FROM, SAMPLE_ROWS, read_columns, read_table
from readiness.evidence.values import (
    DATETIME_FORMATS,
    MONTH_FORMATS,
    pair_std,
    parse_counts,
    parse_dates,
    per_value,
    under_25,
    weapon_std,
    yes_no,
)

__all__ = [
    "MAPPABLE",
    "ColumnMapping",
    "read_columns",
    "read_mapped",
    "read_mapped_files",
    "read_table",
    "suggest_mapping",
]

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
    _check_mapping(name, table, mapping, source_type)
    n = len(table)
    data: dict[str, object] = {
        "row_number": np.arange(1, n + 1, dtype=np.int64),
        "source_type": constant(source_type, n),
    }
    data.update(_when(name, table, mapping))
    data["provider"] = _providers(table, mapping, provider).astype("category")
    if mapping.record_id:
        data["source_record_id"] = table[mapping.record_id].astype(str).astype("category")
    data.update(_categories(table, mapping, source_type))
    data.update(_places(table, mapping, area))
    data.update(_descriptions(table, mapping))
    suppressed = np.zeros(n, dtype=bool)
    if mapping.count:
        data["count"], suppressed = parse_counts(name, mapping.count, table[mapping.count])
        data["is_suppressed"] = suppressed
    upload_id = fingerprint(file)
    data["upload_id"] = constant(upload_id, n)
    frame = pd.DataFrame(
        {k: (v.reset_index(drop=True) if isinstance(v, pd.Series) else v) for k, v in data.items()}
    )
    if area is not None and source_type == "police_extract" and mapping.provider:
        _check_force(name, frame, area)
    return Ingest(
        frame=frame,
        uploads=[
            _info(file, upload_id, frame, source_type, suppressed=suppressed, mapping=mapping)
        ],
    )


def _check_mapping(
    name: str, table: pd.DataFrame, mapping: ColumnMapping, source_type: SourceType
) -> None:
    """Refuse a mapping that names columns the file lacks, or lacks a date or an offence."""
    missing = sorted({c for c in mapping.used().values() if c not in table.columns})
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


def _when(name: str, table: pd.DataFrame, mapping: ColumnMapping) -> dict[str, object]:
    """The event date and time (when mapped), the month, and how precise the time is."""
    data: dict[str, object] = {}
    if mapping.event_datetime:
        raw = table[mapping.event_datetime].astype(str)
        if mapping.event_time:
            raw = raw.str.strip() + " " + table[mapping.event_time].astype(str).str.strip()
        when, timed = parse_dates(name, f"date ({mapping.event_datetime})", raw, DATETIME_FORMATS)
        precision = "minute" if timed.all() else ("day" if not timed.any() else "mixed")
        blank = "date"
        data["event_datetime"] = when
    else:
        month = mapping.month or ""
        when, timed = parse_dates(name, f"month ({month})", table[month], MONTH_FORMATS)
        precision, blank = "month", "month"
    if when.isna().any():
        row = int(np.argmax(when.isna().to_numpy())) + 2
        raise EvidenceInputError(f"Row {row} of {name} has no {blank}.")
    data["period_month"] = when.dt.strftime("%Y-%m").astype("category")
    if precision == "mixed":
        data["event_time_precision"] = pd.Categorical(np.where(timed, "minute", "day"))
    else:
        data["event_time_precision"] = constant(precision, len(table))
    return data


def _providers(table: pd.DataFrame, mapping: ColumnMapping, provider: str) -> pd.Series:
    fallback = provider or "unknown"
    if mapping.provider:
        return table[mapping.provider].astype(str).str.strip().replace("", fallback)
    return pd.Series([fallback] * len(table))


def _categories(
    table: pd.DataFrame, mapping: ColumnMapping, source_type: SourceType
) -> dict[str, object]:
    """The offence or call category as written, its code, the harmonised category and the
    weapon."""
    n = len(table)
    data: dict[str, object] = {}
    codes = table[mapping.offence_code].astype(str) if mapping.offence_code else pd.Series([""] * n)
    cats = table[mapping.category].astype(str) if mapping.category else pd.Series([""] * n)
    raw_cat = cats.where(cats.str.strip() != "", codes)
    data["category_raw"] = raw_cat.replace("", "Not recorded").astype("category")
    if mapping.offence_code:
        data["offence_code"] = codes.str.strip().str.upper().astype("category")
    if source_type in ("ed_istv", "ambulance"):
        std = pd.Series(["assault_health"] * n)
    else:
        pairs = codes.str.cat(cats, sep="\x1f")
        std = per_value(pairs, lambda p: pair_std(p, "other"), "object")
    data["category_std"] = std.astype("category")
    data["is_asb"] = (std == "asb").to_numpy()
    if mapping.weapon:
        data["weapon_std"] = map_categories(
            table[mapping.weapon].astype(str).astype("category"), weapon_std
        )
    return data


def _places(
    table: pd.DataFrame, mapping: ColumnMapping, area: PartnershipArea | None
) -> dict[str, object]:
    """Location text, LSOA or area codes, whether a row has any location, and whether it falls
    inside the partnership's area (unknown without LSOA codes)."""
    n = len(table)
    data: dict[str, object] = {}
    if mapping.location_text:
        data["location_text"] = table[mapping.location_text].astype(str).astype("category")
    lsoa_col = mapping.lsoa or mapping.area or None
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
    return data


def _descriptions(table: pd.DataFrame, mapping: ColumnMapping) -> dict[str, object]:
    """Flags, age band, sex and outcome, for the columns that are mapped."""
    data: dict[str, object] = {}
    for flag in ("domestic_abuse", "alcohol_drugs"):
        column = getattr(mapping, flag)
        if column:
            data[flag] = yes_no(table[column])
    if mapping.age_band:
        data["age_band"] = table[mapping.age_band].astype(str).astype("category")
        data["under_25"] = under_25(table[mapping.age_band])
    for field, key in (("sex", "sex"), ("outcome", "outcome_raw")):
        column = getattr(mapping, field)
        if column:
            data[key] = table[column].astype(str).astype("category")
    return data


def _check_force(name: str, frame: pd.DataFrame, area: PartnershipArea) -> None:
    """Refuse a police file from a force that does not cover the partnership's area."""
    wrong = [p for p in frame["provider"].astype(str).unique() if not area.force_matches(p)]
    if wrong and area.forces:
        raise EvidenceInputError(
            f"{name} is from {', '.join(wrong)}, but {area.name} is covered by "
            f"{' or '.join(sorted(area.forces))}. Check you chose the right file."
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
