"""The canonical incident table (data-formats.md section 7) and upload provenance.

An ingested upload is a pandas ``DataFrame`` whose columns are a subset of
:data:`CANONICAL_COLUMNS` (missing columns mean "the source does not carry this"); the store
fills the rest with nulls. ``period_month`` is a ``"YYYY-MM"`` string, the basis of every trend.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SourceType = Literal["police_street", "police_extract", "ed_istv", "ambulance", "other"]
SOURCE_TYPE_LABELS: dict[str, str] = {
    "police_street": "data.police.uk street-level crime",
    "police_extract": "Police force extract",
    "ed_istv": "Emergency department assaults (ISTV)",
    "ambulance": "Ambulance call-outs for assault",
    "other": "Other source",
}
POLICE_SOURCES = ("police_street", "police_extract")
HEALTH_SOURCES = ("ed_istv", "ambulance")

CategoryStd = Literal[
    "homicide",
    "violence_with_injury",
    "violence_without_injury",
    "stalking_harassment",
    "sexual_offences",
    "robbery",
    "weapon_possession",
    "public_order",
    "asb",
    "violence_and_sexual_unsplit",
    "assault_health",
    "other",
]
WEAPONS = ("knife_sharp", "firearm", "blunt", "glass_bottle", "body_part", "corrosive", "other")
WeaponStd = Literal[
    "knife_sharp",
    "firearm",
    "blunt",
    "glass_bottle",
    "body_part",
    "corrosive",
    "other",
    "none",
    "unknown",
]

#: Column name -> what it holds. Booleans are nullable ("not known" is null).
CANONICAL_COLUMNS: dict[str, str] = {
    "upload_id": "Upload the row came from",
    "row_number": "Row number in the uploaded file (1 = first data row)",
    "source_type": "Kind of source",
    "provider": "Force, trust or ambulance service that supplied the row",
    "source_record_id": "Crime ID or local reference, as supplied",
    "period_month": "Month of the incident, YYYY-MM",
    "event_datetime": "Date and time of the incident, when known",
    "event_time_precision": "month, day or minute",
    "category_raw": "Category or offence description as supplied",
    "offence_code": "Home Office offence code, when supplied",
    "category_std": "Harmonised category",
    "is_asb": "Anti-social behaviour (an incident, not a crime)",
    "weapon_std": "Harmonised weapon",
    "location_text": "Location description as supplied",
    "longitude": "Longitude (WGS84); blank when unknown",
    "latitude": "Latitude (WGS84); blank when unknown",
    "lsoa_code": "LSOA code as supplied",
    "lsoa_name": "LSOA name as supplied",
    "lsoa_vintage": "2021, either (code valid in 2011 and 2021) or unknown",
    "lad_name": "Local authority taken from the LSOA name",
    "area_code": "Area of an aggregated count (LSOA, ward or district)",
    "in_partnership_area": "True inside the area, False outside, blank when not located",
    "no_location": "The row has no usable location",
    "duplicate_source_id": "The Crime ID appears on more than one row",
    "outcome_raw": "Last outcome, as supplied",
    "age_band": "Age band of the victim, when supplied",
    "sex": "Sex of the victim, when supplied",
    "domestic_abuse": "Domestic abuse flag",
    "alcohol_drugs": "Alcohol or drugs flag",
    "under_25": "Victim or suspect under 25",
    "count": "Number of incidents (1 for a record; the cell count for aggregates)",
    "is_suppressed": "The source suppressed this small count",
}

Granularity = Literal["record_level", "aggregate"]
Geography = Literal["point", "neighbourhood", "local_authority", "force_area", "none"]


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class UploadQuality(Frozen):
    """What the reader found in one upload: the data-quality report."""

    rows: int
    months: list[str] = Field(default_factory=list)
    missing_months: list[str] = Field(default_factory=list)
    low_months: list[str] = Field(default_factory=list)
    no_location: int = 0
    blank_ids: int = 0
    duplicate_id_rows: int = 0
    identical_rows: int = 0
    out_of_area: int = 0
    out_of_area_places: list[str] = Field(default_factory=list)
    other_nation: int = 0
    lsoa_vintage: str = "unknown"
    lsoa_2021_only_codes: int = 0
    context_filled: int = 0
    suppressed_cells: int = 0
    time_precision: dict[str, int] = Field(default_factory=dict)
    replaced_months: list[str] = Field(default_factory=list)
    encoding: str = "utf-8"
    notes: list[str] = Field(default_factory=list)


class UploadInfo(Frozen):
    """Provenance of one upload."""

    upload_id: str
    file_name: str
    fingerprint: str
    source_type: SourceType
    providers: list[str]
    granularity: Granularity
    geography: Geography
    rows: int
    incidents: int
    period_start: str | None
    period_end: str | None
    quality: UploadQuality
    #: The row of the SNA data-source question this upload speaks to, when the user chose one
    #: (for "other" data); police and health uploads map to their row by source type.
    sna_source_id: str | None = None


def month_range(start: str, end: str) -> list[str]:
    """Every ``YYYY-MM`` from ``start`` to ``end`` inclusive."""
    y0, m0 = int(start[:4]), int(start[5:7])
    y1, m1 = int(end[:4]), int(end[5:7])
    out: list[str] = []
    index, last = y0 * 12 + m0 - 1, y1 * 12 + m1 - 1
    while index <= last:
        out.append(f"{index // 12:04d}-{index % 12 + 1:02d}")
        index += 1
    return out


def gaps_and_lows(counts: dict[str, int], low_share: float = 0.3) -> tuple[list[str], list[str]]:
    """Months missing between the first and last month, and months below ``low_share`` of
    the median month (the Greater Manchester outage pattern)."""
    if not counts:
        return [], []
    months = sorted(counts)
    missing = [m for m in month_range(months[0], months[-1]) if m not in counts]
    values = sorted(counts.values())
    median = (
        values[len(values) // 2]
        if len(values) % 2
        else (values[len(values) // 2 - 1] + values[len(values) // 2]) / 2
    )
    lows = [m for m in months if len(months) >= 3 and counts[m] < low_share * median]
    return missing, lows
