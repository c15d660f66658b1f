"""Reader for data.police.uk street-level crime CSVs: one file, many files, or a zip.

Every known quirk (data-formats.md section 1.5) is handled and counted: "No Location" rows
(kept in totals, left out of maps), blank Crime IDs on anti-social behaviour, repeated Crime
IDs, rows snapped outside the partnership's area, 2011 versus 2021 LSOA codes, zero
coordinates, and the always-empty Context column. When two files cover the same force and
month, the later file replaces the earlier one, so nothing is counted twice.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from readiness.evidence import _arrow
from readiness.evidence._frame import (
    category_counts,
    category_flags,
    category_is,
    concat,
    constant,
    first_row_with,
    map_categories,
    used_categories,
)
from readiness.evidence.area import (
    PartnershipArea,
    country_of_lsoa,
    lad_name_from_lsoa_name,
    lsoa_vintage,
)
from readiness.evidence.errors import EvidenceInputError
from readiness.evidence.files import (
    DEFAULT_MAX_BYTES,
    SourceFile,
    check_not_office,
    check_size,
    decode_header,
    expand_zip,
    sniff_file,
    undecodable,
)
from readiness.evidence.schema import UploadInfo, UploadQuality, gaps_and_lows

HEADER = [
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
]
_READ = [c for c in HEADER if c != "Reported by"]
_FLOATS = {"Longitude", "Latitude"}
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_STREET_FILE = re.compile(r"(^|/)\d{4}-\d{2}-[a-z0-9-]+-street\.csv$", re.IGNORECASE)

#: police.uk crime type -> harmonised category (data-formats.md sections 1.3 and 7).
CATEGORY_STD: dict[str, str] = {
    "anti-social behaviour": "asb",
    "violence and sexual offences": "violence_and_sexual_unsplit",
    "violent crime": "violence_and_sexual_unsplit",
    "robbery": "robbery",
    "possession of weapons": "weapon_possession",
    "public order": "public_order",
    "public disorder and weapons": "public_order",
}


@dataclass(frozen=True)
class Ingest:
    """What a reader produced: canonical rows and one provenance record per upload."""

    frame: pd.DataFrame
    uploads: list[UploadInfo]


def fingerprint(file: SourceFile) -> str:
    """A short content fingerprint: size plus the first and last megabyte (fast on big files)."""
    digest = hashlib.sha256(str(file.size).encode())
    with file.open() as stream:
        digest.update(stream.read(1 << 20))
        if file.size > 2 << 20:
            stream.seek(file.size - (1 << 20))
            digest.update(stream.read(1 << 20))
    return digest.hexdigest()[:16]


def _check_header(name: str, columns: list[str]) -> None:
    found = [c.strip() for c in columns]
    if found[:3] == ["Type", "Date", "Part of a policing operation"]:
        raise EvidenceInputError(
            f"{name} is a stop and search file. Upload the street-level crime files "
            "(their names end in -street.csv)."
        )
    if "Outcome type" in found:
        raise EvidenceInputError(
            f"{name} is an outcomes file. Upload the street-level crime files "
            "(their names end in -street.csv)."
        )
    if "Easting" in found or "Northing" in found:
        raise EvidenceInputError(
            f"{name} uses the 2012 data.police.uk layout with Easting and Northing, which this "
            "tool cannot read. Download the file again from data.police.uk."
        )
    needed = [c for c in HEADER if c not in ("Context", "Reported by")]
    missing = [c for c in needed if c not in found]
    if missing:
        raise EvidenceInputError(
            f"{name} is missing the column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(repr(c) for c in missing)}. A data.police.uk street-level file has the "
            f"columns {', '.join(HEADER)}. If this is a force extract, upload it as a force "
            "extract so you can match its columns."
        )


def _read_csv(file: SourceFile) -> tuple[pd.DataFrame, np.ndarray | None, str]:
    columns, encoding = decode_header(file, file.head())
    _check_header(file.name, columns)
    wanted = [c for c in _READ if c in columns]
    categorical = set(wanted) - _FLOATS - {"Crime ID"}
    for attempt in (encoding, "cp1252"):
        try:
            with file.open() as stream:
                frame, repeated = _arrow.read_csv(
                    stream,
                    columns=wanted,
                    categorical=categorical,
                    floats=_FLOATS,
                    encoding=attempt,
                    repeated="Crime ID",
                )
            return frame, repeated, attempt
        except UnicodeDecodeError as exc:  # a byte neither UTF-8 nor Windows-1252 defines
            if attempt == "utf-8":
                continue
            raise undecodable(file.name, None, exc) from exc
        except _arrow.ArrowInvalid as exc:
            text = str(exc)
            if "UTF8" in text and attempt == "utf-8":
                continue
            if "conversion error to double" in text:
                raise EvidenceInputError(
                    f"{file.name} has a Longitude or Latitude that is not a number. "
                    f"({text.splitlines()[0][:160]})"
                ) from exc
            raise EvidenceInputError(
                f"{file.name} could not be read as a CSV file: {text.splitlines()[0][:200]}."
            ) from exc
    raise EvidenceInputError(f"{file.name} could not be read as UTF-8 or Windows-1252 text.")


def _check_months(name: str, months: pd.Series) -> None:
    for month in used_categories(months):
        if not _MONTH.match(month):
            row = first_row_with(months, month) + 2
            raise EvidenceInputError(
                f"Row {row} of {name} has the month {month!r}, which is not a month in the "
                "form YYYY-MM (for example 2024-01)."
            )


@dataclass
class _Part:
    """One CSV read into canonical columns, before months repeated in later files are dropped."""

    upload: int
    frame: pd.DataFrame
    provider_months: set[tuple[str, str]]
    identical_rows: int
    context_filled: int
    encoding: str


def _canonical(
    raw: pd.DataFrame, repeated: np.ndarray | None, upload_id: str, area: PartnershipArea | None
) -> tuple[pd.DataFrame, int]:
    n = len(raw)
    lon = raw["Longitude"].to_numpy(dtype=float, copy=True)
    lat = raw["Latitude"].to_numpy(dtype=float, copy=True)
    # zero, infinite or out-of-range coordinates are not a place: the row has no location
    unusable = (
        ((lon == 0) & (lat == 0))
        | ~np.isfinite(lon)
        | ~np.isfinite(lat)
        | (np.abs(np.nan_to_num(lon)) > 180)
        | (np.abs(np.nan_to_num(lat)) > 90)
    )
    lon[unusable] = np.nan
    lat[unusable] = np.nan
    no_location = (
        category_flags(raw["Location"], lambda s: s.strip().casefold() in ("no location", ""))
        | np.isnan(lon)
        | np.isnan(lat)
    )
    lsoa = raw["LSOA code"]
    has_lsoa = category_flags(lsoa, lambda s: bool(s.strip()))
    no_location = no_location | ~has_lsoa
    lad = map_categories(raw["LSOA name"], lad_name_from_lsoa_name)
    located = ~no_location
    if area is None:
        inside = located.copy()
    else:
        in_code = category_flags(lsoa, lambda s: s in area.lsoa_codes)
        lads = {a.casefold() for a in area.local_authorities}
        in_lad = category_flags(lad, lambda s: s.casefold() in lads)
        inside = (in_code | in_lad) & located
    in_area = pd.array(inside, dtype="boolean")
    in_area[~located] = pd.NA
    ids = raw["Crime ID"]
    if repeated is None:
        blank = category_is(ids, "")
        duplicate = ids.duplicated(keep=False).to_numpy(dtype=bool) & ~blank
    else:
        duplicate = repeated
    identical = 0
    if duplicate.any():
        identical = int(raw[duplicate].duplicated().sum())
    crime_type = raw["Crime type"]
    category_std = map_categories(crime_type, lambda s: CATEGORY_STD.get(s.casefold(), "other"))
    frame = pd.DataFrame(
        {
            "upload_id": constant(upload_id, n),
            "row_number": np.arange(1, n + 1, dtype=np.int64),
            "source_type": constant("police_street", n),
            "provider": raw["Falls within"],
            "source_record_id": ids,
            "period_month": raw["Month"],
            "category_raw": crime_type,
            "category_std": category_std,
            "is_asb": category_is(category_std, "asb"),
            "location_text": raw["Location"],
            "longitude": lon,
            "latitude": lat,
            "lsoa_code": lsoa,
            "lsoa_name": raw["LSOA name"],
            "lsoa_vintage": map_categories(lsoa, lsoa_vintage),
            "lad_name": lad,
            "in_partnership_area": in_area,
            "no_location": no_location,
            "duplicate_source_id": duplicate,
            "outcome_raw": raw["Last outcome category"],
        }
    )
    return frame, identical


def _check_area(name: str, frame: pd.DataFrame, area: PartnershipArea) -> None:
    forces = used_categories(frame["provider"])
    wrong = [f for f in forces if not area.force_matches(f)]
    if wrong:
        expected = " or ".join(sorted(area.forces))
        raise EvidenceInputError(
            f"{name} is from {', '.join(wrong)}, but {area.name} is covered by {expected}. "
            "Check you chose the right file and partnership."
        )
    located = frame["in_partnership_area"].notna()
    if located.any() and not frame["in_partnership_area"].fillna(False).any():
        places = category_counts(frame.loc[located.to_numpy(), "lad_name"])
        top = sorted(places, key=lambda k: -places[k])[:3]
        raise EvidenceInputError(
            f"None of the mapped rows in {name} are in {area.name}: they are in "
            f"{', '.join(top)}. Check you chose the right file and partnership."
        )


def _expand(file: SourceFile, max_bytes: int) -> list[SourceFile]:
    check_size(file, max_bytes)
    kind = sniff_file(file)
    check_not_office(file, kind, "a data.police.uk CSV file or zip")
    if kind == "zip" or file.name.lower().endswith(".zip"):
        return expand_zip(
            file,
            max_bytes,
            lambda n: bool(_STREET_FILE.search(n)),
            "data.police.uk street-level crime files (named YYYY-MM-force-street.csv)",
        )
    return [file]


def read_police_files(
    files: Sequence[SourceFile],
    *,
    area: PartnershipArea | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Ingest:
    """Read data.police.uk street files (CSVs or zips of them) into canonical rows.

    Raises :class:`EvidenceInputError` listing every problem; nothing is returned then.
    Files later in ``files`` replace earlier ones for the same force and month.
    """
    if not files:
        raise EvidenceInputError("Choose at least one file to upload.")
    problems: list[str] = []
    parts: list[_Part] = []
    ids: list[str] = []
    for index, upload in enumerate(files):
        upload_id = fingerprint(upload) if upload.size else f"empty-{index}"
        ids.append(upload_id)
        try:
            members = _expand(upload, max_bytes)
            for member in members:
                raw, repeated, encoding = _read_csv(member)
                if len(raw) == 0:
                    raise EvidenceInputError(
                        f"{member.name} has column headings but no rows. Upload a file with data."
                    )
                _check_months(member.name, raw["Month"])
                frame, identical = _canonical(raw, repeated, upload_id, area)
                if area is not None:
                    _check_area(member.name, frame, area)
                context = raw.get("Context")
                filled = (
                    0
                    if context is None
                    else int(category_flags(context, lambda s: bool(s.strip())).sum())
                )
                months = {
                    (p, m)
                    for p in used_categories(frame["provider"])
                    for m in used_categories(frame["period_month"])
                }
                parts.append(_Part(index, frame, months, identical, filled, encoding))
        except EvidenceInputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise EvidenceInputError(problems)
    return _assemble(files, ids, parts, area)


def _assemble(
    files: Sequence[SourceFile], ids: list[str], parts: list[_Part], area: PartnershipArea | None
) -> Ingest:
    seen: set[tuple[str, str]] = set()
    replaced: dict[int, set[str]] = {}
    for part in reversed(parts):
        overlap = part.provider_months & seen
        if overlap:
            drop = {m for _, m in overlap}
            keep = ~part.frame["period_month"].isin(list(drop)).to_numpy()
            part.frame = part.frame[keep]
            replaced.setdefault(part.upload, set()).update(drop)
        seen |= part.provider_months
    uploads: list[UploadInfo] = []
    frames: list[pd.DataFrame] = []
    for index, file in enumerate(files):
        mine = [p for p in parts if p.upload == index]
        frame = concat([p.frame for p in mine])
        frames.append(frame)
        uploads.append(
            _upload_info(
                file, ids[index], frame, mine, replaced=replaced.get(index, set()), area=area
            )
        )
    return Ingest(frame=concat(frames), uploads=uploads)


def _upload_info(
    file: SourceFile,
    upload_id: str,
    frame: pd.DataFrame,
    parts: list[_Part],
    *,
    replaced: set[str],
    area: PartnershipArea | None,
) -> UploadInfo:
    rows = len(frame)
    month_counts = category_counts(frame["period_month"]) if rows else {}
    missing, lows = gaps_and_lows(month_counts)
    months = sorted(month_counts)
    lsoas = category_counts(frame["lsoa_code"]) if rows else {}
    new_codes = sum(v for k, v in lsoas.items() if lsoa_vintage(k) == "2021")
    vintage = (
        "2021" if new_codes else ("2011 or 2021 (codes valid in both)" if lsoas else "unknown")
    )
    nation = area.nation if area is not None else None
    other_nation = 0
    if nation is not None:
        other_nation = sum(
            v for k, v in lsoas.items() if country_of_lsoa(k) not in (nation, "unknown")
        )
    outside_mask = frame["in_partnership_area"].eq(False).fillna(False).to_numpy() if rows else None
    outside = int(outside_mask.sum()) if outside_mask is not None else 0
    places: list[str] = []
    if outside and outside_mask is not None:
        counts = category_counts(frame.loc[outside_mask, "lad_name"])
        places = [f"{k} ({v})" for k, v in sorted(counts.items(), key=lambda kv: -kv[1])[:8]]
    notes: list[str] = []
    if replaced:
        notes.append(
            f"{len(replaced)} month(s) in this upload were also in a later file, which "
            f"replaced them: {', '.join(sorted(replaced))}."
        )
    providers = used_categories(frame["provider"]) if rows else []
    quality = UploadQuality(
        rows=rows,
        months=months,
        missing_months=missing,
        low_months=lows,
        no_location=int(frame["no_location"].sum()) if rows else 0,
        blank_ids=int(category_is(frame["source_record_id"], "").sum()) if rows else 0,
        duplicate_id_rows=int(frame["duplicate_source_id"].sum()) if rows else 0,
        identical_rows=sum(p.identical_rows for p in parts),
        out_of_area=outside,
        out_of_area_places=places,
        other_nation=other_nation,
        lsoa_vintage=vintage,
        lsoa_2021_only_codes=new_codes,
        context_filled=sum(p.context_filled for p in parts),
        time_precision={"month": rows},
        replaced_months=sorted(replaced),
        encoding=parts[0].encoding if parts else "utf-8",
        notes=notes,
    )
    return UploadInfo(
        upload_id=upload_id,
        file_name=file.name,
        fingerprint=upload_id,
        source_type="police_street",
        providers=providers,
        granularity="record_level",
        geography="neighbourhood",
        rows=rows,
        incidents=rows,
        period_start=months[0] if months else None,
        period_end=months[-1] if months else None,
        quality=quality,
    )
